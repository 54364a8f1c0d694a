"""Monthly roll-ups of the explorer's aggregates, per partner (see app/explore/rollup.py).

Why a month can be stored once and read many times: Story.received_at is set by the server
when a story arrives and the app never edits or deletes a story, so once a calendar month
(UTC) has ended no story can enter or leave it. The exceptions are demo data seeded into the
past (app/seed/demo.py) and imports; they are caught because a month row records how many
stories it was built from and the largest story id among them: a month is read from the
roll-up only while its live count still matches, and rebuilt when the count or the largest
id differ (app/explore/rollup.py).

    RollupMonth   table rollup_month   one row per (partner, complete month) rolled up
        partner_id, month (its first day), stories, max_story_id, built_at (UTC)
    RollupAnswer  table rollup_answer  answers grouped as the charts group them
        partner_id, month, kind, question_id, item_id, option_id, key, is_na, is_proxy,
        language, n, sum_a, sum_b, sum_c
        triad: key = triad_key_sql (zone and density cell); dyad: key = dyad_bin_sql;
        stone: item_id; choice: option_id. key is -1, option_id and item_id '' where unused.
    RollupDay     table rollup_day     stories per UTC day and prompt ('' for none)
        partner_id, month, day, prompt_id, is_proxy, language, n

Answer and day rows are also split by the story's is_proxy and language (the explorer's
`teller` and `told` filters), which are part of their primary keys.

Filters a month's roll-up cannot answer (answers, words, zones...) read each story in scope.
For them, every story's chart answers are also kept as one row (app/explore/story_chart.py):

    ChartKey      table chart_key      one row per distinct chart key, numbered
        id, kind, question_id, item_id, option_id, key, is_na (as rollup_answer groups them;
        kind "week": the story's week, key = its Monday in days since 1970, option = prompt)
    StoryChart    table story_chart    one row per story: its chart answers, packed
        story_id, packed (one bigint an answer: chart key id, a, b, c; see story_chart.pack)
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class RollupMonth(db.Model):
    __tablename__ = "rollup_month"

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    stories: Mapped[int] = mapped_column(Integer)
    max_story_id: Mapped[int] = mapped_column(Integer)
    built_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RollupAnswer(db.Model):
    __tablename__ = "rollup_answer"

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    option_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    is_na: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    is_proxy: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    sum_a: Mapped[int] = mapped_column(BigInteger)
    sum_b: Mapped[int] = mapped_column(BigInteger)
    sum_c: Mapped[int] = mapped_column(BigInteger)


class RollupDay(db.Model):
    __tablename__ = "rollup_day"

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    prompt_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    is_proxy: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ChartKey(db.Model):
    """A chart key (what a roll-up row groups by), numbered for story_chart's arrays."""

    __tablename__ = "chart_key"
    __table_args__ = (
        UniqueConstraint(
            "kind", "question_id", "item_id", "option_id", "key", "is_na", name="uq_chart_key"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    question_id: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[str] = mapped_column(String(40))
    option_id: Mapped[str] = mapped_column(String(40))
    key: Mapped[int] = mapped_column(Integer)
    is_na: Mapped[bool] = mapped_column(Boolean)


# A bigint array on PostgreSQL, the only database that reads it (the raw reads by story id
# are PostgreSQL's: see rollup_read.raw); JSON on SQLite, where the table stays empty.
BigIntArray = ARRAY(BigInteger).with_variant(JSON(), "sqlite")


class StoryChart(db.Model):
    """One story's chart answers and its week, each a chart key id and a, b, c in a bigint."""

    __tablename__ = "story_chart"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    packed: Mapped[list[int]] = mapped_column(BigIntArray)
