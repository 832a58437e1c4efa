"""External variables (``retailsim.features.externals``): joining separate tables to sales
with checks, seasons, interaction features and per-segment weights on a frame with known
effects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from retailsim import ConfigError, preset, simulate
from retailsim.features import (
    external_tables,
    interaction_features,
    join_external,
    season_of,
    segment_weights,
)

EXTERNAL = ["weather", "temperature_c", "is_holiday", "holiday_name", "competitor_price"]


@pytest.fixture(scope="module")
def observed():
    return simulate(preset("convenience_store", n_days=21, seed=2)).observed


def sales_and_weather():
    sales = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-02", "2024-01-04"]),
            "region": ["华东", "华南", "华东", "华东"],
            "units": [3, 1, 2, 5],
        },
        index=[10, 11, 12, 13],
    )
    weather = pd.DataFrame(
        {
            "date": ["2024-01-01", "2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"],
            "region": ["华东", "华南", "华东", "华东", "华东"],
            "temperature_c": [5.0, 15.0, 6.0, 7.0, 8.0],
        }
    )
    return sales, weather


def test_split_and_join_gives_back_the_observed_frame(observed):
    tables = external_tables(observed)
    assert set(tables) == {"weather", "holiday", "competitor"}
    assert len(tables["holiday"]) == observed["date"].nunique()
    assert not tables["competitor"].duplicated(["date", "store_id", "sku_id"]).any()
    joined = observed.drop(columns=EXTERNAL)
    joined = join_external(joined, tables["weather"], ["date", "region"])
    joined = join_external(joined, tables["holiday"], ["date"])
    joined = join_external(joined, tables["competitor"], ["date", "store_id", "sku_id"])
    assert len(joined) == len(observed) and joined.index.equals(observed.index)
    pd.testing.assert_frame_equal(joined[EXTERNAL], observed[EXTERNAL])


def test_join_by_key_keeps_rows_and_order():
    sales, weather = sales_and_weather()
    out = join_external(sales, weather, ["date", "region"])
    assert out.index.tolist() == [10, 11, 12, 13]
    assert out["temperature_c"].tolist() == [5.0, 15.0, 6.0, 8.0]
    assert out["units"].tolist() == [3, 1, 2, 5]
    assert "temperature_c" not in sales.columns  # input untouched


def test_repeated_keys_would_duplicate_rows_and_are_refused():
    sales, weather = sales_and_weather()
    twice = pd.concat([weather, weather.iloc[[0]]])
    with pytest.raises(ConfigError, match="repeated key"):
        join_external(sales, twice, ["date", "region"])


def test_missing_key_raises_unless_a_fill_policy_is_given():
    sales, weather = sales_and_weather()
    gap = weather[weather["date"] != "2024-01-04"]
    with pytest.raises(ConfigError, match="no row for 1 sales row"):
        join_external(sales, gap, ["date", "region"])
    carried = join_external(sales, gap, ["date", "region"], fill="ffill")
    assert carried["temperature_c"].tolist() == [5.0, 15.0, 6.0, 7.0]  # 2024-01-03 carried
    constant = join_external(sales, gap, ["date", "region"], fill={"temperature_c": 0.0})
    assert constant["temperature_c"].tolist() == [5.0, 15.0, 6.0, 0.0]
    # ffill cannot invent a value before the first known date
    late = weather[weather["date"] > "2024-01-01"]
    with pytest.raises(ConfigError, match="no row"):
        join_external(sales, late, ["date", "region"], fill="ffill")


def test_holiday_list_with_fill_and_categories(observed):
    holidays = pd.DataFrame(
        {"date": ["2024-01-01"], "is_holiday": [True], "holiday_name": ["元旦"]}
    ).astype({"holiday_name": "category"})
    sales = observed[["date", "sku_id", "units_sold"]]
    out = join_external(sales, holidays, "date", fill={"is_holiday": False, "holiday_name": "none"})
    assert out["is_holiday"].sum() == (sales["date"] == "2024-01-01").sum()
    assert isinstance(out["holiday_name"].dtype, pd.CategoricalDtype)
    assert set(out["holiday_name"].cat.categories) == {"元旦", "none"}
    with pytest.raises(ConfigError, match="every joined column"):
        join_external(sales, holidays, "date", fill={"is_holiday": False})


def test_join_errors_name_the_problem():
    sales, weather = sales_and_weather()
    with pytest.raises(ConfigError, match="'region'"):
        join_external(sales.drop(columns="region"), weather, ["date", "region"])
    with pytest.raises(ConfigError, match="'humidity'"):
        join_external(sales, weather, ["date", "region"], columns=["humidity"])
    with pytest.raises(ConfigError, match="already in sales"):
        join_external(sales.assign(temperature_c=1.0), weather, ["date", "region"])
    with pytest.raises(ConfigError, match="fill"):
        join_external(sales, weather, ["date", "region"], fill="mean")
    with pytest.raises(ConfigError, match="date key"):
        join_external(sales, weather, ["region"], columns=["temperature_c"], fill="ffill")


def test_season_of():
    dates = pd.to_datetime(["2024-01-15", "2024-03-01", "2024-07-31", "2024-11-30", "2024-12-01"])
    assert season_of(dates).tolist() == ["冬", "春", "夏", "秋", "冬"]


def test_interaction_features():
    frame = pd.DataFrame({"rain": [1.0, 0.0, 1.0], "category": ["a", "b", "b"]})
    out = interaction_features(frame, ["rain"], "category")
    assert out.columns.tolist() == ["rain_x_a", "rain_x_b"]
    assert out["rain_x_a"].tolist() == [1.0, 0.0, 0.0]
    assert out["rain_x_b"].tolist() == [0.0, 0.0, 1.0]


def synthetic(seed=0, days=730):
    """Daily sales of 2 items in each of 2 categories with known per-category effects:
    log mu = level_item + 0.3 cos(season) + w_rain[cat] rain + w_temp[cat] (T - mean T)."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2024-01-01", periods=days, freq="D")
    doy = dates.dayofyear.to_numpy()
    temp = 15 + 10 * np.cos(2 * np.pi * (doy - 200) / 365.25) + rng.normal(0, 3, days)
    rain = (rng.random(days) < 0.3).astype(float)
    effects = {"drinks": (-0.2, 0.04), "umbrellas": (1.5, 0.0)}
    rows = []
    for cat, (w_rain, w_temp) in effects.items():
        for item, level in ((f"{cat}1", 1.5), (f"{cat}2", 0.5)):
            mu = np.exp(level + 0.3 * np.cos(2 * np.pi * doy / 365.25) + w_rain * rain
                        + w_temp * (temp - 15))  # fmt: skip
            rows.append(pd.DataFrame({"date": dates, "sku_id": item, "category": cat,
                                      "units_sold": rng.poisson(mu), "rain": rain,
                                      "temperature_c": temp}))  # fmt: skip
    return pd.concat(rows, ignore_index=True), effects


