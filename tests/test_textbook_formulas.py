"""retailsim.decisions.formulas against values derived by hand from the textbook formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from retailsim.decisions import (
    critical_ratio,
    days_of_cover,
    fill_rate,
    inventory_turnover,
    newsvendor_empirical,
    newsvendor_negbin,
    newsvendor_normal,
    order_up_to_level,
    reorder_point,
    safety_stock,
    z_value,
)


def test_z_value_is_the_standard_normal_quantile():
    assert z_value(0.95) == pytest.approx(1.644854, abs=1e-6)
    assert z_value(0.5) == pytest.approx(0.0)
    assert z_value(0.975) == pytest.approx(stats.norm.ppf(0.975))


def test_safety_stock_by_hand():
    # SS = z * sigma * sqrt(L) = 1.645 * 10 * sqrt(4) = 32.9
    assert safety_stock(10, 4, z=1.645) == pytest.approx(32.9)
    # with a service level: z = Phi^-1(0.95) = 1.644854 -> 32.89707
    assert safety_stock(10, 4, service_level=0.95) == pytest.approx(32.89707, abs=1e-5)
    # periodic review: SS = 2 * 5 * sqrt(2 + 7) = 30
    assert safety_stock(5, 2, z=2, review_period=7) == pytest.approx(30.0)
    # zero lead time and zero review period: nothing to protect
    assert safety_stock(5, 0, z=2) == 0.0


def test_safety_stock_vectorised():
    out = safety_stock(np.array([1.0, 2.0]), np.array([1.0, 4.0]), z=1.0)
    np.testing.assert_allclose(out, [1.0, 4.0])  # 1*1*1, 1*2*2


def test_reorder_point_by_hand():
    # s = mu L + z sigma sqrt(L) = 20*4 + 1.5*5*2 = 95
    assert reorder_point(20, 5, 4, z=1.5) == pytest.approx(95.0)


def test_order_up_to_level_by_hand():
    # S = mu (R + L) + z sigma sqrt(R + L) = 10*9 + 2*4*3 = 114
    assert order_up_to_level(10, 4, 2, 7, z=2) == pytest.approx(114.0)
    # service level 0.9: 10*9 + 1.281552*4*3 = 105.37862
    assert order_up_to_level(10, 4, 2, 7, service_level=0.9) == pytest.approx(105.37862, abs=1e-4)


def test_critical_ratio_and_normal_newsvendor():
    # Cu = 3 (lost margin), Co = 1 (cost of a leftover): CR = 3 / 4
    assert critical_ratio(3, 1) == pytest.approx(0.75)
    # q* = 100 + 20 * Phi^-1(0.75) = 100 + 20 * 0.6744898 = 113.4898
    assert newsvendor_normal(100, 20, 0.75) == pytest.approx(113.4898, abs=1e-4)
    assert newsvendor_normal(100, 20, 0.75) == pytest.approx(stats.norm.ppf(0.75, 100, 20))


def test_empirical_newsvendor_is_the_order_statistic():
    samples = [3, 1, 4, 1, 5, 9, 2, 6]  # sorted: 1 1 2 3 4 5 6 9
    # x_(ceil(8 * 0.75)) = x_(6) = 5
    assert newsvendor_empirical(samples, 0.75) == 5
    assert newsvendor_empirical(samples, 0.75) == np.quantile(samples, 0.75, method="inverted_cdf")
    assert newsvendor_empirical(samples, 0.01) == 1
    assert newsvendor_empirical(samples, 0.99) == 9


def test_negbin_newsvendor_by_hand():
    # mean 2, r = 1: p = r / (r + mu) = 1/3; P(0) = 1/3, P(1) = 2/9, P(2) = 4/27
    # CDF: 0.3333, 0.5556, 0.7037, 0.8025 -> q*(0.5) = 1, q*(0.7) = 2, q*(0.8) = 3
    assert newsvendor_negbin(2, 1, 0.5) == 1
    assert newsvendor_negbin(2, 1, 0.7) == 2
    assert newsvendor_negbin(2, 1, 0.8) == 3
    assert newsvendor_negbin(5.0, 1.2, 0.9) == stats.nbinom.ppf(0.9, 1.2, 1.2 / 6.2)


def test_turnover_fill_rate_days_of_cover_by_hand():
    # turnover = COGS / average inventory = 120000 / 20000 = 6
    assert inventory_turnover(120_000, 20_000) == pytest.approx(6.0)
    assert fill_rate(95, 100) == pytest.approx(0.95)
    assert fill_rate(0, 0) == 1.0
    assert days_of_cover(30, 5) == pytest.approx(6.0)
    assert days_of_cover(3, 0) == math.inf
    assert days_of_cover(0, 0) == 0.0


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: safety_stock(10, 4, service_level=1.2), "service_level = 1.2"),
        (lambda: safety_stock(10, 4, service_level=0.0), "service_level = 0.0"),
        (lambda: safety_stock(10, -1, service_level=0.9), "lead_time = -1.0"),
        (lambda: safety_stock(-1, 4, service_level=0.9), "sigma_daily = -1.0"),
        (lambda: safety_stock(10, 4), "z: give exactly one"),
        (lambda: safety_stock(10, 4, z=1, service_level=0.9), "z: give exactly one"),
        (lambda: reorder_point(-5, 1, 2, z=1), "mean_daily = -5.0"),
        (lambda: order_up_to_level(1, 1, 1, 0, z=1), "review_period = 0.0"),
        (lambda: critical_ratio(0, 1), "underage_cost = 0.0"),
        (lambda: newsvendor_normal(10, 2, 1.0), "ratio = 1.0"),
        (lambda: newsvendor_empirical([], 0.5), "samples"),
        (lambda: newsvendor_negbin(2, 0, 0.5), "dispersion = 0.0"),
        (lambda: inventory_turnover(10, 0), "average_inventory_value = 0.0"),
        (lambda: fill_rate(11, 10), "units_sold = 11.0"),
        (lambda: safety_stock(float("nan"), 1, z=1), "sigma_daily"),
    ],
)
def test_invalid_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match="must|give") as info:
        call()
    assert name in str(info.value)
