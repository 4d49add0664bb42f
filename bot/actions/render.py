"""Every sentence the assistant says, in one place.

Guide text is quoted verbatim, always under the item's 事项名称. Functions return
``Reply`` objects (text plus buttons); channels format them (see ``bot.channels``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Sequence

from bot.actions.constants import CHOOSE, ENTITY_GUIDE, FIELD_INTENTS, INTENT_FOR_FIELD, MORE
from knowledge.fields import Field
from knowledge.settings import CONSULT_PHONE
from knowledge.repository import Guide, GuideSummary

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


def payload(intent: str, guide_id: str | None = None) -> str:
    """A button payload that triggers ``intent``, optionally about one guide."""
    if guide_id is None:
        return f"/{intent}"
    return f"/{intent}" + json.dumps({ENTITY_GUIDE: guide_id}, ensure_ascii=False)


def field_buttons(guide: GuideSummary | Guide, exclude: Sequence[Field] = (), limit: int = SUGGESTIONS) -> tuple[Button, ...]:
    """Buttons that ask for other fields of the same guide."""
    fields = [f for f in FOLLOW_UP_ORDER if f not in exclude][:limit]
    return tuple(Button(FIELD_BUTTONS[f], payload(INTENT_FOR_FIELD[f], guide.id)) for f in fields)


def field_answer(guide: Guide, which: Field) -> Reply:
    """One field of one guide, verbatim, headed by the 事项名称."""
    text = f"【{guide.name}】\n{which.label}：\n{guide.field(which)}"
    return Reply(text, field_buttons(guide, exclude=[which]), "answer", guide.id, which.value)


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
    asked = f"的{which.label}" if which else ""
    lines = [f"您问的{asked}可能是以下事项，请回复序号或点选："]
    lines += [f"{n}. {g.name}" for n, g in enumerate(candidates, 1)]
    buttons = tuple(Button(f"{n}. {g.name}", payload(CHOOSE, g.id)) for n, g in enumerate(candidates, 1))
    return Reply("\n".join(lines), buttons, "clarify", None, which.value if which else None,
                 {"candidates": [g.id for g in candidates]})


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


def unknown_item(mention: str, consult: str) -> Reply:
    """Honest: no guide covers this; how to ask a person."""
    about = f"“{mention}”" if mention else "这个问题"
    text = (
        f"抱歉，涞源县人社局的办事指南里没有找到与{about}相关的事项，我无法回答。\n"
        f"如需帮助，可联系人社局：{consult}"
    )
    return Reply(text, (), "fallback")


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
    buttons = tuple(Button(c, f"/browse{json.dumps({'category': c}, ensure_ascii=False)}") for c, _ in categories)
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


def field_intent_names() -> list[str]:
    """All field intents (for the domain and the generator)."""
    return list(FIELD_INTENTS)
