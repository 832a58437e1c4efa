"""retailsim.decisions: demand scenarios, the inventory simulation and the policies."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import retailsim as rs
from retailsim.decisions import (
    DemandScenario,
    ForecastPolicy,
    InventoryParams,
    OraclePolicy,
    OrderUpToRS,
    PolicyContext,
    Target,
    WeeksOfCover,
    cost_based_service_level,
    lightgbm_forecasts,
    order_up_to_level,
    simulate_inventory,
)


def make_scenario(demand, *, price=10.0, cost=6.0, shelf_life=1000, case_pack=1, sales=None):
    demand = np.asarray(demand, dtype=np.int64)
    if demand.ndim == 1:
        demand = demand[:, None]
    n, q = demand.shape
    return DemandScenario(
        dates=pd.date_range("2024-01-01", periods=n, freq="D"),
        keys=pd.DataFrame({"store_id": ["S1"] * q, "sku_id": [f"I{i}" for i in range(q)]}),
        demand=demand,
        observed_sales=demand.copy()
        if sales is None
        else np.asarray(sales, np.int64).reshape(n, q),
        price=np.full((n, q), price),
        unit_cost=np.full(q, cost),
        shelf_life=np.full(q, shelf_life, dtype=np.int64),
        case_pack=np.full(q, case_pack, dtype=np.int64),
    )


class Fixed:
    """Order up to a fixed level with a fixed lead-time demand; records what it saw."""

    def __init__(self, level, lead_demand=0.0):
        self.level, self.lead_demand, self.seen = level, lead_demand, []

    def order_up_to(self, day, history, context):
        self.seen.append((day, history.copy()))
        return Target(np.asarray(self.level, dtype=float), np.asarray(self.lead_demand, float))


@pytest.fixture(scope="module")
def sim():
    return rs.simulate(rs.preset("convenience_store", rows=5000, seed=0))


@pytest.fixture(scope="module")
def scenario(sim):
    return DemandScenario.from_simulation(sim)


# --- the simulation mechanics, checked by hand -------------------------------------------


def test_zero_lead_time_orders_up_to_the_level_every_day():
    sc = make_scenario([5] * 6)
    res = simulate_inventory(sc, Fixed(10), InventoryParams(lead_time=0), warmup_days=1)
    # initial stock S - mu_L = 10; each morning order 10 - 5 = 5 (none on the first day)
    np.testing.assert_array_equal(res.orders[:, 0], [0, 5, 5, 5, 5])
    np.testing.assert_array_equal(res.on_hand_start[:, 0], [10] * 5)
    np.testing.assert_array_equal(res.sales[:, 0], [5] * 5)
    np.testing.assert_array_equal(res.on_hand[:, 0], [5] * 5)
    assert res.lost.sum() == 0 and res.waste.sum() == 0


def test_lead_time_delays_receipts_and_sales_are_lost_not_backordered():
    sc = make_scenario([4] * 8)
    res = simulate_inventory(sc, Fixed(6), InventoryParams(lead_time=2), warmup_days=1)
    # day 0: stock 6, order max(6 - 0 - 6, 0) = 0; sell 4 -> 2
    # day 1: order 6 - 2 = 4 (arrives day 3); sell 2 of 4 (2 lost) -> 0
    # day 2: order 6 - (0 + 4 on order) = 2 (arrives day 4); sell 0 (4 lost)
    # day 3: receive 4; order 6 - (4 + 2) = 0; sell 4
    np.testing.assert_array_equal(res.orders[:4, 0], [0, 4, 2, 0])
    np.testing.assert_array_equal(res.receipts[:4, 0], [0, 0, 0, 4])
    np.testing.assert_array_equal(res.sales[:4, 0], [4, 2, 0, 4])
    np.testing.assert_array_equal(res.lost[:4, 0], [0, 2, 4, 0])
    np.testing.assert_array_equal(res.sales + res.lost, res.demand)


def test_shelf_life_one_wastes_the_leftovers_each_night():
    sc = make_scenario([5] * 5, shelf_life=1)
    res = simulate_inventory(sc, Fixed(8), InventoryParams(lead_time=0), warmup_days=1)
    np.testing.assert_array_equal(res.waste[:, 0], [3] * 4)
    np.testing.assert_array_equal(res.on_hand[:, 0], [0] * 4)
    np.testing.assert_array_equal(res.orders[1:, 0], [8] * 3)


def test_fifo_sells_the_oldest_units_first():
    # shelf life 2: units received on day d can be sold on d and d + 1
    sc = make_scenario([0, 3, 3, 3, 3], shelf_life=2)
    res = simulate_inventory(sc, Fixed(5), InventoryParams(lead_time=0), warmup_days=1)
    # day 1: 5 fresh, sell 3 -> 2 left (age 0 -> 1); day 2: order 3 (5 - 2), sell 3 oldest
    # first = the 2 old units + 1 new, nothing wasted; with LIFO 2 old units would expire.
    np.testing.assert_array_equal(res.waste[:, 0], [0, 0, 0, 0])
    np.testing.assert_array_equal(res.orders[:, 0], [0, 3, 3, 3])


def test_expiring_stock_is_not_counted_as_available_at_arrival():
    # shelf life 1, lead time 1: today's stock is gone by the time the order arrives,
    # so the order covers tomorrow in full (level 2 days minus lead demand 1 day)
    sc = make_scenario([5] * 4, shelf_life=1)
    res = simulate_inventory(sc, Fixed(10, 5), InventoryParams(lead_time=1), warmup_days=1)
    np.testing.assert_array_equal(res.orders[:, 0], [5, 5, 5])
    assert res.lost.sum() == 0 and res.waste.sum() == 0


def test_case_pack_rounds_orders_up():
    sc = make_scenario([5] * 4, case_pack=4)
    res = simulate_inventory(sc, Fixed(10), InventoryParams(lead_time=0), warmup_days=1)
    assert res.on_hand_start[0, 0] == 12  # ceil(10 / 4) * 4
    assert (res.orders % 4 == 0).all()
    res = simulate_inventory(
        sc, Fixed(10), InventoryParams(lead_time=0, round_to_case=False), warmup_days=1
    )
    assert res.on_hand_start[0, 0] == 10


def test_review_period_orders_only_on_review_days():
    sc = make_scenario([2] * 10)
    res = simulate_inventory(
        sc, Fixed(12), InventoryParams(lead_time=0, review_period=3), warmup_days=1
    )
    assert np.flatnonzero(res.orders[:, 0]).tolist() == [3, 6]


def test_policy_sees_only_censored_sales_never_demand():
    sc = make_scenario([9] * 6, sales=[1] * 6)
    spy = Fixed(4)
    res = simulate_inventory(sc, spy, InventoryParams(lead_time=0), warmup_days=2)
    day, history = spy.seen[-1]
    assert day == 5
    np.testing.assert_array_equal(history[:2, 0], [1, 1])  # the recorded past
    np.testing.assert_array_equal(history[2:, 0], res.sales[:3, 0])  # own sales: 4, not 9
    assert (history[2:] == 4).all()


def test_costs_by_hand():
    sc = make_scenario([5] * 3, price=10.0, cost=6.0, shelf_life=1)
    p = InventoryParams(lead_time=0, holding_rate=0.01, order_cost=2.0)
    k = simulate_inventory(sc, Fixed(7), p, warmup_days=1).kpis()
    # 2 days: start 7, sell 5, waste 2, end 0; one order (day 2: 7 units)
    assert k["waste_units"] == 4 and k["waste_cost"] == pytest.approx(4 * 6.0)
    assert k["holding_cost"] == pytest.approx(0.01 * 6.0 * (7 + 0) / 2 * 2)  # 0.42
    assert k["ordering_cost"] == pytest.approx(2.0)
    assert k["shortage_cost"] == 0.0
    assert k["revenue"] == pytest.approx(100.0) and k["cogs"] == pytest.approx(60.0)
    assert k["margin"] == pytest.approx(100.0 - 60.0 - 24.0)
    assert k["total_cost"] == pytest.approx(24.0 + 0.42 + 2.0)
    # turnover = COGS / average inventory value = 60 / (6 * 3.5) = 2.857
    assert k["turnover"] == pytest.approx(60.0 / 21.0)
    k = simulate_inventory(sc, Fixed(3), p, warmup_days=1).kpis()
    assert k["shortage_cost"] == pytest.approx(4 * (10.0 - 6.0))  # 2 lost units a day
    assert k["fill_rate"] == pytest.approx(0.6) and k["stock_out_share"] == 1.0


# --- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({"lead_time": -1}, "lead_time = -1"),
        ({"review_period": 0}, "review_period = 0"),
        ({"holding_rate": -0.1}, "holding_rate = -0.1"),
        ({"order_cost": -1.0}, "order_cost = -1.0"),
        ({"lead_time": 1.5}, "lead_time = 1.5"),
    ],
)
def test_inventory_params_validation(kwargs, text):
    with pytest.raises(ValueError, match="must") as info:
        InventoryParams(**kwargs)
    assert text in str(info.value)


@pytest.mark.parametrize(
    ("make", "text"),
    [
        (lambda: OrderUpToRS(1.5), "service_level = 1.5"),
        (lambda: OraclePolicy(0.0), "service_level = 0.0"),
        (lambda: WeeksOfCover(-1), "weeks = -1.0"),
        (lambda: ForecastPolicy(np.ones((3, 1))), "sigma: give exactly one"),
        (lambda: ForecastPolicy(np.ones((3, 1)), upper=np.ones((3, 1))), "upper_level"),
        (lambda: ForecastPolicy(-np.ones((3, 1)), np.ones((3, 1))), "mean = -1.0"),
        (lambda: OraclePolicy(0.9, distribution="poisson"), "distribution = 'poisson'"),
    ],
)
def test_policy_validation(make, text):
    with pytest.raises(ValueError) as info:
        make()
    assert text in str(info.value)


def test_simulation_input_validation():
    sc = make_scenario([1] * 5)
    with pytest.raises(ValueError, match="warmup_days = 5: must be < the scenario's 5 days"):
        simulate_inventory(sc, Fixed(3), warmup_days=5)
    with pytest.raises(ValueError, match="policy"):
        simulate_inventory(sc, object(), warmup_days=1)
    with pytest.raises(ValueError, match="the oracle needs the truth"):
        simulate_inventory(sc, OraclePolicy(0.9), warmup_days=1)
    with pytest.raises(ValueError, match="price"):
        make_scenario([1] * 5, price=0.0)


# --- scenarios -----------------------------------------------------------------------------


def test_from_simulation_sums_slots_per_day(sim, scenario):
    sc = scenario
    assert sc.demand.shape == (sim.n_days, sim.config.n_skus)
    assert sc.demand.sum() == sim.truth.rows["demand"].sum()
    assert sc.observed_sales.sum() == sim.observed["units_sold"].sum()
    assert sc.expected.sum() == pytest.approx(sim.truth.rows["expected_demand"].sum())
    assert (sc.variance >= sc.expected).all()
    assert (sc.observed_sales <= sc.demand).all()  # sales are censored demand
    c01 = sc.keys.index[sc.keys["sku_id"] == "C01"][0]
    assert sc.shelf_life[c01] == 1 and sc.unit_cost[c01] == pytest.approx(3.9)


def test_from_frame_on_a_real_style_export():
    frame = pd.DataFrame(
        {
            "item": ["A", "A", "A", "B", "B"],
            "day": ["2024-03-01", "2024-03-01", "2024-03-03", "2024-03-01", "2024-03-02"],
            "qty": [2, 1, 4, 0, 5],
            "sell_price": [5.0, 5.0, 4.0, 8.0, 8.0],
            "cost": [3.0, 3.0, 3.0, 5.0, 5.0],
            "life": [3, 3, 3, 30, 30],
        }
    )
    sc = DemandScenario.from_frame(
        frame,
        item="item",
        store=None,
        date="day",
        units="qty",
        price="sell_price",
        cost="cost",
        shelf_life="life",
    )
    assert list(sc.keys["sku_id"]) == ["A", "B"] and sc.n_days == 3
    np.testing.assert_array_equal(sc.demand, [[3, 0], [0, 5], [4, 0]])  # 2 + 1 summed
    np.testing.assert_array_equal(sc.shelf_life, [3, 30])
    assert sc.price[1, 0] == 5.0  # a day without a row carries the last price
    assert sc.expected is None
    with pytest.raises(ValueError, match=r"missing column\(s\) 'qty2'"):
        DemandScenario.from_frame(
            frame,
            item="item",
            store=None,
            date="day",
            units="qty2",
            price="sell_price",
            cost="cost",
        )
    with pytest.raises(ValueError, match="life = 0.0: every value must be a whole number >= 1"):
        DemandScenario.from_frame(
            frame.assign(life=[0, 3, 3, 30, 30]),
            **dict(item="item", store=None, date="day", units="qty", price="sell_price"),
            cost="cost",
            shelf_life="life",
        )
    bad = frame.assign(sell_price=[5.0, 0.0, 4.0, 8.0, 8.0])
    with pytest.raises(ValueError, match="sell_price"):
        DemandScenario.from_frame(
            bad, item="item", store=None, date="day", units="qty", price="sell_price", cost="cost"
        )


# --- policies ------------------------------------------------------------------------------


def test_order_up_to_rs_uses_the_textbook_level():
    sc = make_scenario([[2], [4], [6], [4]])
    p = InventoryParams(lead_time=2, review_period=1)
    history = sc.demand[:4].astype(float)
    target = OrderUpToRS(0.95).order_up_to(4, history, PolicyContext(p, sc))
    # mu = 4, sigma = std([2, 4, 6, 4], ddof=1) = 1.633; S = 4*3 + 1.645*1.633*sqrt(3)
    expected = order_up_to_level(4.0, np.std([2, 4, 6, 4], ddof=1), 2, 1, service_level=0.95)
    assert target.level[0] == pytest.approx(expected)
    assert target.lead_demand[0] == pytest.approx(8.0)
    woc = WeeksOfCover(2).order_up_to(4, history, PolicyContext(p, sc))
    assert woc.level[0] == pytest.approx(14 * 4.0)


def test_forecast_policy_safety_stock_follows_forecast_confidence():
    sc = make_scenario(np.full((10, 2), 5))
    ctx = PolicyContext(InventoryParams(lead_time=1, review_period=1), sc)
    mean = np.full((10, 2), 5.0)
    sigma = np.tile([1.0, 3.0], (10, 1))  # item 1 forecast is less certain
    pol = ForecastPolicy(mean, sigma, service_level=0.9, distribution="normal")
    t = pol.order_up_to(3, sc.demand[:3], ctx)
    # S = 5 + 5 + 1.2816 * sqrt(2 sigma^2)
    np.testing.assert_allclose(t.level, 10 + 1.2815516 * np.sqrt(2) * np.array([1.0, 3.0]))
    # an upper quantile forecast gives the same sigma: q_0.9 = mu + 1.2816 sigma
    upper = mean + 1.2815516 * sigma
    pol_q = ForecastPolicy(
        mean, upper=upper, upper_level=0.9, service_level=0.9, distribution="normal"
    )
    np.testing.assert_allclose(pol_q.order_up_to(3, sc.demand[:3], ctx).level, t.level)


def test_negbin_quantile_matches_scipy_for_a_single_day():
    from scipy import stats

    sc = make_scenario(np.full((5, 1), 3))
    ctx = PolicyContext(InventoryParams(lead_time=0, review_period=1), sc)
    mean, var = np.full((5, 1), 3.0), np.full((5, 1), 3.0 + 9.0 / 1.2)
    level = ForecastPolicy(mean, np.sqrt(var), service_level=0.8).order_up_to(1, None, ctx).level
    assert level[0] == stats.nbinom.ppf(0.8, 1.2, 1.2 / 4.2)


def test_common_random_numbers_and_determinism(scenario):
    p = InventoryParams()
    a = simulate_inventory(scenario, OrderUpToRS(0.9), p)
    b = simulate_inventory(scenario, WeeksOfCover(1), p)
    c = simulate_inventory(scenario, OrderUpToRS(0.9), p)
    np.testing.assert_array_equal(a.demand, b.demand)
    np.testing.assert_array_equal(a.sales + a.lost, b.sales + b.lost)
    for name in ("orders", "sales", "waste", "on_hand"):
        np.testing.assert_array_equal(getattr(a, name), getattr(c, name))


def test_oracle_beats_the_rules_of_thumb(scenario):
    p = InventoryParams(lead_time=1, review_period=1)
    cost = {
        name: simulate_inventory(scenario, pol, p).kpis()["total_cost"]
        for name, pol in {
            "weeks": WeeksOfCover(1),
            "rs95": OrderUpToRS(0.95),
            "oracle": OraclePolicy(cost_based_service_level(scenario, p)),
        }.items()
    }
    assert cost["oracle"] < cost["rs95"] < cost["weeks"]


def test_lightgbm_forecasts_feed_the_ai_policy(sim, scenario):
    fc = lightgbm_forecasts(sim.observed, scenario, train_days=28)
    assert fc.mean.shape == scenario.demand.shape and fc.upper_level == 0.9
    assert (fc.mean >= 0).all() and (fc.sigma >= 0).all() and (fc.upper >= fc.mean).all()
    assert fc.sigma.std() > 0  # the uncertainty varies by day and item
    again = lightgbm_forecasts(sim.observed, scenario, train_days=28)
    np.testing.assert_array_equal(fc.mean, again.mean)
    res = lightgbm_forecasts(sim.observed, scenario, train_days=28, uncertainty="residual")
    assert (res.sigma**2 >= res.mean - 1e-9).all()  # negative-binomial: var >= mean
    k = simulate_inventory(scenario, ForecastPolicy(fc.mean, fc.sigma)).kpis()
    assert 0.5 < k["fill_rate"] <= 1.0
    with pytest.raises(ValueError, match="uncertainty"):
        lightgbm_forecasts(sim.observed, scenario, train_days=28, uncertainty="bayes")


def test_from_frame_on_the_simulator_export_matches_from_simulation(sim, scenario):
    sc = DemandScenario.from_frame(sim.observed, shelf_life="shelf_life_days")
    np.testing.assert_array_equal(sc.observed_sales, scenario.observed_sales)
    np.testing.assert_array_equal(sc.shelf_life, scenario.shelf_life)
    np.testing.assert_allclose(sc.price, scenario.price)
    assert sc.expected is None and (sc.demand == sc.observed_sales).all()


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    demand=st.lists(st.integers(0, 12), min_size=4, max_size=12),
    level=st.floats(0, 30),
    lead=st.integers(0, 3),
    review=st.integers(1, 3),
    life=st.integers(1, 5),
    case=st.integers(1, 6),
)
def test_stock_balance_and_no_backorders(demand, level, lead, review, life, case):
    sc = make_scenario(demand, shelf_life=life, case_pack=case)
    p = InventoryParams(lead_time=lead, review_period=review)
    res = simulate_inventory(sc, Fixed(level, 0.0), p, warmup_days=1)
    assert (res.sales + res.lost == res.demand).all()
    assert (res.sales <= res.on_hand_start).all() and (res.on_hand >= 0).all()
    # on hand at the end = on hand at the start - sales - waste, every day
    np.testing.assert_array_equal(res.on_hand, res.on_hand_start - res.sales - res.waste)
    # the next morning's stock = last night's stock + receipts
    np.testing.assert_array_equal(res.on_hand_start[1:], res.on_hand[:-1] + res.receipts[1:])
    assert (res.orders % case == 0).all()
    # every order arrives exactly lead days later
    arrived = res.orders[: len(demand) - 1 - lead] if lead else res.orders
    np.testing.assert_array_equal(res.receipts[lead:], arrived)


def test_forecast_policy_follows_new_prices_through_the_elasticity():
    """A 20 % markdown with e = -2 raises the forecast by 0.8 ** -2 = 1.5625 on those days."""
    from retailsim.decisions import DemandScenario, ForecastPolicy, InventoryParams
    from retailsim.decisions.protocol import PolicyContext

    n_days, q = 10, 2
    mean = np.full((n_days, q), 4.0)
    sigma = np.full((n_days, q), 1.0)
    reference = np.full((n_days, q), 10.0)
    frame = pd.DataFrame(
        {
            "date": np.repeat(pd.date_range("2024-01-01", periods=n_days), q),
            "store_id": "S1",
            "sku_id": np.tile(["A", "B"], n_days),
            "units_sold": 4,
            "price": np.tile([8.0, 10.0], n_days),  # A marked down 20 %
            "unit_cost": 6.0,
        }
    )
    scenario = DemandScenario.from_frame(frame)
    ctx = PolicyContext(InventoryParams(lead_time=1, review_period=1), scenario)
    plain = ForecastPolicy(mean, sigma, service_level=0.5, distribution="normal")
    priced = ForecastPolicy(
        mean,
        sigma,
        service_level=0.5,
        distribution="normal",
        elasticity=[-2.0, -2.0],
        reference_price=reference,
    )
    base = plain.order_up_to(5, np.zeros((5, q)), ctx)
    moved = priced.order_up_to(5, np.zeros((5, q)), ctx)
    assert moved.lead_demand[0] == pytest.approx(base.lead_demand[0] * 0.8**-2.0)
    assert moved.lead_demand[1] == pytest.approx(base.lead_demand[1])
    with pytest.raises(ValueError, match="elasticity"):
        ForecastPolicy(mean, sigma, elasticity=[-2.0, -2.0])
    with pytest.raises(ValueError, match="one value per series"):
        ForecastPolicy(mean, sigma, elasticity=[-2.0], reference_price=reference)
