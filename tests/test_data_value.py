"""retailsim.models: time split, model helpers, the newsvendor money model, ROI and ablation."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from retailsim.models import (
    annual_savings,
    collection_roi,
    error_cost_rate,
    fit_predict,
    fit_regressor,
    learning_curve,
    make_regressor,
    r2,
    recent_rows,
    rmse_by_series,
    source_value,
    time_split,
)


def toy_sales(n_days: int = 120, seed: int = 0) -> pd.DataFrame:
    """A hand-made observed frame (simulator schema): demand driven by temperature only."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2024-03-01", periods=n_days, freq="D")
    skus = pd.DataFrame(
        {
            "sku_id": ["S1", "S2", "S3", "S4"],
            "category": ["饮料", "饮料", "鲜食", "日用"],
            "base_price": [4.0, 6.0, 12.0, 9.0],
            "unit_cost": [2.0, 3.5, 7.0, 5.0],
            "shelf_life_days": [180, 180, 1, 720],
            "base": [3.0, 1.0, 2.0, 0.3],
            "heat": [0.08, 0.06, -0.02, 0.0],
        }
    )
    temp = 20 + 10 * np.sin(np.arange(n_days) / 9.0) + rng.normal(0, 3, n_days)
    rows = []
    for d, (date, t) in enumerate(zip(dates, temp, strict=True)):
        for sku in skus.itertuples():
            for slot in ("早", "午", "晚"):
                mu = sku.base / 3 * math.exp(sku.heat * (t - 20))
                demand = rng.poisson(mu)
                stock = 0 if (d + sku.Index) % 10 == 0 else 50
                rows.append(
                    {
                        "date": date,
                        "day_of_week": date.dayofweek,
                        "store_id": "A",
                        "sku_id": sku.sku_id,
                        "category": sku.category,
                        "base_price": sku.base_price,
                        "unit_cost": sku.unit_cost,
                        "shelf_life_days": sku.shelf_life_days,
                        "time_slot": slot,
                        "price": sku.base_price,
                        "promo_type": "none",
                        "weather": "晴" if t > 20 else "多云",
                        "temperature_c": round(t, 1),
                        "is_holiday": date.day == 1,
                        "competitor_price": sku.base_price * rng.uniform(0.9, 1.1),
                        "stock_on_hand": stock,
                        "mu": mu,
                        "demand": demand,
                        "units_sold": min(demand, stock),
                    }
                )
    frame = pd.DataFrame(rows)
    for col in ("store_id", "sku_id", "category", "time_slot", "promo_type", "weather"):
        frame[col] = frame[col].astype("category")
    return frame


@pytest.fixture(scope="module")
def sales() -> pd.DataFrame:
    return toy_sales()


def test_time_split_keeps_the_last_days_for_testing(sales):
    train, test = time_split(sales, test_days=14)
    assert test["date"].nunique() == 14
    assert train["date"].max() < test["date"].min()
    assert len(train) + len(test) == len(sales)
    with pytest.raises(ValueError, match="only 120 distinct dates"):
        time_split(sales, test_days=120)
    with pytest.raises(ValueError, match="test_days = 0"):
        time_split(sales, test_days=0)
    with pytest.raises(ValueError, match=r"missing column\(s\) 'day'; columns present: date"):
        time_split(sales, date="day")


def test_recent_rows_are_the_latest_in_original_order():
    frame = pd.DataFrame({"date": ["2024-01-03", "2024-01-01", "2024-01-02", "2024-01-03"]})
    picked = recent_rows(frame, 3)
    assert picked.index.tolist() == [0, 2, 3]
    with pytest.raises(ValueError, match="n = 5: must be an integer in 1..4"):
        recent_rows(frame, 5)


def test_r2_hand_computed():
    assert r2([1, 2, 3], [1, 2, 3]) == 1.0
    # SSE = 1 + 0 + 1 = 2, SST = 2 -> 0
    assert r2([1, 2, 3], [2, 2, 2]) == pytest.approx(0.0)
    assert r2([1, 2, 3], [3, 2, 1]) == pytest.approx(1 - 8 / 2)
    with pytest.raises(ValueError, match="constant"):
        r2([1, 1], [1, 2])


def test_rmse_by_series_hand_computed():
    frame = pd.DataFrame({"store_id": ["A"] * 4, "sku_id": ["x", "x", "y", "y"], "y": [2, 4, 1, 1]})
    out = rmse_by_series(frame, "y", [0, 0, 1, 3])
    assert out.loc[("A", "x")] == pytest.approx(math.sqrt((4 + 16) / 2))
    assert out.loc[("A", "y")] == pytest.approx(math.sqrt((0 + 4) / 2))
    with pytest.raises(ValueError, match=r"y_pred has shape \(3,\), expected \(4,\)"):
        rmse_by_series(frame, "y", [0, 0, 1])


