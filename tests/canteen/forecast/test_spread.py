"""The 80% range: its low bound is the 10th percentile of past errors, its high bound the 90th,
and a site with few errors leans on the network's typical range."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from canteen.forecast.params import Params
from canteen.forecast.spread import (
    ERROR_HORIZONS,
    error_horizon,
    rounded,
    row_quantiles,
    spread_at,
    to_covers,
)

PARAMS = Params()
PRIOR = (-0.3, 0.3)


def test_quantiles_of_one_to_ten_on_a_hand_checked_case() -> None:
    values = np.array([[10.0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [np.nan, 4, np.nan, 2, 0, 0, 0, 0, 0, 0]])
    out, count = row_quantiles(values, (0.1, 0.5, 0.9))
    assert count.tolist() == [10, 8]
    assert out[0].tolist() == pytest.approx([1.9, 5.5, 9.1])
    assert out[1].tolist() == pytest.approx([0.0, 0.0, 2.6])


def test_a_site_with_no_error_has_no_quantile() -> None:
    out, count = row_quantiles(np.full((1, 3), np.nan), (0.1, 0.9))
    assert count.tolist() == [0]
    assert np.isnan(out).all()
    one, _ = row_quantiles(np.array([[np.nan, 0.4]]), (0.1, 0.9))
    assert one[0].tolist() == pytest.approx([0.4, 0.4])


@given(
    st.lists(
        st.lists(
            st.one_of(st.none(), st.floats(-3, 3, allow_nan=False)), min_size=1, max_size=30
        ).filter(lambda row: any(v is not None for v in row)),
        min_size=1,
        max_size=4,
    ).filter(lambda rows: len({len(r) for r in rows}) == 1)
)
def test_quantiles_agree_with_numpy_ignoring_missing_days(rows: list[list[float | None]]) -> None:
    values = np.array([[np.nan if v is None else v for v in row] for row in rows])
    out, count = row_quantiles(values, (0.1, 0.9))
    assert count.tolist() == [int((~np.isnan(r)).sum()) for r in values]
    expected = np.nanquantile(values, [0.1, 0.9], axis=1).T
    assert out == pytest.approx(expected, abs=1e-9)


def test_with_many_errors_the_bounds_are_the_10th_and_90th_percentiles() -> None:
    errors = np.random.default_rng(3).normal(0.0, 0.25, size=(1, 2000))
    spread = spread_at(errors, PARAMS, PRIOR)
    low, high = np.quantile(errors[0], [0.1, 0.9])
    assert spread.low[0] == pytest.approx(low, abs=1e-9)
    assert spread.high[0] == pytest.approx(high, abs=1e-9)
    inside = ((errors[0] >= spread.low[0]) & (errors[0] <= spread.high[0])).mean()
    assert 0.79 <= inside <= 0.81  # an 80% range, not 70% nor 90%
    assert spread.count.tolist() == [2000]


def test_a_site_with_few_errors_is_shrunk_towards_the_sites_with_enough() -> None:
    rng = np.random.default_rng(5)
    errors = np.full((2, 400), np.nan)
    errors[0] = rng.normal(0.0, 0.2, 400)
    errors[1, :5] = [1.0, 1.0, 1.0, 1.0, 1.0]  # five errors, all the same
    spread = spread_at(errors, PARAMS, PRIOR)
    pooled_low, pooled_high = np.quantile(errors[0], [0.1, 0.9])
    weight = 5 / (5 + PARAMS.error_prior_weight)
    assert spread.high[1] == pytest.approx(weight * 1.0 + (1 - weight) * pooled_high)
    # The low bound never rises above the forecast itself.
    assert spread.low[1] == pytest.approx(min(weight * 1.0 + (1 - weight) * pooled_low, 0.0))
    assert spread.low[1] <= 0.0 <= spread.high[1]


def test_the_typical_range_weighs_the_sites_by_their_number_of_errors() -> None:
    errors = np.full((2, 300), np.nan)
    errors[0, :100] = np.linspace(-1, 1, 100)
    errors[1, :] = np.linspace(-0.1, 0.1, 300)
    nobody = np.full((1, 10), np.nan)
    (own, count) = row_quantiles(errors, (0.1, 0.9))
    spread = spread_at(np.vstack([errors, nobody[:, :1].repeat(300, axis=1)]), PARAMS, PRIOR)
    expected_high = (own[0, 1] * 100 + own[1, 1] * 300) / 400
    expected_low = (own[0, 0] * 100 + own[1, 0] * 300) / 400
    assert spread.high[2] == pytest.approx(expected_high)  # no error: the typical range
    assert spread.low[2] == pytest.approx(expected_low)


def test_with_no_site_knowing_enough_the_prior_range_is_used() -> None:
    errors = np.full((1, 50), np.nan)
    errors[0, :3] = [0.5, 0.5, 0.5]
    spread = spread_at(errors, PARAMS, PRIOR)
    weight = 3 / (3 + PARAMS.error_prior_weight)
    assert spread.high[0] == pytest.approx(weight * 0.5 + (1 - weight) * 0.3)
    assert spread.low[0] == pytest.approx((1 - weight) * -0.3 + weight * 0.5)
    exactly_enough = np.full((1, 50), np.nan)
    exactly_enough[0, : int(PARAMS.error_prior_weight)] = 0.5
    assert spread_at(exactly_enough, PARAMS, PRIOR).high[0] == pytest.approx(0.5)


def test_covers_are_never_negative() -> None:
    assert to_covers(np.log1p(np.array([0.0, 9.0, 41.5]))).tolist() == pytest.approx([0, 9, 41.5])
    assert to_covers(np.array([-2.0])).tolist() == [0.0]


def test_whole_covers_keep_the_whole_numbers_inside_the_exact_range() -> None:
    middle, lower, upper = rounded(
        np.array([41.5, 41.49, 3.0, 2.0]),
        np.array([37.2, 37.0, -1.0, 2.5]),
        np.array([45.9, 46.0, 4.0, 1.0]),
    )
    assert middle.tolist() == [42, 41, 3, 2]
    assert lower.tolist() == [38, 37, 0, 2]  # never below 0; never above the expected
    assert upper.tolist() == [45, 46, 4, 2]  # never below the expected


def test_each_horizon_uses_the_errors_of_the_next_measured_one() -> None:
    assert [error_horizon(h) for h in (1, 7, 8, 14, 15, 28, 29, 56, 90)] == [
        1,
        7,
        14,
        14,
        28,
        28,
        56,
        56,
        56,
    ]
    assert ERROR_HORIZONS[-1] == 56


def test_a_site_with_a_single_error_already_leans_on_it() -> None:
    errors = np.full((1, 40), np.nan)
    errors[0, 0] = 0.6
    spread = spread_at(errors, PARAMS, PRIOR)
    weight = 1 / (1 + PARAMS.error_prior_weight)
    assert spread.high[0] == pytest.approx(weight * 0.6 + (1 - weight) * 0.3)
    errors[0, 0] = -0.6
    spread = spread_at(errors, PARAMS, PRIOR)
    assert spread.low[0] == pytest.approx(weight * -0.6 + (1 - weight) * -0.3)


def test_whole_covers_are_integers() -> None:
    middle, lower, upper = rounded(np.array([4.2]), np.array([3.1]), np.array([6.7]))
    assert (middle.dtype.kind, lower.dtype.kind, upper.dtype.kind) == ("i", "i", "i")
