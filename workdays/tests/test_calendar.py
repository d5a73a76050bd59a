"""Working days follow the State Council's schedules for 2025 and 2026."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from workdays.calendar import CalendarError, WorkingCalendar, calendar


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 1), False),  # New Year's Day, a Wednesday
        (date(2025, 1, 26), True),  # Sunday made a working day for the Spring Festival
        (date(2025, 1, 28), False),  # Spring Festival eve
        (date(2025, 2, 4), False),
        (date(2025, 2, 5), True),
        (date(2025, 2, 8), True),  # Saturday made a working day
        (date(2025, 10, 8), False),
        (date(2025, 10, 11), True),
        (date(2026, 1, 4), True),
        (date(2026, 2, 23), False),
        (date(2026, 2, 28), True),
        (date(2026, 10, 10), True),
        (date(2026, 11, 25), True),  # an ordinary Wednesday
        (date(2026, 11, 28), False),  # an ordinary Saturday
    ],
)
def test_official_working_days(day, working):
    assert calendar().is_working_day(day) is working


def test_adding_working_days_skips_the_golden_week():
    assert calendar().add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert calendar().add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)  # a make-up Sunday
    assert calendar().add_working_days(date(2026, 11, 25), 7) == date(2026, 12, 4)


def test_counting_working_days_between_dates():
    assert calendar().working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2  # 14th (make-up) and 24th
    assert calendar().working_days_between(date(2026, 2, 24), date(2026, 2, 13)) == -2
    assert calendar().working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0


def test_years_without_a_schedule_are_refused_not_guessed():
    with pytest.raises(CalendarError, match="no official holiday schedule for 2027"):
        calendar().is_working_day(date(2027, 1, 4))
    with pytest.raises(CalendarError, match="2027"):
        calendar().add_working_days(date(2026, 12, 30), 5)


def test_a_make_up_day_on_a_weekday_is_refused(tmp_path: Path):
    from workdays.calendar import PATH

    broken = tmp_path / "calendar.yaml"
    broken.write_text(
        PATH.read_text(encoding="utf-8").replace("{date: 2026-10-10, for: 国庆节}", "{date: 2026-10-12, for: 国庆节}"),
        encoding="utf-8",
    )
    with pytest.raises(CalendarError, match="2026-10-12 is not a weekend day"):
        WorkingCalendar.from_file(broken)
