"""Property tests (hypothesis): invariants over random configurations, splits and prices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retailsim import ConfigError, RetailConfig, Simulator, preset, simulate
from retailsim.simulate import expected_demand

FAST = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

worlds = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["convenience_store", "supermarket"]),
        "seed": st.integers(0, 2**32),
        "rows": st.integers(1, 4000),
        "n_skus": st.integers(1, 40),
        "n_stores": st.integers(1, 3),
        "dispersion": st.floats(0.2, 20),
        "inventory": st.fixed_dictionaries(
            {
                "lead_time_days": st.integers(0, 4),
                "review_period_days": st.integers(1, 6),
                "cover_days": st.floats(0.3, 10),
                "fresh_cover_days": st.floats(0.3, 4),
                "initial_stock_factor": st.floats(0, 3),
            }
        ),
    }
)


def _config(world: dict) -> RetailConfig:
    world = dict(world)
    return preset(world.pop("name"), rows=world.pop("rows"), seed=world.pop("seed"), **world)


@FAST
@given(worlds)
def test_inventory_invariants_hold_for_any_world(world):
    res = simulate(_config(world))
    obs, rows = res.observed, res.truth.rows
    assert len(obs) == res.config.n_rows >= world["rows"]
    assert (obs["stock_on_hand"] >= 0).all()
    assert (obs["units_sold"] <= obs["stock_on_hand"]).all()
    assert (rows["demand"] >= obs["units_sold"]).all()
    assert (rows["lost_sales"] >= 0).all()
    assert (obs["units_wasted"] >= 0).all() and (obs["units_received"] >= 0).all()
    assert np.isfinite(rows["expected_demand"]).all() and (rows["expected_demand"] >= 0).all()
    assert (obs["price"] > 0).all()


@FAST
@given(worlds, st.integers(1, 15), st.integers(1, 15))
def test_split_runs_equal_one_run(world, a, b):
    cfg = _config({**world, "rows": 1})
    sim = Simulator(cfg)
    parts = [sim.advance(a).observed, sim.advance(b).observed]
    whole = Simulator(cfg).advance(a + b).observed
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole)


@st.composite
def markets(draw):
    n = draw(st.integers(1, 6))
    own = draw(st.lists(st.floats(-3.5, -0.3), min_size=n, max_size=n))
    matrix = np.diag(own)
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i, j] = matrix[j, i] = draw(st.sampled_from([0.0, 0.4, -0.3]))
    base_price = np.array(draw(st.lists(st.floats(0.5, 100), min_size=n, max_size=n)))
    factors = np.array(draw(st.lists(st.floats(0.5, 2.0), min_size=n, max_size=n)))
    return matrix, base_price, base_price * factors, draw(st.integers(0, n - 1))


@settings(max_examples=100, deadline=None, derandomize=True)
@given(markets(), st.floats(1.01, 3.0))
def test_expected_demand_falls_with_own_price(market, rise):
    """Ceteris paribus: raising SKU i's price lowers its demand, raises its substitutes' and
    lowers its complements' demand (by the sign of the cross elasticity)."""
    elasticity, base_price, price, i = market
    base_rate = np.ones((len(base_price), 1))
    before = expected_demand(base_rate, price[:, None], base_price, elasticity)
    dearer = price.copy()
    dearer[i] *= rise
    after = expected_demand(base_rate, dearer[:, None], base_price, elasticity)
    assert after[i, 0] < before[i, 0]
    change = np.sign(np.round(after[:, 0] - before[:, 0], 12))
    others = np.arange(len(price)) != i
    assert (change[others] == np.sign(elasticity[others, i])).all()


def test_expected_demand_formula_single_sku():
    lam = expected_demand(np.array([[2.0]]), np.array([[5.0]]), np.array([4.0]), np.array([[-2.0]]))
    assert lam[0, 0] == pytest.approx(2.0 * (5.0 / 4.0) ** -2.0)
    with pytest.raises(ValueError, match="price"):
        expected_demand(np.array([[2.0]]), np.array([[0.0]]), np.array([4.0]), np.array([[-2.0]]))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(0, 23), st.floats(0, 5))
def test_non_negative_own_elasticity_always_rejected(index, value):
    data = preset("convenience_store").to_dict()
    data["skus"][index]["own_elasticity"] = value
    with pytest.raises(ConfigError, match=rf"skus\[{index}\]\.own_elasticity = .*must be < 0"):
        RetailConfig.from_dict(data)


@FAST
@given(worlds)
def test_config_round_trips(world):
    cfg = _config(world)
    assert RetailConfig.from_dict(cfg.to_dict()) == cfg
