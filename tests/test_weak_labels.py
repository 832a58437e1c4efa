"""Weak supervision (retailsim.labels.weak): weekly frame, labeling functions, LF analysis,
Snorkel's LabelModel against majority vote."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from retailsim import ConfigError, preset, simulate
from retailsim.labels import weak
from retailsim.labels.rules import is_slow_mover
from retailsim.labels.weak import ABSTAIN, NOT_SLOW, SLOW


def daily_rows(units, *, stock=None, waste=None, price=None, promo=None, sku="A", store="S1"):
    """One row per day (no slots) of one store-SKU, starting on 2024-01-01."""
    n = len(units)
    return pd.DataFrame(
        {
            "date": pd.date_range("2024-01-01", periods=n, freq="D"),
            "store_id": store,
            "sku_id": sku,
            "units_sold": units,
            "stock_on_hand": stock if stock is not None else [10] * n,
            "units_wasted": waste if waste is not None else [0] * n,
            "price": price if price is not None else [2.0] * n,
            "base_price": 2.0,
            "promo_type": promo if promo is not None else ["none"] * n,
            "shelf_life_days": 5,
            "temperature_c": 20.0,
            "is_holiday": False,
        }
    )


@pytest.fixture(scope="module")
def world():
    result = simulate(preset("supermarket", rows=12_000, seed=3))
    weekly = weak.weekly_frame(result.observed)
    return result, weekly


# ---- the weekly frame ---------------------------------------------------------------------


def test_weekly_frame_by_hand():
    # week 0: sales 7 days, one zero day, one sold-out day, waste 2, two price-cut days
    units = [3, 0, 2, 10, 1, 1, 1] + [2] * 7
    stock = [10, 10, 10, 10, 10, 10, 10] + [10] * 7
    waste = [0, 0, 0, 0, 0, 0, 2] + [0] * 7
    price = [1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0] + [2.0] * 7
    promo = ["discount", "discount"] + ["none"] * 12
    w = weak.weekly_frame(daily_rows(units, stock=stock, waste=waste, price=price, promo=promo))
    assert list(w["week"]) == [0, 1]
    first = w.iloc[0]
    assert first["units"] == 18 and first["zero_days"] == 1 and first["stockout_days"] == 1
    assert first["waste"] == 2 and first["waste_share"] == pytest.approx(2 / 20)
    assert first["price_index"] == pytest.approx((0.5 * 2 + 5) / 7)
    assert first["promo_share"] == pytest.approx(2 / 7)
    assert first["stock_cover_days"] == pytest.approx(10 / (18 / 7))
    assert w["units_vs_median"].tolist() == pytest.approx([18 / 16, 14 / 16])
    assert w["below_q25"].isna().all()  # fewer than min_weeks=4 earlier weeks


def test_weekly_frame_partial_week_is_scaled_to_seven_days():
    w = weak.weekly_frame(daily_rows([1] * 10))
    assert w["days"].tolist() == [7, 3]
    assert w["units"].tolist() == pytest.approx([7.0, 7.0])


def test_weekly_frame_optional_inputs_become_nan():
    w = weak.weekly_frame(
        daily_rows([1] * 14), stock=None, waste=None, price=None, base_price=None, promo=None
    )
    for column in ("stockout_days", "stock_cover_days", "waste", "price_index", "promo_share"):
        assert w[column].isna().all(), column
    assert (weak.lf_waste(w) == ABSTAIN).all()
    assert (weak.lf_sold_out(w) == ABSTAIN).all()
    assert (weak.lf_price_cut_no_response(w) == ABSTAIN).all()


def test_weekly_frame_matches_truth_keys_and_the_q25_rule(world):
    result, weekly = world
    truth = result.truth.slow_movers
    assert len(weekly) == len(truth)
    assert (weekly["week"].to_numpy() == truth["week"].to_numpy()).all()
    assert (weekly["sku_id"].astype(str).to_numpy() == truth["sku_id"].astype(str).to_numpy()).all()
    rule = is_slow_mover(result.observed)
    merged = weekly.merge(
        rule.astype({"store_id": str, "sku_id": str}),
        left_on=[weekly["store_id"].astype(str), weekly["sku_id"].astype(str), "week"],
        right_on=["store_id", "sku_id", "week"],
    )
    assert len(merged) == len(weekly)
    pd.testing.assert_series_equal(merged["below_q25"], merged["is_slow_mover"], check_names=False)


def test_weekly_frame_bad_inputs():
    rows = daily_rows([1] * 7)
    with pytest.raises(ConfigError, match="units_sold"):
        weak.weekly_frame(rows.drop(columns="units_sold"))
    with pytest.raises(ConfigError, match=r"units_sold = -1: must be numbers >= 0"):
        weak.weekly_frame(rows.assign(units_sold=[1, 1, -1, 1, 1, 1, 1]))
    with pytest.raises(ConfigError, match="base_price"):
        weak.weekly_frame(rows, base_price=None)
    with pytest.raises(ConfigError, match="no rows"):
        weak.weekly_frame(rows.iloc[:0])
    with pytest.raises(ConfigError, match="quantile"):
        weak.weekly_frame(rows, quantile=1.5)


# ---- labeling functions -------------------------------------------------------------------


def frame(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns)


def test_lfs_vote_or_abstain_where_they_should():
    w = frame(
        waste=[0.0, 3.0, 3.0, np.nan],
        units_vs_median=[0.5, 0.5, 1.5, 0.5],
        price_index=[0.8, 0.8, 0.8, 1.0],
        stockout_days=[0, 1, 3, np.nan],
        zero_days_vs_median=[0, 2, 1, 5],
        cover_vs_median=[1.0, 2.5, np.nan, 2.0],
        below_q25=pd.array([True, False, pd.NA, True], dtype="boolean"),
    )
    assert weak.lf_waste(w).tolist() == [ABSTAIN, SLOW, ABSTAIN, ABSTAIN]
    assert weak.lf_price_cut_no_response(w).tolist() == [SLOW, SLOW, ABSTAIN, ABSTAIN]
    assert weak.lf_sold_out(w).tolist() == [ABSTAIN, NOT_SLOW, NOT_SLOW, ABSTAIN]
    assert weak.lf_sold_out(w, min_days=2).tolist() == [ABSTAIN, ABSTAIN, NOT_SLOW, ABSTAIN]
    assert weak.lf_zero_sales_days(w).tolist() == [ABSTAIN, SLOW, ABSTAIN, SLOW]
    assert weak.lf_high_stock_cover(w).tolist() == [ABSTAIN, SLOW, ABSTAIN, SLOW]
    assert weak.lf_above_median(w).tolist() == [ABSTAIN, ABSTAIN, NOT_SLOW, ABSTAIN]
    assert weak.lf_below_q25(w).tolist() == [SLOW, ABSTAIN, ABSTAIN, SLOW]


def test_lf_bad_parameters_and_missing_columns():
    w = frame(zero_days_vs_median=[1.0])
    with pytest.raises(ConfigError, match="k = 0"):
        weak.lf_zero_sales_days(w, k=0)
    with pytest.raises(ConfigError, match="stockout_days"):
        weak.lf_sold_out(w)
    with pytest.raises(ConfigError, match="ratio"):
        weak.lf_above_median(frame(units_vs_median=[1.0]), ratio="high")


def test_label_matrix_shape_values_and_index(world):
    _, weekly = world
    L = weak.apply_lfs(weekly)
    assert L.shape == (len(weekly), len(weak.DEFAULT_LFS))
    assert list(L.columns) == list(weak.DEFAULT_LFS)
    assert L.index.equals(weekly.index)
    assert set(np.unique(L.to_numpy())) <= {ABSTAIN, NOT_SLOW, SLOW}
    assert ((L != ABSTAIN).mean() > 0).all()  # every LF votes somewhere
    assert ((L == ABSTAIN).mean() > 0).all()  # and abstains somewhere
    assert (L["sold_out"] != SLOW).all() and (L["waste"] != NOT_SLOW).all()


def test_apply_lfs_rejects_bad_labeling_functions():
    w = frame(units_vs_median=[1.0, 2.0])
    with pytest.raises(ConfigError, match="votes must be"):
        weak.apply_lfs(w, {"bad": lambda f: np.array([2, 0])})
    with pytest.raises(ConfigError, match="must return 2 votes"):
        weak.apply_lfs(w, {"short": lambda f: np.array([1])})
    with pytest.raises(ConfigError, match="lfs"):
        weak.apply_lfs(w, {})
    with pytest.raises(ConfigError, match="callable"):
        weak.apply_lfs(w, {"x": 3})


def test_snorkel_applier_gives_the_same_votes(world):
    from snorkel.labeling import PandasLFApplier

    _, weekly = world
    sample = weekly.iloc[::40].reset_index(drop=True)
    lfs = [weak.snorkel_lf(name, lf) for name, lf in weak.DEFAULT_LFS.items()]
    L = PandasLFApplier(lfs).apply(sample, progress_bar=False)
    np.testing.assert_array_equal(L, weak.apply_lfs(sample).to_numpy())


# ---- analysis and label models ------------------------------------------------------------


def test_lf_summary_by_hand():
    L = pd.DataFrame({"a": [1, 1, -1, 0], "b": [1, 0, -1, -1], "c": [-1, -1, -1, 0]})
    y = np.array([1, 0, 0, 0])
    summary = weak.lf_summary(L, y)
    assert list(summary.index) == ["a", "b", "c"]
    assert summary["Coverage"].tolist() == pytest.approx([0.75, 0.5, 0.25])
    assert summary["Overlaps"].tolist() == pytest.approx([0.75, 0.5, 0.25])
    assert summary["Conflicts"].tolist() == pytest.approx([0.25, 0.25, 0.0])
    assert summary["Emp. Acc."].tolist() == pytest.approx([2 / 3, 1.0, 1.0])


def synthetic_votes(accuracies, n=4000, seed=0, prior=0.3):
    """Conditionally independent LFs with full coverage and the given accuracies."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < prior).astype(int)
    correct = rng.random((n, len(accuracies))) < np.asarray(accuracies)
    L = np.where(correct, y[:, None], 1 - y[:, None])
    return L, y


