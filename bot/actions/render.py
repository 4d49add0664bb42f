"""Every sentence the assistant says, in one place.

Guide text is quoted verbatim, always under the item's 事项名称. Functions return
``Reply`` objects (text plus buttons); channels format them (see ``bot.channels``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from dataclasses import replace as dc_replace

from bot.actions.constants import CHOOSE, ENTITY_GUIDE, FIELD_INTENTS, INTENT_FOR_FIELD, MORE
from knowledge.fields import Field, bare_conditions
from knowledge.repository import Guide, GuideSummary
from knowledge.settings import CONSULT_PHONE

# How each field is offered on a button and introduced in an answer
FIELD_BUTTONS: dict[Field, str] = {
    Field.SUMMARY: "是什么",
    Field.CONDITIONS: "受理条件",
    Field.MATERIALS: "申请材料",
    Field.CHANNELS: "网上能办吗",
    Field.TIME_LIMIT: "多久办好",
    Field.DELIVERY: "结果怎么拿",
    Field.FEES: "收费吗",
    Field.HOURS: "办事时间",
    Field.LOCATION: "在哪办",
    Field.CONSULT: "咨询电话",
    Field.COMPLAINT: "投诉渠道",
}
FOLLOW_UP_ORDER = (
    Field.MATERIALS,
    Field.CONDITIONS,
    Field.LOCATION,
    Field.TIME_LIMIT,
    Field.HOURS,
    Field.CHANNELS,
    Field.FEES,
    Field.DELIVERY,
    Field.SUMMARY,
    Field.CONSULT,
    Field.COMPLAINT,
)
OVERVIEW_FIELDS = (Field.SUMMARY, Field.CONDITIONS, Field.MATERIALS, Field.LOCATION, Field.HOURS)
OVERVIEW_CUT = {Field.SUMMARY: 150, Field.CONDITIONS: 150, Field.MATERIALS: 300}
SUGGESTIONS = 3
LIST_SHOWN = 8


@dataclass(frozen=True)
class Button:
    """A quick reply: what the user sees and what it sends."""

    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One bot message. ``kind`` and ``guide_id`` let channels and the evaluation read it."""

    text: str
    buttons: tuple[Button, ...] = ()
    kind: str = "info"
    guide_id: str | None = None
    field: str | None = None
    custom: dict = dc_field(default_factory=dict)

    def metadata(self) -> dict:
        """Machine-readable facts about this reply, sent alongside it."""
        data = {"kind": self.kind, "guide_id": self.guide_id, "field": self.field}
        data.update(self.custom)
        return data


def payload(intent: str, guide_id: str | None = None, **entities: str) -> str:
    """A button payload that triggers ``intent``, optionally about one guide, with entities."""
    values = ({ENTITY_GUIDE: guide_id} if guide_id else {}) | entities
    return f"/{intent}" + (json.dumps(values, ensure_ascii=False) if values else "")


def field_buttons(guide: GuideSummary | Guide, exclude: Sequence[Field] = (), limit: int = SUGGESTIONS) -> tuple[Button, ...]:
    """Buttons that ask for other fields of the same guide."""
    fields = [f for f in FOLLOW_UP_ORDER if f not in exclude][:limit]
    return tuple(Button(FIELD_BUTTONS[f], payload(INTENT_FOR_FIELD[f], guide.id)) for f in fields)


COMPANION_CHARS = 300  # a companion field longer than this stays behind its button


def field_answer(guide: Guide, which: Field, yes_no: bool = False) -> Reply:
    """One field of one guide, verbatim, headed by the 事项名称.

    Bare conditions come with the 事项简述; a yes/no question ("少交的年头能一把补上吗") answered with
    the 事项简述 or the 受理条件 gets the other one too, when short: what the service is and who
    qualifies answer it together.
    """
    text = f"【{guide.name}】\n{which.label}：\n{guide.field(which)}"
    exclude = [which]
    if which is Field.CONDITIONS and bare_conditions(guide.field(which)) and guide.field(Field.SUMMARY):
        text += f"\n\n{Field.SUMMARY.label}（谁可以办、什么情况下办）：\n{guide.field(Field.SUMMARY)}"
        exclude.append(Field.SUMMARY)
    elif yes_no and which in _COMPANIONS:
        other = _COMPANIONS[which]
        value = guide.field(other)
        if value and len(value) <= COMPANION_CHARS and value != guide.field(which):
            text += f"\n\n{other.label}：\n{value}"
            exclude.append(other)
    return Reply(text, field_buttons(guide, exclude=exclude), "answer", guide.id, which.value)


