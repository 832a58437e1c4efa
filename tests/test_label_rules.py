"""Business-label rules: the dynamic slow-mover flag, its agreement metrics, the high-value
label and per-SKU turnover (``retailsim.labels.rules``, ``retailsim.labels.value``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retailsim import ConfigError, preset, simulate
from retailsim.labels import (
    high_value_label,
    is_slow_mover,
    sku_turnover,
    slow_mover_agreement,
)


def weekly_frame(sales, sku="A", store="S1", start="2024-01-01"):
    """Daily rows for ``len(sales)`` full weeks; week k's units all on its first day."""
    days = pd.date_range(start, periods=7 * len(sales), freq="D")
    units = np.zeros(len(days))
    units[::7] = sales
    return pd.DataFrame({"store_id": store, "sku_id": sku, "date": days, "units_sold": units})


# ---- is_slow_mover: the hand-computed example ------------------------------------------------


def test_dynamic_quantile_by_hand():
    # weekly sales 4, 8, 2, 6, 1, 5; min_weeks = 4
    # week 4: past {4, 8, 2, 6} -> sorted 2 4 6 8, Q25 at position 0.25 * 3 = 0.75:
    #         2 + 0.75 * (4 - 2) = 3.5; sales 1 < 3.5 -> slow
    # week 5: past {4, 8, 2, 6, 1} -> sorted 1 2 4 6 8, position 1 -> 2; sales 5 -> not slow
    out = is_slow_mover(weekly_frame([4, 8, 2, 6, 1, 5]), min_weeks=4)
    assert out["week"].tolist() == [0, 1, 2, 3, 4, 5]
    assert out["units"].tolist() == [4, 8, 2, 6, 1, 5]
    assert out["n_past"].tolist() == [0, 1, 2, 3, 4, 5]
    assert out["threshold"].iloc[:4].isna().all()
    assert out["threshold"].iloc[4:].tolist() == pytest.approx([3.5, 2.0])
    assert out["is_slow_mover"].iloc[:4].isna().all()
    assert out["is_slow_mover"].iloc[4:].tolist() == [True, False]
    assert str(out["is_slow_mover"].dtype) == "boolean"


def test_rolling_window_uses_only_the_last_weeks():
    # window 4, week 5: past {8, 2, 6, 1} -> sorted 1 2 6 8, position 0.75 -> 1.75
    out = is_slow_mover(weekly_frame([4, 8, 2, 6, 1, 5]), min_weeks=4, window=4)
    assert out["threshold"].iloc[5] == pytest.approx(1.75)
    assert out["n_past"].iloc[5] == 4


def test_other_quantiles_match_numpy():
    sales = np.random.default_rng(3).poisson(5, size=15)
    out = is_slow_mover(weekly_frame(sales), quantile=0.4, min_weeks=3)
    for w in range(3, 15):
        expected = np.quantile(sales[:w], 0.4)  # linear interpolation
        assert out["threshold"].iloc[w] == pytest.approx(expected)
        assert out["is_slow_mover"].iloc[w] == (sales[w] < expected)


def test_a_sku_that_always_sells_nothing_is_never_below_its_own_quantile():
    out = is_slow_mover(weekly_frame([0] * 8), min_weeks=2)
    assert not out["is_slow_mover"].dropna().any()
    assert (out["threshold"].dropna() == 0).all()


def test_series_are_separate_and_missing_weeks_count_as_zero():
    a = weekly_frame([5, 5, 5, 5, 5])
    b = weekly_frame([9, 9, 9, 9, 9], sku="B")
    b = b[b["date"] < pd.Timestamp("2024-01-22")]  # B has no rows in weeks 3 and 4
    out = is_slow_mover(pd.concat([a, b]), min_weeks=2).set_index(["sku_id", "week"])
    assert out.loc[("B", 3), "units"] == 0
    assert bool(out.loc[("B", 3), "is_slow_mover"])
    assert out.loc[("A", 4), "threshold"] == 5
    assert not bool(out.loc[("A", 4), "is_slow_mover"])


def test_a_partial_last_week_is_scaled_to_seven_days():
    frame = weekly_frame([7, 7, 7])
    frame = pd.concat([frame, frame.iloc[:1].assign(date=pd.Timestamp("2024-01-22"), units_sold=2)])
    out = is_slow_mover(frame, min_weeks=1)
    last = out.iloc[-1]
    assert last["days"] == 1 and last["units"] == pytest.approx(14.0)


