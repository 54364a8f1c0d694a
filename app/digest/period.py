"""The period a digest covers: a date range (inclusive), named periods for cron, checks.

Pure: `today` is always passed in, so tests and the CLI agree on what "last month" is.
"""

from dataclasses import dataclass
from datetime import date, timedelta

MAX_DAYS = 5 * 366  # five years: longer than any report period, short enough to stay fast
NAMED = ("last-week", "last-month", "last-quarter", "this-month")


class PeriodError(ValueError):
    """A period that cannot be made into a digest; `code` picks the translated message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same length just before this one."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    @property
    def slug(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def checked(start: date | None, end: date | None, today: date) -> Period:
    """A period from two dates: an end in the future becomes today; anything else wrong raises."""
    if start is None or end is None:
        raise PeriodError("missing")
    if start > end:
        raise PeriodError("reversed")
    if start > today:
        raise PeriodError("future")
    end = min(end, today)
    if (end - start).days + 1 > MAX_DAYS:
        raise PeriodError("too_long")
    return Period(start, end)


def parse_date(raw: str | None) -> date | None:
    """An ISO date (YYYY-MM-DD), None when empty; PeriodError('bad_date') otherwise."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if len(raw) != 10:
        raise PeriodError("bad_date")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise PeriodError("bad_date") from None


def _month_start(day: date) -> date:
    return day.replace(day=1)


def named(name: str, today: date) -> Period:
    """last-week (Monday to Sunday), last-month, last-quarter (calendar), this-month (to today)."""
    if name == "last-week":
        monday = today - timedelta(days=today.weekday() + 7)
        return Period(monday, monday + timedelta(days=6))
    if name == "last-month":
        end = _month_start(today) - timedelta(days=1)
        return Period(_month_start(end), end)
    if name == "this-month":
        return Period(_month_start(today), today)
    if name == "last-quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        end = today.replace(month=first_month, day=1) - timedelta(days=1)
        start = end.replace(month=3 * ((end.month - 1) // 3) + 1, day=1)
        return Period(start, end)
    raise PeriodError("bad_period")