_COMPANIONS = {Field.SUMMARY: Field.CONDITIONS, Field.CONDITIONS: Field.SUMMARY}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "……"


def overview(guide: Guide) -> Reply:
    """A short card: what it is, conditions, materials, where and when; buttons for the rest."""
    parts = [f"【{guide.name}】"]
    for which in OVERVIEW_FIELDS:
        parts.append(f"■ {which.label}：\n{_cut(guide.field(which), OVERVIEW_CUT.get(which, 10_000))}")
    buttons = tuple(
        Button(FIELD_BUTTONS[f], payload(INTENT_FOR_FIELD[f], guide.id))
        for f in (Field.CONDITIONS, Field.MATERIALS, Field.TIME_LIMIT, Field.CHANNELS, Field.FEES, Field.CONSULT)
    )
    return Reply("\n".join(parts), buttons, "overview", guide.id, "overview")


def clarify(candidates: Sequence[GuideSummary], which: Field | None) -> Reply:
    """Ask which of several guides is meant, numbered, with a button each."""
    asked = which.label if which else ""
    lines = [f"您问的{asked}可能是以下事项，请回复序号或点选："]
    lines += [f"{n}. {g.name}" for n, g in enumerate(candidates, 1)]
    buttons = _choice_buttons(candidates, 1)
    return Reply("\n".join(lines), buttons, "clarify", None, which.value if which else None,
                 {"candidates": [g.id for g in candidates]})


def _choice_buttons(guides: Sequence[GuideSummary], first: int) -> tuple[Button, ...]:
    """Numbered buttons that choose a guide ("2. 失业登记"), numbered from ``first``."""
    return tuple(Button(f"{n}. {g.name}", payload(CHOOSE, g.id)) for n, g in enumerate(guides, first))


def ask_which_item(which: Field | None, examples: Sequence[GuideSummary]) -> Reply:
    """No item known: ask which one, suggesting a few."""
    asked = f"的{which.label}" if which else ""
    text = f"请问您想了解哪个事项{asked}？可以直接说事项名称，例如“失业登记要什么材料”。"
    intent = INTENT_FOR_FIELD[which] if which else "ask_overview"
    buttons = tuple(Button(g.name, payload(intent, g.id)) for g in examples)
    return Reply(text, buttons, "ask_item", None, which.value if which else None)


def common_answer(which: Field, value: str, shared: int, total: int, differing: Sequence[GuideSummary]) -> Reply:
    """The value most guides share for a field, and which guides differ."""
    lines = [f"大多数事项（{total} 项中的 {shared} 项）的{which.label}是：", value]
    if differing:
        names = "、".join(g.name for g in differing[:LIST_SHOWN])
        more = f"等 {len(differing)} 项" if len(differing) > LIST_SHOWN else ""
        lines.append(f"以下事项不同：{names}{more}。问具体事项（如“劳动仲裁在哪办”）可查看该事项的{which.label}。")
    return Reply("\n".join(lines), (), "common", None, which.value, {"shared": shared, "total": total})


def other_department(words: str, department: str | None, consult: str) -> Reply:
    """Honest: this is another department's business (named by kind, never with a made-up phone),
    or nothing a government office handles; how to ask the bureau about 人社 matters."""
    if department:
        head = f"“{words}”是{department}的业务，不在涞源县人社局的办事指南里，我无法回答，请向当地{department}咨询。"
    else:
        head = f"“{words}”不属于人社业务，涞源县人社局的办事指南里没有相关内容，我无法回答。"
    return Reply(f"{head}\n人社方面的事可以继续问我，或联系人社局：{consult}", (), "fallback")


def unknown_item(mention: str, consult: str) -> Reply:
    """Honest: no guide covers this; how to ask a person."""
    about = f"“{mention}”" if mention else "这个问题"
    text = (
        f"抱歉，涞源县人社局的办事指南里没有找到与{about}相关的事项，我无法回答。\n"
        f"如需帮助，可联系人社局：{consult}"
    )
    return Reply(text, (), "fallback")


def may_follow(name: str, candidates: Sequence[GuideSummary], consult: str) -> Reply:
    """Honest: the guides do not say what must follow this item; the related items to choose
    from, if any, else how to ask a person. No guess."""
    head = f"办事指南里没有写明“{name}”办完以后还要办理哪些事项，我不能替您推断。"
    if not candidates:
        return Reply(f"{head}\n您可以接着问这个事项的其他内容；具体情况请咨询人社局：{consult}", (), "no_next_step")
    listed = clarify(candidates, None)
    return dc_replace(listed, text=f"{head}与它相关的事项有这些，您要办的可能是以下事项，请回复序号或点选：\n"
                      + listed.text.split("\n", 1)[1])


