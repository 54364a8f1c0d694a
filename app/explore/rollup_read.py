"""The explorer's aggregates read from complete months' roll-ups, plus the rest read raw.

When the filters are only partners, dates, teller (own / proxy) and the language a story was
told in, a scope is split in two: the (partner, month) pairs that lie wholly inside the date
range, are complete and whose roll-up still matches the live stories (their count, see
rollup.matches), read from the roll-up tables; and every other story of the scope (the
current month, a range's partial months, months not rolled up or changed since), read raw by
app.explore.aggregate from the same stories_for statement narrowed to those other (partner,
month) pairs. The two are added. Teller and language are columns of the roll-up's answer and
day rows: the rows of the filtered slice are summed, and a month is checked against the
slice's own count (the sum of its day rows), since the scope's live count is the slice's.
Any other filter (version, words, prompts, answers, zones...) reads everything raw (on
PostgreSQL, by the scope's story ids and their story_chart rows: see raw).

Scoping stays stories_for's: the partners and months come from one GROUP BY over the scoped
statement itself (which also gives the count), so a partner analyst's roll-up reads cover
only the partner stories_for let through. The sampled dots of triads and stones still come
from the whole scope, as before: they need only the merged counts per question and item.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.exc import DBAPIError

from app.explore import aggregate, rollup, story_chart
from app.explore.aggregate import DyadData, StoneData, TriadData
from app.explore.filters import NO_FILTERS, Filters
from app.explore.sql import split_triad_key
from app.extensions import db
from app.models import RollupAnswer, RollupDay, Story

logger = logging.getLogger(__name__)

# Months a page may roll up while it waits (each is one INSERT ... SELECT of a month's
# answers); the rest are read raw this time and built by a later page or the CLI.
DEFAULT_BUILD_PER_REQUEST = 1
# A raw scope of at most this many stories is read by its ids and story_chart rows (see
# raw); a bigger one by the chart queries joining the scope's conditions to every answer of
# a kind (about 650 ms at 100,000 stories, against 440 by ids), which keeps the ids out of
# memory and out of one huge parameter.
MAX_SCOPE_IDS = 200_000


def rollup_applies(filters: Filters) -> bool:
    """True when the only filters are partners, dates, teller and told_in (what it answers)."""
    served = {"date_from": None, "date_to": None, "partners": (), "teller": None, "told_in": None}
    return filters.with_(**served) == NO_FILTERS


def _slice(table, filters: Filters) -> list:
    """Conditions on a roll-up table's is_proxy and language: scope._conditions' teller and
    told_in, on the roll-up's columns instead of the story's."""
    out = []
    if filters.teller:
        out.append(table.is_proxy.is_(filters.teller == "proxy"))
    if filters.told_in:
        out.append(table.language == filters.told_in)
    return out


def _built(partner_ids: set[int], filters: Filters) -> dict[tuple[int, date], tuple]:
    """{(partner id, month): (stories, largest id or None)} rolled up, for the filters' slice.

    With no teller or language filter, rollup_month's counts. With one, the slice's count is
    the sum of its day rows (rollup_month stays per partner and month); a month rolled up
    with no story in the slice is absent, so a live story there reads it raw and rebuilds.
    """
    if not _slice(RollupDay, filters):
        return rollup.built_months(partner_ids)
    rows = db.session.execute(
        select(RollupDay.partner_id, RollupDay.month, func.sum(RollupDay.n))
        .where(RollupDay.partner_id.in_(list(partner_ids)), *_slice(RollupDay, filters))
        .group_by(RollupDay.partner_id, RollupDay.month)
    )
    return {(pid, m): (int(n), None) for pid, m, n in rows}


def _inside(month: date, filters: Filters) -> bool:
    """True when the whole month lies within the filters' date range."""
    last = rollup.next_month(month) - timedelta(days=1)
    return (filters.date_from is None or filters.date_from <= month) and (
        filters.date_to is None or last <= filters.date_to
    )


