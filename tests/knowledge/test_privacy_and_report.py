"""Personal numbers are masked; the bureau's report lists what could not be answered."""

import asyncio
import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.actions import ActionAnswer, ActionFallback
from bot.channels.base import record_feedback
from knowledge.analytics import EventLog
from knowledge.privacy import mask, personal_numbers
from knowledge.settings import PROJECT_ROOT
from tests.actions.conftest import make_tracker


def test_ids_and_phones_are_masked_but_public_numbers_kept():
    text = "身份证13062319900101123X 手机13812345678 座机0312-5551234 咨询0312-7318400"
    masked = mask(text)
    assert "13062319900101123X" not in masked and "130***********123X" in masked
    assert "13812345678" not in masked and "138****5678" in masked
    assert "0312-5551234" not in masked and "0312-7318400" in masked


def test_item_codes_full_width_and_spaced_numbers():
    assert mask('/choose{"guide_id": "002014008001"}') == '/choose{"guide_id": "002014008001"}'  # 事项编码 kept
    assert mask("000114003002-2 和 132000000001") == "000114003002-2 和 132000000001"
    assert mask("手机１３８１２３４５６７８") == "手机138****5678"
    assert mask("打138 1234 5678或138-1234-5678") == "打138****5678或138****5678"
    assert personal_numbers("身份证130102199001011234，电话0312-5551234，咨询0312-7318400") == {
        "130102199001011234": "130***********1234", "0312-5551234": "0312-****"}


_MOBILES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
_IDS = st.from_regex(r"[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}[0-9X]", fullmatch=True)
_AROUND = st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=30)


@given(_AROUND, st.one_of(_MOBILES, _IDS), _AROUND)
@settings(max_examples=300, deadline=None)
def test_an_id_or_mobile_typed_anywhere_never_survives(before, number, after):
    masked = mask(before + number + after)
    assert number not in masked and masked.startswith(before) and masked.endswith(after)
    assert mask(masked) == masked


def test_turns_are_recorded_masked_and_reported(tmp_path, assistant, sqlite_kb):
    log = EventLog.from_url(f"sqlite:///{tmp_path / 'events.sqlite3'}")
    questions = [
        (ActionFallback, "护照在哪里办 我电话13812345678", "out_of_scope"),
        (ActionFallback, "护照在哪里办 我电话13812345678", "out_of_scope"),
        (ActionAnswer, "失业金要带什么材料", "ask_materials"),
    ]
    for cls, text, intent in questions:
        asyncio.run(cls(assistant=assistant, recorder=log.record).run(CollectingDispatcher(), make_tracker(text, intent, {}), {}))
    report = log.report({"002014008001": "失业保险金申领"})
    assert report.total == 3
    assert report.unanswered == [("护照在哪里办 我电话138****5678", 2)]
    assert report.per_item_field == [("失业保险金申领", "materials", 1)]
    feedback = tmp_path / "feedback.jsonl"
    feedback.write_text(json.dumps({"rating": "有用"}) + "\n" + json.dumps({"rating": "没用"}) + "\n", encoding="utf-8")
    assert dict(log.report(feedback_file=feedback).feedback) == {"有用": 1, "没用": 1}
    votes = tmp_path / "votes.jsonl"  # as the web chat and WeChat write them
    for channel, useful in (("web", True), ("wechat", True), ("wechat", False)):
        record_feedback(votes, channel, "s1", useful, "失业保险金申领", "失业金 13812345678")
    assert "13812345678" not in votes.read_text(encoding="utf-8")
    env = {"KB_DATABASE_URL": sqlite_kb.database_url, "ANALYTICS_DATABASE_URL": f"sqlite:///{tmp_path / 'events.sqlite3'}",
           "PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "knowledge", "report"], capture_output=True, text=True, env=env, check=True).stdout
    assert "共记录 3 个问题" in out and "2 次  护照在哪里办 我电话138****5678" in out
    assert "失业保险金申领 · 申请材料" in out
    assert "有用/没用反馈：有用 2，没用 1" in subprocess.run(
        [sys.executable, "-m", "knowledge", "report"], capture_output=True, text=True, check=True,
        env={**env, "WEB_FEEDBACK_PATH": str(votes)}).stdout


def test_overlong_input_is_cut_with_a_note(assistant):
    dispatcher = CollectingDispatcher()
    text = "失业金要带什么材料" + "啊" * 20000
    asyncio.run(ActionAnswer(assistant=assistant).run(dispatcher, make_tracker(text, "ask_materials", {}), {}))
    assert "只读取了前 500 个字" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[1]["text"].startswith("【失业保险金申领】")


def test_background_recorder_writes_off_the_answer_path(tmp_path):
    import time

    log = EventLog.from_url(f"sqlite:///{tmp_path / 'bg.sqlite3'}", background=True)
    log.record("fallback", "护照 13812345678")
    deadline = time.monotonic() + 10
    while log.report().total < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert log.report().unanswered == [("护照 138****5678", 1)]


def test_zero_argument_action_uses_shared_services(monkeypatch, tmp_path, sqlite_kb):
    import bot.actions.services as services

    monkeypatch.setenv("KB_DATABASE_URL", sqlite_kb.database_url)
    monkeypatch.setenv("ANALYTICS_DATABASE_URL", f"sqlite:///{tmp_path / 'shared.sqlite3'}")
    monkeypatch.setattr(services, "_repo", None)
    monkeypatch.setattr(services, "_current", None)
    monkeypatch.setattr(services, "_events", None)
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswer().run(dispatcher, make_tracker("失业金要带什么材料", "ask_materials", {}), {}))
    assert dispatcher.messages[0]["text"].startswith("【失业保险金申领】")
