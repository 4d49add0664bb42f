"""Per-channel formatting of the bot's replies: the one place that knows what each channel shows.

Every channel receives the same replies from the assistant (``bot.actions.render``): plain
text that names the item as 【事项名称】 on its first line, the field label and the verbatim
guide text, plus buttons ``{title, payload}``. Here they become

- ``web_message``: escaped HTML for the chat page (links and phone numbers clickable, buttons
  that send their payload, 有用/没用 feedback on answers);
- ``wechat_reply``: WeChat text messages (buttons as numbered lines, "回复序号选择", split
  within WeChat's 2048-byte limit, several bot messages merged, answers about an item ending
  with the 有用/没用 hint that ``feedback_vote`` reads back);
- ``speech_text``: sentences for a kiosk's text-to-speech (no 【】, "关于X：", phone numbers
  digit by digit, URLs spelled, times read as 8点30分, buttons as "您可以说：…");
- ``assist_answer`` / ``sms_text`` / ``guide_card``: what a hotline agent reads out, texts
  to the caller (≤140 characters) and sees as the full guide.
"""

from __future__ import annotations

import html
import re
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.actions.render import OVERVIEW_CUT, Button
from knowledge.fields import Field
from knowledge.normalize import chinese_number
from knowledge.repository import Guide
from knowledge.settings import CONSULT_PHONE

ANSWER = re.compile(r"^【(?P<name>[^】\n]+)】\n(?P<rest>.*)\Z", re.S)
_NUMBERED = re.compile(r"^(\d+)\. (.+)$")
URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9.\-]+(?:/[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]*)?")
PHONE = re.compile(r"(?<![0-9])(0\d{2,3}-\d{7,8}|1[3-9]\d{9}|12333)(?![0-9])")
_TIME = re.compile(r"(?<![0-9])([01]?\d|2[0-3])[:：]([0-5]\d)(?![0-9])")


@dataclass(frozen=True)
class BotMessage:
    """One message the bot sent: text and buttons (as Rasa's output channels collect them)."""

    text: str
    buttons: tuple[Button, ...] = ()

    @classmethod
    def from_rasa(cls, message: dict) -> BotMessage:
        buttons = tuple(
            Button(str(b.get("title") or b.get("payload") or ""), str(b.get("payload") or b.get("title") or ""))
            for b in message.get("buttons") or ()
            if isinstance(b, dict)
        )
        return cls(str(message.get("text") or ""), buttons)

    @property
    def item(self) -> str | None:
        """The 事项名称 this message answers about, if it is an answer."""
        match = ANSWER.match(self.text)
        return match["name"] if match else None


def bot_messages(collected: Iterable[dict]) -> list[BotMessage]:
    """Rasa's collected output (``CollectingOutputChannel.messages``) as ``BotMessage``s."""
    messages = [BotMessage.from_rasa(m) for m in collected if isinstance(m, dict)]
    return [m for m in messages if m.text or m.buttons]


def _numbered_in_text(message: BotMessage) -> bool:
    """Whether every button is already listed in the text as "N. title" (clarifications, browsing)."""
    if not message.buttons:
        return False
    lines = set(message.text.splitlines())
    for number, button in enumerate(message.buttons, 1):
        title = _plain_title(button)
        if f"{number}. {title}" not in lines and button.title not in lines:
            return False
    return True


def _plain_title(button: Button) -> str:
    """A button's title without its "N. " prefix."""
    return _NUMBERED.sub(r"\2", button.title)


def choice_number(text: str) -> int | None:
    """A reply that only picks a number: "2", "２", "二", "第二个", "2号", "选3" → the number, else None."""
    cleaned = re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", text or ""))
    match = re.fullmatch(r"(?:选|选择)?第?([0-9]{1,2}|[一二两三四五六七八九十]{1,3})(?:个|项|条|号|种)?", cleaned)
    return chinese_number(match.group(1)) if match else None


def pick_choice(text: str, choices: Sequence[Button]) -> Button | None:
    """The offered button a reply picks by its number or its exact title, else None."""
    number = choice_number(text)
    if number is not None:
        return choices[number - 1] if 1 <= number <= len(choices) else None
    cleaned = re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", text or ""))
    for button in choices:
        if cleaned and re.sub(r"[\s\W_]+", "", _plain_title(button)) == cleaned:
            return button
    return None


# --------------------------------------------------------------------------------- web
_LINKABLE = re.compile(r"(?:https?://|www\.)[A-Za-z0-9.\-]+(?:/[A-Za-z0-9._~:/?#@!$()*+,;=%-]*)?")


