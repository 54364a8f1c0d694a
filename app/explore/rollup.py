"""Building the explorer's monthly roll-ups (tables in app/models/rollup.py).

Why a complete month can be stored: Story.received_at is the server's clock when a story
arrives, and the app never edits or deletes a story, so once a calendar month (UTC) has
ended its stories are fixed. Only two things write into the past: demo data (app/seed/demo.py)
and imports. So each rolled-up (partner, month) records how many stories it was built from
and their largest id. What invalidates a month is any story added to it afterwards: its
live count then differs (each page checks, see rollup_read.split), the month is read raw,
and the next build (that page's, a later one's, or `flask explore rollup`) replaces it. A
story deleted and another added would keep the count; the build compares the largest id
too and catches that, though the app never deletes stories. The current month is never
rolled up: stories still arrive in it.

Each build is one transaction per month, INSERT ... SELECT ... GROUP BY in the database (no
story is loaded into Python), and reads one snapshot (REPEATABLE READ on PostgreSQL; SQLite
has one writer at a time): the month row and its answer and day rows describe the same
stories. Two processes building the same month at once cannot both land: the month row is
written first and its primary key makes the second wait and then fail; that build is rolled
back and counted as not done (the other one did it).
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time

from sqlalchemy import Select, case, delete, func, insert, literal, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from app.explore.sql import dyad_bin_sql, triad_key_sql, utc_day, utc_month
from app.extensions import db
from app.models import Answer, RollupAnswer, RollupDay, RollupMonth, Story

ROLLED_KINDS = ("triad", "dyad", "stone", "choice")
UNUSED_KEY = -1  # rollup_answer.key of N/A answers, stones and choices (no zone or bin)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[start, end) of a month as UTC timestamps, to compare with Story.received_at."""
    return (
        datetime.combine(month, time.min, UTC),
        datetime.combine(next_month(month), time.min, UTC),
    )


def current_month(now: datetime | None = None) -> date:
    return month_start((now or datetime.now(UTC)).astimezone(UTC).date())


def live_months(stmt: Select, with_max: bool = True) -> list[tuple[int, date, int, int | None]]:
    """(partner id, month, stories, largest story id) of the stories `stmt` selects.

    One GROUP BY on story (no answers): what a month's roll-up is checked against. Without
    `with_max` the largest id is None and PostgreSQL can count from the (partner_id,
    received_at) index alone, without reading the table: 30 instead of 75 ms on 100,000.
    """
    month = utc_month(Story.received_at).label("month")
    columns = [Story.partner_id, month] + ([Story.id] if with_max else [])
    sub = stmt.with_only_columns(*columns).order_by(None).subquery()
    top = func.max(sub.c.id) if with_max else literal(None)
    rows = db.session.execute(
        select(sub.c.partner_id, sub.c.month, func.count(), top).group_by(
            sub.c.partner_id, sub.c.month
        )
    )
    return [(pid, m, n, top) for pid, m, n, top in rows]


def built_months(partner_ids: Iterable[int] | None = None) -> dict[tuple[int, date], tuple]:
    """{(partner id, month): (stories, largest story id)} of the months rolled up."""
    stmt = select(
        RollupMonth.partner_id, RollupMonth.month, RollupMonth.stories, RollupMonth.max_story_id
    )
    if partner_ids is not None:
        stmt = stmt.where(RollupMonth.partner_id.in_(list(partner_ids)))
    return {(p, m): (n, top) for p, m, n, top in db.session.execute(stmt)}


def matches(live_row: tuple, built: dict) -> bool:
    """True when a (partner, month)'s roll-up still describes its live stories.

    Stories are only ever added, and a roll-up is built from one snapshot, so the live
    stories of a month include the ones it was built from: the same count means the same
    stories. The largest id, when the live row has it (`flask explore rollup`), also catches
    a story deleted and another added, which the app never does.
    """
    pid, month, n, top = live_row
    rolled = built.get((pid, month))
    return rolled is not None and rolled[0] == n and (top is None or rolled[1] == top)


def stale(live: list[tuple], built: dict, now: datetime | None = None) -> dict[date, list[int]]:
    """{month: [partner ids]} of complete months in `live` whose roll-up is missing or old."""
    this_month = current_month(now)
    out: dict[date, list[int]] = {}
    for row in live:
        if row[1] < this_month and not matches(row, built):
            out.setdefault(row[1], []).append(row[0])
    return dict(sorted(out.items()))


def _in_month(partner_ids: list[int], month: date) -> list:
    start, end = month_bounds(month)
    return [
        Story.partner_id.in_(partner_ids),
        Story.received_at >= start,
        Story.received_at < end,
    ]


def _month_row(partner_ids: list[int], month: date, built_at: datetime) -> Select:
    return (
        select(
            Story.partner_id,
            literal(month, RollupMonth.month.type),
            func.count(),
            func.max(Story.id),
            literal(built_at, RollupMonth.built_at.type),
        )
        .where(*_in_month(partner_ids, month))
        .group_by(Story.partner_id)
    )


def _day_rows(partner_ids: list[int], month: date) -> Select:
    sub = (
        select(
            Story.partner_id,
            utc_day(Story.received_at).label("day"),
            func.coalesce(Story.prompt_id, "").label("prompt_id"),
            Story.is_proxy,
            Story.language,
        )
        .where(*_in_month(partner_ids, month))
        .subquery()
    )
    groups = (sub.c.partner_id, sub.c.day, sub.c.prompt_id, sub.c.is_proxy, sub.c.language)
    return select(
        sub.c.partner_id, literal(month, RollupDay.month.type), *groups[1:], func.count(),
    ).group_by(*groups)  # fmt: skip


