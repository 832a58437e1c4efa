"""retailsim.features.timeseries: hand-computed examples, pandas agreement, no look-ahead."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retailsim.config import ConfigError
from retailsim.features import (
    daily_sales,
    deseasonalise,
    lag_features,
    rolling_features,
    seasonal_index,
    timeseries_features,
    weekly_sales,
    weekly_volatility,
)

START = pd.Timestamp("2024-01-01")  # a Monday


def one_series(values, start=START) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame(
        {
            "store_id": "S1",
            "sku_id": "A",
            "time_slot": "早",
            "date": pd.date_range(start, periods=n, freq="D"),
            "units_sold": values,
        }
    )


def panel(n_days: int, seed: int) -> pd.DataFrame:
    """2 stores x 2 SKUs x 2 slots, shuffled rows (the functions must not rely on order)."""
    rng = np.random.default_rng(seed)
    idx = pd.MultiIndex.from_product(
        [["S1", "S2"], ["A", "B"], ["早", "晚"], pd.date_range(START, periods=n_days)],
        names=["store_id", "sku_id", "time_slot", "date"],
    )
    frame = idx.to_frame(index=False)
    frame["units_sold"] = rng.poisson(2.0, len(frame))
    frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    for col in ("store_id", "sku_id", "time_slot"):
        frame[col] = frame[col].astype("category")
    return frame


# ---------------------------------------------------------------- hand-computed examples
def test_lags_by_hand():
    out = lag_features(one_series([3, 0, 5, 1]), [1, 2])
    assert list(out.columns) == ["units_sold_lag1", "units_sold_lag2"]
    np.testing.assert_array_equal(out["units_sold_lag1"], [np.nan, 3, 0, 5])
    np.testing.assert_array_equal(out["units_sold_lag2"], [np.nan, np.nan, 3, 0])


def test_rolling_by_hand():
    out = rolling_features(one_series([3, 0, 5, 1]), 2)
    # row 3 (value 1) sees rows 1 and 2: {0, 5}
    assert out["units_sold_roll2_mean"].tolist()[1:] == [3.0, 1.5, 2.5]
    assert np.isnan(out["units_sold_roll2_mean"].iloc[0])
    assert out["units_sold_roll2_std"].iloc[3] == pytest.approx(np.std([0, 5], ddof=1))
    assert np.isnan(out["units_sold_roll2_std"].iloc[1])  # one value: no std
    assert out["units_sold_roll2_zero_share"].tolist()[1:] == [0.0, 0.5, 0.5]


def test_rolling_matches_pandas_on_one_series():
    rng = np.random.default_rng(3)
    values = rng.poisson(1.0, 60)
    out = rolling_features(one_series(values), [7, 28], min_periods=3)
    s = pd.Series(values, dtype=float).shift(1)
    for w in (7, 28):
        roll = s.rolling(w, min_periods=3)
        np.testing.assert_allclose(out[f"units_sold_roll{w}_mean"], roll.mean())
        np.testing.assert_allclose(out[f"units_sold_roll{w}_std"], roll.std())
        zero = (s == 0).astype(float).where(s.notna()).rolling(w, min_periods=3).mean()
        np.testing.assert_allclose(out[f"units_sold_roll{w}_zero_share"], zero)


def test_groups_are_kept_apart_and_input_order_is_kept():
    frame = panel(20, seed=1)
    lags = lag_features(frame, 1)
    assert lags.index.equals(frame.index)
    for _, g in frame.groupby(["store_id", "sku_id", "time_slot"], observed=True):
        g = g.sort_values("date")
        np.testing.assert_array_equal(
            lags.loc[g.index, "units_sold_lag1"], g["units_sold"].shift(1)
        )


def test_weekly_volatility_by_hand():
    # weeks (Mon-Sun) with sales 7, 14, 21, then a fourth week
    values = [1] * 7 + [2] * 7 + [3] * 7 + [9] * 7
    out = weekly_volatility(one_series(values), window=3, min_weeks=2)
    week4 = out.iloc[21:]
    assert week4["weekly_mean_3w"].unique().tolist() == [14.0]
    assert week4["weekly_std_3w"].unique() == pytest.approx([7.0])
    assert week4["weekly_cv_3w"].unique() == pytest.approx([0.5])
    assert out["weekly_mean_3w"].iloc[:14].isna().all()  # fewer than 2 past weeks
    assert out["weekly_mean_3w"].iloc[14] == pytest.approx(10.5)  # weeks 1-2 only
    weeks = weekly_sales(one_series(values), by=["sku_id"])
    assert weeks["units_sold"].tolist() == [7.0, 14.0, 21.0, 63.0]


def test_seasonal_index_by_hand():
    # two weeks: Mondays sell 14, other days 7
    values = ([14] + [7] * 6) * 2 + [0]
    si = seasonal_index(one_series(values))
    # day 8 (the second Monday): past mean_all = (14 + 6*7) / 7 = 8; Monday mean 14
    assert si.iloc[7] == pytest.approx(14 / 8)
    assert si.iloc[:7].tolist() == [1.0] * 7  # no earlier day of the same weekday
    # a Tuesday in week 2 (index 8): mean_all over 8 days = 70 / 8, Tuesday mean 7
    assert si.iloc[8] == pytest.approx(7 / (70 / 8))
    shrunk = seasonal_index(one_series(values), shrinkage=1.0)
    assert shrunk.iloc[7] == pytest.approx((14 + 8) / 2 / 8)  # halfway to 1
    corrected = deseasonalise(pd.Series(values, dtype=float), si)
    assert corrected.iloc[7] == pytest.approx(14 / (14 / 8))


def test_seasonal_index_pools_slots_and_skus_per_store():
    frame = panel(21, seed=2)
    si = seasonal_index(frame, by=["store_id"])
    daily = daily_sales(frame, by=["store_id"])
    s1 = daily[daily["store_id"] == "S1"].reset_index(drop=True)
    day = 15  # a Tuesday in week 3: two earlier Tuesdays (days 1 and 8)
    mean_all = s1["units_sold"].iloc[:day].mean()
    mean_tue = s1["units_sold"].iloc[[1, 8]].mean()
    row = frame[(frame["store_id"] == "S1") & (frame["date"] == START + pd.Timedelta(days=day))]
    assert si.loc[row.index].unique() == pytest.approx([mean_tue / mean_all])


def test_seasonal_index_recovers_a_weekly_profile():
    profile = np.array([1.0, 1.0, 1.0, 1.0, 1.2, 0.8, 0.6])
    rng = np.random.default_rng(0)
    days = 7 * 30
    values = rng.poisson(200 * profile[np.arange(days) % 7])
    si = seasonal_index(one_series(values))
    np.testing.assert_allclose(si.iloc[-7:].to_numpy(), profile / profile.mean(), atol=0.05)


# ---------------------------------------------------------------- no look-ahead (the test)
def features(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(
        [
            timeseries_features(frame, lags=(1, 3), windows=(3, 7), volatility_window=2),
            seasonal_index(frame, "month", by=["store_id", "sku_id"]),
        ],
        axis=1,
    )


def alter_from(frame: pd.DataFrame, cut: pd.Timestamp, seed: int, scale: int) -> pd.DataFrame:
    """A copy with every sale on or after ``cut`` redrawn (a feature at t uses only days < t,
    so even the cut day itself may change)."""
    altered = frame.copy()
    later = frame["date"] >= cut
    rng = np.random.default_rng(seed)
    altered.loc[later, "units_sold"] = frame.loc[later, "units_sold"] + rng.integers(
        1, scale + 1, int(later.sum())
    )
    return altered


def unchanged_up_to(make, frame: pd.DataFrame, altered: pd.DataFrame, cut) -> bool:
    keep = frame["date"] <= cut
    a, b = make(frame)[keep], make(altered)[keep]
    return a.equals(b)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_days=st.integers(10, 45),
    cut_day=st.integers(0, 44),
    seed=st.integers(0, 10_000),
    scale=st.integers(1, 50),
)
def test_features_at_t_do_not_change_when_data_after_t_is_altered(n_days, cut_day, seed, scale):
    frame = panel(n_days, seed)
    cut = START + pd.Timedelta(days=min(cut_day, n_days - 1))
    altered = alter_from(frame, cut, seed + 1, scale)
    assert not frame["units_sold"].equals(altered["units_sold"])
    assert unchanged_up_to(features, frame, altered, cut)


def centred_mean(frame: pd.DataFrame) -> pd.Series:
    """A leaky feature: the centred 3-day mean uses tomorrow's sales."""
    order = frame.sort_values("date")
    series = order.groupby(["store_id", "sku_id", "time_slot"], observed=True)["units_sold"]
    return series.transform(lambda s: s.rolling(3, center=True, min_periods=1).mean()).sort_index()