@dataclass
class Split:
    scoped: Select  # the whole scope, as stories_for made it (the dots come from here)
    rest: Select | None  # stories read from their answers (not a roll-up or story_chart rows)
    months: dict[int, list[date]] = field(default_factory=dict)  # partner id -> rolled months
    total: int | None = None  # stories in the scope, when the GROUP BY gave it
    filters: Filters = NO_FILTERS  # the teller and told_in of the slice read from the roll-up
    # A raw scope's charts from its stories' story_chart rows; `rest` is then the stories
    # that had none (story_chart.Charts.unkeyed).
    charts: story_chart.Charts | None = None


def raw(scoped: Select, filters: Filters = NO_FILTERS) -> Split:
    """Everything read raw (filters the roll-up cannot answer).

    On PostgreSQL the scope's stories are found once and handed to the chart queries as
    their ids (aggregate.by_ids: still exactly the stories stories_for let through), when
    there are at most MAX_SCOPE_IDS of them. Each chart query would otherwise evaluate the
    filters again (an ILIKE over every story's text, an EXISTS per story for an answer), and
    PostgreSQL, guessing a few hundred stories where there are thousands, plans them badly;
    with the ids it knows how many there are. The stories' chart answers are then read from
    their story_chart rows (see story_chart), and those of stories without one yet from
    the answer table, by id.
    """
    if db.engine.dialect.name != "postgresql":
        return Split(scoped, scoped)
    limit = current_app.config.get("EXPLORE_MAX_SCOPE_IDS", MAX_SCOPE_IDS)
    # One array, not a row per story: 70 instead of 190 ms for 70,000 ids.
    found = aggregate.story_ids(scoped).limit(limit + 1).subquery()
    ids = db.session.execute(select(func.array_agg(found.c.id))).scalar_one() or []
    if len(ids) > limit:
        return Split(scoped, scoped)
    ids.sort()
    charts = story_chart.charts(ids)
    rest = aggregate.by_ids(charts.unkeyed) if charts.unkeyed else None
    return Split(aggregate.by_ids(ids), rest, total=len(ids), charts=charts)


def split(
    scoped: Select,
    filters: Filters,
    build_limit: int | None = None,
    now: datetime | None = None,
) -> Split:
    """Split `scoped` (stories_for(user, filters)) into rolled-up months and the rest.

    Up to `build_limit` (default EXPLORE_ROLLUP_BUILD_PER_REQUEST) stale complete months of
    the scope's partners are rolled up first.
    """
    if not rollup_applies(filters):
        return raw(scoped, filters)
    if build_limit is None:
        build_limit = current_app.config.get(
            "EXPLORE_ROLLUP_BUILD_PER_REQUEST", DEFAULT_BUILD_PER_REQUEST
        )
    live = rollup.live_months(scoped, with_max=False)  # counts only: see rollup.matches
    total = sum(n for _pid, _m, n, _top in live)
    whole = [row for row in live if _inside(row[1], filters)]
    built = _built({pid for pid, _m, _n, _top in whole}, filters)
    todo = rollup.stale(whole, built, now)
    if todo and build_limit > 0:
        for month, pids in list(todo.items())[-build_limit:]:  # the newest: most looked at
            try:
                rollup.build_month(month, pids, now)
            except DBAPIError:  # e.g. a read-only replica: the page reads the month raw
                logger.warning("explorer roll-up of %s not built", month, exc_info=True)
        built = _built({pid for pid, _m, _n, _top in whole}, filters)
    this_month = rollup.current_month(now)
    rolled = {
        (row[0], row[1]) for row in whole if row[1] < this_month and rollup.matches(row, built)
    }
    months: dict[int, list[date]] = defaultdict(list)
    for pid, m in sorted(rolled):
        months[pid].append(m)
    left: dict[int, list[date]] = defaultdict(list)
    for pid, m, _n, _top in sorted(live):
        if (pid, m) not in rolled:
            left[pid].append(m)
    rest = None
    if left:
        # Named positively (these partners' months), so PostgreSQL finds them by the
        # (partner_id, received_at) index and knows they are few; the scope's own date
        # bounds still trim a range's partial months.
        rest = scoped.where(_received_in(left)) if months else scoped
    return Split(scoped, rest, dict(months), total, filters)