def _link(url: str) -> str:
    href = url if url.startswith("http") else f"http://{url}"
    return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{url}</a>'


def _phone(match: re.Match[str]) -> str:
    number = match.group(0)
    return f'<a href="tel:{number.replace("-", "")}">{number}</a>'


def linkify_escaped(escaped: str) -> str:
    """Already-escaped text with URLs and phone numbers turned into links.

    Links contain only URL characters without '&' or quotes, so an escaped entity can never
    end up inside an attribute.
    """
    out = []
    position = 0
    for match in _LINKABLE.finditer(escaped):
        url = match.group(0).rstrip(".,;:!?)")
        out.append(PHONE.sub(_phone, escaped[position : match.start()]))
        out.append(_link(url))
        position = match.start() + len(url)
    out.append(PHONE.sub(_phone, escaped[position:]))
    return "".join(out)


def text_html(text: str) -> str:
    """Plain bot text as safe HTML: escaped, links clickable, line breaks kept, item name in bold."""
    escaped = html.escape(text, quote=True)
    match = re.match(r"^【([^】\n]+)】", escaped)
    body = linkify_escaped(escaped)
    if match:
        body = f'<strong class="bst-item">{match.group(0)}</strong>' + body[match.end() :]
    return body.replace("\n", "<br>")


def web_message(message: BotMessage) -> dict:
    """One bot message for the web chat: text, safe HTML with buttons, and whether to ask for feedback."""
    item = message.item
    spoken = html.escape(speakable(message.text), quote=True)  # the kiosk's spoken form, for 朗读
    parts = [f'<div class="bst-text" data-speech="{spoken}">{text_html(message.text)}</div>']
    if message.buttons:
        buttons = "".join(
            f'<button type="button" class="bst-btn" data-payload="{html.escape(b.payload, quote=True)}"'
            f' data-title="{html.escape(b.title, quote=True)}">{html.escape(b.title)}</button>'
            for b in message.buttons
        )
        parts.append(f'<div class="bst-buttons">{buttons}</div>')
    if item:
        name = html.escape(item, quote=True)
        parts.append(
            f'<div class="bst-feedback" data-ref="{uuid.uuid4().hex[:16]}">这个回答有帮助吗？'
            f'<button type="button" class="bst-fb" data-vote="up" data-item="{name}">有用</button>'
            f'<button type="button" class="bst-fb" data-vote="down" data-item="{name}">没用</button></div>'
        )
    return {
        "text": message.text,
        "html": "".join(parts),
        "buttons": [{"title": b.title, "payload": b.payload} for b in message.buttons],
        "item": item,
    }


def web_messages(messages: Sequence[BotMessage]) -> list[dict]:
    """All bot messages of one turn for the web chat."""
    return [web_message(m) for m in messages]


# ------------------------------------------------------------------------------ WeChat
WECHAT_TEXT_LIMIT = 2048  # bytes of UTF-8 per text message (safe for passive and customer-service replies)
CHOOSE_HINT = "回复序号选择："
# WeChat text has no buttons: an answer about an item ends with this hint, the reply is a vote
FEEDBACK_HINT = "回复“有用”或“没用”评价这条回答。"
FEEDBACK_THANKS = "感谢您的评价！"
FEEDBACK_THANKS_DOWN = f"感谢您的评价！我们会改进回答。如需人工帮助，请拨打咨询电话 {CONSULT_PHONE}。"
# exact replies only (after removing spaces and punctuation): a longer message is a question for the bot
FEEDBACK_VOTES = {
    "有用": True, "满意": True, "有帮助": True, "很有用": True, "非常满意": True,
    "没用": False, "没有用": False, "无用": False, "不满意": False, "没帮助": False, "没有帮助": False,
}


@dataclass(frozen=True)
class WeChatReply:
    """What to send on WeChat for one turn: text messages in order, the numbered choices offered,
    and the item the turn answered about (the one a following 有用/没用 rates)."""

    parts: tuple[str, ...]
    choices: tuple[Button, ...] = ()
    item: str | None = None


def feedback_vote(text: str) -> bool | None:
    """A reply that only rates the previous answer: "有用" → True, "没用" / "不满意" → False, else None."""
    cleaned = re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", text or ""))
    return FEEDBACK_VOTES.get(cleaned)


