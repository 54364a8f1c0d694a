"""The administrator's pages in the explorer: accounts and partners. Administrators only.

Anyone else gets the explorer's answer for what they may not see: a 404 (never a 403), and
signed-out visitors are sent to sign in, like every other explorer page.
"""

import re
from datetime import UTC
from functools import wraps
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint, abort
from flask_babel import gettext
from flask_login import current_user, login_required
from markupsafe import Markup

from app.models.user import ADMIN
from app.problems import Refused

bp = Blueprint("admin", __name__)

try:
    WALES = ZoneInfo("Europe/London")
except ZoneInfoNotFoundError:  # a system without time zone data: UTC, said on the page
    WALES = None


def admin_only(view):
    """login_required, then 404 for anyone who is not an active administrator."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if current_user.role != ADMIN:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def field_errors(error: Refused) -> dict[str, list[str]]:
    """A service's refusal (and the others found with it) as {field: [messages]} to show."""
    out: dict[str, list[str]] = {}
    for refused in error.all():
        out.setdefault(refused.field, []).append(refused.translated(gettext))
    return out


@bp.app_template_filter("wales_time")
def wales_time(moment) -> str:
    """A UTC time as people in Wales read it: 17/03/2026 14:05 (UTC if the zone is unknown)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite hands back naive UTC datetimes
        moment = moment.replace(tzinfo=UTC)
    if WALES is None:
        return moment.strftime("%d/%m/%Y %H:%M UTC")
    return moment.astimezone(WALES).strftime("%d/%m/%Y %H:%M")


@bp.app_template_filter("breakable")
def breakable(email: str) -> Markup:
    """An email address that may wrap after its @ and dots (on a phone), never mid-word."""
    return Markup("<wbr>").join(re.split(r"(?<=[@.])", email))


from app.admin import partner_views, user_views  # noqa: E402, F401
