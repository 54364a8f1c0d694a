"""The numbers behind a digest, from SQL aggregates over stories_for(user, filters).

No Flask here. Scoping is the explorer's (app.explore.scope): a partner analyst asking for
another partner's digest gets OutOfScope. Aggregates are the explorer's (app.explore.aggregate,
read through app.explore.rollup_read, so complete months come from their roll-up), so a digest
and the explorer always agree. A digest holds summaries and at most MAX_QUOTES stories,
whatever the number of stories.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from sqlalchemy import Select, and_, case, func, select

from app.digest.period import Period
from app.explore import rollup_read
from app.explore.concurrent import gather
from app.explore.filters import Filters
from app.explore.scope import OutOfScope, stories_for
from app.extensions import db
from app.models import Answer, Partner, Story, StoryFlag, TimelineEvent
from app.models.curation import flagged_story_ids
from app.models.user import ADMIN, User

MIN_STORIES = 10  # a period with fewer stories gets no charts: they could identify people
SMALL = 5  # any breakdown cell with fewer stories shows "<5"
MAX_QUOTES = 8
MAX_EVENTS = 30


@dataclass(frozen=True)
class Scope:
    """One partner, or the whole partnership (partner None)."""

    partner: Partner | None

    @property
    def slug(self) -> str:
        return self.partner.slug if self.partner else "all"

    def name(self, lang: str) -> str | None:
        return self.partner.name(lang) if self.partner else None


@dataclass
class Quote:
    id: int
    title: str
    text: str
    language: str
    received: date
    partner: str  # slug
    triads: dict[str, tuple[int, int, int] | None] = field(default_factory=dict)  # None = N/A
    dyads: dict[str, int | None] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Event:
    day: date
    title_cy: str
    title_en: str
    partner: str | None  # slug; None = partnership-wide


@dataclass
class PartnerRow:
    partner: Partner
    stories: int = 0
    previous: int = 0
    welsh: int = 0
    dyads: dict[str, tuple[int, int]] = field(default_factory=dict)  # question: (placed, sum a)


@dataclass
class DigestData:
    scope: Scope
    period: Period
    total: int
    previous_total: int
    welsh: int = 0
    proxy: int = 0
    consent: int = 0
    partners_with_stories: int = 0
    partners_total: int = 0
    triads: dict = field(default_factory=dict)
    dyads: dict = field(default_factory=dict)
    choices: dict = field(default_factory=dict)
    prompts: dict = field(default_factory=dict)
    stones: dict = field(default_factory=dict)
    weeks: dict = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    partners: list[PartnerRow] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.total >= MIN_STORIES


def system_user() -> User:
    """The CLI's principal: sees every partner, like an administrator. Never stored."""
    return User(role=ADMIN, active=True, email="cli@localhost", session_token="")


def resolve_scope(user: User | None, partner_slug: str | None) -> Scope:
    """The partner asked for (or the user's own, or all); OutOfScope when not theirs."""
    if user is None or not user.is_active:
        raise OutOfScope("no user")
    if partner_slug:
        partner = db.session.execute(
            select(Partner).where(Partner.slug == partner_slug)
        ).scalar_one_or_none()
        if partner is None or (not user.sees_all_partners and partner.id != user.partner_id):
            raise OutOfScope("partner")
        return Scope(partner)
    if user.sees_all_partners:
        return Scope(None)
    return Scope(db.session.get(Partner, user.partner_id))


def _filters(scope: Scope, period: Period) -> Filters:
    partners = (scope.partner.slug,) if scope.partner else ()
    return Filters(date_from=period.start, date_to=period.end, partners=partners)


def scoped(user: User, scope: Scope, period: Period) -> Select:
    return stories_for(user, _filters(scope, period))


def fingerprint(user: User, scope: Scope, period: Period) -> str:
    """Changes whenever a story in the period (or the one before) arrives or goes, a story is
    flagged, an event is added or removed, or a partner shown is renamed."""
    parts = []
    for p in (period, period.previous()):
        row = db.session.execute(
            scoped(user, scope, p)
            .with_only_columns(
                func.count(Story.id), func.max(Story.received_at), func.max(Story.id)
            )
            .order_by(None)
        ).one()
        parts.append(f"{row[0]}:{row[1].isoformat() if row[1] else '-'}:{row[2] or 0}")
    ids = scoped(user, scope, period).with_only_columns(Story.id).order_by(None)
    flags = db.session.execute(
        select(func.count(StoryFlag.id), func.max(StoryFlag.id)).where(StoryFlag.story_id.in_(ids))
    ).one()
    events = db.session.execute(
        _events(scope, period).with_only_columns(
            func.count(TimelineEvent.id), func.max(TimelineEvent.id)
        )
    ).one()
    parts += [f"flags:{flags[0]}:{flags[1] or 0}", f"events:{events[0]}:{events[1] or 0}"]
    # The names printed: an administrator may rename a partner or change its sector.
    partners = select(Partner.slug, Partner.name_cy, Partner.name_en, Partner.sector)
    if scope.partner is not None:
        partners = partners.where(Partner.id == scope.partner.id)
    named = json.dumps([list(row) for row in db.session.execute(partners.order_by(Partner.id))])
    parts.append("partners:" + hashlib.sha256(named.encode("utf-8")).hexdigest()[:16])
    return "|".join(parts)


