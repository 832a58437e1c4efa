"""retailsim.features.demand_features: per-source columns, dtypes and input errors."""

from __future__ import annotations

import pandas as pd
import pytest

from retailsim.features import ALWAYS_COLUMNS, FEATURES_OF, SOURCES, demand_features, source_of


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-02-10", "2024-02-12"]),
            "day_of_week": [5, 0],
            "store_id": ["A", "A"],
            "sku_id": ["S1", "S2"],
            "category": ["饮料", "鲜食"],
            "base_price": [4.0, 10.0],
            "shelf_life_days": [180, 1],
            "time_slot": ["早", "晚"],
            "price": [3.0, 10.0],
            "promo_type": ["discount", "none"],
            "weather": ["晴", "雨"],
            "temperature_c": [5.0, 7.5],
            "is_holiday": [True, False],
            "competitor_price": [4.4, 9.0],
            "units_sold": [3, 0],
        }
    )


def test_all_sources_give_the_documented_columns(frame):
    out = demand_features(frame)
    expected = list(ALWAYS_COLUMNS) + [f for s in SOURCES for f in FEATURES_OF[s]]
    assert list(out.columns) == expected
    assert "units_sold" not in out.columns  # the target never becomes a feature
    assert out["price_index"].tolist() == pytest.approx([0.75, 1.0])
    assert out["competitor_index"].tolist() == pytest.approx([1.1, 0.9])
    assert out["is_weekend"].tolist() == [1, 0]
    assert out["is_promo"].tolist() == [1, 0]
    assert out["month"].tolist() == [2, 2] and out["day_of_year"].tolist() == [41, 43]
    for col in ("store_id", "sku_id", "category", "time_slot", "promo_type", "weather"):
        assert isinstance(out[col].dtype, pd.CategoricalDtype), col


def test_dropping_a_source_drops_exactly_its_features(frame):
    full = set(demand_features(frame).columns)
    for source in SOURCES:
        rest = [s for s in SOURCES if s != source]
        assert full - set(demand_features(frame, rest).columns) == set(FEATURES_OF[source]) - {
            f for s in rest for f in FEATURES_OF[s]
        }
    assert list(demand_features(frame, []).columns) == list(ALWAYS_COLUMNS)


def test_source_order_does_not_change_columns(frame):
    a = demand_features(frame, ["weather", "price"])
    b = demand_features(frame, ["price", "weather"])
    assert list(a.columns) == list(b.columns)


def test_existing_categories_are_kept(frame):
    frame["sku_id"] = pd.Categorical(frame["sku_id"], categories=["S0", "S1", "S2"])
    out = demand_features(frame.iloc[:1], ["calendar"])
    assert list(out["sku_id"].cat.categories) == ["S0", "S1", "S2"]


def test_errors_name_the_problem(frame):
    with pytest.raises(ValueError, match="unknown source 'radio'; allowed: calendar, time_slot"):
        demand_features(frame, ["radio"])
    with pytest.raises(
        ValueError, match=r"missing column\(s\) 'temperature_c'; columns present: date"
    ):
        demand_features(frame.drop(columns="temperature_c"), ["weather"])
    # a source that is not asked for needs no columns
    assert "temperature_c" not in demand_features(frame.drop(columns="temperature_c"), ["price"])


def test_source_of():
    assert source_of("sku_id") == "item"
    assert source_of("temperature_c") == "weather"
    with pytest.raises(ValueError, match="not a demand feature"):
        source_of("units_sold")


def test_require_counts_names_the_column_and_the_first_bad_value():
    from retailsim.features.validation import require_counts

    frame = pd.DataFrame({"units": [1, 0, 2]})
    assert require_counts(frame, "units").tolist() == [1.0, 0.0, 2.0]
    for bad, shown in ((-1, "-1"), (float("nan"), "nan"), ("x", "'x'")):
        with pytest.raises(ValueError, match=rf"units = {shown}: must be numbers >= 0"):
            require_counts(pd.DataFrame({"units": [1, bad]}), "units")