def _spans(months: list[date]) -> list[tuple[date, date]]:
    """Sorted months as [first, after-last) spans of consecutive months."""
    spans: list[tuple[date, date]] = []
    for m in months:
        if spans and spans[-1][1] == m:
            spans[-1] = (spans[-1][0], rollup.next_month(m))
        else:
            spans.append((m, rollup.next_month(m)))
    return spans


def _by_month_set(months: dict[int, list[date]]) -> dict[tuple[date, ...], list[int]]:
    """Partners grouped by the months they have rolled up (usually one group)."""
    groups: dict[tuple[date, ...], list[int]] = defaultdict(list)
    for pid, ms in months.items():
        groups[tuple(ms)].append(pid)
    return groups


def _received_in(months: dict[int, list[date]]):
    """A condition on Story: received in one of these months of its partner."""
    clauses = []
    for ms, pids in _by_month_set(months).items():
        ranges = [
            and_(
                Story.received_at >= rollup.month_bounds(first)[0],
                Story.received_at < rollup.month_bounds(after)[0],
            )
            for first, after in _spans(list(ms))
        ]
        clauses.append(and_(Story.partner_id.in_(pids), or_(*ranges)))
    return or_(*clauses)


def _rolled(table, parts: Split):
    """A condition on a roll-up table: the split's (partner, month) pairs and slice."""
    pairs = or_(
        *[
            and_(table.partner_id.in_(pids), table.month.in_(ms))
            for ms, pids in _by_month_set(parts.months).items()
        ]
    )
    return and_(pairs, *_slice(table, parts.filters))


# The columns each kind's chart groups by (the others hold one value for that kind; a choice
# counts its N/A rows with its option, as before). Grouping by these alone lets PostgreSQL
# estimate few groups and hash them: with every column, and the rows of each teller and
# language, it sorted 110,000 triad rows on disk (180 ms instead of 45).
KIND_KEYS = {
    "triad": ("key", "is_na"),
    "dyad": ("key", "is_na"),
    "stone": ("item_id", "is_na"),
    "choice": ("option_id",),
}
UNUSED = {"item_id": "", "option_id": "", "key": rollup.UNUSED_KEY, "is_na": False}


def _answer_rows(parts: Split, kind: str) -> list[tuple]:
    """(question, item, option, key, is_na, n, sum_a, sum_b, sum_c) of the rolled months, or
    of a raw scope's story_chart rows."""
    if parts.charts is not None:
        return parts.charts.rows.get(kind, [])
    if not parts.months:
        return []
    r = RollupAnswer
    names = KIND_KEYS[kind]
    keys = (r.question_id, *(getattr(r, name) for name in names))
    rows = db.session.execute(
        select(*keys, func.sum(r.n), func.sum(r.sum_a), func.sum(r.sum_b), func.sum(r.sum_c))
        .where(_rolled(r, parts), r.kind == kind)
        .group_by(*keys)
    )
    out = []
    for row in rows:
        found = dict(zip(names, row[1:-4], strict=True))
        grouped = tuple(found.get(name, UNUSED[name]) for name in UNUSED)
        out.append((row[0], *grouped, *row[-4:]))
    return out


def count(parts: Split) -> int:
    if parts.total is not None:
        return parts.total
    return aggregate.count(parts.scoped)


