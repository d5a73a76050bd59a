"""Working days as Chinese officials count them: weekends, public holidays and
the make-up working days of the State Council's yearly schedule.

Years without an official schedule in workdays/data/calendar.yaml are refused
rather than guessed: a deadline computed from an unknown calendar is wrong.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

PATH = Path(__file__).resolve().parent / "data" / "calendar.yaml"


class CalendarError(ValueError):
    pass


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int
    document: str
    issued: date
    url: str
    note: str | None = None


class Holiday(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    name: str
    name_en: str
    start: date = Field(alias="from")
    end: date = Field(alias="to")


class MakeupWorkday(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    day: date = Field(alias="date")
    for_holiday: str = Field(alias="for")


class CalendarFile(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_: Literal["investbj.calendar/1"] = Field(alias="schema")
    version: str
    sources: list[Source]
    holidays: list[Holiday]
    makeup_workdays: list[MakeupWorkday]

    @model_validator(mode="after")
    def consistent(self) -> CalendarFile:
        years = {s.year for s in self.sources}
        for holiday in self.holidays:
            if holiday.end < holiday.start or {holiday.start.year, holiday.end.year} - years:
                raise ValueError(f"holiday {holiday.name} {holiday.start}–{holiday.end} is outside the years with a source")
        off = {d for h in self.holidays for d in _days(h.start, h.end)}
        for workday in self.makeup_workdays:
            if workday.day.weekday() < 5:
                raise ValueError(f"make-up working day {workday.day} is not a weekend day")
            if workday.day in off:
                raise ValueError(f"{workday.day} is both a holiday and a make-up working day")
        return self


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


class WorkingCalendar:
    def __init__(self, years: set[int], holidays: set[date], makeup_workdays: set[date]):
        self.years = years
        self.holidays = holidays
        self.makeup_workdays = makeup_workdays

    @classmethod
    def from_file(cls, path: Path = PATH) -> WorkingCalendar:
        try:
            data = CalendarFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError, ValidationError) as exc:
            raise CalendarError(f"{path}: {exc}") from exc
        holidays = {d for h in data.holidays for d in _days(h.start, h.end)}
        return cls({s.year for s in data.sources}, holidays, {w.day for w in data.makeup_workdays})

    def is_working_day(self, day: date) -> bool:
        if day.year not in self.years:
            raise CalendarError(
                f"no official holiday schedule for {day.year} in workdays/data/calendar.yaml; add the State Council's notice for that year"
            )
        if day in self.makeup_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, count: int) -> date:
        """The day `count` working days after `start` (start itself not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when end is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for day in _days(start + timedelta(days=1), end) if self.is_working_day(day)) if end > start else 0


@lru_cache(maxsize=1)
def calendar() -> WorkingCalendar:
    return WorkingCalendar.from_file()


def _weekday_step(day: date, step: int) -> date:
    day += timedelta(days=step)
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day


def overdue_cutoff(today: date) -> tuple[date, bool]:
    """Deadlines on or before this day have passed today; and whether the official calendar covered it.

    A deadline that falls on a public holiday or weekend runs to the next
    working day (民法典 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日
    结束的次日为期间的最后一日), so a deadline has passed only once a working
    day after it has ended: the cutoff is the last working day before today.
    Beyond the years with a published schedule, Monday–Friday stands in.
    """
    try:
        day = today - timedelta(days=1)
        while not calendar().is_working_day(day):
            day -= timedelta(days=1)
        return day, True
    except CalendarError:
        return _weekday_step(today, -1), False


def due_soon_horizon(today: date, working_days: int) -> tuple[date, bool]:
    """The last day that counts as due within `working_days` working days of today; and whether the official
    calendar covered it (beyond the published schedules Monday–Friday stands in)."""
    try:
        return calendar().add_working_days(today, working_days), True
    except CalendarError:
        day = today
        for _ in range(working_days):
            day = _weekday_step(day, 1)
        return day, False


def add_working_days(start: date, count: int) -> date:
    """The day `count` working days after `start`, by the official calendar where it is published."""
    return due_soon_horizon(start, count)[0]


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the next one (民法典 第二百零三条: a period
    ending on a statutory holiday ends on the day after the holiday)."""
    try:
        while not calendar().is_working_day(day):
            day += timedelta(days=1)
    except CalendarError:
        while day.weekday() >= 5:
            day += timedelta(days=1)
    return day
