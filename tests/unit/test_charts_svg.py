import pytest
from markupsafe import Markup

from app.charts.svg import circles


def test_circles_are_drawn_at_their_points():
    out = circles([(1, 2.5), (10.25, 0)], 1.6)
    assert isinstance(out, Markup)
    assert out == ('<circle cx="1.0" cy="2.5" r="1.6"/><circle cx="10.25" cy="0.0" r="1.6"/>')
    assert circles([], 2) == ""


@pytest.mark.parametrize("bad", ['1" onload="alert(1)', "<script>", None])
def test_anything_but_a_number_is_refused_not_written(bad):
    with pytest.raises((TypeError, ValueError)):
        circles([(bad, 1)], 2)
    with pytest.raises((TypeError, ValueError)):
        circles([(1, 1)], bad)
