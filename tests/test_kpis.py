"""retailsim.decisions KPIs: inventory KPIs and the slow-mover rate (formula and truth check)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

import retailsim as rs
from retailsim.decisions import (
    DemandScenario,
    InventoryParams,
    OraclePolicy,
    OrderUpToRS,
    WeeksOfCover,
    compare_policies,
    cost_at_fill_rate,
    gap_closed,
    simulate_inventory,
    slow_mover_rate,
    slow_mover_share,
)


def week_frame(sales_by_item, *, stock=4, life=None):
    """7 days of one store: ``sales_by_item`` maps item -> 7 daily unit sales."""
    rows = []
    for item, sales in sales_by_item.items():
        for d, units in enumerate(sales):
            rows.append(
                {
                    "store_id": "S1",
                    "sku_id": item,
                    "date": pd.Timestamp("2024-01-01") + pd.Timedelta(days=d),
                    "units_sold": units,
                    "stock_on_hand": stock,
                    "shelf_life_days": (life or {}).get(item, 2),
                }
            )
    return pd.DataFrame(rows)


def test_slow_mover_rate_by_hand():
    frame = week_frame({"A": [1, 0, 1, 0, 1, 0, 0]})
    row = slow_mover_rate(frame, {"A": -2.0}).iloc[0]
    # s = (3 + 0.5) / (7 + 1) = 0.4375; lambda = -ln(1 - s) = 0.575364 (= lambda_ref: one week)
    lam = -math.log(1 - 0.4375)
    # need = stock / min(shelf life, 28) = 4 / 2; markdown lift m = 0.7 ** -2
    score = math.log((4 / 2) / (lam * 0.7**-2.0)) + 0.0
    assert row["days_with_sales"] == 3 and row["days"] == 7
    assert row["sale_rate"] == pytest.approx(lam)
    assert row["score"] == pytest.approx(score)  # 0.53255
    assert row["slow_mover_rate"] == pytest.approx(1 / (1 + math.exp(-score)))
    assert bool(row["is_slow"]) is (score > 0)


def test_slow_mover_rate_moves_the_right_way():
    few, many = [1, 0, 0, 0, 0, 0, 0], [1, 1, 1, 0, 1, 1, 0]
    t = slow_mover_rate(week_frame({"few": few, "many": many}), -1.5).set_index("sku_id")
    assert t.loc["few", "slow_mover_rate"] > t.loc["many", "slow_mover_rate"]  # days with sales
    t = slow_mover_rate(
        week_frame({"short": few, "long": few}, life={"short": 1, "long": 20}), -1.5
    ).set_index("sku_id")
    assert t.loc["short", "slow_mover_rate"] > t.loc["long", "slow_mover_rate"]  # shelf life
    t = slow_mover_rate(week_frame({"a": few, "b": few}), {"a": -0.3, "b": -3.0})
    t = t.set_index("sku_id")
    assert t.loc["a", "slow_mover_rate"] > t.loc["b", "slow_mover_rate"]  # |elasticity|


def test_slow_mover_rate_validation():
    frame = week_frame({"A": [1] * 7})
    with pytest.raises(ValueError, match=r"missing column\(s\) 'stock_on_hand'"):
        slow_mover_rate(frame.drop(columns="stock_on_hand"), -1.0)
    with pytest.raises(ValueError, match=r"elasticity: no value for item\(s\) \['A'\]"):
        slow_mover_rate(frame, {"B": -1.0})
    with pytest.raises(ValueError, match="markdown_depth = 1.0"):
        slow_mover_rate(frame, -1.0, markdown_depth=1.0)


def test_slow_mover_rate_ranks_the_true_slow_movers():
    sim = rs.simulate(rs.preset("convenience_store", rows=5000, seed=0))
    elasticity = sim.truth.skus.set_index("sku_id")["own_elasticity"]
    table = slow_mover_rate(sim.observed, elasticity)
    truth = sim.truth.slow_movers.astype({"store_id": str, "sku_id": str})
    merged = table.merge(truth, on=["store_id", "sku_id", "week"])
    assert len(merged) == len(truth) == 240  # 24 SKUs x 10 weeks
    auc = roc_auc_score(merged["is_slow_mover"], merged["slow_mover_rate"])
    # the truth flags each SKU's bottom quartile of noise-free weekly demand; one week of
    # observed days-with-sales separates it only partly (0.64 here, 0.55-0.64 over seeds)
    assert auc > 0.6
    share = slow_mover_share(table)
    assert share.between(0, 1).all() and len(share) == 10


def test_inventory_kpis_are_consistent():
    sim = rs.simulate(rs.preset("convenience_store", rows=5000, seed=1))
    sc = DemandScenario.from_simulation(sim)
    p = InventoryParams()
    lean = simulate_inventory(sc, OrderUpToRS(0.8), p).kpis()
    fat = simulate_inventory(sc, WeeksOfCover(2), p).kpis()
    for k in (lean, fat):
        assert k["sales_units"] + k["lost_units"] == k["demand_units"]
        parts = k["holding_cost"] + k["ordering_cost"] + k["shortage_cost"] + k["waste_cost"]
        assert k["total_cost"] == pytest.approx(parts)
        assert k["turnover_annual"] == pytest.approx(k["turnover"] * 365 / k["days"])
        assert 0 <= k["stock_out_share"] <= 1
    # more stock: higher fill rate, more waste, lower turnover
    assert fat["fill_rate"] > lean["fill_rate"]
    assert fat["waste_units"] > lean["waste_units"]
    assert fat["turnover"] < lean["turnover"]
    assert np.isfinite(list(lean.values())).all()


def test_kpis_by_series_add_up_and_to_frame_feeds_slow_movers():
    sim = rs.simulate(rs.preset("convenience_store", rows=5000, seed=2))
    sc = DemandScenario.from_simulation(sim)
    res = simulate_inventory(sc, OrderUpToRS(0.9), InventoryParams())
    total, per = res.kpis(), res.kpis_by_series()
    assert len(per) == sc.n_series
    for col in ("demand_units", "waste_units", "total_cost", "revenue", "margin"):
        assert per[col].sum() == pytest.approx(total[col])
    frame = res.to_frame()
    assert len(frame) == res.sales.size and frame["units_sold"].sum() == total["sales_units"]
    elasticity = sim.truth.skus.set_index("sku_id")["own_elasticity"]
    table = slow_mover_rate(frame, elasticity)
    assert table["slow_mover_rate"].between(0, 1).all()


def test_compare_policies_and_gap_closed():
    sim = rs.simulate(rs.preset("convenience_store", rows=5000, seed=3))
    sc = DemandScenario.from_simulation(sim)
    table = compare_policies(sc, {"rs": OrderUpToRS(0.9), "oracle": OraclePolicy(0.9)})
    assert list(table.index) == ["rs", "oracle"] and "total_cost" in table
    # on the RS cost-fill curve, the cost at RS(0.9)'s own fill rate is RS(0.9)'s cost
    fill = table.loc["rs", "fill_rate"]
    cost = cost_at_fill_rate(OrderUpToRS, [0.5, 0.9, 0.99], sc, fill)
    assert cost == pytest.approx(table.loc["rs", "total_cost"])
    # and the oracle's fill rate lies inside the curve: cost between the curve's end points
    ends = compare_policies(sc, {"lo": OrderUpToRS(0.5), "hi": OrderUpToRS(0.99)})
    inside = cost_at_fill_rate(OrderUpToRS, [0.5, 0.9, 0.99], sc, table.loc["oracle", "fill_rate"])
    assert ends["total_cost"].min() <= inside <= ends["total_cost"].max()
    # gap closed: (10 - 7) / (10 - 4) = 0.5
    assert gap_closed(10.0, 7.0, 4.0) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="oracle = 12.0"):
        gap_closed(10.0, 7.0, 12.0)
