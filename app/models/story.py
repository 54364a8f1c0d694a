"""A story and its answers. Positions are whole ten-thousandths, so a triad sums to exactly 1."""

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import text as sql_text  # `text` is also a column name here

from app.extensions import db

SCALE = 10_000  # positions are stored as integers 0..SCALE; proportion = value / SCALE
ANSWER_KINDS = ("triad", "dyad", "stone", "choice", "text")


class Story(db.Model):
    __tablename__ = "story"
    __table_args__ = (
        CheckConstraint("language IN ('cy', 'en')", name="language_known"),
        CheckConstraint("length(text) > 0", name="text_not_empty"),
        Index("ix_story_partner_received", "partner_id", "received_at"),
        # A word search (ILIKE '%words%') finds stories by their trigrams (migration 0008).
        *(
            Index(
                f"ix_story_{column}_trgm",
                column,
                postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"},
                info={"dialect": "postgresql"},  # see migrations/env.py
            ).ddl_if(dialect="postgresql")
            for column in ("text", "title")
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"))
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework_version.id"))
    language: Mapped[str] = mapped_column(String(2))
    prompt_id: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    is_proxy: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_quote: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # sha256 of the canonical submission: same client_id + same hash is a harmless resend.
    content_hash: Mapped[str] = mapped_column(String(64))

    partner = relationship("Partner")
    framework = relationship("FrameworkVersion")
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="Answer.id"
    )


class Answer(db.Model):
    """One answer; a stone item or a ticked multiple-choice option is a row of its own."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint(
            "story_id", "question_id", "item_id", name="uq_answer_story_question_item"
        ),
        CheckConstraint(f"kind IN {ANSWER_KINDS!r}", name="kind_known"),
        CheckConstraint(f"a IS NULL OR (a >= 0 AND a <= {SCALE})", name="a_in_range"),
        CheckConstraint(f"b IS NULL OR (b >= 0 AND b <= {SCALE})", name="b_in_range"),
        CheckConstraint(f"c IS NULL OR (c >= 0 AND c <= {SCALE})", name="c_in_range"),
        CheckConstraint(
            "NOT is_na OR (a IS NULL AND b IS NULL AND c IS NULL AND option_id IS NULL)",
            name="na_has_no_value",
        ),
        CheckConstraint(
            f"kind <> 'triad' OR is_na OR COALESCE(a + b + c, -1) = {SCALE}",
            name="triad_sums_to_one",
        ),
        CheckConstraint(
            "kind <> 'dyad' OR is_na OR (a IS NOT NULL AND b IS NULL AND c IS NULL)",
            name="dyad_has_position",
        ),
        CheckConstraint(
            "kind <> 'stone' OR is_na OR (a IS NOT NULL AND b IS NOT NULL AND c IS NULL)",
            name="stone_has_position",
        ),
        CheckConstraint("kind <> 'choice' OR option_id IS NOT NULL", name="choice_has_option"),
        CheckConstraint("kind <> 'text' OR text IS NOT NULL", name="text_has_text"),
        # An answer filter's stories, from the index alone; only choice answers write to it.
        Index(
            "ix_answer_choice",
            "question_id",
            "option_id",
            "story_id",
            postgresql_where=sql_text("kind = 'choice'"),
            sqlite_where=sql_text("kind = 'choice'"),
        ),
        # Covering index for the explorer's aggregates (migrations 0004, 0006): each chart
        # reads one kind of answer from the index alone instead of scanning every answer, and
        # story_id second lets a sample or a partner's stories be looked up by story.
        Index(
            "ix_answer_kind_story_cover",
            "kind",
            "story_id",
            "question_id",
            "is_na",
            "a",
            "b",
            "c",
            "item_id",
            "option_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # No index of its own: the unique (story_id, question_id, item_id) index leads with it.
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[str] = mapped_column(String(10))
    a: Mapped[int | None] = mapped_column(Integer)
    b: Mapped[int | None] = mapped_column(Integer)
    c: Mapped[int | None] = mapped_column(Integer)
    option_id: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(Text)
    is_na: Mapped[bool] = mapped_column(Boolean, default=False)

    story: Mapped[Story] = relationship(back_populates="answers")
