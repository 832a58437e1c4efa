"""RMSSE against hand-computed values and utilsforecast; classical and LightGBM daily forecasts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from retailsim import preset, simulate
from retailsim.models import (
    CLASSICAL_METHODS,
    classical_forecasts,
    compare_forecasters,
    daily_series,
    lightgbm_daily_forecasts,
    mean_rmsse,
    rmsse,
    rmsse_per_series,
    rmsse_scale,
)

# ---------------------------------------------------------------- RMSSE


def test_rmsse_hand_computed():
    # scale = ((2-0)^2 + (0-2)^2 + (2-0)^2) / 3 = 4; mse = ((0-1)^2 + (2-1)^2) / 2 = 1
    assert rmsse([0, 2], [1, 1], [0, 2, 0, 2]) == pytest.approx(0.5)
    # seasonality 2: diffs 3-1, 5-2 -> scale (4 + 9) / 2 = 6.5; mse (4-2)^2 = 4
    assert rmsse([4], [2], [1, 2, 3, 5], seasonality=2) == pytest.approx(math.sqrt(4 / 6.5))
    assert rmsse_scale([1, 2, 4]) == pytest.approx((1 + 4) / 2)
    assert rmsse([3, 3], [3, 3], [1, 2]) == 0.0


def test_rmsse_zero_scale_is_nan_and_mean_skips_or_raises():
    assert math.isnan(rmsse([1, 0], [0, 0], [0, 0, 0]))
    y_true = [[0, 2], [1], [5, 5]]
    y_pred = [[1, 1], [0], [5, 5]]
    y_train = [[0, 2, 0, 2], [3, 3, 3], [4, 5]]  # the middle history is constant
    per = rmsse_per_series(y_true, y_pred, y_train)
    assert per[0] == pytest.approx(0.5) and math.isnan(per[1]) and per[2] == 0.0
    assert mean_rmsse(y_true, y_pred, y_train) == pytest.approx(0.25)
    assert mean_rmsse(y_true, y_pred, y_train, return_skipped=True) == (pytest.approx(0.25), 1)
    with pytest.raises(ValueError, match="constant training history"):
        mean_rmsse(y_true, y_pred, y_train, zero_scale="raise")
    assert math.isnan(mean_rmsse([[1]], [[0]], [[2, 2]]))


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (([1, 2], [1], [0, 1, 2]), {}, "y_true has 2 values but y_pred has 1"),
        (([1], [1], [0]), {}, "need more than seasonality"),
        (([1], [1], [0, 1, 2]), {"seasonality": 0}, "seasonality = 0"),
        (([1], [np.nan], [0, 1, 2]), {}, "y_pred has missing"),
        (([], [], [0, 1]), {}, "non-empty"),
    ],
)
def test_rmsse_rejects_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        rmsse(*args, **kwargs)


def test_rmsse_matches_utilsforecast():
    losses = pytest.importorskip("utilsforecast.losses")
    rng = np.random.default_rng(3)
    n_series, n_train, h = 5, 30, 7
    train = rng.poisson(2.0, (n_series, n_train)).astype(float)
    test = rng.poisson(2.0, (n_series, h)).astype(float)
    pred = rng.gamma(2.0, 1.0, (n_series, h))
    ids = np.arange(n_series)
    train_df = pd.DataFrame(
        {
            "unique_id": np.repeat(ids, n_train),
            "ds": np.tile(np.arange(n_train), n_series),
            "y": train.ravel(),
        }
    )
    test_df = pd.DataFrame(
        {
            "unique_id": np.repeat(ids, h),
            "ds": np.tile(np.arange(n_train, n_train + h), n_series),
            "y": test.ravel(),
            "model": pred.ravel(),
        }
    )
    for m in (1, 7):
        theirs = losses.rmsse(test_df, ["model"], seasonality=m, train_df=train_df)
        theirs = theirs.sort_values("unique_id")["model"].to_numpy()
        ours = rmsse_per_series(list(test), list(pred), list(train), seasonality=m)
        np.testing.assert_allclose(ours, theirs, rtol=1e-9)


# ---------------------------------------------------------------- daily series


def _slots_frame() -> pd.DataFrame:
    """Two series over 4 days in two slots; series B has no rows on day 3."""
    rows = []
    for day in range(4):
        for sku, base in (("A", 1), ("B", 3)):
            if sku == "B" and day == 2:
                continue
            for slot in (0, 1):
                rows.append(
                    {
                        "store": "S1",
                        "sku": sku,
                        "day": pd.Timestamp("2024-03-01") + pd.Timedelta(days=day),
                        "qty": base + day + slot,
                        "cost": 2.0 + slot,
                    }
                )
    return pd.DataFrame(rows)


def test_daily_series_sums_slots_and_fills_missing_days():
    daily = daily_series(
        _slots_frame(), item="sku", store="store", date="day", units="qty", extra=["cost"]
    )
    assert len(daily) == 8  # 2 series x 4 days, the missing day included
    a = daily[daily["sku"] == "A"]["qty"].tolist()
    b = daily[daily["sku"] == "B"]["qty"].tolist()
    assert a == [3, 5, 7, 9]  # slot rows summed: (1 + d) + (2 + d)
    assert b == [7, 9, 0, 13]  # the day without rows has zero sales
    assert daily["cost"].tolist() == [2.5] * 8  # averaged, carried over the missing day


def test_missing_columns_are_all_named():
    frame = _slots_frame().drop(columns=["qty", "store"])
    for call in (
        lambda: classical_forecasts(frame, horizon=2, item="sku", store="store", date="day"),
        lambda: compare_forecasters(frame, 7, 2, item="sku", store="store", date="day"),
    ):
        with pytest.raises(ValueError, match="missing column\\(s\\) 'store', .*'units_sold'"):
            call()


# ---------------------------------------------------------------- classical methods


def _weekly_frame(n_days: int = 42) -> pd.DataFrame:
    """A weekly-patterned series and a constant one, one row per day."""
    days = pd.date_range("2024-01-01", periods=n_days, freq="D")
    pattern = np.array([0, 1, 0, 2, 0, 0, 5])
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "store_id": "S",
                    "sku_id": "W",
                    "date": days,
                    "units_sold": pattern[days.dayofweek],
                }
            ),
            pd.DataFrame({"store_id": "S", "sku_id": "C", "date": days, "units_sold": 3}),
        ],
        ignore_index=True,
    )


def test_classical_forecasts_shape_and_known_values():
    frame = _weekly_frame()
    out = classical_forecasts(frame, horizon=10)
    assert list(out.columns) == ["store_id", "sku_id", "date", *CLASSICAL_METHODS]
    assert len(out) == 2 * 10
    weekly = out[out["sku_id"] == "W"].reset_index(drop=True)
    assert weekly["date"].iloc[0] == frame["date"].max() + pd.Timedelta(days=1)
    # seasonal naive repeats the same weekday of the last week
    expected = np.array([0, 1, 0, 2, 0, 0, 5])[weekly["date"].dt.dayofweek]
    np.testing.assert_array_equal(weekly["SeasonalNaive"], expected)
    const = out[out["sku_id"] == "C"]
    for method in ("CrostonClassic", "TSB", "ADIDA", "SeasonalNaive"):
        np.testing.assert_allclose(const[method], 3.0, rtol=1e-6)
    # SBA deflates Croston by (1 - alpha / 2) = 0.95
    np.testing.assert_allclose(const["CrostonSBA"], 0.95 * 3.0, rtol=1e-6)
    assert (out[list(CLASSICAL_METHODS)] >= 0).all().all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"horizon": 0}, "horizon = 0"),
        ({"horizon": 3, "alpha_d": 0.0}, "alpha_d = 0.0"),
        ({"horizon": 3, "alpha_p": 1.5}, "alpha_p = 1.5"),
        ({"horizon": 3, "season_length": 60}, "season_length = 60"),
    ],
)
def test_classical_forecasts_rejects_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        classical_forecasts(_weekly_frame(), **kwargs)


# ---------------------------------------------------------------- LightGBM and the comparison


@pytest.fixture(scope="module")
def simulated() -> pd.DataFrame:
    result = simulate(preset("convenience_store", rows=5000, seed=0))
    truth = result.truth.rows
    return result.observed.assign(
        expected_demand=truth["expected_demand"].to_numpy(), demand=truth["demand"].to_numpy()
    )


def test_lightgbm_never_reads_future_sales(simulated):
    kwargs = {"train_days": 56, "horizon": 14, "n_estimators": 30}
    first = lightgbm_daily_forecasts(simulated, **kwargs)
    cut = simulated["date"].min() + pd.Timedelta(days=56)
    scrambled = simulated.copy()
    future = scrambled["date"] >= cut
    scrambled.loc[future, "units_sold"] = 99  # test-period sales changed beyond recognition
    again = lightgbm_daily_forecasts(scrambled, **kwargs)
    pd.testing.assert_frame_equal(first, again)  # same forecasts: no look-ahead, deterministic
    assert len(first) == 24 * 14 and first["date"].min() == cut
    assert (first["LightGBM"] >= 0).all()


def test_compare_forecasters_scores_are_rmsse(simulated):
    result = compare_forecasters(simulated, 56, 14, expected="expected_demand", actual="demand")
    methods = {*CLASSICAL_METHODS, "LightGBM", "oracle"}
    assert set(result.summary.index) == methods and result.scores.shape == (24, len(methods))
    assert result.summary.is_monotonic_increasing
    assert result.best_classical in CLASSICAL_METHODS
    best = result.summary[list(CLASSICAL_METHODS)].min()
    assert result.rmsse_best_classical == best
    assert result.improvement == pytest.approx(1 - result.rmsse_lightgbm / best)
    # one series recomputed with rmsse() from its daily history
    daily = daily_series(simulated, sums=["demand"])
    key = ("S001", "C05")
    hist = daily[(daily["store_id"] == key[0]) & (daily["sku_id"] == key[1])]["demand"]
    fc = result.forecasts.set_index(["store_id", "sku_id"]).loc[key]
    expected = rmsse(fc["actual"], fc["LightGBM"], hist.to_numpy()[:56])
    assert result.scores.loc[key, "LightGBM"] == pytest.approx(expected)
    np.testing.assert_allclose(fc["actual"], hist.to_numpy()[56:70])
    # the oracle (true expected demand) beats the naive seasonal repeat of noisy days
    assert result.rmsse_oracle < result.summary["SeasonalNaive"]


def test_compare_forecasters_counts_never_sold_series_and_checks_length():
    frame = _weekly_frame(35)
    noisy = frame[frame["sku_id"] == "C"].assign(
        sku_id="R", units_sold=np.random.default_rng(0).poisson(2.0, 35)
    )
    dead = frame[frame["sku_id"] == "C"].assign(sku_id="D", units_sold=0)
    frame = pd.concat([frame, noisy, dead], ignore_index=True).assign(price=1.0)
    result = compare_forecasters(frame, 28, 7, known=["price"])
    assert result.n_skipped == 2  # the constant series C and the never-sold D
    assert result.scores.loc[("S", "D")].isna().all()
    assert result.scores.loc[("S", "C")].isna().all()
    assert result.scores.loc[("S", "W"), "SeasonalNaive"] == 0.0
    assert np.isfinite(result.summary.to_numpy()).all()
    with pytest.raises(ValueError, match="spans 35 days; need train_days \\+ horizon = 42"):
        compare_forecasters(frame, 35, 7, known=["price"])


@pytest.mark.parametrize("horizon", [1, 7, 14, 20])
def test_lag_features_reach_back_at_least_the_horizon(horizon):
    from retailsim.models.baselines import _lag_features

    n_train = 60
    y = pd.DataFrame(np.ones((2, n_train + horizon)))
    y.iloc[:, n_train:] = 1000.0  # the future is unmistakable
    for name, matrix in _lag_features(y, horizon).items():
        test_part = matrix.iloc[:, n_train:].to_numpy()
        np.testing.assert_array_equal(test_part, 1.0, err_msg=name)  # built from the past only
