"""Each story's chart answers in one row (story_chart), for the explorer's raw reads.

A filter that a month's roll-up cannot answer (an answer, words, a zone, a tag...) makes the
explorer read the charts of every story in scope. From the answer table that is one index
look-up per answer: about 1 us each, 17 a story, 450 ms of SQL for 18,000 stories. Here a
story is one row: an array of bigints, one per chart answer and one for the story's week,
each packing a chart_key id and the answer's a, b and c (see pack). PostgreSQL unnests and
counts them several times faster (a big scope in parts, side by side). The keys are the
roll-up's (rollup.chart_key_columns), so rollup_read adds these counts up with its own code.

A story is never edited after it arrives, so its row never goes stale. Rows are written
after the fact, never on the submission path: by a page that meets stories without one (at
most EXPLORE_CHART_BUILD_PER_REQUEST of them; the rest are read from the answer and story
tables that time) and by `flask explore rollup`, which writes them all. PostgreSQL only: on
SQLite the explorer reads the answer table and this table stays empty.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from flask import current_app
from sqlalchemy import (
    BigInteger,
    Integer,
    and_,
    cast,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import DBAPIError

from app.explore.aggregate import id_in
from app.explore.concurrent import gather
from app.explore.rollup import CHART_KEY, ROLLED_KINDS, chart_key_columns
from app.extensions import db
from app.models import Answer, ChartKey, Story, StoryChart
from app.models.story import SCALE

logger = logging.getLogger(__name__)

DEFAULT_BUILD_PER_REQUEST = 2_000  # about 0.1 s of a page's time, once per new story
BATCH = 10_000  # stories per transaction when writing every row (the CLI)
WEEK = "week"  # chart_key.kind of a story's week: key = its Monday, option = its prompt
EPOCH = date(1970, 1, 1)
# One bigint an answer: the chart key id above three 14-bit values (0..SCALE fits in 14 bits).
VALUE_BITS = 14
VALUE_MASK = (1 << VALUE_BITS) - 1
KEY_SHIFT = 3 * VALUE_BITS  # leaves 21 bits of a positive bigint for 2 million chart keys
assert SCALE <= VALUE_MASK, "a position would not fit its 14 bits"


def pack(key_id: int, a: int, b: int, c: int) -> int:
    """The bigint of one answer (the Python twin of the SQL the build writes)."""
    return (key_id << KEY_SHIFT) | (a << 2 * VALUE_BITS) | (b << VALUE_BITS) | c


def unpack(value: int) -> tuple[int, int, int, int]:
    return (
        value >> KEY_SHIFT,
        (value >> 2 * VALUE_BITS) & VALUE_MASK,
        (value >> VALUE_BITS) & VALUE_MASK,
        value & VALUE_MASK,
    )


def enabled() -> bool:
    return db.engine.dialect.name == "postgresql"


def _bits(n: int):
    """A shift's bit count: PostgreSQL's bigint << and >> take an integer on the right."""
    return literal(n, Integer)


def _week_key_columns() -> list:
    """A story's week as a chart key (CHART_KEY's columns): Monday (UTC), prompt."""
    monday = func.date_trunc("week", func.timezone("UTC", Story.received_at))
    return [
        literal(WEEK).label("kind"),
        literal("").label("question_id"),
        literal("").label("item_id"),
        func.coalesce(Story.prompt_id, "").label("option_id"),
        cast(func.extract("epoch", monday) / 86_400, Integer).label("key"),
        literal(False).label("is_na"),
    ]


def build(ids: list[int]) -> None:
    """Write the rows of these stories that have none, in one transaction.

    Two builds of the same stories at once are harmless: each insert skips what the other
    wrote (ON CONFLICT DO NOTHING), and a chart key written by one is seen by the other's
    next statement.
    """
    if not ids:
        return
    zero = literal(0)
    answers = select(
        Answer.story_id,
        *chart_key_columns(),
        *(func.coalesce(column, 0).label(column.key) for column in (Answer.a, Answer.b, Answer.c)),
    ).where(id_in(Answer.story_id, ids, "ids"), Answer.kind.in_(ROLLED_KINDS))
    weeks = select(Story.id.label("story_id"), *_week_key_columns(), zero, zero, zero).where(
        id_in(Story.id, ids, "ids")
    )
    sub = union_all(answers, weeks).subquery()
    same_key = and_(*(getattr(ChartKey, n) == sub.c[n] for n in CHART_KEY))
    # Only the keys not there yet: an INSERT that ON CONFLICT skips still uses up an id.
    new_keys = select(*(sub.c[n] for n in CHART_KEY)).where(
        ~select(ChartKey.id).where(same_key).exists()
    )
    value = (
        cast(ChartKey.id, BigInteger).bitwise_lshift(_bits(KEY_SHIFT))
        .bitwise_or(cast(sub.c.a, BigInteger).bitwise_lshift(_bits(2 * VALUE_BITS)))
        .bitwise_or(cast(sub.c.b, BigInteger).bitwise_lshift(_bits(VALUE_BITS)))
        .bitwise_or(cast(sub.c.c, BigInteger))
    )  # fmt: skip
    rows = (
        select(sub.c.story_id, func.array_agg(value))
        .join_from(sub, ChartKey, same_key)
        .group_by(sub.c.story_id)
    )
    with db.engine.begin() as conn:
        conn.execute(
            pg_insert(ChartKey).from_select(CHART_KEY, new_keys.distinct()).on_conflict_do_nothing()
        )
        conn.execute(
            pg_insert(StoryChart).from_select(["story_id", "packed"], rows).on_conflict_do_nothing()
        )


def without_row(ids: list[int]) -> list[int]:
    """The ids, among these, of stories that have no row (in the order given)."""
    have = set(
        db.session.execute(
            select(StoryChart.story_id).where(id_in(StoryChart.story_id, ids, "ids"))
        ).scalars()
    )
    return [i for i in ids if i not in have]


def build_all(batch: int = BATCH) -> int:
    """Write every missing row, `batch` stories a transaction; stories written (0 on SQLite)."""
    if not enabled():
        return 0
    # NOT EXISTS, an anti-join: NOT IN (subquery) is not hashed once it outgrows work_mem,
    # and is then rescanned per story (200 s instead of 1.5 for 14,000 of 100,000 stories).
    has_row = select(StoryChart.story_id).where(StoryChart.story_id == Story.id).exists()
    written = 0
    after = 0
    while True:
        ids = (
            db.session.execute(
                select(Story.id).where(Story.id > after, ~has_row).order_by(Story.id).limit(batch)
            )
            .scalars()
            .all()
        )
        db.session.commit()  # the build writes on a connection of its own
        if not ids:
            return written
        build(ids)
        written += len(ids)
        after = ids[-1]


# Measured on 2 cores at 100,000 stories (medians of 5): 17,961 ids in one query 74 ms, in
# three side by side 107; 70,194 ids in one 364 ms, in two 201; all 100,000 in one 245 ms
# (PostgreSQL's own parallel workers), in three 291.
IDS_PER_PART = 35_000
Totals = dict[int, list[int]]  # chart key id -> [answers, sum of a, of b, of c]


def _count_part(ids: list[int]) -> list[tuple[int, int, int, int, int]]:
    """(chart key id, answers, sum of a, of b, of c) over these stories' rows."""
    u = func.unnest(StoryChart.packed).table_valued("v").render_derived("u")
    v = u.c.v

    def value(shift: int):
        return func.sum(v.bitwise_rshift(_bits(shift)).bitwise_and(VALUE_MASK))

    key = v.bitwise_rshift(_bits(KEY_SHIFT))
    stmt = (
        select(
            key,
            func.count(),
            value(2 * VALUE_BITS),
            value(VALUE_BITS),
            value(0),
        )
        .select_from(StoryChart)
        .join(u, true())
        .where(id_in(StoryChart.story_id, ids, "ids"))
        .group_by(key)
    )
    return [tuple(int(x) for x in row) for row in db.session.execute(stmt)]


