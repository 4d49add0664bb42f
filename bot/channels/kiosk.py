"""Self-service kiosk: text from a speech recogniser in, text to speak (and show) out.

Registered in credentials.yml as ``bot.channels.kiosk.KioskInput``.

``POST /webhooks/kiosk/webhook`` with ``{"sender": "...", "message": "..."}`` (Rasa's REST body)
→ ``[{"text": <to speak>, "display_text": <the bot's text>, "buttons": [...], "item": <事项名称|null>}]``.

The recognised text is normalised first (``bot.channels.speech``: fillers removed, Chinese
numerals as digits, homophones corrected against the guides' names); a reply that only picks
a number or says a button's title ("第二个", "在哪办") sends that button's payload. Replies are
formatted to be spoken (``bot.channels.format.speech_text``). ``"normalize": false`` in the body
switches normalisation off (for measurements).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.actions.render import Button
from bot.channels import format as fmt
from bot.channels.base import (
    BadRequest,
    OnNewMessage,
    ask_bot,
    error,
    in_thread,
    message_text,
    read_json,
    sender_id,
)
from bot.channels.state import ChannelState

logger = logging.getLogger(__name__)

SENDER_PREFIX = "kiosk-"
CHOICES_SECONDS = 600
CHOICES = "kiosk-choices"  # kind of channel state (bot/channels/state.py)


def _shared_normalize(text: str) -> str:
    from bot.channels.speech import shared_normalizer

    return shared_normalizer().normalize(text)


class KioskInput(InputChannel):
    """Speech-recognised questions from kiosks; spoken answers."""

    @classmethod
    def name(cls) -> str:
        return "kiosk"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> KioskInput:
        return cls()

    def __init__(self, normalize: Callable[[str], str] | None = None, state: ChannelState | None = None) -> None:
        self._normalize = normalize or _shared_normalize
        self.state = state or ChannelState.from_settings()  # the numbered choices offered, shared by the replicas

    async def normalize(self, text: str) -> str:
        """The recognised text, normalised (the text as is if the vocabulary cannot be loaded)."""
        if text.startswith("/"):
            return text
        try:
            return await in_thread(self._normalize, text)
        except Exception:
            logger.exception("kiosk: normalisation failed")
            return text

    async def handle(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        try:
            data = read_json(request)
            sender = sender_id(data, SENDER_PREFIX)
            heard = message_text(data)
        except BadRequest as exc:
            return error(str(exc))
        offered = tuple(Button(title, payload) for title, payload in self.state.get(CHOICES, sender) or ())
        choice = fmt.pick_choice(heard, offered)
        if choice is not None:
            text = choice.payload
        elif data.get("normalize", True) is False:
            text = heard
        else:
            text = await self.normalize(heard)
        try:
            messages = await ask_bot(on_new_message, text, sender, self.name(), {"heard": heard})
        except Exception:
            logger.exception("kiosk: the bot failed")
            return error("系统繁忙，请稍后再试", 503)
        buttons = tuple(b for m in messages for b in m.buttons)
        if buttons:
            self.state.set(CHOICES, sender, [[b.title, b.payload] for b in buttons], CHOICES_SECONDS)
        else:
            self.state.delete(CHOICES, sender)
        spoken = fmt.speech_text(messages)
        reply = [{
            "text": spoken,
            "display_text": "\n\n".join(m.text for m in messages),
            "buttons": [{"title": b.title, "payload": b.payload} for b in buttons],
            "item": next((m.item for m in messages if m.item), None),
            "heard": heard,
            "understood": text,
        }] if messages else []
        return response.json(reply, headers={"Cache-Control": "no-store"})

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint("baishitong_kiosk", __name__)

        @bp.listener("after_server_start")
        async def warm_up(app: Any, loop: Any) -> None:  # load the vocabulary before the first question
            if self._normalize is _shared_normalize:
                task = loop.run_in_executor(None, _warm)
                task.add_done_callback(lambda f: f.exception())

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.handle(request, on_new_message)

        return bp


def _warm() -> None:
    try:
        _shared_normalize("你好")
    except Exception:
        logger.exception("kiosk: the vocabulary could not be loaded")