def test_error_cost_rate_hand_computed():
    # perishable: c_u = 10 - 6 = 4, c_o = 6 (expires), ratio 0.4
    z = -0.2533471031357997  # Phi^-1(0.4)
    expected = 10 * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    assert error_cost_rate(10.0, 6.0, 1) == pytest.approx(expected, rel=1e-9)
    # long shelf life: c_o = 6 * 0.25 * 1 / 365, a far smaller cost rate
    durable = float(error_cost_rate(10.0, 6.0, 365))
    c_o = 6 * 0.25 / 365
    z = NormalDist().inv_cdf(4 / (4 + c_o))
    assert durable == pytest.approx((4 + c_o) * NormalDist().pdf(z), rel=1e-9)
    assert durable < 0.1 * expected


def test_error_cost_rate_is_the_newsvendor_cost_per_sigma():
    # Monte Carlo: expected cost at the best quantity equals k * sigma for normal demand
    rng = np.random.default_rng(3)
    price, cost, sigma, mu = 8.0, 5.0, 2.0, 20.0
    c_u, c_o = price - cost, cost
    q = mu + NormalDist().inv_cdf(c_u / (c_u + c_o)) * sigma
    demand = rng.normal(mu, sigma, 400_000)
    simulated = np.mean(c_u * np.maximum(demand - q, 0) + c_o * np.maximum(q - demand, 0))
    assert simulated == pytest.approx(float(error_cost_rate(price, cost, 1)) * sigma, rel=0.01)


def test_error_cost_rate_rejects_bad_prices():
    with pytest.raises(ValueError, match="0 < unit_cost < price"):
        error_cost_rate(5.0, 6.0, 1)
    with pytest.raises(ValueError, match="review_days = 0"):
        error_cost_rate(5.0, 3.0, 1, review_days=0)


def test_annual_savings_hand_computed():
    test = pd.DataFrame(
        {
            "date": ["d1", "d2"],
            "store_id": ["A", "A"],
            "sku_id": ["x", "x"],
            "base_price": [10.0, 10.0],
            "unit_cost": [6.0, 6.0],
            "shelf_life_days": [1, 1],
            "y": [2.0, 4.0],
        }
    )
    k = float(error_cost_rate(10.0, 6.0, 1))
    # sigma before = sqrt((4 + 16) / 2), after = 0; one row per day -> 365 periods a year
    saving = annual_savings(test, [0.0, 0.0], [2.0, 4.0], y_true="y")
    assert saving == pytest.approx(k * math.sqrt(10) * 365)
    assert annual_savings(test, [2.0, 4.0], [0.0, 0.0], y_true="y") == pytest.approx(-saving)
    with pytest.raises(ValueError, match=r"missing column\(s\) 'unit_cost'"):
        annual_savings(test.drop(columns="unit_cost"), [0, 0], [0, 0], y_true="y")


def test_collection_roi_formula():
    assert collection_roi(3000.0, 1000.0) == pytest.approx(2.0)
    assert collection_roi(500.0, 1000.0) == pytest.approx(-0.5)
    np.testing.assert_allclose(collection_roi([0.0, 2000.0], [1000.0, 500.0]), [-1.0, 3.0])
    with pytest.raises(ValueError, match="annual_cost = 0"):
        collection_roi(100.0, 0)
    with pytest.raises(ValueError, match="annual_saving"):
        collection_roi(float("nan"), 10.0)


def test_make_regressor_is_deterministic_and_guards_determinism(sales):
    model = make_regressor(n_estimators=50)
    params = model.get_params()
    assert params["deterministic"] is True and params["n_jobs"] == 1
    assert params["force_row_wise"] is True and params["n_estimators"] == 50
    with pytest.raises(ValueError, match="n_jobs = 8: fixed at 1"):
        make_regressor(n_jobs=8)
    X = sales[["temperature_c", "sku_id", "time_slot"]]
    first = fit_regressor(X, sales["units_sold"]).predict(X)
    second = fit_regressor(X, sales["units_sold"]).predict(X)
    np.testing.assert_array_equal(first, second)
    with pytest.raises(ValueError, match="X has 1440 rows but y has 3"):
        fit_regressor(X, [1, 2, 3])


def test_fit_predict_drops_censored_rows_with_stock_records(sales):
    train, test = time_split(sales, test_days=14)
    plain = fit_predict(train, test, ["calendar", "weather"])
    uncensored = fit_predict(train, test, ["calendar", "weather", "stock"], stock="stock_on_hand")
    # zero-stock rows pull the plain model down; the stock-aware model forecasts more demand
    assert uncensored.mean() > plain.mean()
    with pytest.raises(ValueError, match="needs the stock column"):
        fit_predict(train, test, ["stock"])


