"""Elasticity estimation: recovery on synthetic data, shrinkage by hand, validation, simulator."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from retailsim.config import ConfigError, preset
from retailsim.decisions import (
    ElasticityEstimates,
    compare_with_truth,
    elasticity_accuracy,
    estimate_elasticities,
    shrink_to_groups,
)
from retailsim.simulate import simulate

TRUE_OWN = {"A": -2.0, "B": -1.5, "C": -0.6}
TRUE_CROSS = {("A", "B"): 0.8, ("B", "A"): 0.8}


def synthetic(n_days=400, seed=0, slots=1, base=6.0) -> pd.DataFrame:
    """Poisson demand with known own/cross elasticities and random price moves."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2024-01-01", periods=n_days, freq="D")
    log_p = {k: rng.choice(np.log([0.8, 0.9, 1.0, 1.1, 1.2]), size=n_days) for k in TRUE_OWN}
    promo = rng.random(n_days) < 0.1
    rows = []
    for item, e in TRUE_OWN.items():
        eta = np.log(base) + e * log_p[item] + 0.3 * promo
        for (i, j), c in TRUE_CROSS.items():
            if i == item:
                eta = eta + c * log_p[j]
        lam = np.exp(eta) / slots
        for _ in range(slots):
            rows.append(
                pd.DataFrame(
                    {
                        "sku": item,
                        "day": dates,
                        "qty": rng.poisson(lam),
                        "unit_price": 10.0 * np.exp(log_p[item]),
                        "on_display": promo,
                        "cat": "AB" if item in ("A", "B") else "C",
                    }
                )
            )
    return pd.concat(rows, ignore_index=True)


KW = dict(
    item="sku",
    store=None,
    period="day",
    units="qty",
    price="unit_price",
    controls=["on_display"],
    group="cat",
)


def test_recovers_known_own_and_cross_elasticities():
    est = estimate_elasticities(synthetic(), **KW, relations=[("A", "B")])
    assert isinstance(est, ElasticityEstimates)
    own = est.own.set_index("item")
    for item, e in TRUE_OWN.items():
        assert abs(own.loc[item, "estimate"] - e) < 3 * own.loc[item, "se"] + 0.05
        assert own.loc[item, "ci_low"] < own.loc[item, "estimate"] < own.loc[item, "ci_high"]
        assert own.loc[item, "n_price_changes"] > 100
    cross = est.cross.set_index(["item", "price_of"])["estimate"]
    assert cross.loc[("A", "B")] == pytest.approx(0.8, abs=0.2)
    assert cross.loc[("B", "A")] == pytest.approx(0.8, abs=0.2)
    matrix = est.matrix()
    assert matrix.loc["A", "B"] == cross.loc[("A", "B")]
    assert matrix.loc["A", "C"] == 0.0
    assert matrix.loc["C", "C"] == own.loc["C", "shrunk"]


def test_slot_rows_are_aggregated_to_the_period():
    daily = estimate_elasticities(synthetic(n_days=200, seed=3), **KW)
    slots = synthetic(n_days=200, seed=3, slots=3)  # same prices, three rows a day
    sloted = estimate_elasticities(slots, **KW)
    assert (sloted.own["n_obs"] == 200).all()
    # Different Poisson draws, same truth: both near -2 for A.
    a = sloted.own.set_index("item").loc["A"]
    assert abs(a["estimate"] + 2.0) < 3 * a["se"] + 0.05
    assert daily.own["n_obs"].tolist() == [200, 200, 200]


def test_zero_heavy_sales_and_constant_price():
    frame = synthetic(n_days=300, seed=1, base=0.3)  # most days sell nothing
    frame.loc[frame["sku"] == "C", "unit_price"] = 7.0  # C's price never moves
    est = estimate_elasticities(frame, **KW, relations=())
    own = est.own.set_index("item")
    assert (frame["qty"] == 0).mean() > 0.5
    assert np.isfinite(own.loc["A", "estimate"])
    assert np.isnan(own.loc["C", "estimate"]) and own.loc["C", "n_price_changes"] == 0
    # C is alone in its group: it gets the global precision-weighted mean.
    assert own.loc["C", "shrunk"] == pytest.approx(own.loc[["A", "B"], "shrunk"].mean(), abs=1.0)
    assert est.cross.empty