def _count(ids: list[int], totals: Totals) -> None:
    """Add these stories' rows to `totals`, in consecutive parts of about IDS_PER_PART ids
    counted side by side (at most EXPLORE_QUERY_THREADS of them)."""
    if not ids:
        return
    threads = max(1, current_app.config.get("EXPLORE_QUERY_THREADS", 1))
    parts_wanted = min(threads, -(-len(ids) // IDS_PER_PART))
    size = -(-len(ids) // parts_wanted)
    parts = {i: partial(_count_part, ids[i : i + size]) for i in range(0, len(ids), size)}
    for rows in gather(parts).values():
        for key_id, *sums in rows:
            total = totals.setdefault(key_id, [0, 0, 0, 0])
            for i, s in enumerate(sums):
                total[i] += s


@dataclass
class Charts:
    """What the stories with a row hold; `unkeyed` are the ids read elsewhere."""

    rows: dict[str, list[tuple]] = field(default_factory=dict)  # as rollup_read._answer_rows
    weeks: dict[date, int] = field(default_factory=dict)
    prompts: dict[str, int] = field(default_factory=dict)
    unkeyed: list[int] = field(default_factory=list)


def charts(ids: list[int]) -> Charts:
    """The chart rows, weeks and prompts of these stories (sorted ids), from their rows.

    Stories without a row get one first (at most EXPLORE_CHART_BUILD_PER_REQUEST, the
    newest); any left are returned as `unkeyed`, for the caller to read from the answers.
    A failed build (a read-only replica, say) leaves its stories unkeyed.
    """
    totals: Totals = {}
    _count(ids, totals)
    unkeyed: list[int] = []
    keys = _keys(totals)
    counted = _stories(totals, keys)
    if counted != len(ids):
        missing = without_row(ids)
        if counted + len(missing) != len(ids):
            # Rows were written between the two reads: count again, exactly the ids with one.
            totals, left = {}, set(missing)
            _count([i for i in ids if i not in left], totals)
        limit = current_app.config.get("EXPLORE_CHART_BUILD_PER_REQUEST", DEFAULT_BUILD_PER_REQUEST)
        todo = missing[-limit:] if limit > 0 else []
        unkeyed = missing[: len(missing) - len(todo)]
        try:
            build(todo)
        except DBAPIError:
            logger.warning("story_chart rows of %d stories not built", len(todo), exc_info=True)
            unkeyed = missing
        else:
            _count(todo, totals)
        keys = _keys(totals)  # the recount or the build may have met new keys
    return _named(totals, unkeyed, keys)


def _keys(totals: Totals) -> list[ChartKey]:
    return list(db.session.execute(select(ChartKey).where(ChartKey.id.in_(list(totals)))).scalars())


def _stories(totals: Totals, keys: list[ChartKey]) -> int:
    """Stories counted in `totals`: every row holds its story's week once."""
    return sum(totals[k.id][0] for k in keys if k.kind == WEEK)


def _named(totals: Totals, unkeyed: list[int], keys: list[ChartKey]) -> Charts:
    rows: dict[str, list[tuple]] = defaultdict(list)
    weeks: dict[date, int] = defaultdict(int)
    prompts: dict[str, int] = defaultdict(int)
    for k in keys:
        n, sa, sb, sc = totals[k.id]
        if k.kind == WEEK:
            weeks[EPOCH + timedelta(days=k.key)] += n
            if k.option_id:
                prompts[k.option_id] += n
        else:
            row = (k.question_id, k.item_id, k.option_id, k.key, k.is_na, n, sa, sb, sc)
            rows[k.kind].append(row)
    return Charts(dict(rows), dict(weeks), dict(prompts), unkeyed)
