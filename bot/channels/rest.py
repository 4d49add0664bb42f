"""The REST channel (``/webhooks/rest/webhook``, Rasa's format) that always answers.

Same request and response as Rasa's built-in ``rest`` channel, plus: bodies are size-checked,
empty or non-text messages get a 400 with a reason, and a bot that fails or is slow (action
server or knowledge base down) still produces a reply with the consult phone in bounded time.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.base import BadRequest, OnNewMessage, ask_bot_raw, error, message_text, read_json, sender_id


class SafeRestInput(InputChannel):
    """POST {"sender": "...", "message": "..."} → the bot's messages as a JSON list."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint("safe_rest_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                data = read_json(request)
                text = message_text(data)
                sender = sender_id(data, "")  # validated, kept as sent (Rasa REST semantics)
            except BadRequest as exc:
                return error(str(exc))
            metadata: Any = data.get("metadata") if isinstance(data.get("metadata"), dict) else None
            return response.json(await ask_bot_raw(on_new_message, text, sender, self.name(), metadata))

        return bp
