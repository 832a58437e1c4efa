"""retailsim.features.pipeline: clipping, nested target encoding, the leak-free pipeline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold, TimeSeriesSplit
from sklearn.preprocessing import OneHotEncoder, TargetEncoder

from retailsim.config import ConfigError
from retailsim.features import (
    NestedTargetEncoder,
    QuantileClipper,
    SelectFeatures,
    make_feature_pipeline,
)

NUMERIC = ["price", "temperature_c", "constant"]
CATEGORICAL = ["promo_type"]


@pytest.fixture
def frame() -> tuple[pd.DataFrame, np.ndarray]:
    """A small time-ordered sales-like frame: 4 stores in 2 regions, 12 SKUs in 3 categories."""
    rng = np.random.default_rng(0)
    n = 600
    sku = rng.integers(0, 12, n)
    store = rng.integers(0, 4, n)
    X = pd.DataFrame(
        {
            "price": rng.gamma(4.0, 2.0, n),
            "temperature_c": rng.normal(10, 8, n),
            "constant": np.ones(n),
            "promo_type": rng.choice(["none", "discount", "bogo"], n),
            "store_id": [f"S{s}" for s in store],
            "region": [f"R{s // 2}" for s in store],
            "sku_id": [f"K{k:02d}" for k in sku],
            "category": [f"C{k // 4}" for k in sku],
        }
    )
    y = rng.poisson(1.0 + sku % 4 + 0.5 * (store % 2)).astype(float)
    return X, y


def pipeline(**kw):
    kw.setdefault("model", Ridge(alpha=1.0))
    return make_feature_pipeline(NUMERIC, CATEGORICAL, **kw)


# ---------------------------------------------------------------- clipper
def test_clipper_learns_bounds_from_fit_rows_only(frame):
    X, _ = frame
    train, test = X.iloc[:400], X.iloc[400:].copy()
    clip = QuantileClipper(0.05, 0.95).fit(train)
    assert clip.columns_ == NUMERIC
    assert clip.upper_["price"] == pytest.approx(train["price"].quantile(0.95))
    test.loc[test.index[0], "price"] = 1e6  # an entry error in the test rows
    again = QuantileClipper(0.05, 0.95).fit(train)
    assert again.upper_["price"] == clip.upper_["price"]  # never moves the bound
    out = clip.transform(test)
    assert out["price"].max() == pytest.approx(clip.upper_["price"])
    assert out["promo_type"].equals(test["promo_type"])  # non-numeric passes through
    # fitted on train + test rows, the test rows would have shaped the bound
    leaky = QuantileClipper(0.05, 0.95).fit(pd.concat([train, test]))
    assert leaky.upper_["price"] != clip.upper_["price"]


def test_clipper_keeps_nan_and_names(frame):
    X, _ = frame
    X = X.copy()
    X.loc[X.index[3], "price"] = np.nan
    out = QuantileClipper().fit_transform(X)
    assert np.isnan(out["price"].iloc[3])
    assert list(QuantileClipper().fit(X).get_feature_names_out()) == list(X.columns)


# ---------------------------------------------------------------- selection
def test_selection_drops_constant_columns_and_selects_by_name(frame):
    X, y = frame
    sel = SelectFeatures(NUMERIC, ["store_id"]).fit(X, y)
    assert sel.numeric_kept_ == ["price", "temperature_c"]
    assert sel.dropped_ == {"constant": "variance"}
    shuffled = X[X.columns[::-1]]
    assert sel.transform(shuffled).equals(sel.transform(X))
    assert list(sel.get_feature_names_out()) == ["price", "temperature_c", "store_id"]


def test_selection_k_best_keeps_the_informative_column(frame):
    X, y = frame
    X = X.copy()
    X["signal"] = y + np.random.default_rng(1).normal(0, 0.1, len(y))
    sel = SelectFeatures([*NUMERIC, "signal"], k=1).fit(X, y)
    assert sel.numeric_kept_ == ["signal"]


# ---------------------------------------------------------------- nested encoding
def test_nested_encoding_formula_on_a_hand_example():
    X = pd.DataFrame(
        {"store_id": ["a", "a", "b", "c", "c", "c"], "region": ["N", "N", "N", "S", "S", "S"]}
    )
    y = np.array([2.0, 4.0, 6.0, 1.0, 1.0, 4.0])
    k = 2.0
    enc = NestedTargetEncoder([("store_id", "region")], smooth=k).fit(X, y)
    m = y.mean()  # 3.0
    m_north = (3 * 4.0 + k * m) / (3 + k)  # region N: 3 rows, mean 4  -> 3.6
    m_south = (3 * 2.0 + k * m) / (3 + k)  # region S: 3 rows, mean 2  -> 2.4
    m_a = (2 * 3.0 + k * m_north) / (2 + k)  # store a: 2 rows, mean 3 -> 3.3
    m_b = (1 * 6.0 + k * m_north) / (1 + k)  # store b: 1 row, mean 6 -> 4.4
    m_c = (3 * 2.0 + k * m_south) / (3 + k)  # store c: 3 rows, mean 2 -> 2.16
    new = pd.DataFrame({"store_id": ["a", "b", "c", "new", "new"], "region": list("NNSNW")})
    expected = np.array(
        [
            [m_north, m_a],
            [m_north, m_b],
            [m_south, m_c],
            [m_north, m_north],  # unseen store in a known region -> the region's value
            [m, m],  # unseen region -> the training mean
        ]
    )
    np.testing.assert_allclose(enc.transform(new), expected)
    assert list(enc.get_feature_names_out()) == ["region_te", "store_id_te"]


def test_nested_encoding_equals_sklearn_target_encoder_with_one_parent(frame):
    X, y = frame
    X = X.assign(all="one")
    ours = NestedTargetEncoder([("sku_id", "all")], smooth=7.0, cv=5, random_state=3)
    theirs = TargetEncoder(
        target_type="continuous", smooth=7.0, cv=KFold(5, shuffle=True, random_state=3)
    )
    # fit_transform: cross-fitted with the same folds
    np.testing.assert_allclose(
        ours.fit_transform(X, y)[:, 1], theirs.fit_transform(X[["sku_id"]], y)[:, 0]
    )
    # transform of new rows: the full-data encoding, unseen level -> the mean
    new = pd.DataFrame({"sku_id": ["K01", "K05", "K99"], "all": "one"})
    np.testing.assert_allclose(ours.transform(new)[:, 1], theirs.transform(new[["sku_id"]])[:, 0])


def test_fit_transform_never_uses_a_rows_own_target(frame):
    X, y = frame
    enc = NestedTargetEncoder(smooth=5.0)
    before = enc.fit_transform(X, y)
    y2 = y.copy()
    y2[10] += 100.0
    after = clone(enc).fit_transform(X, y2)
    np.testing.assert_array_equal(before[10], after[10])  # row 10 is in its own held-out fold
    assert not np.array_equal(before, after)  # ...but other rows did learn from it


def test_unseen_categories_do_not_raise_and_fall_back(frame):
    X, y = frame
    known = X["sku_id"] != "K05"
    pipe = pipeline().fit(X[known], y[known])
    new = X[~known]
    assert np.isfinite(pipe.predict(new)).all()  # OneHotEncoder(handle_unknown="ignore") etc.
    enc = pipe.named_steps["encode"].named_transformers_["nested"]
    codes = enc.transform(new)
    names = list(enc.get_feature_names_out())
    sku, category = codes[:, names.index("sku_id_te")], codes[:, names.index("category_te")]
    np.testing.assert_array_equal(sku, category)  # the new SKU gets its category's value
    assert category[0] != pytest.approx(enc.target_mean_)
    # the strict encoder refuses the new SKU
    strict = OneHotEncoder(handle_unknown="error").fit(X.loc[known, ["sku_id"]])
    with pytest.raises(ValueError, match="unknown categor"):
        strict.transform(new[["sku_id"]])


# ---------------------------------------------------------------- the pipeline
def test_pipeline_works_on_a_reordered_frame_with_extra_columns(frame):
    X, y = frame
    pipe = pipeline().fit(X, y)
    reordered = X[X.columns[::-1]].assign(extra=1.0)
    np.testing.assert_array_equal(pipe.predict(reordered), pipe.predict(X))


def test_transform_of_the_test_fold_ignores_test_targets(frame):
    X, y = frame
    for train, test in TimeSeriesSplit(3).split(X):
        pipe = pipeline(model=None)
        first = clone(pipe).fit(X.iloc[train], y[train]).transform(X.iloc[test])
        y2 = y.copy()
        y2[test] = np.random.default_rng(0).poisson(20.0, len(test))  # change only test targets
        again = clone(pipe).fit(X.iloc[train], y2[train]).transform(X.iloc[test])
        np.testing.assert_array_equal(first, again)
        y3 = y.copy()
        y3[train] = y3[train][::-1]  # the training targets do shape the encodings
        other = clone(pipe).fit(X.iloc[train], y3[train]).transform(X.iloc[test])
        assert not np.array_equal(first, other)


def test_steps_and_feature_names(frame):
    X, y = frame
    pipe = pipeline(model=None, target_encode=["store_id"], nested=[("sku_id", "category")])
    assert [name for name, _ in pipe.steps] == ["select", "clip", "encode", "scale"]
    Z = pipe.fit_transform(X, y)
    names = list(pipe.named_steps["encode"].get_feature_names_out())
    assert Z.shape == (len(X), len(names))
    assert "num__price" in names and "num__constant" not in names  # dropped: zero variance
    assert {"target__store_id", "nested__category_te", "nested__sku_id_te"} <= set(names)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-9)  # StandardScaler
    assert pipe.named_steps["clip"].columns_ == ["price", "temperature_c"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"clip": (0.9, 0.1)}, "clip"),
        ({"clip": "yes"}, "clip"),
        ({"smooth": 0}, "smooth"),
        ({"cv": 1}, "cv"),
        ({"handle_unknown": "drop"}, "handle_unknown"),
        ({"nested": [("sku_id",)]}, "nested"),
        ({"nested": [("sku_id", "sku_id")]}, "nested"),
        ({"target_encode": ["price"]}, "target_encode"),
        ({"k_best": 0}, "SelectFeatures.k"),
        ({"variance_threshold": -1.0}, "SelectFeatures.threshold"),
    ],
)
def test_bad_arguments_name_the_field(kwargs, field):
    with pytest.raises(ConfigError, match=field):
        pipeline(**kwargs)


def test_bad_input_names_the_column(frame):
    X, y = frame
    with pytest.raises(ConfigError, match="'temperature_c'"):
        pipeline().fit(X.drop(columns="temperature_c"), y)
    with pytest.raises(ConfigError, match="'price'.*dtype"):
        pipeline().fit(X.assign(price=X["price"].astype(str)), y)
    with pytest.raises(ConfigError, match="y"):
        NestedTargetEncoder().fit(X, y[:-1])
    with pytest.raises(ConfigError, match="DataFrame"):
        QuantileClipper().fit(X.to_numpy())
    with pytest.raises(ConfigError, match="QuantileClipper.upper"):
        QuantileClipper(0.5, 0.5).fit(X)
    with pytest.raises(ConfigError, match="numeric"):
        make_feature_pipeline(["price"], ["price"])
