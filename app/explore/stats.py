"""A chi-square test of homogeneity for two groups' counts, in plain Python (no SciPy).

Used by the comparison page: are two groups' stories spread over the seven zones of a triad
(or the bins of a dyad) differently enough that chance alone would rarely do it?
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

MIN_EXPECTED = 5.0  # Cochran's rule: at most a fifth of cells below this, none below 1


@dataclass(frozen=True)
class ChiSquare:
    statistic: float
    df: int
    p_value: float
    valid: bool  # enough stories for the approximation to hold


def _gamma_series(a: float, x: float) -> float:
    """Regularised lower incomplete gamma P(a, x) by its series (x < a + 1)."""
    term = total = 1.0 / a
    n = a
    for _ in range(1000):
        n += 1
        term *= x / n
        total += term
        if abs(term) < abs(total) * 1e-15:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gamma_fraction(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x) by Lentz's continued fraction (x >= a + 1)."""
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 1000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def chi2_sf(x: float, df: int) -> float:
    """P(X >= x) for X ~ chi-square with `df` degrees of freedom."""
    if df < 1:
        raise ValueError("df must be at least 1")
    if x <= 0:
        return 1.0
    a, half = df / 2, x / 2
    if half < a + 1:
        return max(0.0, 1.0 - _gamma_series(a, half))
    return min(1.0, _gamma_fraction(a, half))


def chi_square(first: Sequence[int], second: Sequence[int]) -> ChiSquare | None:
    """Two groups' counts over the same categories; None when a group (or all) is empty.

    Categories empty in both groups are dropped (they carry no information).
    """
    pairs = [(a, b) for a, b in zip(first, second, strict=True) if a + b > 0]
    n1, n2 = sum(a for a, _ in pairs), sum(b for _, b in pairs)
    if not n1 or not n2 or len(pairs) < 2:
        return None
    total = n1 + n2
    statistic, small, tiny = 0.0, 0, False
    for a, b in pairs:
        column = a + b
        for observed, row in ((a, n1), (b, n2)):
            expected = row * column / total
            statistic += (observed - expected) ** 2 / expected
            small += expected < MIN_EXPECTED
            tiny |= expected < 1
    df = len(pairs) - 1
    valid = not tiny and small <= 0.2 * 2 * len(pairs)
    return ChiSquare(round(statistic, 4), df, chi2_sf(statistic, df), valid)
