import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.collect.geometry import largest_remainder, parse_percent, to_scale, triad_shares
from app.models.story import SCALE


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ((1, 1, 1), (3334, 3333, 3333)),  # the leftover unit goes to the first of equals
        ((50, 30, 20), (5000, 3000, 2000)),
        ((100, 0, 0), (10000, 0, 0)),
        ((0, 0, 7), (0, 0, 10000)),
        ((2, 1, 0), (6667, 3333, 0)),
        ((33.3, 33.3, 33.4), (3330, 3330, 3340)),
    ],
)
def test_triad_shares_examples(weights, expected):
    assert triad_shares(*weights) == expected


finite = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)


@given(finite, finite, finite)
def test_triad_shares_always_sum_to_exactly_one(a, b, c):
    if a + b + c <= 0:
        with pytest.raises(ValueError):
            triad_shares(a, b, c)
        return
    shares = triad_shares(a, b, c)
    assert sum(shares) == SCALE
    assert all(0 <= s <= SCALE for s in shares)
    # each share is within one unit of its exact value
    for weight, share in zip((a, b, c), shares, strict=True):
        assert abs(share - weight * SCALE / (a + b + c)) < 1 + 1e-6


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=2, max_size=8))
def test_largest_remainder_is_exact_for_any_number_of_parts(weights):
    if sum(weights) <= 0:
        return
    assert sum(largest_remainder(weights, 100)) == 100


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", 0.0),
        ("100", 100.0),
        (" 42 ", 42.0),
        ("33,5", 33.5),
        (12, 12.0),
        (12.5, 12.5),
    ],
)
def test_parse_percent_accepts_numbers_in_range(raw, expected):
    assert parse_percent(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "-1",
        "100.01",
        "abc",
        "",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "1e999",
        math.nan,
        math.inf,
        True,
        None,
        [],
        {},
        "1" * 40,
    ],
)
def test_parse_percent_refuses_everything_else(raw):
    assert parse_percent(raw) is None


@pytest.mark.parametrize(
    ("percent", "scaled"), [(0, 0), (100, SCALE), (12.345, 1235), (99.999, 10000)]
)
def test_to_scale_rounds_half_up_within_bounds(percent, scaled):
    assert to_scale(percent) == scaled