def wechat_reply(messages: Sequence[BotMessage], limit: int = WECHAT_TEXT_LIMIT,
                 ask_feedback: bool = True) -> WeChatReply:
    """Merge the turn's bot messages into WeChat text, buttons as numbered lines, split within ``limit`` bytes.

    When a message answers about an item, the text ends with ``FEEDBACK_HINT`` (if ``ask_feedback``).
    """
    texts: list[str] = []
    choices: list[Button] = []
    item = next((m.item for m in messages if m.item), None)
    for message in messages:
        text = message.text.strip()
        if message.buttons and _numbered_in_text(message) and not choices:
            choices = list(message.buttons)  # the text already lists them by number
            text = text.replace("请回复序号或点选", "请回复序号选择").replace("回复序号或点选", "回复序号")
        elif message.buttons:
            offset = len(choices)
            choices.extend(message.buttons)
            menu = [CHOOSE_HINT] + [f"{offset + n}. {_plain_title(b)}" for n, b in enumerate(message.buttons, 1)]
            text = (text + "\n\n" if text else "") + "\n".join(menu)
        if text:
            texts.append(text)
    if item and ask_feedback:
        texts.append(FEEDBACK_HINT)
    body = "\n\n".join(texts)
    return WeChatReply(tuple(split_utf8(body, limit)) if body else (), tuple(choices), item)


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def _hard_split(text: str, limit: int) -> list[str]:
    pieces, current = [], ""
    for char in text:
        if _utf8_len(current + char) > limit:
            pieces.append(current)
            current = ""
        current += char
    return pieces + ([current] if current else [])


def _pack(units: list[str], limit: int, joiner: str) -> list[str]:
    pieces: list[str] = []
    current = ""
    for unit in units:
        candidate = current + joiner + unit if current else unit
        if _utf8_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        if _utf8_len(unit) <= limit:
            current = unit
        else:  # a single unit too long: split it by sentences, then by characters
            sentences = [s for s in re.split(r"(?<=[。；！？;])", unit) if s]
            smaller = _pack(sentences, limit, "") if len(sentences) > 1 else _hard_split(unit, limit)
            pieces.extend(smaller[:-1])
            current = smaller[-1] if smaller else ""
    if current:
        pieces.append(current)
    return pieces


def split_utf8(text: str, limit: int = WECHAT_TEXT_LIMIT) -> list[str]:
    """Text in pieces of at most ``limit`` UTF-8 bytes, split at lines, else sentences, else characters.

    Pieces of a split text end with a marker "（1/3）" (counted in the limit).
    """
    if _utf8_len(text) <= limit:
        return [text]
    room = limit - _utf8_len("\n（99/99）")
    pieces = _pack(text.split("\n"), room, "\n")
    total = len(pieces)
    return [f"{piece}\n（{n}/{total}）" for n, piece in enumerate(pieces, 1)]


# ------------------------------------------------------------------------------ speech
SPEECH_MAX_CHARS = 400  # longer answers are cut; the kiosk's screen shows the full text
_DIGITS = "零一二三四五六七八九"
_LETTERS = re.compile(r"[A-Za-z]+")


def speak_digits(number: str) -> str:
    """Digits one by one, groups separated: 0312-7318400 → "0 3 1 2，7 3 1 8 4 0 0"."""
    groups = [" ".join(group) for group in re.split(r"[^0-9]+", number) if group]
    return "，".join(groups)


def speak_url(url: str) -> str:
    """A URL as it is read out: no scheme, "点" and "斜杠", digits one by one."""
    text = re.sub(r"^https?://", "", url).rstrip("/")
    out = []
    for token in re.split(r"([./])", text):
        if token == ".":
            out.append("点")
        elif token == "/":
            out.append("斜杠")
        elif token.isdigit():
            out.append(" ".join(token))
        elif token:
            out.append(token)
    return " ".join(out)


def _speak_time(match: re.Match[str]) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    return f"{hour}点" if minute == 0 else f"{hour}点{minute}分"


def _speak_url_in_text(match: re.Match[str]) -> str:
    before = match.string[max(match.start() - 3, 0) : match.start()]
    word = "" if "网址" in before or "网站" in before else "网址 "
    return word + speak_url(match.group(0).rstrip(".,;:")) + " "


def _sentence(line: str) -> str:
    line = line.strip()
    if not line:
        return ""
    return line if line[-1] in "。！？；：，、…" else line + "。"


_SPEECH_PHRASES = (
    ("请回复序号或点选", "请说序号，比如“第一个”"),
    ("回复序号或点选查看", "说序号查看"),
    ("回复序号或点选", "说序号"),
    ("回复“更多”", "说“更多”"),
    ("点选", "说出"),
)


