"""Office hours and processing times, read from a guide's own 办事时间 and 办结时限 text.

The hours text reads like "星期一至星期五：秋冬春季（10月1日~5月31日）上午8:30~12:00，下午13:30~17:30；
夏季（6月1日~9月30日）上午8:30~12:00，下午14:30~17:30。法定节假日除外。" It is parsed, not
assumed; Chinese statutory holidays and make-up working days come from the bureau's
``data/holidays.yml`` and the ``chinese_calendar`` package (``knowledge/holidays.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from knowledge.holidays import calendar

TIMEZONE = ZoneInfo("Asia/Shanghai")
_WEEKDAYS = "一二三四五六日"
_DAY_RANGE = re.compile(r"星期([一二三四五六日])至星期([一二三四五六日])")
_SEASON = re.compile(r"[（(](\d{1,2})月(\d{1,2})日[~～\-至](\d{1,2})月(\d{1,2})日[）)]")
_SESSION = re.compile(r"(上午|下午)?\s*(\d{1,2})[:：](\d{2})\s*[~～\-至]\s*(\d{1,2})[:：](\d{2})")
_WORKING_DAYS = re.compile(r"(\d+)个工作日")


@dataclass(frozen=True)
class Season:
    """Sessions that apply between two month-days (inclusive, may wrap the new year)."""

    start: tuple[int, int]
    end: tuple[int, int]
    sessions: tuple[tuple[dt.time, dt.time], ...]

    def covers(self, day: dt.date) -> bool:
        key = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= key <= self.end
        return key >= self.start or key <= self.end


@dataclass(frozen=True)
class OfficeHours:
    """Opening days and seasonal sessions of one guide's office."""

    weekdays: frozenset[int]  # 0 = Monday
    seasons: tuple[Season, ...]
    holidays_closed: bool

    def sessions_on(self, day: dt.date) -> tuple[tuple[dt.time, dt.time], ...]:
        """The sessions on a date (empty when closed)."""
        if not self.is_working_day(day):
            return ()
        for season in self.seasons:
            if season.covers(day):
                return season.sessions
        return self.seasons[0].sessions if self.seasons else ()

    def is_working_day(self, day: dt.date) -> bool:
        """Open that day: a listed weekday that is not a holiday, or a make-up working day."""
        cal = calendar()
        if self.holidays_closed and cal.covers(day):
            if cal.holiday(day) and day.weekday() in self.weekdays:
                return False
            if cal.is_makeup_workday(day) and day.weekday() not in self.weekdays:
                return True  # 调休上班
        return day.weekday() in self.weekdays


def holiday_data_covers(day: dt.date) -> bool:
    """Whether the holiday schedule of that day's year is known (the bureau's file or the package)."""
    return calendar().covers(day)


def parse_hours(text: str) -> OfficeHours | None:
    """Office hours from a 办事时间 text, or None when it has no regular schedule."""
    days = _DAY_RANGE.search(text)
    sessions_all = _SESSION.findall(text)
    if not days or not sessions_all:
        return None
    first, last = _WEEKDAYS.index(days.group(1)), _WEEKDAYS.index(days.group(2))
    weekdays = frozenset(range(first, last + 1))
    seasons = []
    for part in re.split(r"[；;]", text[days.end():]):
        season = _SEASON.search(part)
        sessions = tuple(_session(m) for m in _SESSION.findall(part))
        if not sessions:
            continue
        if season:
            m1, d1, m2, d2 = map(int, season.groups())
            seasons.append(Season((m1, d1), (m2, d2), sessions))
        else:
            seasons.append(Season((1, 1), (12, 31), sessions))
    return OfficeHours(weekdays, tuple(seasons), "法定节假日除外" in text)


def _session(match: tuple[str, ...]) -> tuple[dt.time, dt.time]:
    half, h1, m1, h2, m2 = match
    start, end = dt.time(int(h1), int(m1)), dt.time(int(h2), int(m2))
    if half == "下午" and start.hour < 12:
        start, end = dt.time(start.hour + 12, start.minute), dt.time(end.hour + 12, end.minute)
    return start, end


@dataclass(frozen=True)
class OpenStatus:
    """Whether the office is open at a moment, and when it next opens or closes."""

    open_now: bool
    reason: str  # open | lunch | before | after | weekend | holiday
    until: dt.time | None = None
    next_open: dt.datetime | None = None
    holiday_name: str | None = None


