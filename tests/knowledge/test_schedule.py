"""Office hours and ready-by dates from the guides' own text, with a fixed clock."""

import datetime as dt

import pytest

from knowledge.schedule import TIMEZONE, moment_asked, parse_hours, ready_by, status_at

HOURS = (
    "星期一至星期五：秋冬春季（10月1日~5月31日）上午8:30~12:00，下午13:30~17:30；"
    "夏季（6月1日~9月30日）上午8:30~12:00，下午14:30~17:30。法定节假日除外。"
)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TIMEZONE)


@pytest.fixture(scope="module")
def hours():
    parsed = parse_hours(HOURS)
    assert parsed is not None
    return parsed


@pytest.mark.parametrize(
    ("moment", "reason", "next_open"),
    [
        ("2026-11-27 10:00", "open", None),  # winter morning, Friday
        ("2026-11-27 13:00", "lunch", "2026-11-27 13:30"),  # winter lunch ends 13:30
        ("2026-07-01 14:00", "lunch", "2026-07-01 14:30"),  # summer lunch ends 14:30
        ("2026-07-01 08:00", "before", "2026-07-01 08:30"),
        ("2026-11-27 18:00", "after", "2026-11-30 08:30"),  # Friday evening → Monday
        ("2026-11-28 10:00", "weekend", "2026-11-30 08:30"),
        ("2026-10-01 10:00", "holiday", "2026-10-08 08:30"),  # National Day holiday
    ],
)
def test_status(hours, moment, reason, next_open):
    status = status_at(hours, at(moment))
    assert status.reason == reason
    assert status.open_now == (reason == "open")
    if next_open:
        assert status.next_open == at(next_open)


def test_make_up_working_day_is_open(hours):
    # 2026-09-20 is a Sunday worked in exchange for the National Day holiday (调休)
    assert status_at(hours, at("2026-09-20 10:00")).reason == "open"


def test_ready_by_skips_weekends_and_holidays(hours):
    estimate = ready_by("限时办结（15个工作日）", hours, dt.date(2026, 9, 24))
    assert estimate.working_days == 15 and estimate.date == dt.date(2026, 10, 22)
    assert not estimate.estimated_without_holidays
    assert ready_by("即时办结", hours, dt.date(2026, 11, 27)).immediate
    late = ready_by("限时办结（15个工作日）", hours, dt.date(2026, 12, 20))
    assert late.estimated_without_holidays  # no 2027 holiday data yet: said so in the answer


def test_moment_asked():
    current = at("2026-11-27 10:00")
    assert moment_asked("周六上班吗", current)[0].date() == dt.date(2026, 11, 28)
    assert moment_asked("中午能办吗", current)[0] == at("2026-11-27 12:30")
    assert moment_asked("明天下午开门吗", current)[0] == at("2026-11-28 15:00")
    assert moment_asked("国庆节上班吗", at("2026-05-06 10:00"))[0].date() == dt.date(2026, 10, 1)


def test_irregular_hours_are_not_guessed():
    assert parse_hours("详见个人申请创业担保贷款、小微企业申请创业担保贷款") is None
