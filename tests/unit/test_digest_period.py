"""Digest periods: named periods, checks, the previous period of the same length."""

from datetime import date

import pytest

from app.digest.period import Period, PeriodError, checked, named, parse_date

TODAY = date(2026, 5, 14)  # a Thursday


@pytest.mark.parametrize(
    "name, start, end",
    [
        ("last-week", date(2026, 5, 4), date(2026, 5, 10)),
        ("last-month", date(2026, 4, 1), date(2026, 4, 30)),
        ("this-month", date(2026, 5, 1), TODAY),
        ("last-quarter", date(2026, 1, 1), date(2026, 3, 31)),
    ],
)
def test_named_periods(name, start, end):
    assert named(name, TODAY) == Period(start, end)


def test_last_quarter_and_month_in_january():
    assert named("last-quarter", date(2026, 1, 5)) == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert named("last-month", date(2026, 1, 5)) == Period(date(2025, 12, 1), date(2025, 12, 31))


def test_previous_period_has_the_same_length():
    p = Period(date(2026, 3, 1), date(2026, 3, 31))
    assert p.previous() == Period(date(2026, 1, 29), date(2026, 2, 28))
    assert p.previous().days == p.days == 31


@pytest.mark.parametrize(
    "start, end, code",
    [
        (None, date(2026, 1, 1), "missing"),
        (date(2026, 3, 2), date(2026, 3, 1), "reversed"),
        (date(2026, 6, 1), date(2026, 6, 30), "future"),
        (date(2010, 1, 1), date(2026, 1, 1), "too_long"),
    ],
)
def test_bad_periods_say_why(start, end, code):
    with pytest.raises(PeriodError) as error:
        checked(start, end, TODAY)
    assert error.value.code == code


def test_an_end_in_the_future_stops_today():
    assert checked(date(2026, 5, 1), date(2026, 5, 31), TODAY) == Period(date(2026, 5, 1), TODAY)


@pytest.mark.parametrize("raw", ["2026-13-01", "yesterday", "2026-1-1", "2026-02-30 "])
def test_bad_dates(raw):
    with pytest.raises(PeriodError):
        parse_date(raw)


def test_unknown_named_period():
    with pytest.raises(PeriodError):
        named("next-year", TODAY)