def speakable(text: str) -> str:
    """One bot text as sentences to be spoken."""
    match = ANSWER.match(text)
    lines: list[str] = []
    if match:
        rest = match["rest"]
        label, sep, body = rest.partition("：\n")
        if sep and "\n" not in label and not label.startswith("■"):
            lines.append(f"关于{match['name']}，{label}：")
            rest = body
        else:
            lines.append(f"关于{match['name']}：")
        text = rest
    for old, new in _SPEECH_PHRASES:
        text = text.replace(old, new)
    for raw in text.splitlines():
        line = raw.strip()
        line = re.sub(r"^■\s*", "", line)
        line = re.sub(r"^[·•]\s*", "", line)
        line = re.sub(r"^[—–-]{2,}\s*", "", line)
        number = _NUMBERED.match(line)
        if number:
            line = f"第{number.group(1)}个，{number.group(2)}"
        line = re.sub(r"^[（(](\d+)[)）]\s*", r"\1、", line)
        line = re.sub(r"(?<=[^\x00-\x7f])\.$", "。", line)
        lines.append(line if line.endswith("：") else _sentence(line))
    spoken = "".join(lines)
    spoken = URL.sub(_speak_url_in_text, spoken)
    spoken = PHONE.sub(lambda m: speak_digits(m.group(0)), spoken)
    spoken = _TIME.sub(_speak_time, spoken)
    spoken = re.sub(r"\s*[~～]\s*", "到", spoken)
    spoken = spoken.replace("【", "“").replace("】", "”").replace("……", "。").replace("——", "，")
    spoken = re.sub(r"\s+(?=[。，；：、！？])", "", spoken)
    spoken = re.sub(r"。{2,}", "。", spoken)
    return spoken.strip()


def speech_text(messages: Sequence[BotMessage], max_chars: int = SPEECH_MAX_CHARS) -> str:
    """The turn's bot messages as one text to speak; buttons as "您可以说：…"."""
    parts = []
    for message in messages:
        spoken = speakable(message.text)
        if len(spoken) > max_chars:
            cut = spoken[:max_chars]
            end = max(cut.rfind("。"), cut.rfind("；"))
            spoken = (cut[: end + 1] if end > max_chars // 3 else cut + "。") + "更多内容请看屏幕。"
        if message.buttons and not _numbered_in_text(message):
            titles = "、".join(_plain_title(b) for b in message.buttons)
            spoken += f"您可以说：{titles}。"
        if spoken:
            parts.append(spoken)
    return "".join(parts)


# ------------------------------------------------------------------------ agent assist
SMS_LIMIT = 140
SMS_SIGNATURE = "【涞源人社】"
ASSIST_OVERVIEW = (Field.CONDITIONS, Field.MATERIALS, Field.LOCATION)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


def assist_answer(guide: Guide, which: Field | None) -> str:
    """What the agent reads out: the item name, then the asked field (or an overview), verbatim."""
    if which is not None:
        return f"{guide.name}，{which.label}：{guide.field(which)}"
    parts = [f"{guide.name}。"]
    for field in ASSIST_OVERVIEW:
        parts.append(f"{field.label}：{_cut(guide.field(field), OVERVIEW_CUT.get(field, 200))}")
    return "\n".join(parts)


def sms_text(guide: Guide, which: Field | None, phone: str = CONSULT_PHONE, limit: int = SMS_LIMIT) -> str:
    """A text message for the caller, at most ``limit`` characters, always with the consult phone."""
    tail = f"详询{phone}"
    head = f"{SMS_SIGNATURE}{guide.name}"
    fields = [which] if which is not None else [Field.MATERIALS, Field.LOCATION]
    body = "；".join(f"{f.label}：{' '.join(guide.field(f).split()).rstrip('。.；;，, ')}" for f in fields)
    room = limit - len(head) - len(tail) - 2
    if room < 10:  # a very long name: shorten the name instead
        head = _cut(head, max(limit - len(tail) - 2 - 30, 8))
        room = limit - len(head) - len(tail) - 2
    return f"{head}：{_cut(body, room)}。{tail}" if room > 0 else _cut(f"{head}。{tail}", limit)


def guide_card(guide: Guide) -> dict:
    """The whole guide, field by field, for the agent's screen."""
    return {
        "id": guide.id,
        "code": guide.code,
        "name": guide.name,
        "category": guide.category,
        "subcategory": guide.subcategory,
        "fields": [{"field": f.value, "label": f.label, "text": guide.field(f)} for f in Field],
    }
