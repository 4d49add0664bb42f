"""WeChat official account (公众号) channel, on wechatpy.

Registered in credentials.yml as ``bot.channels.wechat.WeChatInput``; the account's server
URL is https://<host>/webhooks/wechat/webhook.

- ``GET  /webhook``: URL verification (signature, timestamp, nonce, echostr).
- ``POST /webhook``: messages, only with a valid signature (else 403); plaintext mode and safe
  mode (``encrypt_type=aes`` with ``msg_signature``; replies are encrypted too). Bodies over
  64 KB, malformed XML and XML with a DTD or entities (XXE, billion laughs) get 400 before
  anything else reads them (defusedxml).
- Text goes to the bot; voice messages use WeChat's speech recognition (``Recognition``),
  normalised like kiosk speech; a subscription gets the welcome with hot questions; other
  message types get a polite reply. A reply that is only a number ("2", "第二个") picks one of
  the numbered choices of the previous answer.
- WeChat waits 5 s and retries a message 3 times: messages are de-duplicated by ``MsgId``
  (in-memory, 5 minutes); when the bot answers within ``reply_timeout`` (4.5 s) the answer is
  the passive reply, otherwise the response is ``success`` and the answer is delivered with
  the customer-service message API (also for answers longer than one message, in order).
- 有用/没用: an answer about an item ends with "回复“有用”或“没用”评价这条回答". A reply that is
  only such a vote (``format.feedback_vote``), sent within 30 minutes of that answer, is stored in
  the feedback file like the web chat's votes (item, masked question) and thanked; it never
  reaches the bot. Without a recent answer it is an ordinary message. Per user only the last
  answered item is kept (bounded, expiring).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import aiohttp
from defusedxml import ElementTree as SafeET
from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from bot.actions.render import Button
from bot.channels import format as fmt
from bot.channels.base import (
    FEEDBACK_FILE,
    OnNewMessage,
    TTLCache,
    ask_bot,
    expand_env,
    feedback_file,
    in_thread,
    record_feedback,
)
from bot.channels.state import ChannelState
from knowledge.privacy import mask

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
XML = "application/xml; charset=utf-8"
DEFAULT_API_BASE = "https://api.weixin.qq.com/cgi-bin/"
DEFAULT_REPLY_TIMEOUT = 4.5
DEDUP_SECONDS = 300
CHOICES_SECONDS = 1800
FEEDBACK_SECONDS = 1800  # how long after an answer a 有用/没用 still rates it
# kinds of channel state (bot/channels/state.py), shared by the replicas in production
MESSAGES, CHOICES, ANSWERED = "wechat-msg", "wechat-choices", "wechat-answered"
SENDER_PREFIX = "wx-"
_OPENID = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
WELCOME_PAYLOAD = "/greet"
WELCOME_PREFIX = "感谢您关注涞源县人社局！"
UNSUPPORTED = (
    "抱歉，目前只能回答文字或语音提问。请直接发送您的问题，例如“失业金要带什么材料”。"
    "如需人工服务，请拨打咨询电话 0312-7318400。"
)
NOT_HEARD = "抱歉，没有听清您的语音，请再说一遍，或直接发送文字。"
BOT_ERROR = "抱歉，系统繁忙，请稍后再试，或拨打咨询电话 0312-7318400。"
TOKEN_ERRORS = {40001, 40014, 42001}  # invalid or expired access token: fetch a new one


class WeChatError(RuntimeError):
    """The WeChat API refused a call."""


class WeChatApi:
    """The two WeChat API calls the channel needs: access token and customer-service text message."""

    def __init__(self, app_id: str, app_secret: str, api_base_url: str = DEFAULT_API_BASE,
                 token_url: str | None = None, timeout: float = 10.0) -> None:
        self.app_id = app_id
        self.app_secret = app_secret
        self.api_base_url = api_base_url if api_base_url.endswith("/") else api_base_url + "/"
        self.token_url = token_url or self.api_base_url + "token"
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._token: tuple[str, float] | None = None
        self._lock = asyncio.Lock()

    async def access_token(self, refresh: bool = False) -> str:
        async with self._lock:
            if self._token and not refresh and self._token[1] > time.monotonic():
                return self._token[0]
            params = {"grant_type": "client_credential", "appid": self.app_id, "secret": self.app_secret}
            async with aiohttp.ClientSession(timeout=self.timeout) as session, session.get(self.token_url, params=params) as resp:
                data = json.loads(await resp.text())
            token = data.get("access_token") if isinstance(data, dict) else None
            if not token:
                raise WeChatError(f"no access token: errcode={data.get('errcode') if isinstance(data, dict) else '?'}")
            lifetime = float(data.get("expires_in") or 7200)
            self._token = (token, time.monotonic() + max(lifetime - 300, 60))
            return token

    async def send_text(self, openid: str, content: str) -> None:
        """A customer-service text message to a user (retried once with a fresh token)."""
        body = json.dumps({"touser": openid, "msgtype": "text", "text": {"content": content}}, ensure_ascii=False)
        for attempt in range(2):
            token = await self.access_token(refresh=attempt > 0)
            url = f"{self.api_base_url}message/custom/send"
            async with aiohttp.ClientSession(timeout=self.timeout) as session, session.post(
                url, params={"access_token": token}, data=body.encode("utf-8"),
                headers={"Content-Type": "application/json; charset=utf-8"},
            ) as resp:
                data = json.loads(await resp.text() or "{}")
            code = int(data.get("errcode") or 0) if isinstance(data, dict) else -1
            if code == 0:
                return
            if code not in TOKEN_ERRORS:
                raise WeChatError(f"custom/send failed: errcode={code} {data.get('errmsg', '')}")
        raise WeChatError("custom/send failed: access token rejected twice")


@dataclass
class Delivery:
    """One incoming message (by MsgId) and what became of its answer."""

    task: asyncio.Task
    passive: str | None = None  # the passive reply sent (re-sent to WeChat's retries)
    delegated: bool = False  # answered (or being answered) with the customer-service API
    started: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class Answered:
    """The last answer about an item a user got: what a following 有用/没用 rates."""

    item: str
    question: str
    voted: bool = False


class BadXml(ValueError):
    """The body is not acceptable XML."""


def safe_xml(body: bytes | str) -> dict[str, str]:
    """The fields of a WeChat XML message; ``BadXml`` for DTDs, entities, malformed or oversized XML."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if len(body) > MAX_BODY_BYTES:
        raise BadXml("body too large")
    try:
        root = SafeET.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except Exception as exc:  # ParseError, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden…
        raise BadXml(type(exc).__name__) from exc
    if root.tag != "xml":
        raise BadXml("root is not <xml>")
    return {child.tag: (child.text or "") for child in root}


