"""retailsim.features.crosses: price bands fitted on training rows, crosses and the pivot helper."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError

from retailsim.config import ConfigError
from retailsim.features import PriceBands, cross_features, cross_pivot


@pytest.fixture
def train() -> pd.DataFrame:
    # category 饮料: reference (median) price 4; category 鲜食: reference 10
    return pd.DataFrame(
        {
            "category": ["饮料"] * 5 + ["鲜食"] * 5,
            "price": [2.0, 3.0, 4.0, 5.0, 6.0, 5.0, 7.5, 10.0, 12.5, 15.0],
            "promo_type": ["none", "discount"] * 5,
            "time_slot": ["早", "晚"] * 5,
            "units_sold": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        }
    )


def test_bands_are_quantiles_of_the_price_relative_to_the_category(train):
    bands = PriceBands(n_bands=2).fit(train)
    assert bands.reference_ == {"饮料": 4.0, "鲜食": 10.0}
    # relative prices: 0.5, 0.75, 1, 1.25, 1.5 twice -> median 1.0
    np.testing.assert_allclose(bands.edges_, [1.0])
    out = bands.transform(train)["price_level"]
    assert list(out.cat.categories) == ["band 1", "band 2"] and out.cat.ordered
    assert out.tolist() == ["band 1"] * 3 + ["band 2"] * 2 + ["band 1"] * 3 + ["band 2"] * 2


def test_three_bands_have_chinese_labels_and_tertile_edges(train):
    bands = PriceBands().fit(train)
    rel = np.array([0.5, 0.75, 1, 1.25, 1.5] * 2)
    np.testing.assert_allclose(bands.edges_, np.quantile(rel, [1 / 3, 2 / 3]))
    assert bands.labels_ == ["低价带", "中价带", "高价带"]


def test_bands_are_fitted_on_training_rows_only(train):
    bands = PriceBands().fit(train)
    edges = bands.edges_.copy()
    test = pd.DataFrame({"category": ["饮料", "饮料", "鲜食"], "price": [0.5, 100.0, 10.0]})
    out = bands.transform(test)["price_level"]
    assert out.tolist() == ["低价带", "高价带", "中价带"]  # outside the range: end bands
    np.testing.assert_array_equal(bands.edges_, edges)  # transform never refits
    dear = pd.DataFrame({"category": ["饮料"] * 4, "price": [9.0, 9.5, 10.0, 11.0]})
    refit = PriceBands().fit(pd.concat([train, dear]))
    assert not np.allclose(refit.edges_, edges)  # fitting on test rows would move the edges


def test_unseen_category_uses_the_global_training_median(train):
    bands = PriceBands(n_bands=2).fit(train)
    assert bands.global_reference_ == pytest.approx(5.5)
    new = pd.DataFrame({"category": ["雨具", "雨具"], "price": [5.0, 6.0]})
    assert bands.transform(new)["price_level"].tolist() == ["band 1", "band 2"]


def test_constant_prices_merge_bands():
    flat = pd.DataFrame({"category": ["a"] * 4, "price": [3.0] * 4})
    bands = PriceBands(n_bands=4).fit(flat)
    assert bands.n_bands_ == 2 and bands.labels_ == ["band 1", "band 2"]


def test_price_bands_errors(train):
    with pytest.raises(NotFittedError):
        PriceBands().transform(train)
    with pytest.raises(ConfigError, match="n_bands"):
        PriceBands(n_bands=1).fit(train)
    with pytest.raises(ConfigError, match="labels"):
        PriceBands(labels=["a", "b"]).fit(train)
    with pytest.raises(ConfigError, match="shelf_price"):
        PriceBands(price="shelf_price").fit(train)
    with pytest.raises(ConfigError, match="price"):
        PriceBands().fit(train.assign(price=0.0))


def test_crosses_join_values_and_list_every_combination(train):
    out = cross_features(train, ["category", "promo_type", "time_slot"])
    assert list(out.columns) == [
        "category_x_promo_type",
        "category_x_time_slot",
        "promo_type_x_time_slot",
        "category_x_promo_type_x_time_slot",
    ]
    assert out["category_x_promo_type_x_time_slot"].iloc[1] == "饮料|discount|晚"
    assert all(isinstance(out[c].dtype, pd.CategoricalDtype) for c in out)
    only3 = cross_features(train, ["category", "promo_type", "time_slot"], orders=[3])
    assert list(only3.columns) == ["category_x_promo_type_x_time_slot"]


def test_crosses_errors(train):
    with pytest.raises(ConfigError, match="at least 2"):
        cross_features(train, ["category"])
    with pytest.raises(ConfigError, match="weather"):
        cross_features(train, ["category", "weather"])
    with pytest.raises(ConfigError, match="orders"):
        cross_features(train, ["category", "time_slot"], orders=[3])


def test_pivot_means_and_counts(train):
    mean, count = cross_pivot(train, "category", ["promo_type", "time_slot"])
    assert mean.loc["饮料", ("discount", "晚")] == pytest.approx(np.mean([2, 4]))
    assert count.loc["鲜食", ("discount", "晚")] == 3
    sparse, _ = cross_pivot(train, "category", ["promo_type", "time_slot"], min_rows=3)
    assert np.isnan(sparse.loc["饮料", ("discount", "晚")])  # only 2 rows
    assert sparse.loc["鲜食", ("discount", "晚")] == pytest.approx(np.mean([6, 8, 10]))
    with pytest.raises(ConfigError, match="min_rows"):
        cross_pivot(train, "category", "time_slot", min_rows=0)
