"""Ternary (triad) plots: barycentric geometry, the seven zones, density cells.

Positions are whole ten-thousandths a + b + c == SCALE, with a the top corner, b the bottom
left and c the bottom right (the framework's "corners" order).

The seven zones (the "60/20 rule" SenseMaker practitioners use), in this order of precedence:

1. corner zone i ("c0", "c1", "c2") when corner i's share is at least 60%;
2. otherwise edge zone ("e01", "e02", "e12", named by the two corners the edge joins) when the
   third corner's share is below 20%: the story sits near the line between the other two;
3. otherwise the centre ("centre"): every share is at least 20% and none reaches 60%.

No story can be near two edges without being in a corner zone (two shares under 20% leave
more than 60% for the third), so the rule gives every position exactly one zone.
"""

import math
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from app.models.story import SCALE

CORNER_SHARE = 6_000  # at least 60%: a corner zone
EDGE_SHARE = 2_000  # below 20%: near the opposite edge
ZONES: tuple[str, ...] = ("c0", "c1", "c2", "e01", "e02", "e12", "centre")
DENSITY_CELLS = 12
HEIGHT = math.sqrt(3) / 2

# Each zone as a polygon of barycentric vertices (fractions of 1), for drawing and clicking.
_ZONE_POLYGONS: dict[str, tuple[tuple[float, float, float], ...]] = {
    "c0": ((1, 0, 0), (0.6, 0.4, 0), (0.6, 0, 0.4)),
    "c1": ((0, 1, 0), (0, 0.6, 0.4), (0.4, 0.6, 0)),
    "c2": ((0, 0, 1), (0.4, 0, 0.6), (0, 0.4, 0.6)),
    "e01": ((0.6, 0.4, 0), (0.4, 0.6, 0), (0.2, 0.6, 0.2), (0.6, 0.2, 0.2)),
    "e02": ((0.6, 0, 0.4), (0.6, 0.2, 0.2), (0.2, 0.2, 0.6), (0.4, 0, 0.6)),
    "e12": ((0, 0.6, 0.4), (0, 0.4, 0.6), (0.2, 0.2, 0.6), (0.2, 0.6, 0.2)),
    "centre": ((0.6, 0.2, 0.2), (0.2, 0.6, 0.2), (0.2, 0.2, 0.6)),
}


def zone_of(a: int, b: int, c: int) -> str:
    """The zone of a position in ten-thousandths (see the module docstring for the rule)."""
    for zone, share in zip(("c0", "c1", "c2"), (a, b, c), strict=True):
        if share >= CORNER_SHARE:
            return zone
    if c < EDGE_SHARE:
        return "e01"
    if b < EDGE_SHARE:
        return "e02"
    if a < EDGE_SHARE:
        return "e12"
    return "centre"


def zone_corners(zone: str) -> tuple[int, ...]:
    """The corners a zone is named after: (i,) for a corner, (i, j) for an edge, () for the centre."""
    if zone == "centre":
        return ()
    return tuple(int(ch) for ch in zone[1:])


def to_xy(a: float, b: float, c: float) -> tuple[float, float]:
    """Cartesian position in a unit-sided triangle: b at (0, 0), c at (1, 0), a at (0.5, 0.87).

    This is also the X, Y exported to CSV, so a story at (1, 0, 0) is at (0.5, 0.866).
    """
    total = a + b + c
    if total <= 0:
        raise ValueError("a triad position needs a positive total")
    a, c = a / total, c / total
    return c + a / 2, a * HEIGHT


@dataclass(frozen=True)
class Frame:
    """Where the triangle sits in the SVG (viewBox units)."""

    side: float = 280.0
    left: float = 30.0
    top: float = 48.0

    @property
    def width(self) -> float:
        return self.side + 2 * self.left

    @property
    def height(self) -> float:
        return self.top + self.side * HEIGHT + 56

    def point(self, a: float, b: float, c: float) -> tuple[float, float]:
        x, y = to_xy(a, b, c)
        return round(self.left + x * self.side, 1), round(self.top + (HEIGHT - y) * self.side, 1)

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return round(self.left + x * self.side, 1), round(self.top + (HEIGHT - y) * self.side, 1)

    def corners(self) -> tuple[tuple[float, float], ...]:
        return self.point(1, 0, 0), self.point(0, 1, 0), self.point(0, 0, 1)


