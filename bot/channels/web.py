"""Web chat for citizens: the chat page, the embeddable widget and their REST-style endpoint.

Registered in credentials.yml as ``bot.channels.web.WebChatInput``; served by the Rasa
server under /webhooks/web/:

- ``GET  /webhooks/web/``           the chat page (deep-chat component, Chinese, mobile width)
- ``GET  /webhooks/web/widget.js``  one ``<script>`` tag adds a launcher + chat iframe to any page
- ``POST /webhooks/web/webhook``    ``{sender, message}`` → ``[{text, html, buttons, item}]``
  (Rasa's REST semantics; ``html`` is escaped and linkified by ``bot.channels.format``)
- ``POST /webhooks/web/feedback``   ``{sender, vote: up|down, item, question}`` → stored as a
  JSON line in data/runtime/feedback.jsonl (question masked; WeChat votes go to the same file)
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import format as fmt
from bot.channels.base import (
    FEEDBACK_FILE,
    WEB_DIR,
    BadRequest,
    OnNewMessage,
    ask_bot,
    error,
    feedback_file,
    message_text,
    read_json,
    record_feedback,
    sender_id,
    static_file,
)

logger = logging.getLogger(__name__)

SENDER_PREFIX = "web-"
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; media-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors *"
)
STATIC_FILES = {  # URL path under /webhooks/web/ → file under web/
    "widget.js": "static/widget.js",
    "static/chat.js": "static/chat.js",
    "static/chat.css": "static/chat.css",
    "vendor/deep-chat/deepChat.bundle.js": "vendor/deep-chat/deepChat.bundle.js",
    "vendor/deep-chat/LICENSE": "vendor/deep-chat/LICENSE",
    "vendor/deep-chat/THIRD_PARTY_NOTICES.txt": "vendor/deep-chat/THIRD_PARTY_NOTICES.txt",
}
VOTES = {"up": True, "down": False}


class WebChatInput(InputChannel):
    """The citizens' web chat and widget."""

    @classmethod
    def name(cls) -> str:
        return "web"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebChatInput:
        return cls(feedback_file((credentials or {}).get("feedback_path")))

    def __init__(self, feedback_path: Path | None = None, web_dir: Path = WEB_DIR) -> None:
        self.feedback_path = feedback_path or FEEDBACK_FILE
        self.web_dir = web_dir

    def page(self, request: Request) -> HTTPResponse:
        """The chat page, with its base URL (so it works under any prefix, with or without a trailing slash)."""
        path = request.path if request.path.endswith("/") else request.path + "/"
        text = (self.web_dir / "chat.html").read_text(encoding="utf-8").replace("__BASE__", html.escape(path, quote=True))
        return response.html(
            text,
            headers={
                "Content-Security-Policy": PAGE_CSP,
                "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "same-origin",
            },
        )

    async def handle_message(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        try:
            data = read_json(request)
            sender = sender_id(data, SENDER_PREFIX)
            text = message_text(data)
        except BadRequest as exc:
            return error(str(exc))
        try:
            messages = await ask_bot(on_new_message, text, sender, self.name())
        except Exception:  # never leave the page hanging
            logger.exception("web chat: the bot failed on %r", text[:100])
            return error("系统繁忙，请稍后再试", 503)
        return response.json(fmt.web_messages(messages), headers={"Cache-Control": "no-store"})

    def handle_feedback(self, request: Request) -> HTTPResponse:
        try:
            data = read_json(request, 4096)
            sender = sender_id(data, SENDER_PREFIX)
        except BadRequest as exc:
            return error(str(exc))
        vote = data.get("vote")
        if vote not in VOTES:
            return error("vote 应为 up 或 down")
        record_feedback(self.feedback_path, self.name(), sender, VOTES[vote], str(data.get("item") or ""),
                        str(data.get("question") or ""))
        return response.json({"ok": True})

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint("baishitong_web", __name__)

        @bp.route("/", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            return self.page(request)

        @bp.route("/<name:path>", methods=["GET"])
        async def asset(request: Request, name: str) -> HTTPResponse:
            if name in ("", "index.html"):
                return self.page(request)
            relative = STATIC_FILES.get(name)
            if relative is None:
                return response.text("not found", status=404)
            extra = {"Access-Control-Allow-Origin": "*"} if name == "widget.js" else None
            return static_file(request, self.web_dir / relative, 300 if name == "widget.js" else 3600, extra)

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.handle_message(request, on_new_message)

        @bp.route("/feedback", methods=["POST"])
        async def feedback(request: Request) -> HTTPResponse:
            return self.handle_feedback(request)

        return bp