def test_label_model_beats_majority_vote_when_one_lf_is_much_better():
    L, y = synthetic_votes([0.95, 0.62, 0.62, 0.62, 0.62])
    table = weak.label_model_vs_majority(L, y, class_balance=[0.7, 0.3], seed=0)
    assert table.loc["label_model", "accuracy"] > table.loc["majority_vote", "accuracy"] + 0.05
    assert table.loc["label_model", "f1"] > table.loc["majority_vote", "f1"] + 0.05
    assert table["coverage"].eq(1.0).all()


def test_label_model_matches_majority_vote_with_equal_lfs():
    L, y = synthetic_votes([0.8, 0.8, 0.8, 0.8, 0.8], seed=1)
    table = weak.label_model_vs_majority(L, y, class_balance=[0.7, 0.3], seed=0)
    assert table.loc["label_model", "accuracy"] >= table.loc["majority_vote", "accuracy"] - 0.01


def test_label_model_needs_the_class_balance():
    # Snorkel's default prior is 50/50; with 30% positives it mislabels many rows
    L, y = synthetic_votes([0.8, 0.8, 0.8, 0.8, 0.8], seed=1)
    uniform = weak.label_model_vs_majority(L, y, seed=0)
    known = weak.label_model_vs_majority(L, y, class_balance=[0.7, 0.3], seed=0)
    assert known.loc["label_model", "accuracy"] > uniform.loc["label_model", "accuracy"] + 0.05