def test_the_leakage_check_catches_a_look_ahead_feature():
    frame = panel(20, seed=5)
    cut = START + pd.Timedelta(days=10)
    altered = alter_from(frame, cut, seed=6, scale=5)
    assert not unchanged_up_to(centred_mean, frame, altered, cut)

    # and a same-day feature (rolling mean including day t) is caught at the cut day itself
    def same_day(f):
        order = f.sort_values("date")
        series = order.groupby(["store_id", "sku_id", "time_slot"], observed=True)["units_sold"]
        return series.transform(lambda s: s.rolling(3, min_periods=1).mean()).sort_index()

    assert not unchanged_up_to(same_day, frame, altered, cut)
    assert unchanged_up_to(same_day, frame, altered, cut - pd.Timedelta(days=1))


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda f: lag_features(f, 0), "lags"),
        (lambda f: lag_features(f, [1, -2]), "lags"),
        (lambda f: rolling_features(f, 0), "windows"),
        (lambda f: rolling_features(f, 7, ["median"]), "stats"),
        (lambda f: rolling_features(f, 3, min_periods=5), "min_periods"),
        (lambda f: weekly_volatility(f, 1), "window"),
        (lambda f: weekly_volatility(f, 4, min_weeks=5), "min_weeks"),
        (lambda f: seasonal_index(f, "hour"), "period"),
        (lambda f: seasonal_index(f, shrinkage=-1), "shrinkage"),
        (lambda f: lag_features(f, 1, value="sales"), "sales"),
        (lambda f: rolling_features(f, 7, by=["store_id", "region"]), "region"),
        (lambda f: lag_features(f, 1, by=["store_id", "sku_id"]), "by"),
    ],
)
def test_bad_parameters_raise_config_error_naming_the_field(call, field):
    frame = pd.concat([one_series([1, 2, 3]), one_series([4, 5, 6]).assign(time_slot="晚")])
    with pytest.raises(ConfigError, match=field):
        call(frame.reset_index(drop=True))


def test_deseasonalise_refuses_a_non_positive_index():
    with pytest.raises(ConfigError, match="seasonal index"):
        deseasonalise([1.0, 2.0], [1.0, 0.0])
