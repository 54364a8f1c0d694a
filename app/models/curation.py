"""What analysts add to a story: a "significant" flag, tags and private notes.

Stable names (the PDF digests use them; do not rename):

    StoryFlag  table story_flag
        id, story_id -> story.id (ON DELETE CASCADE), scope ("partner" | "partnership"),
        flagged_by_id -> user_account.id (ON DELETE SET NULL), flagged_at (UTC), reason (text
        or NULL). Unique (story_id, scope): at most one flag per story per scope.
    StoryTag   table story_tag
        id, story_id, scope, label (<= 60 chars, whitespace collapsed), created_by_id,
        created_at. Unique (story_id, scope, label).
    StoryNote  table story_note
        id, story_id, scope, author_id, body (<= 4,000 chars), created_at.

`scope` says whose it is: "partner" when made by an analyst of the story's own partner,
"partnership" when made by a partnership analyst or an administrator. A story belongs to one
partner, so (story, scope) names exactly one team.

Who sees what: everyone who may see the story (scope.stories_for) sees all of its flags, tags
and notes, each marked with its scope; nobody else ever does. "Private" notes are private to
the analysts of that story: never in exports, digests or anything public. A story counts as
"flagged as significant" when it has a flag in any scope; `flagged_story_ids(scope)` narrows
to one team's flags when that matters (a partner's own meeting pack).
"""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Select,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

PARTNER_SCOPE = "partner"
PARTNERSHIP_SCOPE = "partnership"
SCOPES = (PARTNER_SCOPE, PARTNERSHIP_SCOPE)
TAG_MAX = 60
NOTE_MAX = 4_000
REASON_MAX = 300

_SCOPE_CHECK = f"scope IN {SCOPES!r}"


def _story_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("story.id", ondelete="CASCADE"))


def _user_fk() -> Mapped[int | None]:
    # The flag or note outlives its author's account; only the name goes.
    return mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class StoryFlag(db.Model):
    """A story flagged as significant by one team (see the module docstring)."""

    __tablename__ = "story_flag"
    __table_args__ = (
        UniqueConstraint("story_id", "scope", name="uq_story_flag_story_scope"),
        CheckConstraint(_SCOPE_CHECK, name="scope_known"),
        Index("ix_story_flag_flagged_at", "flagged_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = _story_fk()
    scope: Mapped[str] = mapped_column(String(12))
    flagged_by_id: Mapped[int | None] = _user_fk()
    flagged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(String(REASON_MAX))

    flagged_by = relationship("User")


class StoryTag(db.Model):
    """A free-text tag on a story, kept by one team."""

    __tablename__ = "story_tag"
    __table_args__ = (
        UniqueConstraint("story_id", "scope", "label", name="uq_story_tag_story_scope_label"),
        CheckConstraint(_SCOPE_CHECK, name="scope_known"),
        CheckConstraint("length(label) > 0", name="label_not_empty"),
        Index("ix_story_tag_label", "label"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = _story_fk()
    scope: Mapped[str] = mapped_column(String(12))
    label: Mapped[str] = mapped_column(String(TAG_MAX))
    created_by_id: Mapped[int | None] = _user_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StoryNote(db.Model):
    """A private note on a story, read by the analysts who may see the story."""

    __tablename__ = "story_note"
    __table_args__ = (
        CheckConstraint(_SCOPE_CHECK, name="scope_known"),
        CheckConstraint("length(body) > 0", name="body_not_empty"),
        Index("ix_story_note_story", "story_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = _story_fk()
    scope: Mapped[str] = mapped_column(String(12))
    author_id: Mapped[int | None] = _user_fk()
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    author = relationship("User")


def scope_of(user) -> str:
    """The team a user adds flags, tags and notes for."""
    return PARTNERSHIP_SCOPE if user.sees_all_partners else PARTNER_SCOPE


def flagged_story_ids(scope: str | None = None) -> Select:
    """select(StoryFlag.story_id), of one scope or (None) of any: `Story.id.in_(...)`."""
    stmt = select(StoryFlag.story_id)
    return stmt.where(StoryFlag.scope == scope) if scope else stmt