def test_majority_vote_ties_and_empty_rows_take_abstain_as():
    L = np.array([[1, 0, -1], [-1, -1, -1], [1, 1, 0], [0, 0, -1]])
    assert weak.majority_vote(L).tolist() == [0, 0, 1, 0]
    assert weak.majority_vote(L, abstain_as=1).tolist() == [1, 1, 1, 0]


def test_label_scores_by_hand():
    scores = weak.label_scores([1, 1, 0, 0], [1, 0, 1, 0])
    assert scores == pytest.approx(
        {"accuracy": 0.5, "precision": 0.5, "recall": 0.5, "f1": 0.5, "slow_share": 0.5}
    )


def test_label_model_is_deterministic():
    L, _ = synthetic_votes([0.9, 0.7, 0.6], n=500)
    a = weak.fit_label_model(L, seed=3).predict_proba(L)
    b = weak.fit_label_model(L, seed=3).predict_proba(L)
    np.testing.assert_array_equal(a, b)


def test_analysis_bad_inputs():
    with pytest.raises(ConfigError, match="L"):
        weak.lf_summary(np.array([[2, 0]]))
    with pytest.raises(ConfigError, match="L"):
        weak.fit_label_model(np.zeros((0, 3)))
    with pytest.raises(ConfigError, match="y"):
        weak.label_model_vs_majority(np.array([[1, 0], [0, 1]]), [1, 0, 1])
    with pytest.raises(ConfigError, match="y"):
        weak.lf_summary(np.array([[1, 0], [0, 1]]), [1, 2])
    with pytest.raises(ConfigError, match="class_balance"):
        weak.fit_label_model(np.array([[1, 0], [0, 1]]), class_balance=[1.0, -0.5])