def test_shrinkage_by_hand():
    # e = (-1, -2), se = 0.5 each, one group: w = 4, mean -1.5, Q = 2, df = 1,
    # c = 8 - 32 / 8 = 4, tau2 = (2 - 1) / 4 = 0.25, B = 0.25 / 0.5 = 0.5.
    shrunk, se, tau2 = shrink_to_groups([-1.0, -2.0], [0.5, 0.5], ["g", "g"], tau_max=0.5)
    assert tau2 == pytest.approx(0.25)
    assert shrunk == pytest.approx([-1.25, -1.75])
    assert se == pytest.approx([np.sqrt(0.125)] * 2)
    # A NaN estimate takes the group mean; tau_max caps tau2.
    shrunk, se, tau2 = shrink_to_groups([-1.0, -2.0, np.nan], [0.5, 0.5, np.inf], ["g"] * 3, 0.1)
    assert tau2 == pytest.approx(0.01)
    assert shrunk[2] == pytest.approx(-1.5) and se[2] == pytest.approx(0.1)
    assert shrunk[0] == pytest.approx((0.25 * -1.5 + 0.01 * -1.0) / 0.26)
    # A prior (m0, s0) on the global mean is one more observation of weight 1 / s0^2: one
    # group, V = 1 / (2 / 0.26), omega^2 = 0.01 -> mean -1.5 with weight 1 / (V + 0.01).
    shrunk, _, _ = shrink_to_groups([-1.0, -2.0], [0.5, 0.5], ["g", "g"], 0.1, prior=(-3.0, 1.0))
    v = 0.13
    mu = (-1.5 / (v + 0.01) - 3.0) / (1 / (v + 0.01) + 1.0)
    c = v / (v + 0.01)
    target = c * mu + (1 - c) * -1.5
    assert shrunk[0] == pytest.approx((0.25 * target + 0.01 * -1.0) / 0.26)
    with pytest.raises(ConfigError, match="prior"):
        shrink_to_groups([-1.0], [0.5], ["g"], prior=(-1.5, 0.0))


def test_deterministic():
    a = estimate_elasticities(synthetic(n_days=100), **KW)
    b = estimate_elasticities(synthetic(n_days=100), **KW)
    pd.testing.assert_frame_equal(a.own, b.own)
    pd.testing.assert_frame_equal(a.cross, b.cross)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda f: f.drop(columns="qty"), r"missing column\(s\) 'qty'"),
        (lambda f: f.assign(unit_price=0.0), r"unit_price.*> 0"),
        (lambda f: f.assign(unit_price=-1.0), r"unit_price = -1.0: .*> 0"),
        (lambda f: f.assign(unit_price=np.nan), r"unit_price.*no missing"),
        (lambda f: f.assign(qty=-1), r"qty.*>= 0"),
        (lambda f: f.iloc[:0], r"no rows"),
    ],
)
def test_bad_frames(change, match):
    with pytest.raises(ConfigError, match=match):
        estimate_elasticities(change(synthetic(n_days=30)), **KW)


def test_bad_arguments():
    frame = synthetic(n_days=30)
    with pytest.raises(ValueError, match="controls"):
        estimate_elasticities(frame, **{**KW, "controls": "promo"})
    with pytest.raises(ValueError, match="relations"):
        estimate_elasticities(frame, **KW, relations=pd.DataFrame({"a": [1]}))
    with pytest.raises(ValueError, match="two different items"):
        estimate_elasticities(frame, **KW, relations=[("A", "A")])
    with pytest.raises(ValueError, match="level"):
        estimate_elasticities(frame, **KW, level=1.5)
    with pytest.raises(ValueError, match="frame"):
        estimate_elasticities(frame.to_numpy(), **KW)


@pytest.fixture(scope="module")
def store():
    return simulate(preset("convenience_store", rows=5000, seed=0))


def test_simulator_frame_and_truth_comparison(store):
    est = estimate_elasticities(store.observed, relations=store.truth.relations)
    truth = store.truth.elasticity
    assert est.matrix().shape == truth.shape
    assert list(est.matrix().index) == list(truth.index)
    m = compare_with_truth(est, truth)
    assert m["n_relations"] == 2 * len(store.truth.relations)
    # A pair whose prices never move apart (or never move) is not identified: no estimate,
    # rather than the arbitrary minimum-norm split of a rank-deficient design.
    assert m["cross_coverage"] >= 0.75
    assert 0.0 <= m["cross_sign_accuracy"] <= 1.0
    # Shrinkage towards the category mean beats the raw estimates on thin data.
    assert m["own_mae"] < m["own_mae_raw"]
    assert est.own["shrunk"].notna().all()
    # Auto controls: weather etc. and the display share, not the price promotions.
    auto = estimate_elasticities(store.observed, relations=())
    assert auto.cross.empty and len(auto.own) == store.config.n_skus
    with pytest.raises(ValueError, match="square"):
        compare_with_truth(est, truth.iloc[:3])


