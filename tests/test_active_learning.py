"""Active learning (retailsim.labels.active): least-confident picks, the loop, labels saved."""

from __future__ import annotations

import math

import numpy as np
import pytest

from retailsim import ConfigError
from retailsim.labels import active


def boundary_task(n_pool=2000, n_test=1000, seed=0):
    """A linear boundary with 20% positives: the informative rows sit near the boundary."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n_pool + n_test, 2))
    y = (X[:, 0] + 0.3 * X[:, 1] > 0.6).astype(int)
    return X[:n_pool], y[:n_pool], X[n_pool:], y[n_pool:]


class ConfidenceStub:
    """Predicts P(class 0) = X[:, 0]: the rows with X[:, 0] near 0.5 are the least confident."""

    def fit(self, X, y):
        return self

    def predict(self, X):
        return (X[:, 0] < 0.5).astype(int)

    def predict_proba(self, X):
        return np.column_stack([X[:, 0], 1 - X[:, 0]])

    def get_params(self, deep=True):
        return {}

    def set_params(self, **params):
        return self


def test_least_confident_by_hand():
    proba = np.array([[0.9, 0.1], [0.55, 0.45], [0.3, 0.7], [0.5, 0.5], [0.45, 0.55]])
    assert active.least_confident(proba, 2).tolist() == [3, 1]  # tie 0.55: lower index first
    assert active.least_confident(proba, 5).tolist() == [3, 1, 4, 2, 0]


def test_least_confident_bad_inputs():
    with pytest.raises(ConfigError, match="k"):
        active.least_confident(np.ones((3, 2)) / 2, 4)
    with pytest.raises(ConfigError, match="k"):
        active.least_confident(np.ones((3, 2)) / 2, 0)
    with pytest.raises(ConfigError, match="proba"):
        active.least_confident(np.ones(3), 1)


def test_uncertainty_sampling_asks_the_least_confident_rows():
    # pool: 4 rows right at the boundary (confidence 0.5, label 1), 96 confident rows (label 0)
    X = np.column_stack([np.r_[np.full(4, 0.5), np.linspace(0.9, 1.0, 96)], np.zeros(100)])
    y = np.r_[np.ones(4, int), np.zeros(96, int)]
    curve = active.active_learning_curve(
        X, y, X, y, strategy="uncertainty", estimator=ConfidenceStub(), initial=4, batch=4,
        budget=8, seed=0,
    )  # fmt: skip
    # the initial random rows hold a positive (swapped in); the batch asks the boundary rows
    # left, then the next least confident: after 8 labels all four positives are labeled
    assert curve.iloc[0]["asked_positive"] > 0
    assert curve.iloc[-1]["asked_positive"] * 8 == 4
    rnd = active.active_learning_curve(
        X, y, X, y, strategy="random", estimator=ConfidenceStub(), initial=4, batch=4, budget=8,
        seed=0,
    )  # fmt: skip
    assert rnd.iloc[-1]["asked_positive"] * 8 < 4


def test_curve_shape_and_shared_start():
    X, y, Xt, yt = boundary_task()
    kw = {"initial": 10, "batch": 15, "budget": 60}
    unc = active.active_learning_curve(X, y, Xt, yt, strategy="uncertainty", seed=3, **kw)
    rnd = active.active_learning_curve(X, y, Xt, yt, strategy="random", seed=3, **kw)
    assert unc["n_labels"].tolist() == [10, 25, 40, 55, 60]
    assert rnd["n_labels"].tolist() == unc["n_labels"].tolist()
    assert unc.iloc[0].equals(rnd.iloc[0])  # same initial labels, same first model
    again = active.active_learning_curve(X, y, Xt, yt, strategy="uncertainty", seed=3, **kw)
    assert unc.equals(again)


def test_uncertainty_beats_random_on_a_clean_boundary():
    X, y, Xt, yt = boundary_task()
    runs = active.compare_sampling(X, y, Xt, yt, seeds=range(4), initial=10, batch=5, budget=40)
    final = runs[runs["n_labels"] == 40].groupby("strategy")["accuracy"].mean()
    assert final["uncertainty"] > final["random"] + 0.01


def test_initial_labels_always_hold_both_classes():
    y = np.r_[np.ones(3, int), np.zeros(297, int)]
    X = np.column_stack([y + np.random.default_rng(0).normal(0, 0.1, 300), np.zeros(300)])
    for seed in range(5):
        curve = active.active_learning_curve(X, y, X, y, initial=4, batch=2, budget=6, seed=seed)
        assert curve.iloc[0]["n_labels"] == 4 and curve.iloc[0]["asked_positive"] > 0


def test_labels_saved_by_hand():
    n = [10, 20, 30, 40]
    assert active.labels_saved(n, [0.5, 0.7, 0.8, 0.8], [0.5, 0.6, 0.7, 0.8]) == 10
    assert active.labels_saved(n, [0.5, 0.6, 0.7, 0.8], [0.5, 0.7, 0.8, 0.8]) == -10
    # target defaults to the lower final score (0.75): uncertainty at 20, random at 40
    assert active.labels_saved(n, [0.5, 0.76, 0.8, 0.9], [0.5, 0.6, 0.7, 0.75]) == 20
    assert active.labels_saved(n, [0.5, 0.7, 0.8, 0.8], [0.5, 0.6, 0.7, 0.8], target=0.6) == 0
    assert math.isnan(active.labels_saved(n, [0.1] * 4, [0.5] * 4, target=0.5))


def test_labels_saved_bad_inputs():
    with pytest.raises(ConfigError, match="n_labels"):
        active.labels_saved([10, 10], [0.1, 0.2], [0.1, 0.2])
    with pytest.raises(ConfigError, match="n_labels"):
        active.labels_saved([10, 20], [0.1], [0.1, 0.2])
    with pytest.raises(ConfigError, match="finite"):
        active.labels_saved([10, 20], [0.1, np.nan], [0.1, 0.2])


def test_few_label_scores_methods_and_budget():
    X, y, Xt, yt = boundary_task(n_pool=600, n_test=300)
    table = active.few_label_scores(X, y, Xt, yt, budget=30, seeds=(0, 1), initial=10, batch=10)
    assert sorted(table["method"].unique()) == ["random", "self_training", "uncertainty"]
    assert (table["n_labels"] == 30).all() and len(table) == 6
    assert table[["accuracy", "f1"]].apply(lambda c: c.between(0, 1)).all().all()


def test_active_learning_bad_inputs():
    X, y, Xt, yt = boundary_task(n_pool=100, n_test=50)
    with pytest.raises(ConfigError, match="strategy"):
        active.active_learning_curve(X, y, Xt, yt, strategy="margin")
    with pytest.raises(ConfigError, match="budget"):
        active.active_learning_curve(X, y, Xt, yt, budget=500)
    with pytest.raises(ConfigError, match="budget"):
        active.active_learning_curve(X, y, Xt, yt, initial=20, budget=10)
    with pytest.raises(ConfigError, match="initial"):
        active.active_learning_curve(X, y, Xt, yt, initial=1)
    with pytest.raises(ConfigError, match="y_pool"):
        active.active_learning_curve(X, np.full(100, 2), Xt, yt)
    with pytest.raises(ConfigError, match="y_pool"):
        active.active_learning_curve(X, np.zeros(100, int), Xt, yt)
    with pytest.raises(ConfigError, match="X_pool"):
        active.active_learning_curve(np.where(X > 0.9, np.nan, X), y, Xt, yt)
    with pytest.raises(ConfigError, match="X_test"):
        active.active_learning_curve(X, y, Xt[:, :1], yt)
    with pytest.raises(ConfigError, match="threshold"):
        active.few_label_scores(X, y, Xt, yt, budget=20, threshold=0.3)