def _events(scope: Scope, period: Period) -> Select:
    """Timeline events in the period: the partner's and the partnership-wide ones (or all)."""
    stmt = select(TimelineEvent).where(
        TimelineEvent.happened_on >= period.start, TimelineEvent.happened_on <= period.end
    )
    if scope.partner is not None:
        stmt = stmt.where(
            (TimelineEvent.partner_id.is_(None)) | (TimelineEvent.partner_id == scope.partner.id)
        )
    return stmt


def _one_if(condition):
    return case((condition, 1), else_=0)


def _counts(stmt: Select) -> tuple[int, int, int, int]:
    row = db.session.execute(
        stmt.with_only_columns(
            func.count(Story.id),
            func.coalesce(func.sum(_one_if(Story.language == "cy")), 0),
            func.coalesce(func.sum(_one_if(Story.is_proxy.is_(True))), 0),
            func.coalesce(func.sum(_one_if(Story.consent_quote.is_(True))), 0),
        ).order_by(None)
    ).one()
    return tuple(int(v or 0) for v in row)  # type: ignore[return-value]


def _quotes(stmt: Select) -> list[Quote]:
    # Only stories an analyst flagged as significant (in any team) AND whose teller agreed:
    # a flag means someone read the story and judged it worth sharing.
    stories = list(
        db.session.execute(
            stmt.where(Story.consent_quote.is_(True), Story.id.in_(flagged_story_ids()))
            .order_by(None)
            .order_by(Story.received_at.desc(), Story.id.desc())
            .limit(MAX_QUOTES)
        ).scalars()
    )
    if not stories:
        return []
    slugs = dict(db.session.execute(select(Partner.id, Partner.slug)).all())
    quotes = {
        s.id: Quote(
            s.id, s.title or "", s.text, s.language, s.received_at.date(), slugs[s.partner_id]
        )
        for s in stories
    }
    for a in db.session.execute(
        select(Answer).where(
            Answer.story_id.in_(list(quotes)), Answer.kind.in_(("triad", "dyad", "choice"))
        )
    ).scalars():
        q = quotes[a.story_id]
        if a.kind == "triad":
            q.triads[a.question_id] = None if a.is_na else (a.a, a.b, a.c)
        elif a.kind == "dyad":
            q.dyads[a.question_id] = None if a.is_na else a.a
        else:
            q.choices.setdefault(a.question_id, []).append(a.option_id)
    return [quotes[s.id] for s in stories]


def _partner_rows(user: User, period: Period) -> list[PartnerRow]:
    rows = {
        p.id: PartnerRow(p)
        for p in db.session.execute(select(Partner).order_by(Partner.slug)).scalars()
    }
    all_scope = Scope(None)
    for p, attr in ((period, "stories"), (period.previous(), "previous")):
        stmt = scoped(user, all_scope, p)
        for pid, n, welsh in db.session.execute(
            stmt.with_only_columns(
                Story.partner_id,
                func.count(Story.id),
                func.coalesce(func.sum(_one_if(Story.language == "cy")), 0),
            )
            .order_by(None)
            .group_by(Story.partner_id)
        ):
            setattr(rows[pid], attr, n)
            if attr == "stories":
                rows[pid].welsh = int(welsh)
    ids = scoped(user, all_scope, period).with_only_columns(Story.id, Story.partner_id)
    sub = ids.order_by(None).subquery()
    for pid, qid, n, total in db.session.execute(
        select(sub.c.partner_id, Answer.question_id, func.count(), func.sum(Answer.a))
        .join(sub, and_(Answer.story_id == sub.c.id))
        .where(Answer.kind == "dyad", Answer.is_na.is_(False))
        .group_by(sub.c.partner_id, Answer.question_id)
    ):
        rows[pid].dyads[qid] = (n, int(total or 0))
    return list(rows.values())


def collect(user: User, scope: Scope, period: Period) -> DigestData:
    """Every number a digest shows, in a fixed number of queries."""
    stmt = scoped(user, scope, period)
    total, welsh, proxy, consent = _counts(stmt)
    previous_total = _counts(scoped(user, scope, period.previous()))[0]
    data = DigestData(scope, period, total, previous_total, welsh, proxy, consent)
    if not data.enough:
        return data  # no breakdowns at all: they would identify people
    # A period's complete months come from their roll-up (built on the way if need be).
    parts = rollup_read.split(stmt, _filters(scope, period))
    found = gather(  # independent queries, side by side; the slowest first
        {
            "stones": partial(rollup_read.stones, parts),
            "triads": partial(rollup_read.triads, parts, points=False),  # print draws zones
            "choices": partial(rollup_read.choices, parts),
            "dyads": partial(rollup_read.dyads, parts),
            "calendar": partial(rollup_read.calendar, parts),  # weeks and prompts
        }
    )
    data.triads, data.dyads, data.choices = found["triads"], found["dyads"], found["choices"]
    data.stones = found["stones"]
    data.weeks, data.prompts = found["calendar"]
    data.quotes = _quotes(stmt)
    slugs = dict(db.session.execute(select(Partner.id, Partner.slug)).all())
    data.events = [
        Event(e.happened_on, e.title_cy or "", e.title_en or "", slugs.get(e.partner_id))
        for e in db.session.execute(
            _events(scope, period)
            .order_by(TimelineEvent.happened_on, TimelineEvent.id)
            .limit(MAX_EVENTS)
        ).scalars()
    ]
    if scope.partner is None:
        data.partners = _partner_rows(user, period)
        data.partners_total = len(data.partners)
        data.partners_with_stories = sum(1 for r in data.partners if r.stories)
    return data