def test_sold_out_periods_are_dropped():
    frame = synthetic(n_days=200, seed=4)
    frame["stock"] = frame["qty"] + 1
    sold_out = (frame["sku"] == "A") & (frame.index % 4 == 0)
    frame.loc[sold_out, "stock"] = frame.loc[sold_out, "qty"]  # sold out: censored
    est = estimate_elasticities(frame, **KW, stock="stock")
    n = est.own.set_index("item")["n_obs"]
    assert n["A"] == 200 - sold_out.sum() and n["B"] == 200
    kept = estimate_elasticities(frame, **KW, stock=None)
    assert (kept.own["n_obs"] == 200).all()
    with pytest.raises(ConfigError, match="missing column"):
        estimate_elasticities(frame, **KW, stock="on_hand")


def test_symmetric_cross_is_the_inverse_variance_average():
    frame = synthetic(n_days=300, seed=5)
    one = estimate_elasticities(frame, **KW, relations=[("A", "B")])
    both = estimate_elasticities(frame, **KW, relations=[("A", "B")], symmetric_cross=True)
    c = one.cross.set_index(["item", "price_of"])
    ab, ba = c.loc[("A", "B")], c.loc[("B", "A")]
    w1, w2 = ab["se"] ** -2, ba["se"] ** -2
    expected = (w1 * ab["estimate"] + w2 * ba["estimate"]) / (w1 + w2)
    sym = both.cross.set_index(["item", "price_of"])
    assert sym.loc[("A", "B"), "estimate"] == pytest.approx(expected)
    assert sym.loc[("B", "A"), "estimate"] == pytest.approx(expected)
    assert sym.loc[("A", "B"), "se"] == pytest.approx((w1 + w2) ** -0.5)


def test_elasticity_accuracy_table():
    table = elasticity_accuracy("supermarket", seeds=(1,), rows=1000, true_relations=False)
    assert table[["preset", "seed"]].iloc[0].tolist() == ["supermarket", 1]
    assert {"own_mae", "cross_sign_accuracy", "cross_coverage"} <= set(table.columns)
    assert table["n_items"].iloc[0] == 36


def test_weekly_scanner_frame_without_store_or_dates():
    daily = synthetic(n_days=364, seed=6)
    daily["week"] = (daily["day"] - daily["day"].min()).dt.days // 7
    weekly = daily.groupby(["sku", "week", "cat"], as_index=False).agg(
        qty=("qty", "sum"), unit_price=("unit_price", "mean"), on_display=("on_display", "mean")
    )
    est = estimate_elasticities(weekly, **{**KW, "period": "week"})
    own = est.own.set_index("item")
    assert (own["n_obs"] == 52).all()
    assert own.loc["A", "shrunk"] < own.loc["C", "shrunk"] < 0  # ordering recovered


def test_slot_prices_are_kept_apart():
    """An evening markdown (one slot of three at 70 % of the price) is a price change of that
    slot only; the slot-level fit recovers the elasticity, the day-level average does not."""
    rng = np.random.default_rng(11)
    n_days, e = 300, -2.0
    dates = pd.date_range("2024-01-01", periods=n_days, freq="D")
    marked = rng.random(n_days) < 0.4
    rows = []
    for slot, share in (("morning", 0.3), ("noon", 0.3), ("evening", 0.4)):
        mult = np.where(marked & (slot == "evening"), 0.7, 1.0)
        lam = 8.0 * share * mult**e
        rows.append(
            pd.DataFrame({"sku": "A", "day": dates, "slot": slot, "qty": rng.poisson(lam)}).assign(
                unit_price=10.0 * mult, cat="A", on_display=False
            )
        )
    frame = pd.concat(rows, ignore_index=True)
    by_slot = estimate_elasticities(frame, **KW, slot="slot").own.iloc[0]
    by_day = estimate_elasticities(frame, **KW, slot=None).own.iloc[0]
    assert by_slot["n_obs"] == 3 * n_days and by_day["n_obs"] == n_days
    assert abs(by_slot["estimate"] - e) < 3 * by_slot["se"]
    assert abs(by_day["estimate"] - e) > abs(by_slot["estimate"] - e) + 0.3
