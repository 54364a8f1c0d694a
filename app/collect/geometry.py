"""Numbers for signification: parsing what people type, and exact rounding of proportions."""

import math

from app.models.story import SCALE


def parse_percent(raw: object) -> float | None:
    """A number from 0 to 100 from a form or JSON value; None for anything else (NaN, 1e999...)."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace(",", ".")  # a Welsh or European keyboard may type 33,5
        if not text or len(text) > 32:
            return None
        try:
            value = float(text)
        except ValueError:
            return None
    else:
        return None
    if not math.isfinite(value) or value < 0 or value > 100:
        return None
    return value


def largest_remainder(weights: list[float], total: int = SCALE) -> list[int]:
    """Whole-number shares of `total` in proportion to `weights`, summing to exactly `total`.

    Hamilton's method: floor every share, then give the units left over to the largest
    remainders (ties to the earlier weight, so the result is deterministic).
    """
    whole = sum(weights)
    if whole <= 0:
        raise ValueError("weights must have a positive sum")
    exact = [w * total / whole for w in weights]
    shares = [math.floor(x) for x in exact]
    left = total - sum(shares)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[:left]:
        shares[i] += 1
    return shares


def triad_shares(a: float, b: float, c: float) -> tuple[int, int, int]:
    """Three weights (e.g. percentages) as ten-thousandths summing to exactly SCALE."""
    x, y, z = largest_remainder([a, b, c])
    return x, y, z


def to_scale(percent: float) -> int:
    """A 0-100 position as whole ten-thousandths (0..SCALE), rounding half up."""
    return min(SCALE, max(0, math.floor(percent * SCALE / 100 + 0.5)))
