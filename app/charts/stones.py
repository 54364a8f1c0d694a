"""Stones: one small scatter per item (x = first axis, y = second axis, high y at the top)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.models.story import SCALE


@dataclass
class StonePlot:
    item_id: str
    label: str
    placed: int
    mean: tuple[float, float] | None  # SVG coordinates
    mean_percent: tuple[float, float] | None  # x %, y %
    points: list[tuple[float, float]] = field(default_factory=list)
    size: float = 150.0
    pad: float = 6.0


def stone_xy(x: int, y: int, size: float = 150.0, pad: float = 6.0) -> tuple[float, float]:
    """SVG position of a stone at (x, y) ten-thousandths; y = SCALE is the top edge."""
    inner = size - 2 * pad
    return round(pad + inner * x / SCALE, 1), round(pad + inner * (SCALE - y) / SCALE, 1)


def stone_plot(
    item_id: str,
    label: str,
    placed: int,
    sum_x: int,
    sum_y: int,
    points: Iterable[tuple[int, int]] = (),
) -> StonePlot:
    mean = mean_percent = None
    if placed:
        mx, my = sum_x / placed, sum_y / placed
        mean = stone_xy(round(mx), round(my))
        mean_percent = (round(100 * mx / SCALE, 1), round(100 * my / SCALE, 1))
    return StonePlot(
        item_id, label, placed, mean, mean_percent, [stone_xy(x, y) for x, y in points]
    )
