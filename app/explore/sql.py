"""SQL expressions that mirror the pure chart functions (zones, bins, cells, weeks).

Each has a Python twin in app/charts; tests check the two agree on the same positions.
"""

from sqlalchemy import BigInteger, Date, String, case, cast, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.charts.bars import DYAD_BINS
from app.charts.ternary import CORNER_SHARE, DENSITY_CELLS, EDGE_SHARE, ZONES
from app.models import Answer
from app.models.story import SCALE

# Knuth's multiplicative hash of the story id: a fixed, well-spread order, so the sampled
# points of a chart are the same on every load and are not just the newest stories.
HASH_MULTIPLIER = 2_654_435_761
HASH_MODULUS = 4_294_967_296


def _capped(expr, top: int):
    return case((expr > top, top), else_=expr)


def zone_sql(a=Answer.a, b=Answer.b, c=Answer.c):
    """The 60/20 zone of a triad answer (see app.charts.ternary.zone_of)."""
    return case(
        (a >= CORNER_SHARE, "c0"),
        (b >= CORNER_SHARE, "c1"),
        (c >= CORNER_SHARE, "c2"),
        (c < EDGE_SHARE, "e01"),
        (b < EDGE_SHARE, "e02"),
        (a < EDGE_SHARE, "e12"),
        else_="centre",
    )


def zone_index_sql(a=Answer.a, b=Answer.b, c=Answer.c):
    """zone_sql as the zone's index in ZONES: integer keys hash and group cheaper than text."""
    return case(
        (a >= CORNER_SHARE, ZONES.index("c0")),
        (b >= CORNER_SHARE, ZONES.index("c1")),
        (c >= CORNER_SHARE, ZONES.index("c2")),
        (c < EDGE_SHARE, ZONES.index("e01")),
        (b < EDGE_SHARE, ZONES.index("e02")),
        (a < EDGE_SHARE, ZONES.index("e12")),
        else_=ZONES.index("centre"),
    )


def triad_key_sql(a=Answer.a, b=Answer.b, c=Answer.c, cells: int = DENSITY_CELLS):
    """Zone and density cell in one integer, (zone * cells + column) * cells + row.

    One integer key, rather than three, also keeps PostgreSQL's estimate of the groups low
    enough that it hashes them instead of sorting every answer.
    """
    column, row = density_col_sql(a, c, cells), density_row_sql(a, cells)
    return (zone_index_sql(a, b, c) * cells + column) * cells + row


def split_triad_key(key: int, cells: int = DENSITY_CELLS) -> tuple[str, int, int]:
    """(zone id, column, row) from triad_key_sql's integer."""
    rest, row = divmod(int(key), cells)
    zone, col = divmod(rest, cells)
    return ZONES[zone], col, row


def dyad_bin_sql(a=Answer.a, bins: int = DYAD_BINS):
    """See app.charts.bars.dyad_bin."""
    return _capped((a * bins) // SCALE, bins - 1)


def density_col_sql(a=Answer.a, c=Answer.c, cells: int = DENSITY_CELLS):
    """See app.charts.ternary.density_cell."""
    return _capped(((2 * c + a) * cells) // (2 * SCALE), cells - 1)


def density_row_sql(a=Answer.a, cells: int = DENSITY_CELLS):
    return _capped((a * cells) // SCALE, cells - 1)


def sample_order(story_id=Answer.story_id):
    # 64-bit throughout: PostgreSQL would otherwise compute in (and overflow) 32 bits.
    big = cast(story_id, BigInteger)
    return (big * literal(HASH_MULTIPLIER, BigInteger)) % literal(HASH_MODULUS, BigInteger)


class week_start(FunctionElement):  # noqa: N801 - reads as an SQL function
    """The Monday (UTC) of a timestamp's week, as a 'YYYY-MM-DD' string."""

    type = String()
    inherit_cache = True


@compiles(week_start, "sqlite")
def _week_sqlite(element, compiler, **kw):
    (arg,) = list(element.clauses)
    # Back six days, then forward to the next Monday (or stay, if it is one).
    return f"date({compiler.process(arg, **kw)}, '-6 days', 'weekday 1')"


@compiles(week_start, "postgresql")
def _week_postgresql(element, compiler, **kw):
    (arg,) = list(element.clauses)
    return (
        f"to_char(date_trunc('week', {compiler.process(arg, **kw)} AT TIME ZONE 'UTC'), "
        "'YYYY-MM-DD')"
    )


class utc_day(FunctionElement):  # noqa: N801 - reads as an SQL function
    """The UTC calendar day of a timestamp, as a date."""

    type = Date()
    inherit_cache = True


class utc_month(FunctionElement):  # noqa: N801 - reads as an SQL function
    """The first day of a timestamp's UTC calendar month, as a date."""

    type = Date()
    inherit_cache = True


# SQLite keeps timestamps as the UTC text the app wrote (as week_start assumes), and a date
# as 'YYYY-MM-DD' text, which is what date() returns.
@compiles(utc_day, "sqlite")
def _day_sqlite(element, compiler, **kw):
    (arg,) = list(element.clauses)
    return f"date({compiler.process(arg, **kw)})"


@compiles(utc_month, "sqlite")
def _month_sqlite(element, compiler, **kw):
    (arg,) = list(element.clauses)
    return f"date({compiler.process(arg, **kw)}, 'start of month')"


@compiles(utc_day, "postgresql")
def _day_postgresql(element, compiler, **kw):
    (arg,) = list(element.clauses)
    return f"CAST(({compiler.process(arg, **kw)} AT TIME ZONE 'UTC') AS DATE)"


@compiles(utc_month, "postgresql")
def _month_postgresql(element, compiler, **kw):
    (arg,) = list(element.clauses)
    return f"CAST(date_trunc('month', {compiler.process(arg, **kw)} AT TIME ZONE 'UTC') AS DATE)"
