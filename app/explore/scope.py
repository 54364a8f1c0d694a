"""The one place that decides which stories a user may see. Every explorer query starts here.

A partner analyst sees only their partner's stories; a partnership analyst and an
administrator see every partner's. Asking for anything outside that is OutOfScope, which the
views turn into a 404 (never a 403: the answer must not say that the thing exists).
"""

from datetime import datetime, time, timedelta, timezone

from sqlalchemy import Select, and_, exists, func, or_, select

from app.explore.filters import NO_FILTERS, Filters
from app.explore.sql import dyad_bin_sql, zone_sql
from app.extensions import db
from app.models import Answer, FrameworkVersion, Partner, Story
from app.models.curation import StoryTag, flagged_story_ids
from app.models.user import User


class OutOfScope(LookupError):
    """Something this user may not see; shown as 404."""


def _like(words: str) -> str:
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _answer_exists(*conditions) -> exists:
    return exists().where(Answer.story_id == Story.id, *conditions)


def stories_for(user: User | None, filters: Filters = NO_FILTERS) -> Select:
    """select(Story) narrowed to what `user` may see, then to `filters`."""
    if user is None or not user.is_active:
        raise OutOfScope("no user")
    stmt = select(Story)
    if user.sees_all_partners:
        if filters.partners:
            stmt = stmt.where(
                Story.partner_id.in_(select(Partner.id).where(Partner.slug.in_(filters.partners)))
            )
    else:
        if user.partner_id is None:
            raise OutOfScope("a partner analyst without a partner")
        if filters.partners and filters.partners != (user.partner.slug,):
            raise OutOfScope("another partner")
        stmt = stmt.where(Story.partner_id == user.partner_id)
    return stmt.where(*_conditions(filters))


def _conditions(f: Filters) -> list:
    out = []
    utc = timezone.utc  # noqa: UP017 - explicit for readers of the SQL
    if f.date_from:
        out.append(Story.received_at >= datetime.combine(f.date_from, time.min, utc))
    if f.date_to:
        end = datetime.combine(f.date_to + timedelta(days=1), time.min, utc)
        out.append(Story.received_at < end)
    if f.teller:
        out.append(Story.is_proxy.is_(f.teller == "proxy"))
    if f.told_in:
        out.append(Story.language == f.told_in)
    if f.version is not None:
        out.append(
            Story.framework_id.in_(
                select(FrameworkVersion.id).where(FrameworkVersion.version == f.version)
            )
        )
    if f.words:
        pattern = _like(f.words)
        out.append(
            or_(Story.text.ilike(pattern, escape="\\"), Story.title.ilike(pattern, escape="\\"))
        )
    if f.prompts:
        out.append(Story.prompt_id.in_(f.prompts))
    by_question: dict[str, list[str]] = {}
    for qid, option in f.answers:
        by_question.setdefault(qid, []).append(option)
    for qid, options in by_question.items():  # any of a question's options; all questions
        out.append(
            _answer_exists(
                Answer.question_id == qid, Answer.kind == "choice", Answer.option_id.in_(options)
            )
        )
    if f.zone:
        qid, zone = f.zone
        out.append(
            _answer_exists(
                Answer.question_id == qid,
                Answer.kind == "triad",
                Answer.is_na.is_(False),
                zone_sql() == zone,
            )
        )
    if f.dyad_bin:
        qid, number = f.dyad_bin
        out.append(
            _answer_exists(
                Answer.question_id == qid,
                Answer.kind == "dyad",
                Answer.is_na.is_(False),
                dyad_bin_sql() == number,
            )
        )
    if f.flagged:
        out.append(Story.id.in_(flagged_story_ids(None if f.flagged == "any" else f.flagged)))
    if f.tag:
        tagged = select(StoryTag.story_id).where(func.lower(StoryTag.label) == f.tag.lower())
        out.append(Story.id.in_(tagged))
    return [and_(*out)] if out else []


def story_for(user: User | None, story_id: int) -> Story:
    """One story the user may see, or OutOfScope."""
    story = (
        db.session.execute(stories_for(user).where(Story.id == story_id)).scalars().first()
        if 0 < story_id < 2**31
        else None
    )
    if story is None:
        raise OutOfScope("no such story here")
    return story


def partners_for(user: User | None) -> list[Partner]:
    """The partners a user may filter by: all for the partnership, their own otherwise."""
    if user is None or not user.is_active:
        raise OutOfScope("no user")
    stmt = select(Partner).order_by(Partner.slug)
    if not user.sees_all_partners:
        stmt = stmt.where(Partner.id == user.partner_id)
    return list(db.session.execute(stmt).scalars())


def framework_versions(slug: str) -> list[int]:
    return list(
        db.session.execute(
            select(FrameworkVersion.version)
            .where(FrameworkVersion.slug == slug)
            .order_by(FrameworkVersion.version)
        ).scalars()
    )


def partner_slugs() -> set[str]:
    return set(db.session.execute(select(Partner.slug)).scalars())