def test_column_names_are_arguments_and_store_is_optional():
    frame = weekly_frame([3, 1, 4, 1, 5]).rename(
        columns={"sku_id": "item", "date": "day", "units_sold": "qty"}
    )
    frame = frame.drop(columns="store_id")
    out = is_slow_mover(frame, item="item", store=None, date="day", units="qty", min_weeks=2)
    assert list(out.columns[:3]) == ["store_id", "item", "week"]
    assert out["threshold"].iloc[2] == pytest.approx(np.quantile([3, 1], 0.25))


@settings(max_examples=30, deadline=None)
@given(
    sales=st.lists(st.integers(0, 30), min_size=8, max_size=14),
    week=st.integers(1, 7),
    new=st.lists(st.integers(0, 30), min_size=14, max_size=14),
)
def test_no_leakage_later_sales_never_change_the_threshold_of_week_w(sales, week, new):
    before = is_slow_mover(weekly_frame(sales), min_weeks=1)
    changed = list(sales)
    changed[week:] = new[: len(sales) - week]  # week w's sales and everything after
    after = is_slow_mover(weekly_frame(changed), min_weeks=1)
    pd.testing.assert_series_equal(
        before["threshold"].iloc[: week + 1], after["threshold"].iloc[: week + 1]
    )


# ---- is_slow_mover: bad input ----------------------------------------------------------------


@pytest.mark.parametrize("q", [0, 1, -0.1, 1.5, float("nan"), "a"])
def test_quantile_outside_the_open_unit_interval_is_refused(q):
    with pytest.raises(ConfigError, match="quantile"):
        is_slow_mover(weekly_frame([1, 2, 3]), quantile=q)


@pytest.mark.parametrize("n", [0, -1, 2.5, True])
def test_min_weeks_must_be_a_positive_integer(n):
    with pytest.raises(ConfigError, match="min_weeks"):
        is_slow_mover(weekly_frame([1, 2, 3]), min_weeks=n)


def test_window_shorter_than_min_weeks_is_refused():
    with pytest.raises(ConfigError, match="window"):
        is_slow_mover(weekly_frame([1, 2, 3]), min_weeks=4, window=3)


def test_missing_columns_are_named():
    with pytest.raises(ConfigError, match="units_sold"):
        is_slow_mover(weekly_frame([1, 2]).drop(columns="units_sold"))


def test_negative_units_and_empty_frames_are_refused():
    frame = weekly_frame([1, 2])
    frame.loc[3, "units_sold"] = -1
    with pytest.raises(ConfigError, match="units_sold"):
        is_slow_mover(frame)
    with pytest.raises(ConfigError, match="no rows"):
        is_slow_mover(weekly_frame([1, 2]).iloc[:0])


# ---- agreement with the truth ----------------------------------------------------------------


def test_agreement_metrics_by_hand_and_missing_labels_left_out():
    keys = pd.DataFrame({"store_id": "S", "sku_id": "A", "week": range(6)})
    rule = keys.assign(is_slow_mover=pd.array([True, True, False, False, True, None], "boolean"))
    truth = keys.assign(is_slow_mover=[True, False, False, False, False, True])
    m = slow_mover_agreement(rule, truth)
    # 5 rows: TP 1, FP 2, FN 0, TN 2 -> accuracy 3/5, precision 1/3, recall 1
    assert m["n"] == 5
    assert m["accuracy"] == pytest.approx(0.6)
    assert m["precision"] == pytest.approx(1 / 3) and m["recall"] == 1
    assert m["f1"] == pytest.approx(0.5)
    p_e = 0.6 * 0.2 + 0.4 * 0.8  # rule slow 3/5, truth slow 1/5
    assert m["kappa"] == pytest.approx((0.6 - p_e) / (1 - p_e))


def test_agreement_with_simulator_truth_is_better_than_chance_and_categoricals_merge():
    result = simulate(preset("convenience_store", rows=20_000, seed=7))
    labels = is_slow_mover(result.observed)
    m = slow_mover_agreement(labels, result.truth.slow_movers)
    assert m["n"] == labels["is_slow_mover"].notna().sum()
    assert 0.05 < m["kappa"] < 0.6
    # the same rule on the noise-free expected demand agrees far better: noise, not definition
    frame = result.observed.assign(units_sold=result.truth.rows["expected_demand"].to_numpy())
    assert slow_mover_agreement(is_slow_mover(frame), result.truth.slow_movers)["kappa"] > 0.5


def test_agreement_without_common_rows_is_refused():
    a = pd.DataFrame({"store_id": ["S"], "sku_id": ["A"], "week": [0], "is_slow_mover": [True]})
    with pytest.raises(ConfigError, match="no rows in common"):
        slow_mover_agreement(a, a.assign(week=1))


# ---- high-value label and turnover -----------------------------------------------------------