def triads(parts: Split, points: bool = True) -> dict[str, TriadData]:
    """As aggregate.triads: zones, sums, N/A, density cells and sampled dots per triad."""
    out = _triads(parts, cells=True)
    if points:
        aggregate.add_triad_points(parts.scoped, out)
    return out


def triad_zones(parts: Split) -> dict[str, TriadData]:
    """As aggregate.triad_zones: zones, sums and N/A, no density cells, no dots."""
    return _triads(parts, cells=False)


def _triads(parts: Split, cells: bool) -> dict[str, TriadData]:
    out: dict[str, TriadData] = defaultdict(TriadData)
    if parts.rest is not None:
        rest = parts.rest
        out.update(aggregate.triads(rest, points=False) if cells else aggregate.triad_zones(rest))
    for qid, _item, _option, key, is_na, n, sa, sb, sc in _answer_rows(parts, "triad"):
        data = out[qid]
        if is_na:
            data.not_applicable += int(n)
            continue
        zone_id, x, y = split_triad_key(key)
        data.zones[zone_id] = data.zones.get(zone_id, 0) + int(n)
        data.sums = [data.sums[0] + int(sa), data.sums[1] + int(sb), data.sums[2] + int(sc)]
        if cells:
            data.density.append((x, y, int(n)))
    if cells:
        for data in out.values():
            aggregate.merge_density(data)
    return dict(out)


def dyads(parts: Split) -> dict[str, DyadData]:
    out: dict[str, DyadData] = defaultdict(DyadData)
    if parts.rest is not None:
        out.update(aggregate.dyads(parts.rest))
    for qid, _item, _option, key, is_na, n, sa, _sb, _sc in _answer_rows(parts, "dyad"):
        data = out[qid]
        if is_na:
            data.not_applicable += int(n)
        else:
            data.bins[key] = data.bins.get(key, 0) + int(n)
            data.total_a += int(sa)
    return dict(out)


def choices(parts: Split) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    if parts.rest is not None:
        out.update(aggregate.choices(parts.rest))
    for qid, _item, option, _key, _is_na, n, _sa, _sb, _sc in _answer_rows(parts, "choice"):
        out[qid][option] = out[qid].get(option, 0) + int(n)
    return dict(out)


def stones(parts: Split, points: bool = True) -> dict[tuple[str, str], StoneData]:
    out: dict[tuple[str, str], StoneData] = {}
    if parts.rest is not None:
        out.update(aggregate.stones(parts.rest, points=False))
    for qid, item, _option, _key, is_na, n, sa, sb, _sc in _answer_rows(parts, "stone"):
        if is_na:
            continue  # the charts count placed stones only
        data = out.setdefault((qid, item), StoneData())
        data.placed += int(n)
        data.sum_x += int(sa)
        data.sum_y += int(sb)
    if points:
        aggregate.add_stone_points(parts.scoped, out)
    return out


def _day_rows(parts: Split):
    if not parts.months:
        return []
    return db.session.execute(
        select(RollupDay.day, RollupDay.prompt_id, func.sum(RollupDay.n))
        .where(_rolled(RollupDay, parts))
        .group_by(RollupDay.day, RollupDay.prompt_id)
    ).all()


def calendar(parts: Split) -> tuple[dict[date, int], dict[str, int]]:
    """As aggregate.calendar: stories per week (by its Monday) and per prompt."""
    weeks, prompts = aggregate.calendar(parts.rest) if parts.rest is not None else ({}, {})
    if parts.charts is not None:
        for monday, n in parts.charts.weeks.items():
            weeks[monday] = weeks.get(monday, 0) + n
        for prompt, n in parts.charts.prompts.items():
            prompts[prompt] = prompts.get(prompt, 0) + n
    for day, prompt, n in _day_rows(parts):
        monday = day - timedelta(days=day.weekday())
        weeks[monday] = weeks.get(monday, 0) + int(n)
        if prompt:
            prompts[prompt] = prompts.get(prompt, 0) + int(n)
    return weeks, prompts