def not_understood(consult: str) -> Reply:
    """The question was not understood at all."""
    text = (
        "抱歉，我没有理解您的问题。您可以说出要办的事项和想了解的内容，例如“失业金要带什么材料”“社保卡在哪补办”。\n"
        f"也可以联系人社局：{consult}"
    )
    return Reply(text, (Button("有哪些事项", "/browse"),), "fallback")


def handoff(consult: str, hours: str) -> Reply:
    """How to reach a person."""
    text = f"需要人工服务，请联系涞源县人社局：\n{consult}\n办事时间：{hours}"
    return Reply(text, (), "handoff")


def no_pending_choice() -> Reply:
    """The user picked a number, but nothing was offered."""
    return Reply("请先告诉我您要办理的事项，例如“创业补贴怎么申请”。", (), "ask_item")


def choice_not_found(candidates: Sequence[GuideSummary]) -> Reply:
    """The user's pick matched none of the offered items."""
    return clarify(candidates, None)


def browse_page(title: str, guides: Sequence[GuideSummary], offset: int, total: int) -> Reply:
    """A page of guides to choose from."""
    first = offset + 1
    lines = [f"{title}（共 {total} 项，第 {first}–{offset + len(guides)} 项），回复序号或点选查看："]
    lines += [f"{offset + n}. {g.name}" for n, g in enumerate(guides, 1)]
    buttons = tuple(Button(g.name, payload("ask_overview", g.id)) for g in guides)
    if offset + len(guides) < total:
        lines.append("回复“更多”查看下一页。")
        buttons += (Button("更多", payload(MORE)),)
    return Reply("\n".join(lines), buttons, "browse", None, None, {"candidates": [g.id for g in guides]})


def browse_categories(categories: Sequence[tuple[str, int]]) -> Reply:
    """The categories one can browse."""
    lines = ["可以按类别查看办事事项："] + [f"· {c}（{n} 项）" for c, n in categories]
    buttons = tuple(Button(c, payload("browse", category=c)) for c, _ in categories)
    return Reply("\n".join(lines), buttons, "browse")


def browse_nothing(query: str) -> Reply:
    """Nothing matches a browse keyword."""
    return Reply(f"没有找到与“{query}”相关的事项。可以换个说法，或说“有哪些事项”按类别查看。", (), "browse")


def no_more() -> Reply:
    """Paging past the end."""
    return Reply("已经是最后一页了。", (), "browse")


def service_unavailable() -> Reply:
    """The knowledge base cannot be reached: apologise and give the phone (from settings)."""
    return Reply(
        f"抱歉，系统暂时无法查询办事指南，请稍后再试，或拨打人社局咨询电话 {CONSULT_PHONE}（工作日办公时间）。",
        (),
        "error",
    )


def too_fast() -> Reply:
    """A sender over the rate limit (bot/channels/throttle.py): polite, with the consult phone."""
    return Reply(f"您发消息太快了，请稍等几秒再问。急事也可以拨打人社局咨询电话 {CONSULT_PHONE}（工作日办公时间）。", (), "info")


def input_truncated(limit: int) -> Reply:
    """The message was too long: say that only its beginning was read."""
    return Reply(f"您的消息较长，我只读取了前 {limit} 个字。如果问题没有得到解答，请把问题说得简短一些。", (), "info")


def field_intent_names() -> list[str]:
    """All field intents (for the domain and the generator)."""
    return list(FIELD_INTENTS)


# ------------------------------------------------------------------ time-aware answers
_WEEKDAY_NAMES = "一二三四五六日"
_HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节", "National Day": "国庆节",
}


def day_label(day) -> str:
    """11月27日（周五）"""
    return f"{day.month}月{day.day}日（周{_WEEKDAY_NAMES[day.weekday()]}）"


def _clock(moment) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def _sessions(sessions) -> str:
    return "，".join(f"{_clock(a)}~{_clock(b)}" for a, b in sessions)


