"""Price-dependent demand (common random numbers), the elasticity pricing rule, evaluation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from retailsim.config import ConfigError, preset
from retailsim.decisions import InventoryParams, OrderUpToRS, simulate_inventory
from retailsim.decisions.price_scenario import PricedDemand
from retailsim.decisions.pricing import ElasticityPricing, PricingState
from retailsim.decisions.pricing_eval import evaluate_pricing, price_to_turnover, run_pricing
from retailsim.simulate import simulate

PARAMS = InventoryParams(lead_time=1, review_period=1)


@pytest.fixture(scope="module")
def result():
    return simulate(preset("convenience_store", rows=2500, seed=2))


@pytest.fixture(scope="module")
def world(result):
    return PricedDemand(result, seed=0)


def test_unit_multiplier_reproduces_the_realised_demand(world):
    sc = world.scenario(1.0)
    assert (sc.demand == world.base.demand).mean() > 0.99
    np.testing.assert_allclose(sc.expected, world.base.expected)
    np.testing.assert_array_equal(sc.observed_sales, world.base.observed_sales)
    np.testing.assert_allclose(sc.price, world.base.price)


def test_common_random_numbers_make_demand_monotone_in_price(world):
    e = world.elasticity
    assert (e.sum(axis=1) < 0).all()  # uniform price rise lowers every item's demand
    low, mid, high = (world.scenario(m).demand for m in (0.9, 1.0, 1.1))
    assert (low >= mid).all() and (mid >= high).all()
    assert low.sum() > mid.sum() > high.sum()


def test_demand_factor_by_hand(world, result):
    skus = list(result.config.sku_ids)
    m = np.ones(world.base.demand.shape)
    a, b = result.truth.relations.iloc[0][["sku_a", "sku_b"]]
    ia, ib = skus.index(a), skus.index(b)
    m[:, ia] = 1.1
    f = world.demand_factor(m)
    truth = result.truth.elasticity
    assert f[0, ia] == pytest.approx(1.1 ** truth.loc[a, a])
    assert f[0, ib] == pytest.approx(1.1 ** truth.loc[b, a])
    others = [k for k in range(len(skus)) if k not in (ia, ib) and truth.iloc[k, ia] == 0]
    np.testing.assert_allclose(f[:, others], 1.0)
    sc = world.scenario(m)
    np.testing.assert_allclose(sc.expected, world.base.expected * f)
    np.testing.assert_allclose(sc.variance, sc.expected + sc.expected**2 / world.dispersion)


def test_priced_scenario_runs_in_the_inventory_simulation(world):
    inv = simulate_inventory(world.scenario(1.05), OrderUpToRS(0.9, window=14), PARAMS)
    k = inv.kpis()
    assert 0 < k["fill_rate"] <= 1 and k["revenue"] > 0


def test_bad_inputs(world):
    with pytest.raises(ConfigError, match="multipliers.*> 0"):
        world.scenario(0.0)
    with pytest.raises(ConfigError, match="multipliers.*broadcast"):
        world.scenario(np.ones((3, 2)))
    with pytest.raises(ConfigError, match="SimulationResult"):
        PricedDemand(world.base)


def state(sales, stock, waste, price, cost, life, items) -> PricingState:
    keys = pd.DataFrame({"store_id": "S", "sku_id": items})
    return PricingState(
        day=7,
        sales=np.asarray(sales, dtype=float),
        on_hand_start=np.asarray(stock, dtype=float),
        waste=np.asarray(waste, dtype=float),
        price=np.asarray(price, dtype=float),
        unit_cost=np.asarray(cost, dtype=float),
        shelf_life=np.asarray(life),
        keys=keys,
    )


def test_rule_by_hand():
    # E elastic (-2) and wasting half its stock; I inelastic (-0.5); N neutral (-1);
    # L elastic but neither slow nor wasting.
    rule = ElasticityPricing({"E": -2.0, "I": -0.5, "N": -1.0, "L": -2.0}, window=1)
    s = state(
        sales=[[4, 4, 4, 4]],
        stock=[[8, 4, 4, 4]],
        waste=[[4, 0, 0, 0]],
        price=[10, 10, 10, 10],
        cost=[5, 5, 5, 5],
        life=[1, 365, 365, 365],
        items=["E", "I", "N", "L"],
    )
    # E: lift = 0.85^-2 = 1.384; gain = (8.5 - 5) 4 1.384 - 5 max(4 - 4 0.384, 0) - (20 - 20)
    #      = 19.38 - 12.32 > 0 -> markdown.
    np.testing.assert_allclose(rule.multipliers(s), [0.85, 1.08, 1.0, 1.0])
    assert rule.classify(["E", "I", "N"]).tolist() == ["elastic", "inelastic", "neutral"]
    # Thin margin (c = 8) and little waste (w0 = 0.5 > 0.1 q0, still slow): the markdown
    # loses money, gain = 0.5 * 4 * 1.384 - 8 * max(0.5 - 1.536, 0) - (2 * 4 - 8 * 0.5) < 0.
    thin = s._replace(
        unit_cost=np.array([8.0, 8.0, 8.0, 8.0]),
        on_hand_start=np.array([[4.5, 4, 4, 4]]),
        waste=np.array([[0.5, 0, 0, 0]]),
    )
    assert rule.multipliers(thin)[0] == 1.0
    assert rule.multipliers(thin._replace(waste=np.array([[3.0, 0, 0, 0]])))[0] == 0.85
    # Never below cost: a planned price already under cost is not marked down further.
    under = s._replace(unit_cost=np.array([9.0, 5, 5, 5]), price=np.array([9.5, 10, 10, 10]))
    assert rule.multipliers(under)[0] >= 9.0 / 9.5
    # Bounds.
    assert ElasticityPricing({"I": -0.5}, markup=0.3, upper=1.1).multipliers(
        state([[1]], [[1]], [[0]], [10], [5], [365], ["I"])
    ) == pytest.approx([1.1])


def test_rule_validation():
    with pytest.raises(ConfigError, match="markdown.*\\(0, 1\\)"):
        ElasticityPricing({"A": -2.0}, markdown=1.2)
    with pytest.raises(ConfigError, match="lower"):
        ElasticityPricing({"A": -2.0}, lower=1.1)
    with pytest.raises(ConfigError, match="elasticity"):
        ElasticityPricing("A")
    with pytest.raises(ConfigError, match="no estimate for item"):
        ElasticityPricing({"A": -2.0}).classify(["B"])
    with pytest.raises(ConfigError, match="finite"):
        ElasticityPricing({"A": float("nan")})


class Constant:
    period = 7
    window = 7

    def multipliers(self, state):
        return np.ones(len(state.unit_cost))


def test_evaluate_pricing_same_random_numbers(result):
    policy = OrderUpToRS(0.9, window=14)
    same = evaluate_pricing(result, Constant(), policy, PARAMS)
    assert (same.table.loc["change"] == 0).all()
    assert (same.multipliers == 1).all()
    e = pd.Series(np.diag(result.truth.elasticity), index=result.truth.elasticity.index)
    rule = ElasticityPricing(e)
    cmp = evaluate_pricing(result, rule, policy, PARAMS)
    assert (cmp.multipliers[:28] == 1).all()
    assert (cmp.multipliers[28:] != 1).any()
    assert set(cmp.table.index) == {"constant", "dynamic", "change", "change_pct"}
    assert cmp.table.loc["constant", "revenue"] == same.table.loc["constant", "revenue"]
    # Deterministic.
    again = evaluate_pricing(result, rule, policy, PARAMS)
    pd.testing.assert_frame_equal(cmp.table, again.table)
    with pytest.raises(ConfigError, match="multipliers"):
        run_pricing(PricedDemand(result), object(), policy, PARAMS)


def test_price_to_turnover(result):
    table = price_to_turnover(result, (0.9, 1.0, 1.1), params=PARAMS, elasticity=-1.5)
    assert table["multiplier"].tolist() == [0.9, 1.0, 1.1]
    assert table["demand_units"].is_monotonic_decreasing
    assert table["price_change_pct"].tolist() == pytest.approx([-10.0, 0.0, 10.0])
    assert table["slow_mover_share"].between(0, 1).all()
    with pytest.raises(ConfigError, match="multipliers"):
        price_to_turnover(result, (1.0, -0.5))


def test_history_modes(world):
    rec = world.scenario(1.0)
    dem = world.scenario(1.0, history="demand")
    np.testing.assert_array_equal(rec.observed_sales, world.base.observed_sales)
    np.testing.assert_array_equal(dem.observed_sales, dem.demand)
    m = np.ones(world.base.demand.shape)
    m[40:] = 1.1
    mixed = world.scenario(m)
    np.testing.assert_array_equal(mixed.observed_sales[:40], world.base.observed_sales[:40])
    np.testing.assert_array_equal(mixed.observed_sales[40:], mixed.demand[40:])
    with pytest.raises(ConfigError, match="history"):
        world.scenario(1.0, history="censored")


def test_rule_takes_the_estimate_table(result):
    from retailsim.decisions import estimate_elasticities

    est = estimate_elasticities(result.observed)
    by_object = ElasticityPricing(est)
    by_table = ElasticityPricing(est.own)
    items = est.own["item"]
    assert by_object.classify(items).equals(by_table.classify(items))
    assert by_table.elasticity.to_dict() == est.own_elasticity().to_dict()


def test_lerner_rule_by_hand():
    from retailsim.decisions import LernerPricing, lerner_multiplier

    # p* = c e / (1 + e): c = 5, p = 10 -> e = -3: 7.5 (m 0.75); e = -2: 10 (m 1.0);
    # e = -1.5: 15 (m 1.5); e = -0.8: no finite optimum.
    m = lerner_multiplier([-3.0, -2.0, -1.5, -0.8], 0.5)
    np.testing.assert_allclose(m[:3], [0.75, 1.0, 1.5])
    assert np.isinf(m[3])
    rule = LernerPricing({"A": -3.0, "B": -2.0, "C": -1.5, "D": -0.8}, lower=0.8, upper=1.2)
    s = state(
        [[1, 1, 1, 1]],
        [[1, 1, 1, 1]],
        [[0, 0, 0, 0]],
        [10] * 4,
        [5] * 4,
        [365] * 4,
        ["A", "B", "C", "D"],
    )
    # Sensitive items get lower prices than insensitive ones; bounds clip both ends.
    np.testing.assert_allclose(rule.multipliers(s), [0.8, 1.0, 1.2, 1.2])
    half = LernerPricing({"A": -3.0, "B": -2.0, "C": -1.5, "D": -0.8}, step=0.5)
    np.testing.assert_allclose(half.multipliers(s), [0.875, 1.0, 1.1, 1.1])
    with pytest.raises(ConfigError, match="step"):
        LernerPricing({"A": -2.0}, step=1.5)
    with pytest.raises(ConfigError, match="lower"):
        LernerPricing({"A": -2.0}, lower=1.1)
    with pytest.raises(ConfigError, match="no estimate for item"):
        rule.multipliers(s._replace(keys=pd.DataFrame({"store_id": ["S"], "sku_id": ["Z"]})))