def status_at(hours: OfficeHours, moment: dt.datetime) -> OpenStatus:
    """The office's status at ``moment`` (Asia/Shanghai)."""
    day, now = moment.date(), moment.time()
    sessions = hours.sessions_on(day)
    if sessions:
        for start, end in sessions:
            if start <= now < end:
                return OpenStatus(True, "open", until=end)
        if now < sessions[0][0]:
            return OpenStatus(False, "before", next_open=_at(day, sessions[0][0]))
        for (_, end), (start, _) in zip(sessions, sessions[1:]):
            if end <= now < start:
                return OpenStatus(False, "lunch", next_open=_at(day, start))
        return OpenStatus(False, "after", next_open=next_opening(hours, day + dt.timedelta(days=1)))
    reason, name = "weekend", None
    holiday = calendar().holiday(day)
    if holiday and day.weekday() in hours.weekdays:
        reason, name = "holiday", holiday
    return OpenStatus(False, reason, next_open=next_opening(hours, day + dt.timedelta(days=1)), holiday_name=name)


def next_opening(hours: OfficeHours, day: dt.date) -> dt.datetime | None:
    """The first session start on or after ``day`` (searching up to 60 days)."""
    for offset in range(60):
        candidate = day + dt.timedelta(days=offset)
        sessions = hours.sessions_on(candidate)
        if sessions:
            return _at(candidate, sessions[0][0])
    return None


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=TIMEZONE)


@dataclass(frozen=True)
class ReadyEstimate:
    """When an application handed in on a day should be done."""

    immediate: bool
    working_days: int | None
    date: dt.date | None
    estimated_without_holidays: bool = False  # the holiday calendar has no data that far ahead


def working_days_of(time_limit: str) -> tuple[bool, int | None]:
    """From a 办结时限 text: whether it can be done at once, and the longest N 个工作日 it names."""
    days = [int(n) for n in _WORKING_DAYS.findall(time_limit)]
    return "即时" in time_limit, (max(days) if days else None)


def ready_by(time_limit: str, hours: OfficeHours | None, submitted: dt.date) -> ReadyEstimate:
    """The date by which an application submitted on ``submitted`` should be done."""
    immediate, days = working_days_of(time_limit)
    if days is None:
        return ReadyEstimate(immediate, None, submitted if immediate else None)
    is_working = hours.is_working_day if hours else (lambda d: d.weekday() < 5)
    day, counted, approximate = submitted, 0, False
    while counted < days:
        day += dt.timedelta(days=1)
        approximate = approximate or not holiday_data_covers(day)
        if is_working(day):
            counted += 1
    return ReadyEstimate(immediate, days, day, approximate)


def now() -> dt.datetime:
    """The current time in Asia/Shanghai."""
    return dt.datetime.now(TIMEZONE)


_WEEKDAY_ASKED = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_HOLIDAYS = {
    "元旦": "New Year's Day", "春节": "Spring Festival", "过年": "Spring Festival", "清明": "Tomb-sweeping Day",
    "五一": "Labour Day", "劳动节": "Labour Day", "端午": "Dragon Boat Festival", "中秋": "Mid-autumn Festival",
    "国庆": "National Day", "十一": "National Day",
}
_PARTS_OF_DAY = {"中午": dt.time(12, 30), "午休": dt.time(12, 30), "早上": dt.time(8, 45), "上午": dt.time(9, 30),
                 "下午": dt.time(15, 0), "傍晚": dt.time(17, 45), "晚上": dt.time(19, 0)}


def holiday_asked(text: str) -> str | None:
    """The statutory holiday a question names ("国庆节上班吗" → 国庆), if any."""
    return next((word for word in _HOLIDAYS if word in text), None)


def moment_asked(text: str, current: dt.datetime) -> tuple[dt.datetime, bool]:
    """The moment a question is about ("周六", "明天下午", "国庆节", default now) and whether it
    names a whole day rather than a time (then the answer is about that day's sessions)."""
    day, whole_day = current.date(), False
    if "后天" in text:
        day, whole_day = day + dt.timedelta(days=2), True
    elif "明天" in text:
        day, whole_day = day + dt.timedelta(days=1), True
    elif "今天" in text:
        whole_day = True
    weekday = _WEEKDAY_ASKED.search(text)
    if weekday:
        target = "一二三四五六日".index(weekday.group(1).replace("天", "日"))
        day, whole_day = day + dt.timedelta(days=(target - day.weekday()) % 7), True
    for word, name in _HOLIDAYS.items():
        if word in text:
            found = _holiday_date(name, day)
            if found:
                day, whole_day = found, True
            break
    for word, time in _PARTS_OF_DAY.items():
        if word in text:
            return dt.datetime.combine(day, time, tzinfo=TIMEZONE), False
    if whole_day and day != current.date():
        return dt.datetime.combine(day, dt.time(10, 0), tzinfo=TIMEZONE), True
    return current, whole_day


def _holiday_date(name: str, after: dt.date) -> dt.date | None:
    """The next day (from ``after``) of a named statutory holiday, within the calendar's data."""
    for offset in range(370):
        day = after + dt.timedelta(days=offset)
        if not holiday_data_covers(day):
            return None
        if calendar().holiday(day) == name:
            return day
    return None