def open_status(status, moment, asked_now: bool, sessions=()) -> str:
    """One sentence on whether the office is open at the moment asked about."""
    nxt = status.next_open
    next_text = f"{day_label(nxt.date())}{_clock(nxt)}" if nxt else "请关注人社局通知"
    when = "现在" if asked_now else day_label(moment.date())
    if status.reason == "open":
        return f"{when}{'' if asked_now else _clock(moment)}正在办公，{_clock(status.until)}前可以办理。" if asked_now else (
            f"{when}正常办公，办理时间：{_sessions(sessions)}。")
    if status.reason == "lunch":
        return f"{when}是午休时间，{_clock(nxt)}开始办理。"
    if status.reason == "before":
        return f"{when}还没到办公时间，{_clock(nxt)}开始办理。"
    if status.reason == "after":
        return f"{'今天' if asked_now else when}已下班，下一个办公时间是{next_text}。"
    if status.reason == "holiday":
        name = _HOLIDAY_NAMES.get(status.holiday_name or "", "法定节假日")
        return f"{when}是{name}假期，不办公；节后{next_text}开始办理。"
    return f"{when}是休息日，不办公；下一个办公时间是{next_text}。"


def holiday_unknown(word: str) -> str:
    """A holiday whose dates the calendar does not have yet."""
    return f"{word}等法定节假日不办公（办事指南写明“法定节假日除外”），具体放假安排以国务院通知为准。"


def ready_line(estimate, submitted) -> str:
    """From 办结时限 to a date: when an application handed in on ``submitted`` should be done."""
    if estimate.working_days is None:
        return "材料齐全、符合条件的，可以当场办结。" if estimate.immediate else ""
    first = "材料齐全的可当场办结；需要审核的，" if estimate.immediate else ""
    note = f"（{estimate.date.year}年节假日安排尚未公布，只跳过了周末）" if estimate.estimated_without_holidays else "（已跳过周末和法定节假日）"
    return (f"{first}如果{day_label(submitted)}提交，按{estimate.working_days}个工作日计，"
            f"预计最迟{day_label(estimate.date)}办结{note}。")


def with_note(reply: Reply, note: str) -> Reply:
    """The reply with a computed note appended below the quoted guide text."""
    if not note:
        return reply
    return Reply(f"{reply.text}\n—— {note}", reply.buttons, reply.kind, reply.guide_id, reply.field, reply.custom)


def with_alternatives(reply: Reply, others: Sequence[GuideSummary]) -> Reply:
    """An answer the linker was not sure of, with the other likely items numbered from 2 (as
    they are remembered for "第二个") and a button each."""
    if not others:
        return reply
    listed = "；".join(f"{n}. {g.name}" for n, g in enumerate(others, 2))
    note = f"如果您问的不是这个事项，可能是：{listed}（回复序号或点选）"
    buttons = _choice_buttons(others, 2)
    return Reply(f"{reply.text}\n—— {note}", buttons + reply.buttons, reply.kind, reply.guide_id, reply.field,
                 reply.custom)


def open_answer(guide_name: str | None, status_line: str, hours_text: str, shared: int | None = None) -> Reply:
    """Answer to "现在能去办吗": the status first, then the guide's hours verbatim."""
    if guide_name:
        return Reply(f"【{guide_name}】\n办事时间：{status_line}\n{hours_text}", (), "answer", None, Field.HOURS.value)
    return Reply(f"大多数事项（{shared} 项）的办事时间相同。{status_line}\n办事时间：\n{hours_text}", (), "common",
                 None, Field.HOURS.value)


# ------------------------------------------------------------ materials for a situation
def situation_buttons(guide_id: str, situations) -> tuple[Button, ...]:
    """"我是…" buttons that narrow the materials list."""
    return tuple(
        Button(f"我是{s}" if s not in ("单位", "他人代办") else ("单位来办" if s == "单位" else "帮别人代办"),
               payload("inform_situation", guide_id, situation=s))
        for s in situations[:3]
    )


def situation_hint() -> str:
    return "材料因申请人情况不同而不同，告诉我您的情况（如“我是高校毕业生”），我只列出您需要的。"


def checklist_answer(guide: Guide, situation: str, items, filtered: bool) -> Reply:
    """The materials that apply to the user's situation, as a checklist; the full list one tap away."""
    if not filtered:
        head = f"【{guide.name}】\n申请材料：（不区分申请人情况，全部如下）"
    else:
        head = f"【{guide.name}】\n申请材料：（{situation}适用，摘自办事指南）"
    text = head + "\n" + "\n".join(f"☐ {item}" for item in items)
    buttons = (Button("全部材料", payload(INTENT_FOR_FIELD[Field.MATERIALS], guide.id)),) + field_buttons(
        guide, exclude=[Field.MATERIALS], limit=2)
    return Reply(text, buttons, "answer", guide.id, Field.MATERIALS.value)


def ask_situation_item() -> Reply:
    return Reply("请先告诉我您要办理的事项，例如“创业补贴要什么材料”，我再按您的情况列出材料。", (), "ask_item")
