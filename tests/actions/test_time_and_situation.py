"""Time-aware answers and situation-specific materials, through the actions with a fixed clock."""

import datetime as dt

import pytest

from bot.actions.constants import ACTION_OPEN_NOW, ACTION_SITUATION
from bot.actions.dialogue import Assistant
from knowledge.schedule import TIMEZONE
from tests.actions.conftest import Conversation


def convo_at(assistant: Assistant, moment: str) -> Conversation:
    clock = dt.datetime.fromisoformat(moment).replace(tzinfo=TIMEZONE)
    return Conversation(Assistant(assistant.repo, assistant.linker, clock=lambda: clock))


@pytest.mark.parametrize(
    ("moment", "question", "expected"),
    [
        ("2026-07-15 13:00", "现在能去办吗", "现在是午休时间，14:30开始办理"),  # summer lunch break
        ("2026-12-02 13:00", "现在能去办吗", "现在是午休时间，13:30开始办理"),  # winter lunch break
        ("2026-12-02 10:00", "现在能去办吗", "现在正在办公，12:00前可以办理"),
        ("2026-11-27 10:00", "周六上班吗", "11月28日（周六）是休息日，不办公；下一个办公时间是11月30日（周一）8:30"),
        ("2026-09-28 10:00", "国庆节上班吗", "10月1日（周四）是国庆节假期，不办公；节后10月8日（周四）8:30开始办理"),
        ("2026-09-18 10:00", "20号周日上班吗", "9月20日（周日）正常办公"),  # make-up working day
        ("2026-12-02 18:30", "今天还办不办", "今天已下班，下一个办公时间是12月3日（周四）8:30"),
    ],
)
def test_open_now(assistant, moment, question, expected):
    convo = convo_at(assistant, moment)
    text = convo.say(question, "ask_open_now", ACTION_OPEN_NOW)
    assert expected in text
    assert "星期一至星期五" in text  # the guide's hours are quoted too


def test_open_now_about_the_item_in_context(assistant):
    convo = convo_at(assistant, "2026-07-15 13:00")
    convo.say("失业登记要带什么", "ask_materials")
    assert convo.say("中午能办吗", "ask_open_now", ACTION_OPEN_NOW).startswith("【失业登记】\n")


def test_ready_by_date(assistant):
    convo = convo_at(assistant, "2026-09-24 10:00")
    text = convo.say("创业补贴申领今天交材料什么时候能办好", "ask_time_limit")
    assert text.startswith("【创业补贴申领】\n办结时限：\n限时办结（10个工作日）")
    assert "如果9月24日（周四）提交，按10个工作日计，预计最迟10月15日（周四）办结" in text


def test_situation_checklist(assistant):
    convo = convo_at(assistant, "2026-11-27 10:00")
    text = convo.say("创业补贴要什么材料", "ask_materials")
    assert "告诉我您的情况" in text
    assert any(b["title"] == "我是高校毕业生" for b in convo.buttons)
    text = convo.say("我是高校毕业生", "inform_situation", ACTION_SITUATION)  # not 高校毕业生社保补贴申领
    assert text.startswith("【创业补贴申领】\n申请材料：（高校毕业生适用")
    assert "☐ （2）高校毕业生提供毕业证" in text
    assert "已认定就业困难人员、脱贫劳动力提供相应材料" not in text
    assert any(b["title"] == "全部材料" for b in convo.buttons)


def test_situation_without_item_asks(assistant):
    convo = convo_at(assistant, "2026-11-27 10:00")
    assert "请先告诉我您要办理的事项" in convo.say("我是退役军人", "inform_situation", ACTION_SITUATION)