CHART_KEY = ("kind", "question_id", "item_id", "option_id", "key", "is_na")


def chart_key_columns() -> list:
    """An answer's chart key, labelled as CHART_KEY: what its chart groups it by.

    triad: zone and density cell (triad_key_sql); dyad: bin; stone: item; choice: option;
    key -1 and item and option '' where unused. The roll-up and story_chart share it.
    """
    key = case(
        (Answer.is_na, UNUSED_KEY),
        (Answer.kind == "triad", triad_key_sql()),
        (Answer.kind == "dyad", dyad_bin_sql()),
        else_=UNUSED_KEY,
    )
    return [
        Answer.kind,
        Answer.question_id,
        case((Answer.kind == "stone", Answer.item_id), else_="").label("item_id"),
        case((Answer.kind == "choice", func.coalesce(Answer.option_id, "")), else_="").label(
            "option_id"
        ),
        key.label("key"),
        Answer.is_na,
    ]


def _answer_rows(partner_ids: list[int], month: date) -> Select:
    """Every rolled kind of answer in one scan, grouped as its chart groups it and by the
    story's teller (is_proxy) and language, which the explorer's filters may narrow to."""
    sub = (
        select(
            Story.partner_id,
            *chart_key_columns(),
            Story.is_proxy,
            Story.language,
            Answer.a,
            Answer.b,
            Answer.c,
        )
        .join(Story, Story.id == Answer.story_id)
        .where(*_in_month(partner_ids, month), Answer.kind.in_(ROLLED_KINDS))
        .subquery()
    )
    groups = (sub.c.partner_id, sub.c.kind, sub.c.question_id, sub.c.item_id, sub.c.option_id)
    groups += (sub.c.key, sub.c.is_na, sub.c.is_proxy, sub.c.language)
    return select(
        sub.c.partner_id, literal(month, RollupAnswer.month.type), *groups[1:], func.count(),
        func.coalesce(func.sum(sub.c.a), 0), func.coalesce(func.sum(sub.c.b), 0),
        func.coalesce(func.sum(sub.c.c), 0),
    ).group_by(*groups)  # fmt: skip


def build_month(month: date, partner_ids: list[int], now: datetime | None = None) -> bool:
    """Roll up `month` for these partners in one transaction; False if another build won.

    Whatever was rolled up for them before is replaced. A complete month only: the caller
    (build / rollup_read.split) never passes the current one.
    """
    if month >= current_month(now) or not partner_ids:
        return False
    partner_ids = sorted(set(partner_ids))
    built_at = now or datetime.now(UTC)
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    # The GROUP BY's estimate of its groups is far too high (CASE keys): with
                    # the default 4 MB it sorts on disk; a month's groups are a few thousand.
                    conn.execute(text("SET LOCAL work_mem = '64MB'"))
                for table in (RollupMonth, RollupAnswer, RollupDay):
                    conn.execute(
                        delete(table).where(table.partner_id.in_(partner_ids), table.month == month)
                    )
                month_cols = ["partner_id", "month", "stories", "max_story_id", "built_at"]
                conn.execute(
                    insert(RollupMonth).from_select(
                        month_cols, _month_row(partner_ids, month, built_at)
                    )
                )
                conn.execute(
                    insert(RollupDay).from_select(
                        ["partner_id", "month", "day", "prompt_id", "is_proxy", "language", "n"],
                        _day_rows(partner_ids, month),
                    )
                )
                answer_cols = ["partner_id", "month", "kind", "question_id", "item_id"]
                answer_cols += ["option_id", "key", "is_na", "is_proxy", "language"]
                answer_cols += ["n", "sum_a", "sum_b", "sum_c"]
                conn.execute(
                    insert(RollupAnswer).from_select(answer_cols, _answer_rows(partner_ids, month))
                )
        except (IntegrityError, OperationalError):
            # Another process built (or is building) this month; its result stands.
            return False
    return True


def build(
    limit: int | None = None, now: datetime | None = None, partner_ids: list[int] | None = None
) -> list[date]:
    """Roll up every complete month that is missing or out of date (at most `limit` months).

    Returns the months built. Months whose stories have all gone lose their roll-up.
    """
    stmt = select(Story).where(Story.received_at < month_bounds(current_month(now))[0])
    if partner_ids is not None:
        stmt = stmt.where(Story.partner_id.in_(partner_ids))
    live = live_months(stmt)
    built = built_months(partner_ids)
    todo = stale(live, built, now)
    done = []
    for month, pids in list(todo.items())[:limit]:
        if build_month(month, pids, now):
            done.append(month)
    _forget_empty(set(built) - {(pid, m) for pid, m, _n, _top in live})
    return done


def _forget_empty(pairs: set[tuple[int, date]]) -> None:
    for pid, month in pairs:
        for table in (RollupMonth, RollupAnswer, RollupDay):
            db.session.execute(delete(table).where(table.partner_id == pid, table.month == month))
    db.session.commit()


def rows() -> dict[str, int]:
    """Rows in each roll-up table (for the CLI and the benchmark notes)."""
    return {
        t.__tablename__: db.session.execute(select(func.count()).select_from(t)).scalar_one()
        for t in (RollupMonth, RollupAnswer, RollupDay)
    }
