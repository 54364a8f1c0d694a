"""The chi-square test used to compare two groups, against known values."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.explore.stats import chi2_sf, chi_square


@pytest.mark.parametrize(
    ("x", "df", "p"),
    [
        (3.841459, 1, 0.05),  # the textbook critical values
        (6.634897, 1, 0.01),
        (5.991465, 2, 0.05),
        (12.591587, 6, 0.05),
        (16.811894, 6, 0.01),
        (0.5, 3, 0.918891),
        (30.0, 10, 0.00085664),
        (1.0, 1, 0.317311),
    ],
)
def test_chi2_survival_matches_tables(x, df, p):
    assert chi2_sf(x, df) == pytest.approx(p, rel=1e-4, abs=1e-7)


@given(st.floats(0.01, 200), st.integers(1, 20))
def test_chi2_survival_is_a_probability_and_falls_with_x(x, df):
    p = chi2_sf(x, df)
    assert 0 <= p <= 1 and chi2_sf(x * 1.5, df) <= p + 1e-12


def test_even_df_matches_the_closed_form():
    x, df = 9.3, 6
    closed = math.exp(-x / 2) * sum((x / 2) ** i / math.factorial(i) for i in range(df // 2))
    assert chi2_sf(x, df) == pytest.approx(closed, rel=1e-10)


def test_identical_groups_are_not_significant():
    result = chi_square([10, 20, 30, 0], [20, 40, 60, 0])
    assert result.statistic == 0 and result.p_value == 1.0 and result.df == 2 and result.valid


def test_clearly_different_groups_are_significant():
    result = chi_square([50, 0, 0], [0, 0, 50])
    assert result.statistic == pytest.approx(100) and result.p_value < 1e-20


def test_a_known_two_by_two():
    # 2x2 table [[10, 20], [30, 40]]: chi-square 0.7937 (no continuity correction), df 1.
    result = chi_square([10, 20], [30, 40])
    assert result.statistic == pytest.approx(0.7937, abs=1e-4)
    assert result.p_value == pytest.approx(0.37300, abs=1e-4)


def test_too_few_and_empty():
    assert not chi_square([1, 2, 0], [2, 1, 1]).valid
    assert chi_square([0, 0], [3, 4]) is None
    assert chi_square([5, 0], [7, 0]) is None  # one category left: nothing to compare