def test_high_value_score_by_hand():
    e = pd.Series([-2.0, -1.0, -0.5], index=["a", "b", "c"])
    t = pd.Series([100.0, 10.0, 10.0], index=["a", "b", "c"])
    out = high_value_label(e, t, top_share=0.4).sort_index()
    x, y = np.log([100, 10, 10]), np.log([0.5, 1.0, 2.0])
    zx, zy = (x - x.mean()) / x.std(ddof=1), (y - y.mean()) / y.std(ddof=1)
    assert out["value_score"].to_numpy() == pytest.approx(0.5 * zx + 0.5 * zy)
    assert out["lerner_margin"].to_numpy() == pytest.approx([0.5, 1.0, 2.0])
    assert out["is_high_value"].sum() == 1  # floor(0.4 * 3) = 1
    only_turnover = high_value_label(e, t, weight=1.0)
    assert only_turnover.index[0] == "a"
    only_power = high_value_label(e, t, weight=0.0)
    assert only_power.index[0] == "c"


def test_the_score_is_a_product_of_turnover_and_inverse_elasticity():
    rng = np.random.default_rng(0)
    e = pd.Series(-rng.uniform(0.5, 3, 10), index=list("abcdefghij"))
    t = pd.Series(rng.uniform(2, 200, 10), index=e.index)
    out = high_value_label(e, t, weight=0.3, scales=(2.0, 0.5))
    # exp(V) = C * T ** (w / s_x) * (1 / |e|) ** ((1 - w) / s_y)
    product = np.log(t ** (0.3 / 2.0) * (1 / e.abs()) ** (0.7 / 0.5))
    diff = out["value_score"] - product.reindex(out.index)
    assert np.allclose(diff, diff.iloc[0])


def test_faster_turnover_never_lowers_an_items_rank_with_fixed_scales():
    e = pd.Series([-1.5, -1.0, -2.0, -0.8], index=list("abcd"))
    t = pd.Series([10.0, 20.0, 30.0, 5.0], index=e.index)
    before = high_value_label(e, t, scales=(1.0, 1.0))["rank"]
    after = high_value_label(e, t.mul(pd.Series({"d": 3.0}), fill_value=1.0), scales=(1, 1))
    assert after["rank"]["d"] <= before["d"]


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"top_share": 0}, "top_share"),
        ({"top_share": 1.0}, "top_share"),
        ({"weight": 1.5}, "weight"),
        ({"min_abs_elasticity": 0}, "min_abs_elasticity"),
        ({"scales": (1.0, 0.0)}, "scales"),
        ({"scales": "x"}, "scales"),
    ],
)
def test_high_value_bad_parameters(kwargs, field):
    e = pd.Series([-1.0, -2.0], index=["a", "b"])
    t = pd.Series([1.0, 2.0], index=["a", "b"])
    with pytest.raises(ConfigError, match=field):
        high_value_label(e, t, **kwargs)


def test_high_value_bad_inputs():
    e = pd.Series([-1.0, -2.0], index=["a", "b"])
    t = pd.Series([1.0, 2.0], index=["a", "b"])
    with pytest.raises(ConfigError, match="same items"):
        high_value_label(e, t.rename({"b": "c"}))
    with pytest.raises(ConfigError, match="turnover"):
        high_value_label(e, t * 0)
    with pytest.raises(ConfigError, match="elasticity"):
        high_value_label(e.replace(-2.0, np.nan), t)
    with pytest.raises(ConfigError, match="elasticity"):
        high_value_label(e.to_numpy(), t)


def test_sku_turnover_by_hand():
    frame = pd.DataFrame(
        {
            "store_id": "S",
            "sku_id": ["a", "a", "a", "a", "b", "b"],
            "date": pd.to_datetime(["2024-01-01"] * 2 + ["2024-01-02"] * 2 + ["2024-01-01"] * 2),
            "units_sold": [1, 2, 3, 0, 1, 0],
            "stock_on_hand": [10, 9, 6, 2, 5, 4],
            "unit_cost": [2.0] * 4 + [1.0] * 2,
        }
    )
    out = sku_turnover(frame)
    # a: COGS 6 * 2 = 12; daily mean stock value (9.5 * 2, 4 * 2) -> mean 13.5; turnover 12 / 13.5
    assert out.loc["a", "turnover"] == pytest.approx(12 / 13.5)
    # b: one row-day in a two-day frame: inventory (4.5 + 0) / 2 = 2.25, COGS 1
    assert out.loc["b", "turnover"] == pytest.approx(1 / 2.25)
    with pytest.raises(ConfigError, match="stock_on_hand"):
        sku_turnover(frame.drop(columns="stock_on_hand"))
