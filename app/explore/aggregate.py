"""Aggregates for the explorer's charts, computed in SQL over a scoped set of stories.

`ids` is always stories_for(user, filters) reduced to Story.id, so scoping cannot be missed.
A page makes a fixed number of queries whatever the number of stories: one per kind of chart,
each GROUP BY question (and zone, bin, cell, option or week).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import (
    Integer,
    Select,
    any_,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import NullType

from app.charts.ternary import ZONES
from app.explore.sql import (
    HASH_MODULUS,
    HASH_MULTIPLIER,
    dyad_bin_sql,
    sample_order,
    split_triad_key,
    triad_key_sql,
    week_start,
    zone_index_sql,
)
from app.extensions import db
from app.models import Answer, Story

POINTS_PER_TRIAD = 2_000
POINTS_PER_STONE = 300
# The dots are read for a short list of sampled stories when there are at most this many
# (beyond it, as when one question was answered by few, by scanning the scope's answers).
MAX_SAMPLED_STORIES = 5_000


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


def id_in(column, ids: list[int], name: str):
    """`column IN ids`, as one array parameter on PostgreSQL (`column = ANY(:name)`).

    psycopg would spend tens of milliseconds splitting and binding an IN list of thousands
    of placeholders; the array is one parameter and the plan the same index probe. It is
    sent as the array's text, '{1,2,...}', cast in SQL: psycopg adapts a list element by
    element, 30-60 ms for 70,000 ids (holding the GIL, so side-by-side queries wait), where
    the join takes about 5. The parameter must stay untyped (NullType, no `::VARCHAR`), so
    that PostgreSQL reads it as integer[] and plans it as a constant: from varchar the cast
    is a stable function call, not folded, and a sequential scan filtered by it searches
    the whole array for every row (150 s instead of 0.25 for 100,000 ids), where a constant
    array is hashed once. The text is made when the statement runs (bindparam's callable_),
    not when it is built: a by_ids scope is often built only for its ids (13 ms for 100,000).
    """
    if db.engine.dialect.name == "postgresql":

        def text() -> str:
            return "{" + ",".join(str(int(i)) for i in ids) + "}"

        array = cast(bindparam(name, callable_=text, type_=NullType()), ARRAY(Integer))
        return column == any_(array)
    return column.in_(ids)


# An execution option marking a by_ids scope: (its id condition, the ids). See _ids_of.
BY_IDS = "straeon_by_ids"


def by_ids(ids: list[int]) -> Select:
    """select(Story) of these stories, the ids as one parameter (see id_in).

    For a scope whose own conditions are costly to evaluate again in every chart query: the
    caller takes `ids` from story_ids(stories_for(...)), so the scope is unchanged. The chart
    queries then look the stories' answers up by these ids directly (see _in).
    """
    condition = id_in(Story.id, ids, "scope_ids")
    return select(Story).where(condition).execution_options(**{BY_IDS: (condition, ids)})


def _ids_of(scoped: Select) -> list[int] | None:
    """The ids of a by_ids scope that nothing has narrowed since; None for any other scope."""
    mark = scoped.get_execution_options().get(BY_IDS)
    if mark is None or scoped.whereclause is not mark[0]:
        return None  # not by_ids, or narrowed by another condition: use the statement
    if scoped.get_final_froms() != [Story.__table__]:
        return None
    return mark[1]


def count(scoped: Select) -> int:
    return db.session.execute(
        select(func.count()).select_from(story_ids(scoped).subquery())
    ).scalar_one()


def _everything(scoped: Select) -> bool:
    """True when the scope is every story (a partnership analyst, no filter)."""
    return scoped.whereclause is None and scoped.get_final_froms() == [Story.__table__]


def _in(scoped: Select):
    # Every answer has a story (a non-null foreign key): with no narrowing, the semi-join
    # to story would only cost a hash probe per answer (about 40% of each aggregate).
    if _everything(scoped):
        return true()
    ids = _ids_of(scoped)
    if ids is not None:  # the answers of these stories, found in the index by story
        return id_in(Answer.story_id, ids, "scope_ids")
    return Answer.story_id.in_(story_ids(scoped))


def _zone_rows(scoped: Select, with_cells: bool):
    # The density cells ride along (in the same integer key): one scan gives zones, sums, cells.
    keys = [Answer.question_id, Answer.is_na, triad_key_sql() if with_cells else zone_index_sql()]
    return db.session.execute(
        select(
            *keys,
            func.count(),
            func.coalesce(func.sum(Answer.a), 0),
            func.coalesce(func.sum(Answer.b), 0),
            func.coalesce(func.sum(Answer.c), 0),
        )
        .where(_in(scoped), Answer.kind == "triad")
        .group_by(*keys)
    )


def triad_zones(scoped: Select) -> dict[str, TriadData]:
    """Zone counts, sums and N/A per triad, without the points and density (one query)."""
    out: dict[str, TriadData] = defaultdict(TriadData)
    for qid, is_na, zone, n, sa, sb, sc in _zone_rows(scoped, with_cells=False):
        _add_zone(out[qid], is_na, ZONES[zone], n, sa, sb, sc)
    return dict(out)


def _add_zone(data: TriadData, is_na, zone_id, n, sa, sb, sc) -> None:
    if is_na:
        data.not_applicable += n
        return
    data.zones[zone_id] = data.zones.get(zone_id, 0) + n
    data.sums = [data.sums[0] + int(sa), data.sums[1] + int(sb), data.sums[2] + int(sc)]


def _threshold(placed: int, wanted: int) -> int:
    """A hash bound that keeps about 1.3 x `wanted` of `placed` rows (all, when few)."""
    if placed <= wanted:
        return HASH_MODULUS
    return min(HASH_MODULUS, HASH_MODULUS * wanted * 13 // (placed * 10) + 1)


def _sample(scoped: Select, kind: str, columns, key, placed: dict, wanted: int) -> list:
    """The `wanted` rows of smallest sample_order per key, reading only a hash-bounded slice.

    The same rows the window function "row_number() over (order by hash) <= wanted" picks,
    without sorting every answer: rows whose hash is above a per-key bound (set from the
    counts already known, so about 1.3 x wanted pass) are filtered out in the scan.
    """
    if not placed:
        return []
    thresholds = {k: _threshold(n, wanted) for k, n in placed.items()}
    bound = case(*[(key == k, t) for k, t in thresholds.items()], else_=literal(0))
    order = sample_order()
    rows = db.session.execute(
        select(*columns, order.label("h"), Answer.story_id).where(
            _sampled(scoped, max(thresholds.values())),
            Answer.kind == kind,
            Answer.is_na.is_(False),
            order < bound,
        )
    ).all()
    rows.sort(key=lambda r: (r[-2], r[-1]))
    taken: dict = defaultdict(int)
    out = []
    for row in rows:
        k = row[0] if kind == "triad" else (row[0], row[1])
        if taken[k] < wanted:
            taken[k] += 1
            out.append(row)
    return out


def _sampled(scoped: Select, bound: int):
    """A condition on Answer.story_id keeping the scope's stories whose hash is under `bound`.

    The hash is the story's own, so the few sampled stories are picked from the story table
    first and their answers read by story id, instead of hashing every answer of a kind.
    """
    known = _ids_of(scoped)
    if known is not None:  # sample_order in Python, on the ids already at hand
        ids = [i for i in known if i * HASH_MULTIPLIER % HASH_MODULUS < bound]
    else:
        stories = story_ids(scoped).where(sample_order(Story.id) < bound)
        ids = db.session.execute(stories.limit(MAX_SAMPLED_STORIES + 1)).scalars().all()
    if len(ids) > MAX_SAMPLED_STORIES:
        return _in(scoped)
    return id_in(Answer.story_id, ids, "sampled_ids")


def triads(scoped: Select, points: bool = True) -> dict[str, TriadData]:
    """Zones, sums, N/A, density cells and (unless `points` is False) sampled dots per triad."""
    out: dict[str, TriadData] = defaultdict(TriadData)
    for qid, is_na, key, n, sa, sb, sc in _zone_rows(scoped, with_cells=True):
        if is_na:
            _add_zone(out[qid], is_na, None, n, sa, sb, sc)
            continue
        zone_id, x, y = split_triad_key(key)
        _add_zone(out[qid], is_na, zone_id, n, sa, sb, sc)
        out[qid].density.append((x, y, n))
    for data in out.values():
        merge_density(data)
    if points:
        add_triad_points(scoped, out)
    return dict(out)


def merge_density(data: TriadData) -> None:
    """One (column, row, n) per cell, in cell order: a cell may span zones (or months)."""
    merged: dict[tuple[int, int], int] = defaultdict(int)
    for x, y, n in data.density:
        merged[(x, y)] += n
    data.density = [(x, y, n) for (x, y), n in sorted(merged.items())]


def add_triad_points(scoped: Select, out: dict[str, TriadData]) -> None:
    """The sampled dots of every triad in `out`, from the whole scope (counts must be set)."""
    placed = {qid: sum(d.zones.values()) for qid, d in out.items() if d.zones}
    columns = (Answer.question_id, Answer.a, Answer.b, Answer.c)
    for qid, a, b, c, _h, _id in _sample(
        scoped, "triad", columns, Answer.question_id, placed, POINTS_PER_TRIAD
    ):
        out[qid].points.append((a, b, c))


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


def stones(scoped: Select, points: bool = True) -> dict[tuple[str, str], StoneData]:
    """Placed count and sums per stone item and (unless `points` is False) sampled dots."""
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
    if points:
        add_stone_points(scoped, out)
    return dict(out)


def add_stone_points(scoped: Select, out: dict[tuple[str, str], StoneData]) -> None:
    """The sampled dots of every stone item in `out`, from the whole scope (counts set)."""
    # Items are keyed by question and item: the bound is per item (question ids are few).
    counts = {key: d.placed for key, d in out.items()}
    by_item: dict[str, int] = defaultdict(int)
    for (_qid, item), n in counts.items():
        by_item[item] = max(by_item[item], n)
    columns = (Answer.question_id, Answer.item_id, Answer.a, Answer.b)
    for qid, item, x, y, _h, _id in _sample(
        scoped, "stone", columns, Answer.item_id, dict(by_item), POINTS_PER_STONE
    ):
        out[(qid, item)].points.append((x, y))


def calendar(scoped: Select) -> tuple[dict[date, int], dict[str, int]]:
    """Stories per week (by its Monday) and per prompt, from one GROUP BY week, prompt."""
    week = week_start(Story.received_at)
    rows = db.session.execute(
        scoped.with_only_columns(week, Story.prompt_id, func.count(Story.id))
        .order_by(None)
        .group_by(week, Story.prompt_id)
    )
    weeks: dict[date, int] = defaultdict(int)
    prompts: dict[str, int] = defaultdict(int)
    for monday, prompt, n in rows:
        if monday:
            weeks[date.fromisoformat(monday)] += n
        if prompt:
            prompts[prompt] += n
    return dict(weeks), dict(prompts)
