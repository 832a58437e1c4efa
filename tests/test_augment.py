"""Resampling helpers (``retailsim.augment``): SMOTE interpolation and the ENN rule against
imbalanced-learn, the leak-free comparison of resampling methods, the weekly slow-mover table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from imblearn.combine import SMOTEENN
from imblearn.over_sampling import SMOTE
from imblearn.under_sampling import EditedNearestNeighbours
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from retailsim import ConfigError, preset, simulate
from retailsim.augment import (
    LABEL,
    enn_mask,
    evaluate_resampling,
    make_sampler,
    resampling_runs,
    slow_mover_weeks,
    smote_interpolate,
    time_split_weeks,
)


def blobs(n=300, weights=(0.85,), seed=3):
    X, y = make_classification(
        n_samples=n, n_features=2, n_redundant=0, n_informative=2, n_clusters_per_class=1,
        weights=list(weights), class_sep=0.8, flip_y=0.03, random_state=seed,
    )  # fmt: skip
    return X, y


def factory(seed, class_weight):
    return LogisticRegression(class_weight=class_weight, max_iter=1000)


# ---- SMOTE ---------------------------------------------------------------------------------


def test_interpolate_by_hand():
    x, nn = np.array([1.0, 2.0]), np.array([3.0, 6.0])
    assert np.allclose(smote_interpolate(x, nn, 0.25), [1.5, 3.0])
    assert np.allclose(smote_interpolate(x, nn, 0.0), x)
    assert np.allclose(smote_interpolate(x, nn, 1.0), nn)
    rows = smote_interpolate(np.zeros((3, 2)), np.ones((3, 2)), np.array([0.0, 0.5, 1.0]))
    assert np.allclose(rows, [[0, 0], [0.5, 0.5], [1, 1]])


@pytest.mark.parametrize("gap", [-0.1, 1.5, np.nan])
def test_interpolate_rejects_gap_outside_unit_interval(gap):
    with pytest.raises(ConfigError, match="gap"):
        smote_interpolate([0.0, 0.0], [1.0, 1.0], gap)


def test_interpolate_rejects_shape_mismatch():
    with pytest.raises(ConfigError, match="x_neighbor"):
        smote_interpolate([0.0, 0.0], [1.0, 1.0, 1.0], 0.5)
    with pytest.raises(ConfigError, match="gap"):
        smote_interpolate(np.zeros((3, 2)), np.ones((3, 2)), np.array([0.1, 0.2]))


def test_every_smote_sample_lies_on_a_segment_between_two_minority_points():
    X, y = blobs()
    X_res, y_res = SMOTE(k_neighbors=5, random_state=0).fit_resample(X, y)
    minority = X[y == 1]
    new = X_res[len(X) :]
    assert len(new) == (y == 0).sum() - (y == 1).sum() and (y_res[len(X) :] == 1).all()
    for point in new:
        # some pair (a, b) of minority points with point = smote_interpolate(a, b, gap)
        found = False
        for a in minority:
            d = minority - a  # direction to every other minority point
            norm2 = (d**2).sum(axis=1)
            ok = norm2 > 0
            gap = ((point - a) @ d[ok].T) / norm2[ok]
            rebuilt = smote_interpolate(np.repeat(a[None], ok.sum(), 0), minority[ok],
                                        np.clip(gap, 0, 1))  # fmt: skip
            if np.any(np.all(np.isclose(rebuilt, point, atol=1e-9), axis=1) & (gap >= -1e-9)
                      & (gap <= 1 + 1e-9)):  # fmt: skip
                found = True
                break
        assert found, f"{point} is on no segment between two minority points"


# ---- ENN -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["mode", "all"])
@pytest.mark.parametrize("k", [3, 5])
def test_enn_mask_equals_imbalanced_learn(kind, k):
    X, y = blobs(seed=11)
    enn = EditedNearestNeighbours(n_neighbors=k, kind_sel=kind, sampling_strategy="all")
    enn.fit_resample(X, y)
    kept = np.zeros(len(X), dtype=bool)
    kept[enn.sample_indices_] = True
    mask = enn_mask(X, y, k, kind=kind)
    assert mask.any() and (~mask).any()
    assert np.array_equal(mask, ~kept)


def test_enn_mask_cleans_only_the_chosen_classes():
    X, y = blobs(seed=11)
    enn = EditedNearestNeighbours(n_neighbors=3, kind_sel="mode")  # "auto": not the minority
    enn.fit_resample(X, y)
    kept = np.zeros(len(X), dtype=bool)
    kept[enn.sample_indices_] = True
    mask = enn_mask(X, y, 3, kind="mode", classes=[0])
    assert not mask[y == 1].any()
    assert np.array_equal(mask, ~kept)


def test_enn_by_hand():
    # four class-0 points around the origin with one class-1 point among them; four class-1
    # points far away
    X = np.array(
        [
            [0, 0],
            [0.2, 0],
            [0, 0.2],
            [0.2, 0.2],
            [0.1, 0.1],
            [5, 5],
            [5.1, 5],
            [5, 5.1],
            [5.1, 5.1],
        ],
        dtype=float,
    )
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1])
    # Wilson's rule: only the class-1 point inside the class-0 group is outvoted
    assert np.flatnonzero(enn_mask(X, y, 3, kind="mode")).tolist() == [4]
    # "all": every class-0 point also has the class-1 point among its 3 neighbours
    assert np.flatnonzero(enn_mask(X, y, 3, kind="all")).tolist() == [0, 1, 2, 3, 4]


def test_enn_rejects_bad_input():
    X, y = blobs(n=20)
    with pytest.raises(ConfigError, match="k"):
        enn_mask(X, y, 0)
    with pytest.raises(ConfigError, match="k"):
        enn_mask(X, y, 20)
    with pytest.raises(ConfigError, match="kind"):
        enn_mask(X, y, 3, kind="median")
    with pytest.raises(ConfigError, match="y"):
        enn_mask(X, y[:-1])
    with pytest.raises(ConfigError, match="X"):
        enn_mask(X[:, 0], y)


# ---- the comparison ------------------------------------------------------------------------


def test_make_sampler():
    assert make_sampler("none") is None and make_sampler("class_weight") is None
    assert isinstance(make_sampler("smote", 3), SMOTE)
    se = make_sampler("smoteenn", 3)
    assert isinstance(se, SMOTEENN) and se.enn.sampling_strategy == "all"
    with pytest.raises(ConfigError, match="method"):
        make_sampler("adasyn")


def test_resampling_never_touches_the_test_set_and_is_deterministic():
    X, y = blobs(n=400, seed=5)
    tr, te = slice(0, 300), slice(300, None)
    runs = resampling_runs(X[tr], y[tr], X[te], y[te], factory, seeds=(0, 1))
    assert runs.shape[0] == 8
    fit = runs.set_index(["method", "seed"])["n_fit"]
    n_min, n_maj = (y[tr] == 1).sum(), (y[tr] == 0).sum()
    assert fit["none", 0] == fit["class_weight", 0] == 300
    assert fit["smote", 0] == 2 * n_maj  # minority grown to the majority's size
    assert fit["smoteenn", 0] < 2 * n_maj  # then cleaned
    assert n_min < n_maj
    again = resampling_runs(X[tr], y[tr], X[te], y[te], factory, seeds=(0, 1))
    pd.testing.assert_frame_equal(runs, again)
    # the test rows are scored as they are: the pipeline's predict equals the model on them
    from imblearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    pipe = Pipeline([("s", StandardScaler()), ("r", make_sampler("smoteenn", 0)),
                     ("m", factory(0, None))]).fit(X[tr], y[tr])  # fmt: skip
    direct = pipe.named_steps["m"].predict(pipe.named_steps["s"].transform(X[te]))
    assert np.array_equal(pipe.predict(X[te]), direct) and len(direct) == 100


def test_evaluate_resampling_summary():
    X, y = blobs(n=400, seed=5)
    out = evaluate_resampling(X[:300], y[:300], X[300:], y[300:], factory, seeds=(0, 1, 2))
    assert list(out.index) == ["none", "class_weight", "smote", "smoteenn"]
    for metric in ("precision", "recall", "f1", "pr_auc"):
        assert out[f"{metric}_mean"].between(0, 1).all()
        assert (out[f"{metric}_sd"] >= 0).all()
    # deterministic model without resampling: no spread over seeds
    assert out.loc["none", "f1_sd"] == 0 and out.loc["class_weight", "f1_sd"] == 0
    # rebalancing raises minority recall above the unweighted model's
    assert out.loc["class_weight", "recall_mean"] > out.loc["none", "recall_mean"]
    assert out.loc["smote", "recall_mean"] > out.loc["none", "recall_mean"]


def test_evaluate_resampling_rejects_bad_input():
    X, y = blobs(n=100)
    with pytest.raises(ConfigError, match="method"):
        evaluate_resampling(X, y, X, y, factory, methods=("none", "tomek"))
    with pytest.raises(ConfigError, match="y_train"):
        evaluate_resampling(X, np.full(100, 2), X, y, factory)
    with pytest.raises(ConfigError, match="y_test"):
        evaluate_resampling(X, y, X, np.zeros(100), factory)
    with pytest.raises(ConfigError, match="seeds"):
        evaluate_resampling(X, y, X, y, factory, seeds=())


# ---- the weekly slow-mover table -----------------------------------------------------------


@pytest.fixture(scope="module")
def observed():
    return simulate(preset("convenience_store", n_days=182, seed=4)).observed


def test_slow_mover_weeks_label_is_the_rule_and_features_use_only_the_past(observed):
    table, features = slow_mover_weeks(observed)
    assert set(table[LABEL].unique()) <= {0, 1} and 0 < table[LABEL].mean() < 0.5
    assert "units" not in features and LABEL not in features
    assert not table[features].isna().any().any()
    assert not table.duplicated(["store_id", "sku_id", "week"]).any()
    # the features of weeks <= w do not change when the sales after week w change
    cut = 15
    later = (observed["date"] - observed["date"].min()).dt.days // 7 > cut
    altered = observed.assign(units_sold=observed["units_sold"].where(~later, 99))
    again, _ = slow_mover_weeks(altered)
    key = ["store_id", "sku_id", "week"]
    a = table[table["week"] <= cut + 1].set_index(key)[features]
    b = again[again["week"] <= cut + 1].set_index(key)[features]
    pd.testing.assert_frame_equal(a, b.loc[a.index])


def test_time_split_weeks(observed):
    table, _ = slow_mover_weeks(observed)
    train, test = time_split_weeks(table, 6)
    assert train["week"].max() < test["week"].min() and test["week"].nunique() == 6
    assert len(train) + len(test) == len(table)
    with pytest.raises(ValueError, match="test_weeks"):
        time_split_weeks(table, 0)
    with pytest.raises(ValueError, match="test_weeks"):
        time_split_weeks(table, 1000)


# ---- layering ------------------------------------------------------------------------------
