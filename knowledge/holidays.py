"""Statutory holidays and make-up working days (调休): the bureau's file first, then the package.

The ``chinese_calendar`` package only knows the years published before its release (up to 2026
here). Each December the State Council publishes next year's schedule; staff then add that year to
``data/holidays.yml`` (holidays by name with their dates, and the weekend days worked instead)::

    2027:
      holidays:
        元旦: [2027-01-01]
        春节: [2027-02-06, 2027-02-07]
      workdays: [2027-02-14]

The file is checked when it is read (a date outside its year, a day both holiday and workday, an
unknown holiday name stop start-up with the line named); a year it lists is taken from it whole,
other years from the package. ``uncovered_days`` tells which of the next days neither knows: the
action server logs a warning at start-up and ``python -m knowledge report`` prints it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import chinese_calendar
import yaml

from knowledge.settings import DATA_DIR

logger = logging.getLogger(__name__)
HOLIDAYS_PATH = DATA_DIR / "holidays.yml"
LOOKAHEAD_DAYS = 60  # start-up warns when the calendar does not know this far ahead
# Holiday names as staff write them → the package's names (which render.py words in Chinese)
NAMES = {"元旦": "New Year's Day", "春节": "Spring Festival", "清明节": "Tomb-sweeping Day", "清明": "Tomb-sweeping Day",
         "劳动节": "Labour Day", "五一": "Labour Day", "端午节": "Dragon Boat Festival", "端午": "Dragon Boat Festival",
         "中秋节": "Mid-autumn Festival", "中秋": "Mid-autumn Festival", "国庆节": "National Day", "国庆": "National Day"}


class HolidayFileError(ValueError):
    """data/holidays.yml cannot be used: what is wrong, and where."""


@dataclass(frozen=True)
class Year:
    """One year's schedule as published: holiday dates by name, and make-up working days."""

    holidays: dict[dt.date, str] = field(default_factory=dict)
    workdays: frozenset[dt.date] = frozenset()


def parse(text: str, source: str = "holidays.yml") -> dict[int, Year]:
    """The years of a holidays file, checked.

    >>> parse("2027:\\n  holidays:\\n    元旦: [2027-01-01]\\n  workdays: []\\n")[2027].holidays
    {datetime.date(2027, 1, 1): "New Year's Day"}
    """
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise HolidayFileError(f"{source}：应是“年份: {{holidays: …, workdays: […]}}”的格式")
    years = {}
    for year, body in data.items():
        body = body or {}
        holidays: dict[dt.date, str] = {}
        for name, dates in (body.get("holidays") or {}).items():
            if name not in NAMES:
                raise HolidayFileError(f"{source} {year} 年：不认识的节日名称“{name}”（可用：{'、'.join(NAMES)}）")
            for day in dates or []:
                holidays[_date(day, year, source)] = NAMES[name]
        workdays = frozenset(_date(day, year, source) for day in body.get("workdays") or [])
        both = sorted(set(holidays) & workdays)
        if both:
            raise HolidayFileError(f"{source} {year} 年：{both[0]} 既是假日又是调休上班日")
        years[int(year)] = Year(holidays, workdays)
    return years


def _date(value: object, year: object, source: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise HolidayFileError(f"{source} {year} 年：“{value}”不是日期（应写成 2027-01-01）")
    if value.year != int(str(year)):
        raise HolidayFileError(f"{source} {year} 年：日期 {value} 不在这一年")
    return value


@lru_cache(maxsize=4)
def _load(path: Path) -> dict[int, Year]:
    return parse(path.read_text(encoding="utf-8"), path.name) if path.exists() else {}


@dataclass(frozen=True)
class Calendar:
    """Holidays and make-up working days, from the bureau's file first, else the package."""

    years: dict[int, Year]

    @classmethod
    def from_file(cls, path: Path = HOLIDAYS_PATH) -> Calendar:
        return cls(_load(path))

    def covers(self, day: dt.date) -> bool:
        """Whether the file or the package knows that day's year."""
        if day.year in self.years:
            return True
        try:
            chinese_calendar.is_holiday(day)
            return True
        except NotImplementedError:
            return False

    def holiday(self, day: dt.date) -> str | None:
        """The holiday a day is part of (the package's name), else None; None too if unknown."""
        if day.year in self.years:
            return self.years[day.year].holidays.get(day)
        if not self.covers(day):
            return None
        on_holiday, name = chinese_calendar.get_holiday_detail(day)  # (True, None) on a plain weekend
        return str(getattr(name, "value", name)) if on_holiday and name else None

    def is_makeup_workday(self, day: dt.date) -> bool:
        """Whether a weekend day is worked instead of a holiday (调休上班)."""
        if day.year in self.years:
            return day in self.years[day.year].workdays
        return self.covers(day) and day.weekday() >= 5 and chinese_calendar.is_workday(day)

    def uncovered_days(self, today: dt.date, days: int = LOOKAHEAD_DAYS) -> list[dt.date]:
        """The days from today on, within ``days``, that no source knows the schedule of."""
        return [d for d in (today + dt.timedelta(n) for n in range(days)) if not self.covers(d)]


def calendar() -> Calendar:
    """The calendar of the bureau's file (read once) and the package."""
    return Calendar.from_file()


def coverage_warning(today: dt.date, cal: Calendar | None = None) -> str | None:
    """A warning for staff when the next ``LOOKAHEAD_DAYS`` are not all known, else None."""
    missing = (cal or calendar()).uncovered_days(today)
    if not missing:
        return None
    return (f"注意：{missing[0].year} 年的法定节假日和调休安排还没有录入（从 {missing[0]} 起未知）。"
            f"国务院公布后，请把它加入 data/holidays.yml；在此之前机器人只按周末判断是否办公。")


def log_coverage(today: dt.date) -> None:
    """Log the coverage warning, if any (the action server calls this at start-up)."""
    warning = coverage_warning(today)
    if warning:
        logger.warning(warning)
