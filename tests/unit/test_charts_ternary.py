"""Chart geometry: corners, zones (the 60/20 rule), density cells, dyad bins, CSV percentages."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.charts.bars import choice_bars, dyad_bin, dyad_histogram, weekly_chart
from app.charts.stones import stone_xy
from app.charts.ternary import (
    DENSITY_CELLS,
    ZONES,
    Frame,
    density_cell,
    ternary_chart,
    to_xy,
    zone_corners,
    zone_of,
)
from app.explore.export import _percent
from app.models.story import SCALE

triads = (
    st.tuples(st.integers(0, SCALE), st.integers(0, SCALE))
    .filter(lambda t: t[0] + t[1] <= SCALE)
    .map(lambda t: (t[0], t[1], SCALE - t[0] - t[1]))
)


def test_a_story_at_a_corner_plots_at_that_corner():
    frame = Frame()
    top, left, right = frame.corners()
    assert frame.point(SCALE, 0, 0) == top
    assert frame.point(0, SCALE, 0) == left
    assert frame.point(0, 0, SCALE) == right
    assert top[1] < left[1] == right[1] and left[0] < top[0] < right[0]
    assert to_xy(1, 0, 0) == pytest.approx((0.5, math.sqrt(3) / 2))
    assert to_xy(0, 1, 0) == (0, 0) and to_xy(0, 0, 1) == (1, 0)


def test_the_centre_of_the_triangle_is_the_equal_mix():
    assert to_xy(1, 1, 1) == pytest.approx((0.5, math.sqrt(3) / 6))


@pytest.mark.parametrize(
    ("a", "b", "c", "zone"),
    [
        (10_000, 0, 0, "c0"),
        (6_000, 4_000, 0, "c0"),  # exactly 60% is a corner
        (5_999, 4_001, 0, "e01"),
        (0, 6_000, 4_000, "c1"),
        (0, 0, 10_000, "c2"),
        (4_000, 4_000, 2_000, "centre"),  # exactly 20% is not "under 20%"
        (4_000, 4_001, 1_999, "e01"),
        (4_000, 1_999, 4_001, "e02"),
        (1_999, 4_000, 4_001, "e12"),
        (3_334, 3_333, 3_333, "centre"),
        (5_999, 2_001, 2_000, "centre"),
    ],
)
def test_the_60_20_rule(a, b, c, zone):
    assert zone_of(a, b, c) == zone


@given(triads)
def test_every_position_has_exactly_the_zone_its_shares_say(t):
    zone = zone_of(*t)
    assert zone in ZONES
    shares = dict(zip((0, 1, 2), t, strict=True))
    corners = zone_corners(zone)
    if len(corners) == 1:
        assert shares[corners[0]] >= 6_000
    elif len(corners) == 2:
        (third,) = {0, 1, 2} - set(corners)
        assert shares[third] < 2_000 and max(t) < 6_000
    else:
        assert all(2_000 <= s < 6_000 for s in t)


@given(triads)
def test_the_density_cell_holds_the_point(t):
    col, row = density_cell(*t)
    assert 0 <= col < DENSITY_CELLS and 0 <= row < DENSITY_CELLS
    x, y = to_xy(*t)
    assert col / DENSITY_CELLS <= x <= (col + 1) / DENSITY_CELLS + 1e-9
    assert row / DENSITY_CELLS <= y / (math.sqrt(3) / 2) <= (row + 1) / DENSITY_CELLS + 1e-9


@given(triads)
def test_export_percentages_sum_to_exactly_100(t):
    values = [float(p) for p in _percent(list(t))]
    assert round(sum(values), 6) == 100.0
    assert all(abs(v - s / 100) <= 0.1 for v, s in zip(values, t, strict=True))


def test_ternary_chart_shares_mean_and_links():
    chart = ternary_chart(
        ["A", "B", "C"],
        {"c0": 3, "centre": 1},
        (3 * SCALE + 3_334, 3_333, 3_333),
        not_applicable=2,
        href=lambda zone: f"/stories?zone=focus:{zone}",
    )
    zones = chart.zone_by_id
    assert chart.placed == 4 and chart.not_applicable == 2
    assert zones["c0"].share == 0.75 and zones["e12"].count == 0
    assert zones["centre"].href == "/stories?zone=focus:centre"
    assert sum(z.share for z in chart.zones) == pytest.approx(1)
    assert chart.mean_shares == pytest.approx((83.3, 8.3, 8.3), abs=0.1)


def test_an_empty_ternary_chart_has_no_mean():
    chart = ternary_chart(["A", "B", "C"], {}, (0, 0, 0))
    assert chart.placed == 0 and chart.mean is None and all(z.share == 0 for z in chart.zones)


def test_long_corner_labels_wrap():
    chart = ternary_chart(["Perthnasoedd ac ymddiriedaeth"] * 3, {}, (0, 0, 0))
    assert chart.corner_lines[1] == ["Perthnasoedd ac", "ymddiriedaeth"]


@pytest.mark.parametrize(("a", "expected"), [(0, 0), (999, 0), (1_000, 1), (9_999, 9), (SCALE, 9)])
def test_dyad_bins(a, expected):
    assert dyad_bin(a) == expected


def test_dyad_histogram_mean_and_links():
    chart = dyad_histogram("Worse", "Better", {0: 1, 9: 1}, SCALE, href=lambda n: f"#{n}")
    assert chart.placed == 2 and chart.mean_percent == 50.0
    assert [b.href for b in chart.bars][:2] == ["#0", "#1"]


def test_choice_bars_are_shares_of_the_stories():
    chart = choice_bars([("yes", "Yes"), ("no", "No")], {"yes": 3, "no": 1}, 4)
    assert [b.share for b in chart.bars] == [0.75, 0.25]


def test_weekly_chart_fills_empty_weeks():
    from datetime import date

    chart = weekly_chart({date(2026, 3, 2): 2, date(2026, 3, 23): 1})
    assert [b.count for b in chart.bars] == [2, 0, 0, 1]
    assert chart.total == 3


def test_stone_high_y_is_at_the_top():
    assert stone_xy(0, SCALE)[1] < stone_xy(0, 0)[1]