@dataclass(frozen=True)
class Zone:
    id: str
    count: int
    share: float  # 0..1 of the stories placed (N/A excluded)
    points: str  # SVG polygon points
    label_at: tuple[float, float]
    href: str | None


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    width: float
    height: float
    opacity: float


@dataclass
class TernaryChart:
    frame: Frame
    corner_labels: Sequence[str]
    placed: int
    not_applicable: int
    zones: list[Zone]
    mean: tuple[float, float] | None
    mean_shares: tuple[float, float, float] | None  # percentages, one decimal
    points: list[tuple[float, float]] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)

    @property
    def corner_lines(self) -> list[list[str]]:
        """Each corner label in lines short enough that the two bottom labels never meet."""
        return [textwrap.wrap(text, 22) or [""] for text in self.corner_labels]

    @property
    def triangle(self) -> str:
        return _points(self.frame.corners())

    @property
    def zone_by_id(self) -> dict[str, Zone]:
        return {z.id: z for z in self.zones}


def _points(coords: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{x},{y}" for x, y in coords)


def density_cell(a: int, b: int, c: int, cells: int = DENSITY_CELLS) -> tuple[int, int]:
    """The (column, row) density cell of a position; the SQL in app.explore does the same."""
    x_num = 2 * c + a  # x = (2c + a) / (2 * SCALE), from 0 to 1
    return min(x_num * cells // (2 * SCALE), cells - 1), min(a * cells // SCALE, cells - 1)


def ternary_chart(
    corner_labels: Sequence[str],
    zone_counts: dict[str, int],
    sums: tuple[int, int, int],
    not_applicable: int = 0,
    points: Iterable[tuple[int, int, int]] = (),
    density: Iterable[tuple[int, int, int]] = (),
    href: Callable[[str], str] | None = None,
    frame: Frame | None = None,
) -> TernaryChart:
    """A ternary plot from SQL aggregates.

    zone_counts: stories per zone; sums: the sums of a, b and c over the placed stories (the
    mean is sums / placed); points: a sample of positions; density: (column, row, count) per
    density cell (see density_cell); href(zone): where a click on a zone goes.
    """
    frame = frame or Frame()
    placed = sum(zone_counts.get(z, 0) for z in ZONES)
    zones = []
    for zone_id in ZONES:
        poly = [frame.point(*v) for v in _ZONE_POLYGONS[zone_id]]
        cx = sum(p[0] for p in poly) / len(poly)
        cy = sum(p[1] for p in poly) / len(poly)
        count = zone_counts.get(zone_id, 0)
        zones.append(
            Zone(
                id=zone_id,
                count=count,
                share=count / placed if placed else 0.0,
                points=_points(poly),
                label_at=(round(cx, 1), round(cy, 1)),
                href=href(zone_id) if href else None,
            )
        )
    mean = mean_shares = None
    if placed:
        mean = frame.point(*sums)
        whole = sum(sums) or 1
        mean_shares = tuple(round(100 * s / whole, 1) for s in sums)
    density = list(density)
    top = max((n for _, _, n in density), default=0)
    step = 1 / DENSITY_CELLS
    cells = []
    for col, row, n in density:
        x0, y0 = frame.xy(col * step, (row + 1) * step * HEIGHT)
        x1, y1 = frame.xy((col + 1) * step, row * step * HEIGHT)
        cells.append(
            Cell(x0, y0, round(x1 - x0, 1), round(y1 - y0, 1), round(0.06 + 0.5 * n / top, 2))
        )
    return TernaryChart(
        frame=frame,
        corner_labels=list(corner_labels),
        placed=placed,
        not_applicable=not_applicable,
        zones=zones,
        mean=mean,
        mean_shares=mean_shares,  # type: ignore[arg-type]
        points=[frame.point(*p) for p in points],
        cells=cells,
    )
