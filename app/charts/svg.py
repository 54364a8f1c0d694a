"""SVG markup that chart templates would otherwise repeat thousands of times.

A triad's 2,000 sampled dots drawn by a Jinja loop cost one autoescape per coordinate: about
a third of the explorer page's rendering. The coordinates are numbers (made so here), so the
markup is built in one go and needs no escaping.
"""

from collections.abc import Iterable

from markupsafe import Markup


def circles(points: Iterable[tuple[float, float]], r: float) -> Markup:
    """One <circle> of radius `r` per (x, y)."""
    radius = repr(float(r))
    return Markup(  # noqa: S704 - float() lets only numbers through
        "".join(f'<circle cx="{float(x)!r}" cy="{float(y)!r}" r="{radius}"/>' for x, y in points)
    )