class WeChatInput(InputChannel):
    """WeChat official account messages ↔ the bot."""

    @classmethod
    def name(cls) -> str:
        return "wechat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WeChatInput:
        c = {k: expand_env(v) for k, v in (credentials or {}).items()}
        timeout = c.get("reply_timeout")
        return cls(
            token=str(c.get("token") or ""),
            app_id=str(c.get("app_id") or ""),
            app_secret=str(c.get("app_secret") or ""),
            encoding_aes_key=str(c.get("encoding_aes_key") or ""),
            api_base_url=str(c.get("api_base_url") or DEFAULT_API_BASE),
            token_url=str(c.get("token_url") or "") or None,
            reply_timeout=float(timeout) if timeout not in (None, "") else DEFAULT_REPLY_TIMEOUT,
            feedback_path=feedback_file(c.get("feedback_path")),
        )

    def __init__(self, token: str, app_id: str = "", app_secret: str = "", encoding_aes_key: str = "",
                 api_base_url: str = DEFAULT_API_BASE, token_url: str | None = None,
                 reply_timeout: float = DEFAULT_REPLY_TIMEOUT, normalize_speech: Any = None,
                 feedback_path: Path | None = None, state: ChannelState | None = None) -> None:
        self.token = token
        self.app_id = app_id
        self.reply_timeout = reply_timeout
        self.crypto: WeChatCrypto | None = None
        if token and encoding_aes_key:
            try:
                self.crypto = WeChatCrypto(token, encoding_aes_key, app_id)
            except Exception:  # a malformed key disables safe mode; plaintext mode still works
                logger.error("wechat: encoding_aes_key is not a valid 43-character key; safe mode disabled")
        self.api = WeChatApi(app_id, app_secret, api_base_url, token_url)
        self.deliveries: TTLCache[str, Delivery] = TTLCache(DEDUP_SECONDS)  # this replica's answers being made
        self.state = state or ChannelState.from_settings()  # message ids, numbered choices and votes, shared by the replicas
        self.feedback_path = feedback_path or FEEDBACK_FILE
        self._normalize_speech = normalize_speech
        self._background: set[asyncio.Task] = set()

    # ------------------------------------------------------------------ helpers
    def _signed(self, request: Request) -> bool:
        args = request.args
        try:
            check_signature(self.token, args.get("signature", ""), args.get("timestamp", ""), args.get("nonce", ""))
            return True
        except InvalidSignatureException:
            return False

    async def _speech(self, text: str) -> str:
        if self._normalize_speech is not None:
            return self._normalize_speech(text)
        try:
            from bot.channels.speech import shared_normalizer

            normalizer = await in_thread(shared_normalizer)
            return normalizer.normalize(text)
        except Exception:  # the knowledge base is unavailable: the text as recognised
            logger.exception("wechat: speech normalisation failed")
            return text

    def _vote(self, openid: str, answered: Answered, useful: bool) -> fmt.WeChatReply:
        """Store a 有用/没用 about the last answer (once per answer) and thank the user."""
        if not answered.voted:
            try:
                record_feedback(self.feedback_path, self.name(), SENDER_PREFIX + openid, useful,
                                answered.item, answered.question)
            except OSError:
                logger.exception("wechat: could not store feedback")
            self._remember_answered(openid, replace(answered, voted=True))
        return fmt.WeChatReply((fmt.FEEDBACK_THANKS if useful else fmt.FEEDBACK_THANKS_DOWN,))

    async def _answer(self, on_new_message: OnNewMessage, openid: str, text: str, prefix: str = "") -> fmt.WeChatReply:
        vote = fmt.feedback_vote(text)
        answered = self._answered(openid) if vote is not None else None
        if vote is not None and answered is not None:
            return self._vote(openid, answered, vote)
        question = text
        choice = fmt.pick_choice(text, self._choices(openid))
        if choice is not None:
            text, question = choice.payload, choice.title
        try:
            messages = await ask_bot(on_new_message, text, SENDER_PREFIX + openid, self.name())
        except Exception:
            logger.exception("wechat: the bot failed")
            return fmt.WeChatReply((BOT_ERROR,))
        if prefix and messages:
            messages[0] = fmt.BotMessage(prefix + messages[0].text, messages[0].buttons)
        reply = fmt.wechat_reply(messages)
        if reply.choices:
            self.state.set(CHOICES, openid, [[b.title, b.payload] for b in reply.choices], CHOICES_SECONDS)
        else:
            self.state.delete(CHOICES, openid)
        if reply.item:
            self._remember_answered(openid, Answered(reply.item, mask(question)))
        else:
            self.state.delete(ANSWERED, openid)
        return reply

    def _choices(self, openid: str) -> tuple[Button, ...]:
        """The numbered choices last offered to a user (on any replica)."""
        return tuple(Button(title, payload) for title, payload in self.state.get(CHOICES, openid) or ())

    def _answered(self, openid: str) -> Answered | None:
        """The last answer a user got (on any replica): what a 有用/没用 rates."""
        stored = self.state.get(ANSWERED, openid)
        return Answered(**stored) if stored else None

    def _remember_answered(self, openid: str, answered: Answered) -> None:
        self.state.set(ANSWERED, openid, asdict(answered), FEEDBACK_SECONDS)

    def _reply_xml(self, content: str, message: Any, request: Request, encrypted: bool) -> str:
        xml = TextReply(content=content, message=message).render()
        if encrypted and self.crypto is not None:
            args = request.args
            return self.crypto.encrypt_message(xml, args.get("nonce", ""), args.get("timestamp") or None)
        return xml

    async def _deliver(self, openid: str, delivery: Delivery) -> None:
        try:
            reply = await delivery.task
        except Exception:
            logger.exception("wechat: answering failed")
            reply = fmt.WeChatReply((BOT_ERROR,))
        for part in reply.parts:
            try:
                await self.api.send_text(openid, part)
            except Exception:
                logger.exception("wechat: customer-service message to a user failed")
                return

    def _delegate(self, openid: str, delivery: Delivery) -> None:
        if delivery.delegated:
            return
        delivery.delegated = True
        task = asyncio.ensure_future(self._deliver(openid, delivery))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # ------------------------------------------------------------------ handlers
    def verify(self, request: Request) -> HTTPResponse:
        if not self.token:
            return response.text("wechat channel not configured", status=503)
        if not self._signed(request):
            return response.text("invalid signature", status=403)
        return response.text(request.args.get("echostr", ""))

    async def receive(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        started = time.monotonic()
        if not self.token:
            return response.text("wechat channel not configured", status=503)
        body = request.body or b""
        if len(body) > MAX_BODY_BYTES:
            return response.text("body too large", status=400)
        if not self._signed(request):
            return response.text("invalid signature", status=403)
        encrypted = request.args.get("encrypt_type", "raw").lower() == "aes"
        try:
            safe_xml(body)
            if encrypted:
                if self.crypto is None:
                    return response.text("safe mode not configured", status=400)
                args = request.args
                plain = self.crypto.decrypt_message(
                    body.decode("utf-8"), args.get("msg_signature", ""), args.get("timestamp", ""), args.get("nonce", "")
                )
                safe_xml(plain)
            else:
                plain = body.decode("utf-8")
            message = parse_message(plain)
        except InvalidSignatureException:
            return response.text("invalid signature", status=403)
        except (BadXml, UnicodeDecodeError, KeyError, TypeError, ValueError) as exc:
            logger.info("wechat: rejected a body: %s", exc)
            return response.text("bad request", status=400)
        except Exception as exc:  # e.g. decryption of a forged payload
            logger.info("wechat: rejected a body: %s", type(exc).__name__)
            return response.text("bad request", status=400)

        openid = message.source or ""
        if not _OPENID.match(openid):
            return response.text("bad request", status=400)

        text, prefix = None, ""
        if message.type == "text":
            text = (message.content or "").strip()
        elif message.type == "voice":
            recognised = (getattr(message, "recognition", None) or "").strip()
            if not recognised:
                return response.text(self._reply_xml(NOT_HEARD, message, request, encrypted), content_type=XML)
            text = await self._speech(recognised)
        elif message.type == "event":
            event = (getattr(message, "event", "") or "").lower()
            if event.startswith("subscribe"):
                text, prefix = WELCOME_PAYLOAD, WELCOME_PREFIX
            else:  # unsubscribe, menu views, location reports…: nothing to say
                return response.text("success")
        else:
            return response.text(self._reply_xml(UNSUPPORTED, message, request, encrypted), content_type=XML)
        if not text:
            return response.text("success")
        text = text[:500]

        key = str(message.id) if message.id else f"{openid}:{message.time}:{message.type}"
        delivery = self.deliveries.get(key)
        if delivery is None and not self.state.claim(MESSAGES, key, {"passive": None}, DEDUP_SECONDS):
            # WeChat's retry of a message another replica is answering: its passive reply if it has
            # one, else nothing (it answers by the customer-service API when slow)
            passive = (self.state.get(MESSAGES, key) or {}).get("passive")
            return response.text(passive, content_type=XML) if passive else response.text("success")
        if delivery is None:
            delivery = Delivery(asyncio.ensure_future(self._answer(on_new_message, openid, text, prefix)))
            self.deliveries.set(key, delivery)
        elif delivery.passive is not None:  # WeChat did not get our reply: the same again
            return response.text(delivery.passive, content_type=XML)
        elif delivery.delegated:
            return response.text("success")

        remaining = self.reply_timeout - (time.monotonic() - started)
        try:
            reply = await asyncio.wait_for(asyncio.shield(delivery.task), max(remaining, 0.01))
        except asyncio.TimeoutError:
            self._delegate(openid, delivery)
            return response.text("success")
        if delivery.delegated:
            return response.text("success")
        if len(reply.parts) == 1:
            delivery.passive = self._reply_xml(reply.parts[0], message, request, encrypted)
            self.state.set(MESSAGES, key, {"passive": delivery.passive}, DEDUP_SECONDS)  # for retries elsewhere
            return response.text(delivery.passive, content_type=XML)
        if reply.parts:  # longer than one message: all parts, in order, by the customer-service API
            self._delegate(openid, delivery)
        return response.text("success")

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint("baishitong_wechat", __name__)

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok", "configured": bool(self.token), "safe_mode": self.crypto is not None})

        @bp.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            return self.verify(request)

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.receive(request, on_new_message)

        return bp
