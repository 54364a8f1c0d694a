"""The meeting pack: the stories flagged as significant in a period, ready to print. No Flask.

The period is when the stories were flagged (what the team picked out since the last
meeting), not when they were told. Scoping is stories_for's, as everywhere.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.explore.filters import FLAGGED, BadFilter, Filters
from app.explore.scope import stories_for
from app.explore.stories import Drawn, story_detail
from app.extensions import db
from app.framework.loader import Framework
from app.models import Story, StoryFlag, StoryNote, StoryTag
from app.models.user import User

MAX_STORIES = 100  # a pack is for reading aloud in a meeting, not an export
DEFAULT_DAYS = 28


@dataclass(frozen=True)
class PackQuery:
    date_from: date
    date_to: date
    whose: str = "any"  # one of filters.FLAGGED
    partners: tuple[str, ...] = ()

    def args(self) -> dict:
        out = {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}
        if self.whose != "any":
            out["whose"] = self.whose
        return out


@dataclass
class PackItem:
    story: Story
    flags: list[StoryFlag] = field(default_factory=list)
    tags: list[StoryTag] = field(default_factory=list)
    notes: list[StoryNote] = field(default_factory=list)
    drawn: list[Drawn] = field(default_factory=list)


@dataclass
class MeetingPack:
    query: PackQuery
    items: list[PackItem]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.items)


def _date(raw: str | None, name: str) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if len(raw) != 10:
        raise BadFilter(name)
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise BadFilter(name) from error


def parse_pack(args, partner_slugs: set[str], today: date) -> PackQuery:
    """The pack's period (default: the last four weeks), whose flags, and partners."""
    date_to = _date(args.get("to"), "to") or today
    date_from = _date(args.get("from"), "from") or date_to - timedelta(days=DEFAULT_DAYS - 1)
    if date_from > date_to:
        date_from, date_to = date_to, date_from
    whose = (args.get("whose") or "any").strip()
    if whose not in FLAGGED:
        raise BadFilter("whose")
    partners = tuple(dict.fromkeys(s for s in args.getlist("partner") if s))
    if len(partners) > 50 or any(s not in partner_slugs for s in partners):
        raise BadFilter("partner")
    return PackQuery(date_from, date_to, whose, partners)


def meeting_pack(user: User, query: PackQuery, framework: Framework, lang: str) -> MeetingPack:
    utc = timezone.utc  # noqa: UP017
    start = datetime.combine(query.date_from, time.min, utc)
    end = datetime.combine(query.date_to + timedelta(days=1), time.min, utc)
    flagged = select(StoryFlag.story_id).where(
        StoryFlag.flagged_at >= start, StoryFlag.flagged_at < end
    )
    if query.whose != "any":
        flagged = flagged.where(StoryFlag.scope == query.whose)
    scoped = stories_for(user, Filters(partners=query.partners)).where(Story.id.in_(flagged))
    total = db.session.execute(
        scoped.with_only_columns(func.count(Story.id)).order_by(None)
    ).scalar_one()
    stories = list(
        db.session.execute(
            scoped.options(joinedload(Story.partner))
            .order_by(Story.received_at, Story.id)
            .limit(MAX_STORIES)
        ).scalars()
    )
    items = {s.id: PackItem(s) for s in stories}
    if items:
        ids = list(items)
        for model, attr, order in (
            (StoryFlag, "flags", StoryFlag.scope),
            (StoryTag, "tags", StoryTag.label),
            (StoryNote, "notes", StoryNote.created_at),
        ):
            for row in db.session.execute(
                select(model).where(model.story_id.in_(ids)).order_by(order)
            ).scalars():
                getattr(items[row.story_id], attr).append(row)
        for item in items.values():
            item.drawn = story_detail(user, item.story.id, framework, lang)[1]
    return MeetingPack(query, list(items.values()), total)