def test_segment_weights_recover_known_effects():
    frame, effects = synthetic()
    out = segment_weights(frame, ["rain", "temperature_c"], by="category")
    assert len(out) == 4 and set(out["n_rows"]) == {1460}
    table = out.set_index(["category", "variable"])
    for cat, (w_rain, w_temp) in effects.items():
        for var, true in (("rain", w_rain), ("temperature_c", w_temp)):
            row = table.loc[(cat, var)]
            assert row["ci_low"] <= true <= row["ci_high"], (cat, var, row["weight"], true)
            assert abs(row["weight"] - true) < 0.1
    # the two categories' rain weights are told apart
    assert table.loc[("umbrellas", "rain"), "ci_low"] > table.loc[("drinks", "rain"), "ci_high"]


def test_segment_weights_constant_column_and_small_segments():
    frame, _ = synthetic(days=120)
    frame = frame.assign(season=season_of(frame["date"]), holiday=0.0)
    out = segment_weights(frame, ["rain", "holiday"], by="season", harmonics=0, min_rows=200)
    assert set(out["season"]) == {"冬", "春"}  # 120 days from January: Dec-Feb and Mar-May
    assert out.loc[out["variable"] == "holiday", "weight"].isna().all()
    assert out.loc[out["variable"] == "rain", "weight"].notna().all()


def test_segment_weights_rejects_bad_input():
    frame, _ = synthetic(days=60)
    with pytest.raises(ConfigError, match="'wind'"):
        segment_weights(frame, ["wind"])
    with pytest.raises(ConfigError, match="columns"):
        segment_weights(frame, [])
    with pytest.raises(ConfigError, match="rain.*numeric"):
        segment_weights(frame.assign(rain=frame["category"]), ["rain"])
    with pytest.raises(ConfigError, match="units_sold"):
        segment_weights(frame.assign(units_sold=-1), ["rain"])
    with pytest.raises(ConfigError, match="harmonics"):
        segment_weights(frame, ["rain"], harmonics=-1)
