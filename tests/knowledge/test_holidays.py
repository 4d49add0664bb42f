"""Next year's holidays: the bureau's file first, the package for the years it knows, a warning otherwise."""

import datetime as dt

import pytest

from knowledge import holidays, schedule
from knowledge.holidays import Calendar, HolidayFileError, coverage_warning, parse

HOURS = schedule.parse_hours("星期一至星期五：上午8:30~12:00，下午13:30~17:30。法定节假日除外。")
SHANGHAI = schedule.TIMEZONE
# a schedule made up for the tests (the real 2027 one is published by the State Council)
FILE_2027 = """
2027:
  holidays:
    元旦: [2027-01-01]
    国庆节: [2027-10-01, 2027-10-04]
  workdays: [2027-10-09]
"""


@pytest.fixture
def with_2027(monkeypatch):
    monkeypatch.setattr(holidays, "calendar", lambda: Calendar(parse(FILE_2027)))
    monkeypatch.setattr(schedule, "calendar", lambda: Calendar(parse(FILE_2027)))


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def test_without_the_file_2027_is_told_by_weekdays_and_staff_are_warned():
    cal = Calendar({})
    assert not cal.covers(dt.date(2027, 1, 1)) and cal.covers(dt.date(2026, 10, 1))
    warning = coverage_warning(dt.date(2026, 12, 15), cal)
    assert warning and "2027" in warning and "data/holidays.yml" in warning
    assert coverage_warning(dt.date(2026, 6, 1), cal) is None  # the next 60 days are known
    assert schedule.status_at(HOURS, at(2027, 1, 1, 10, 0)).open_now  # a Friday: open, as far as anyone knows


def test_with_the_file_its_holidays_and_workdays_count(with_2027):
    status = schedule.status_at(HOURS, at(2027, 10, 4, 10, 0))  # a Monday, a holiday in the file
    assert not status.open_now and status.reason == "holiday" and status.holiday_name == "National Day"
    assert schedule.status_at(HOURS, at(2027, 10, 9, 10, 0)).open_now  # a Saturday worked instead (调休)
    assert not schedule.status_at(HOURS, at(2027, 10, 10, 10, 0)).open_now  # an ordinary Sunday
    assert schedule.status_at(HOURS, at(2027, 1, 4, 10, 0)).open_now


@pytest.mark.parametrize(("text", "fault"), [
    ("2027:\n  holidays:\n    圣诞节: [2027-12-25]\n", "不认识的节日名称"),
    ("2027:\n  holidays:\n    元旦: [2028-01-01]\n", "不在这一年"),
    ("2027:\n  holidays:\n    元旦: [明天]\n", "不是日期"),
    ("2027:\n  holidays:\n    元旦: [2027-01-02]\n  workdays: [2027-01-02]\n", "既是假日又是调休上班日"),
])
def test_a_faulty_file_is_refused_with_the_reason(text, fault):
    with pytest.raises(HolidayFileError, match=fault):
        parse(text)


def test_the_committed_file_is_valid():
    assert isinstance(Calendar.from_file(), Calendar)
