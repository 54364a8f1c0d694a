"""Timeline events (model in app.models.timeline): who sees, adds and deletes which. No Flask.

A partner analyst sees and manages their own partner's events and sees the partnership-wide
ones; partnership analysts and administrators see and manage them all.
"""

from datetime import UTC, date, datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from app.explore.curation import Invalid, tidy
from app.explore.scope import OutOfScope
from app.extensions import db
from app.models import Partner, TimelineEvent
from app.models.timeline import TITLE_MAX
from app.models.user import User

MAX_EVENTS = 500
EARLIEST = date(2000, 1, 1)


def _visible(user: User, partners: tuple[str, ...] = ()) -> Select:
    if user is None or not user.is_active:
        raise OutOfScope("no user")
    stmt = select(TimelineEvent).options(joinedload(TimelineEvent.partner))
    if not user.sees_all_partners:
        return stmt.where(
            or_(TimelineEvent.partner_id == user.partner_id, TimelineEvent.partner_id.is_(None))
        )
    if partners:
        ids = select(Partner.id).where(Partner.slug.in_(partners))
        stmt = stmt.where(
            or_(TimelineEvent.partner_id.in_(ids), TimelineEvent.partner_id.is_(None))
        )
    return stmt


def events_for(
    user: User, partners: tuple[str, ...] = (), start: date | None = None, end: date | None = None
) -> list[TimelineEvent]:
    """The events a user may see (of `partners` and partnership-wide, when given), by date."""
    stmt = _visible(user, partners)
    if start:
        stmt = stmt.where(TimelineEvent.happened_on >= start)
    if end:
        stmt = stmt.where(TimelineEvent.happened_on <= end)
    stmt = stmt.order_by(TimelineEvent.happened_on, TimelineEvent.id).limit(MAX_EVENTS)
    return list(db.session.execute(stmt).scalars())


def event_for(user: User, event_id: int) -> TimelineEvent:
    """One event the user may see, or OutOfScope."""
    found = (
        db.session.execute(_visible(user).where(TimelineEvent.id == event_id)).scalars().first()
        if 0 < event_id < 2**31
        else None
    )
    if found is None:
        raise OutOfScope("no such event here")
    return found


def can_manage(user: User, event: TimelineEvent) -> bool:
    return user.sees_all_partners or event.partner_id == user.partner_id


def _day(raw: str | None, today: date) -> date:
    raw = (raw or "").strip()
    if not raw:
        raise Invalid("day", "missing")
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise Invalid("day", "not_a_date")
    if not EARLIEST <= day <= date(today.year + 1, 12, 31):
        raise Invalid("day", "out_of_range")
    return day


def add_event(
    user: User, day: str | None, title_cy: str | None, title_en: str | None, partner: str | None,
    today: date,
) -> TimelineEvent:  # fmt: skip
    """Add an event; Invalid(field, code) names the first thing wrong."""
    if user is None or not user.is_active:
        raise OutOfScope("no user")
    happened_on = _day(day, today)
    cy, en = tidy(title_cy), tidy(title_en)
    if not cy and not en:
        raise Invalid("title_cy", "missing")
    for field, text in (("title_cy", cy), ("title_en", en)):
        if len(text) > TITLE_MAX:
            raise Invalid(field, "too_long")
    if not user.sees_all_partners:
        partner_id = user.partner_id
    elif partner:
        partner_id = db.session.execute(
            select(Partner.id).where(Partner.slug == partner)
        ).scalar_one_or_none()
        if partner_id is None:
            raise Invalid("partner", "unknown")
    else:
        partner_id = None
    event = TimelineEvent(
        partner_id=partner_id,
        happened_on=happened_on,
        title_cy=cy,
        title_en=en,
        created_by_id=user.id,
        created_at=datetime.now(UTC),
    )
    db.session.add(event)
    db.session.commit()
    return event


def delete_event(user: User, event_id: int) -> None:
    """Delete an event the user manages; any other id is OutOfScope (a 404)."""
    event = event_for(user, event_id)
    if not can_manage(user, event):
        raise OutOfScope("not this user's to delete")
    db.session.delete(event)
    db.session.commit()
