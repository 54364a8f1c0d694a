"""Flags, tags and private notes on a story (models in app.models.curation). No Flask here.

Every function takes the signed-in user and a story id and goes through scope.story_for, so
a story outside the user's scope is OutOfScope (a 404) for reading and for writing alike.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from app.explore.scope import story_for
from app.extensions import db
from app.models import StoryFlag, StoryNote, StoryTag
from app.models.curation import NOTE_MAX, REASON_MAX, TAG_MAX, scope_of
from app.models.user import ADMIN, User


class Invalid(ValueError):
    """Input that cannot be saved; `code` names the message the view shows."""

    def __init__(self, field: str, code: str):
        super().__init__(code)
        self.field, self.code = field, code


@dataclass
class Curation:
    """What analysts added to one story, for its page."""

    flags: list[StoryFlag]
    tags: list[StoryTag]
    notes: list[StoryNote]
    my_scope: str

    @property
    def my_flag(self) -> StoryFlag | None:
        return next((f for f in self.flags if f.scope == self.my_scope), None)


def tidy(text: str | None) -> str:
    """Whitespace collapsed: a tag is one line."""
    return " ".join((text or "").split())


def _now() -> datetime:
    return datetime.now(UTC)


def curation_of(user: User, story_id: int) -> Curation:
    story = story_for(user, story_id)
    flags = db.session.execute(
        select(StoryFlag).where(StoryFlag.story_id == story.id).order_by(StoryFlag.scope)
    ).scalars()
    tags = db.session.execute(
        select(StoryTag)
        .where(StoryTag.story_id == story.id)
        .order_by(StoryTag.scope, StoryTag.label)
    ).scalars()
    notes = db.session.execute(
        select(StoryNote)
        .where(StoryNote.story_id == story.id)
        .order_by(StoryNote.created_at, StoryNote.id)
    ).scalars()
    return Curation(list(flags), list(tags), list(notes), scope_of(user))


def flag(user: User, story_id: int, reason: str | None = None) -> StoryFlag:
    """Flag the story as significant for the user's team (or update the reason)."""
    story = story_for(user, story_id)
    reason = tidy(reason)
    if len(reason) > REASON_MAX:
        raise Invalid("reason", "too_long")
    scope = scope_of(user)
    existing = db.session.execute(
        select(StoryFlag).where(StoryFlag.story_id == story.id, StoryFlag.scope == scope)
    ).scalar_one_or_none()
    if existing is None:
        existing = StoryFlag(
            story_id=story.id, scope=scope, flagged_by_id=user.id, flagged_at=_now()
        )
        db.session.add(existing)
    existing.reason = reason or None
    _commit_or_ignore()
    return existing


def unflag(user: User, story_id: int) -> None:
    story = story_for(user, story_id)
    db.session.execute(
        delete(StoryFlag).where(StoryFlag.story_id == story.id, StoryFlag.scope == scope_of(user))
    )
    db.session.commit()


def add_tag(user: User, story_id: int, raw: str | None) -> StoryTag | None:
    """Add a tag for the user's team; the same label again (in any case) is a no-op."""
    story = story_for(user, story_id)
    label = tidy(raw)
    if not label:
        raise Invalid("tag", "missing")
    if len(label) > TAG_MAX:
        raise Invalid("tag", "too_long")
    scope = scope_of(user)
    same = db.session.execute(
        select(StoryTag).where(
            StoryTag.story_id == story.id,
            StoryTag.scope == scope,
            func.lower(StoryTag.label) == label.lower(),
        )
    ).scalar_one_or_none()
    if same is not None:
        return same
    tag = StoryTag(
        story_id=story.id, scope=scope, label=label, created_by_id=user.id, created_at=_now()
    )
    db.session.add(tag)
    _commit_or_ignore()
    return tag


def _row_id(value: int) -> bool:
    return 0 < value < 2**31  # beyond a database integer: nothing to find


def remove_tag(user: User, story_id: int, tag_id: int) -> None:
    """Remove one of the user's team's tags; anything else is quietly nothing."""
    story = story_for(user, story_id)
    if not _row_id(tag_id):
        return
    db.session.execute(
        delete(StoryTag).where(
            StoryTag.id == tag_id, StoryTag.story_id == story.id, StoryTag.scope == scope_of(user)
        )
    )
    db.session.commit()


def add_note(user: User, story_id: int, raw: str | None) -> StoryNote:
    story = story_for(user, story_id)
    body = (raw or "").strip().replace("\r\n", "\n")
    if not body:
        raise Invalid("note", "missing")
    if len(body) > NOTE_MAX:
        raise Invalid("note", "too_long")
    note = StoryNote(
        story_id=story.id, scope=scope_of(user), author_id=user.id, body=body, created_at=_now()
    )
    db.session.add(note)
    db.session.commit()
    return note


def delete_note(user: User, story_id: int, note_id: int) -> None:
    """A note is deleted by its author (or an administrator); anyone else changes nothing."""
    story = story_for(user, story_id)
    if not _row_id(note_id):
        return
    stmt = delete(StoryNote).where(StoryNote.id == note_id, StoryNote.story_id == story.id)
    if user.role != ADMIN:
        stmt = stmt.where(StoryNote.author_id == user.id)
    db.session.execute(stmt)
    db.session.commit()


def tags_of(story_ids: list[int]) -> dict[int, list[str]]:
    """Tag labels per story (any scope), for lists that already hold scoped stories.

    A label both teams used (in any case) is listed once: it links to the same filter.
    """
    out: dict[int, list[str]] = {}
    if not story_ids:
        return out
    seen: set[tuple[int, str]] = set()
    for sid, label in db.session.execute(
        select(StoryTag.story_id, StoryTag.label)
        .where(StoryTag.story_id.in_(story_ids))
        .order_by(StoryTag.label, StoryTag.id)
    ):
        if (sid, label.casefold()) not in seen:
            seen.add((sid, label.casefold()))
            out.setdefault(sid, []).append(label)
    return out


def flagged_ids(story_ids: list[int]) -> set[int]:
    if not story_ids:
        return set()
    return set(
        db.session.execute(
            select(StoryFlag.story_id).where(StoryFlag.story_id.in_(story_ids))
        ).scalars()
    )


def _commit_or_ignore() -> None:
    # Two analysts pressing "flag" at the same moment: the unique constraint keeps one row.
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
