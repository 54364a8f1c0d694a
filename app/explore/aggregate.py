"""Aggregates for the explorer's charts, computed in SQL over a scoped set of stories.

`ids` is always stories_for(user, filters) reduced to Story.id, so scoping cannot be missed.
A page makes a fixed number of queries whatever the number of stories: one per kind of chart,
each GROUP BY question (and zone, bin, cell, option or week).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, func, select

from app.explore.sql import (
    density_col_sql,
    density_row_sql,
    dyad_bin_sql,
    sample_order,
    week_start,
    zone_sql,
)
from app.extensions import db
from app.models import Answer, Story

POINTS_PER_TRIAD = 2_000
POINTS_PER_STONE = 300


@dataclass
class TriadData:
    zones: dict[str, int] = field(default_factory=dict)
    sums: list[int] = field(default_factory=lambda: [0, 0, 0])
    not_applicable: int = 0
    points: list[tuple[int, int, int]] = field(default_factory=list)
    density: list[tuple[int, int, int]] = field(default_factory=list)


@dataclass
class DyadData:
    bins: dict[int, int] = field(default_factory=dict)
    total_a: int = 0
    not_applicable: int = 0


@dataclass
class StoneData:
    placed: int = 0
    sum_x: int = 0
    sum_y: int = 0
    points: list[tuple[int, int]] = field(default_factory=list)


def story_ids(scoped: Select) -> Select:
    return scoped.with_only_columns(Story.id).order_by(None)


def count(scoped: Select) -> int:
    return db.session.execute(
        select(func.count()).select_from(story_ids(scoped).subquery())
    ).scalar_one()


def _in(scoped: Select):
    return Answer.story_id.in_(story_ids(scoped))


def triads(scoped: Select) -> dict[str, TriadData]:
    out: dict[str, TriadData] = defaultdict(TriadData)
    zone = zone_sql()
    rows = db.session.execute(
        select(
            Answer.question_id,
            Answer.is_na,
            zone,
            func.count(),
            func.coalesce(func.sum(Answer.a), 0),
            func.coalesce(func.sum(Answer.b), 0),
            func.coalesce(func.sum(Answer.c), 0),
        )
        .where(_in(scoped), Answer.kind == "triad")
        .group_by(Answer.question_id, Answer.is_na, zone)
    )
    for qid, is_na, zone_id, n, sa, sb, sc in rows:
        data = out[qid]
        if is_na:
            data.not_applicable += n
            continue
        data.zones[zone_id] = n
        data.sums = [data.sums[0] + int(sa), data.sums[1] + int(sb), data.sums[2] + int(sc)]
    col, row = density_col_sql(), density_row_sql()
    placed = (_in(scoped), Answer.kind == "triad", Answer.is_na.is_(False))
    for qid, x, y, n in db.session.execute(
        select(Answer.question_id, col, row, func.count())
        .where(*placed)
        .group_by(Answer.question_id, col, row)
    ):
        out[qid].density.append((int(x), int(y), n))
    ranked = (
        select(
            Answer.question_id,
            Answer.a,
            Answer.b,
            Answer.c,
            func.row_number()
            .over(partition_by=Answer.question_id, order_by=(sample_order(), Answer.story_id))
            .label("rank"),
        )
        .where(*placed)
        .subquery()
    )
    for qid, a, b, c in db.session.execute(
        select(ranked.c.question_id, ranked.c.a, ranked.c.b, ranked.c.c).where(
            ranked.c.rank <= POINTS_PER_TRIAD
        )
    ):
        out[qid].points.append((a, b, c))
    return dict(out)


def dyads(scoped: Select) -> dict[str, DyadData]:
    out: dict[str, DyadData] = defaultdict(DyadData)
    bin_ = dyad_bin_sql()
    rows = db.session.execute(
        select(
            Answer.question_id,
            Answer.is_na,
            bin_,
            func.count(),
            func.coalesce(func.sum(Answer.a), 0),
        )
        .where(_in(scoped), Answer.kind == "dyad")
        .group_by(Answer.question_id, Answer.is_na, bin_)
    )
    for qid, is_na, number, n, total in rows:
        if is_na:
            out[qid].not_applicable += n
        else:
            out[qid].bins[int(number)] = n
            out[qid].total_a += int(total)
    return dict(out)


def choices(scoped: Select) -> dict[str, dict[str, int]]:
    """Stories per option of every choice question: {question: {option: n}}."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    rows = db.session.execute(
        select(Answer.question_id, Answer.option_id, func.count())
        .where(_in(scoped), Answer.kind == "choice")
        .group_by(Answer.question_id, Answer.option_id)
    )
    for qid, option, n in rows:
        out[qid][option] = n
    return dict(out)


def prompts(scoped: Select) -> dict[str, int]:
    rows = db.session.execute(
        scoped.with_only_columns(Story.prompt_id, func.count(Story.id))
        .order_by(None)
        .group_by(Story.prompt_id)
    )
    return {p: n for p, n in rows if p}


def stones(scoped: Select) -> dict[tuple[str, str], StoneData]:
    out: dict[tuple[str, str], StoneData] = defaultdict(StoneData)
    placed = (_in(scoped), Answer.kind == "stone", Answer.is_na.is_(False))
    for qid, item, n, sx, sy in db.session.execute(
        select(
            Answer.question_id, Answer.item_id, func.count(), func.sum(Answer.a), func.sum(Answer.b)
        )
        .where(*placed)
        .group_by(Answer.question_id, Answer.item_id)
    ):
        out[(qid, item)] = StoneData(n, int(sx or 0), int(sy or 0))
    ranked = (
        select(
            Answer.question_id,
            Answer.item_id,
            Answer.a,
            Answer.b,
            func.row_number()
            .over(
                partition_by=(Answer.question_id, Answer.item_id),
                order_by=(sample_order(), Answer.story_id),
            )
            .label("rank"),
        )
        .where(*placed)
        .subquery()
    )
    for qid, item, x, y in db.session.execute(
        select(ranked.c.question_id, ranked.c.item_id, ranked.c.a, ranked.c.b).where(
            ranked.c.rank <= POINTS_PER_STONE
        )
    ):
        out[(qid, item)].points.append((x, y))
    return dict(out)


def weeks(scoped: Select) -> dict[date, int]:
    week = week_start(Story.received_at)
    rows = db.session.execute(
        scoped.with_only_columns(week, func.count(Story.id)).order_by(None).group_by(week)
    )
    return {date.fromisoformat(w): n for w, n in rows if w}
