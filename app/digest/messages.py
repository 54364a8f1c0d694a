"""The translated messages for a period or a request that cannot make a digest."""

from flask_babel import lazy_gettext as _l

PERIOD_ERRORS = {
    "missing": _l("Choose a period, or enter a start date and an end date."),
    "bad_date": _l("Enter dates as year, month and day, for example 2026-03-31."),
    "reversed": _l("The start date must be on or before the end date."),
    "future": _l("The period starts in the future. Choose a period that has started."),
    "too_long": _l("A digest can cover five years at most. Choose a shorter period."),
    "bad_period": _l("Choose one of the periods in the list."),
    "bad_lang": _l("Choose Welsh, English or both."),
}