def test_source_value_finds_the_source_that_drives_demand(sales):
    train, test = time_split(sales, test_days=21)
    table = source_value(
        train, test, ["weather", "holiday", "competitor"], base=["calendar"], y_true="demand"
    )
    assert table["source"].tolist() == ["weather", "holiday", "competitor"]
    gains = table.set_index("source")["rmse_gain"]
    assert gains["weather"] > 0.01
    assert gains["weather"] > 3 * max(gains["holiday"], gains["competitor"], 0.001)
    saving = table.set_index("source")["annual_saving"]
    assert saving["weather"] == saving.max() and saving["weather"] > 0
    np.testing.assert_allclose(table["rmse_gain"], table["rmse_without"] - table["rmse_with"])
    assert "model_error_gain_pct" not in table.columns


def test_source_value_with_known_expectation_reports_the_learnable_error(sales):
    train, test = time_split(sales, test_days=21)
    table = source_value(
        train,
        test,
        ["weather", "holiday"],
        base=["calendar"],
        y_true="demand",
        y_expected="mu",
        period=("date", "store_id", "sku_id"),
    )
    gain = table.set_index("source")["model_error_gain_pct"]
    # temperature drives demand: knowing it removes a large share of the learnable error
    assert gain["weather"] > 0.2 and gain["weather"] > gain["holiday"] + 0.1
    assert np.isfinite(table["annual_saving"]).all()


def test_source_value_rejects_bad_arguments(sales):
    with pytest.raises(ValueError, match="unknown source 'radio'; allowed: calendar"):
        source_value(sales, sales, ["radio"])
    with pytest.raises(ValueError, match="mode = 'both'"):
        source_value(sales, sales, ["weather"], mode="both")


def test_learning_curve_improves_with_rows(sales):
    train, test = time_split(sales, test_days=21)
    curve = learning_curve(
        train, test, [60, 1000], sources=["calendar", "weather"], y_true="demand"
    )
    assert curve["n_rows"].tolist() == [60, 1000]
    assert curve["r2"].iloc[1] > curve["r2"].iloc[0]


def test_annual_savings_per_daily_period_sums_slots_first():
    test = pd.DataFrame(
        {
            "date": ["d1", "d1", "d2", "d2"],
            "store_id": ["A"] * 4,
            "sku_id": ["x"] * 4,
            "slot": ["am", "pm", "am", "pm"],
            "base_price": [10.0] * 4,
            "unit_cost": [6.0] * 4,
            "shelf_life_days": [1] * 4,
            "y": [1.0, 3.0, 2.0, 2.0],
        }
    )
    k = float(error_cost_rate(10.0, 6.0, 1))
    # the "before" forecast gets each slot wrong but each day's total right: no daily saving
    before, after = [3.0, 1.0, 1.0, 3.0], [1.0, 3.0, 2.0, 2.0]
    daily = ("date", "store_id", "sku_id")
    assert annual_savings(test, before, after, y_true="y", period=daily) == pytest.approx(0.0)
    # per slot: sigma before = sqrt((4 + 4 + 1 + 1) / 4), two periods a day
    per_slot = annual_savings(test, before, after, y_true="y")
    assert per_slot == pytest.approx(k * math.sqrt(10 / 4) * 2 * 365)
    with pytest.raises(ValueError, match="must include the series key 'sku_id'"):
        annual_savings(test, before, after, y_true="y", period=("date", "store_id"))


def test_annual_savings_with_known_expectation_drops_the_noise_cross_term():
    test = pd.DataFrame(
        {
            "date": ["d1", "d2"],
            "store_id": ["A", "A"],
            "sku_id": ["x", "x"],
            "base_price": [10.0, 10.0],
            "unit_cost": [6.0, 6.0],
            "shelf_life_days": [1, 1],
            "y": [2.0, 4.0],
            "mu": [3.0, 3.0],
        }
    )
    k = float(error_cost_rate(10.0, 6.0, 1))
    # noise variance mean((y - mu)^2) = 1; before: 1 + 9, after: 1 + 0
    saving = annual_savings(test, [0.0, 0.0], [3.0, 3.0], y_true="y", y_expected="mu")
    assert saving == pytest.approx(k * (math.sqrt(10) - 1) * 365)
    with pytest.raises(ValueError, match=r"missing column\(s\) 'mu2'"):
        annual_savings(test, [0.0, 0.0], [3.0, 3.0], y_true="y", y_expected="mu2")


def test_learning_curve_random_window_and_errors(sales):
    train, test = time_split(sales, test_days=21)
    kwargs = {"sources": ["calendar", "weather"], "y_true": "demand", "window": "random"}
    first = learning_curve(train, test, [200, 1000], **kwargs, model_params={"n_estimators": 50})
    again = learning_curve(train, test, [200, 1000], **kwargs, model_params={"n_estimators": 50})
    pd.testing.assert_frame_equal(first, again)  # seeded sample, deterministic model
    with pytest.raises(ValueError, match="window = 'oldest'"):
        learning_curve(train, test, [100], window="oldest")
    with pytest.raises(ValueError, match="size 5000 outside"):
        learning_curve(train, test, [5000], window="random")
