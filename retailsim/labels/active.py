"""Active learning (主动学习): which weeks to ask a person to label, pool-based.

Loop (Settles 2009): start from ``initial`` random labels, fit the classifier, score the
unlabeled pool, ask for the ``batch`` rows chosen by the strategy, refit, until ``budget``
labels are spent; after every fit record the accuracy and F1 on a held-out test set::

    uncertainty (least confident):  ask argmin_x  max_c P(c | x)   (the model's confidence)
    random:                         ask rows drawn uniformly from the pool

``labels_saved`` reads two such curves: how many more labels random sampling needs than
uncertainty sampling to reach the same score. The classifier is any scikit-learn-style
estimator with ``fit`` and ``predict_proba`` (default: standardised logistic regression).

Used in: 10_weak_supervision.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn import metrics
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.semi_supervised import SelfTrainingClassifier
from threadpoolctl import threadpool_limits

from retailsim.config import ConfigError, checks

STRATEGIES = ("uncertainty", "random")


def default_classifier():
    """``StandardScaler`` + ``LogisticRegression(class_weight="balanced")``: weighs the rare
    slow weeks up so that a few labels still give a classifier that predicts them.

    Used in: 10_weak_supervision.
    """
    return make_pipeline(
        StandardScaler(), LogisticRegression(class_weight="balanced", max_iter=1000)
    )


def least_confident(proba, k: int) -> np.ndarray:
    """Indices of the ``k`` rows of ``proba`` (rows x classes) whose top class probability
    ``max_c P(c | x)`` is smallest, least confident first (ties: lower index first).

    Used in: 10_weak_supervision.
    """
    proba = np.asarray(proba, dtype=float)
    if proba.ndim != 2 or proba.shape[0] == 0:
        raise ConfigError("proba", "must be a non-empty 2-d array (rows x classes)", proba.shape)
    k = checks.integer("k", k, ge=1)
    if k > len(proba):
        raise ConfigError("k", f"must be <= the number of rows ({len(proba)})", k)
    confidence = proba.max(axis=1)
    return np.argsort(confidence, kind="stable")[:k]


def active_learning_curve(
    X_pool,
    y_pool,
    X_test,
    y_test,
    *,
    strategy: str = "uncertainty",
    estimator=None,
    initial: int = 10,
    batch: int = 10,
    budget: int = 100,
    seed: int = 0,
) -> pd.DataFrame:
    """One run of the loop of the module docstring. The ``initial`` random labels (the last
    one swapped for a row of the other class if they are all one class) depend only on
    ``seed``, so both strategies start from the same labels. ``y_pool`` plays the person who
    answers.

    Returns one row per fit: n_labels, accuracy, f1 (of class 1 on the test set) and
    ``asked_positive``, the share of class 1 among the labels asked so far.

    Used in: 10_weak_supervision; benchmarks (``active_learning_labels_saved``).
    """
    if strategy not in STRATEGIES:
        raise ConfigError("strategy", f"must be one of {', '.join(STRATEGIES)}", strategy)
    X_pool, y_pool, X_test, y_test, initial, batch, budget = _checked(
        X_pool, y_pool, X_test, y_test, initial, batch, budget
    )
    estimator = default_classifier() if estimator is None else estimator
    with threadpool_limits(limits=1):  # small fits: a second BLAS thread only adds contention
        rows, _ = _run(
            X_pool, y_pool, X_test, y_test, strategy, estimator, initial, batch, budget, seed
        )
    return pd.DataFrame(rows)


def _checked(X_pool, y_pool, X_test, y_test, initial, batch, budget):
    X_pool, y_pool = _xy(X_pool, y_pool, "pool")
    X_test, y_test = _xy(X_test, y_test, "test")
    if X_test.shape[1] != X_pool.shape[1]:
        raise ConfigError("X_test", f"must have {X_pool.shape[1]} columns", X_test.shape[1])
    initial = checks.integer("initial", initial, ge=2)
    batch = checks.integer("batch", batch, ge=1)
    budget = checks.integer("budget", budget, ge=initial)
    if budget > len(y_pool):
        raise ConfigError("budget", f"must be <= the pool size ({len(y_pool)})", budget)
    if len(np.unique(y_pool)) < 2:
        raise ConfigError("y_pool", "must contain both classes")
    return X_pool, y_pool, X_test, y_test, initial, batch, budget


def _run(X_pool, y_pool, X_test, y_test, strategy, estimator, initial, batch, budget, seed):
    """The loop on validated arrays: (rows of the curve, final labeled mask of the pool)."""
    order = np.random.default_rng(seed).permutation(len(y_pool))
    first = order[:initial].copy()
    if len(np.unique(y_pool[first])) < 2:  # swap in the first row of the missing class
        missing = 1 - y_pool[first[0]]
        first[-1] = order[np.flatnonzero(y_pool[order] == missing)[0]]
    labeled = np.zeros(len(y_pool), dtype=bool)
    labeled[first] = True
    pick_rng = np.random.default_rng([seed, 1])
    rows = []
    while True:
        model = clone(estimator).fit(X_pool[labeled], y_pool[labeled])
        pred = model.predict(X_test)
        rows.append(
            {
                "n_labels": int(labeled.sum()),
                "accuracy": float(metrics.accuracy_score(y_test, pred)),
                "f1": float(metrics.f1_score(y_test, pred, zero_division=0)),
                "asked_positive": float(y_pool[labeled].mean()),
            }
        )
        room = min(batch, budget - int(labeled.sum()))
        if room <= 0:
            return rows, labeled
        candidates = np.flatnonzero(~labeled)
        if strategy == "uncertainty":
            chosen = candidates[least_confident(model.predict_proba(X_pool[candidates]), room)]
        else:
            chosen = pick_rng.choice(candidates, size=room, replace=False)
        labeled[chosen] = True


def compare_sampling(
    X_pool,
    y_pool,
    X_test,
    y_test,
    *,
    seeds=(0, 1, 2, 3, 4),
    strategies=STRATEGIES,
    **kwargs,
) -> pd.DataFrame:
    """``active_learning_curve`` for every strategy and seed, stacked: columns strategy,
    seed, n_labels, accuracy, f1, asked_positive. ``kwargs`` go to ``active_learning_curve``.

    Used in: 10_weak_supervision; benchmarks.
    """
    frames = []
    for strategy in strategies:
        for seed in seeds:
            curve = active_learning_curve(
                X_pool, y_pool, X_test, y_test, strategy=strategy, seed=int(seed), **kwargs
            )
            frames.append(curve.assign(strategy=strategy, seed=int(seed)))
    if not frames:
        raise ConfigError("seeds", "must name at least one seed and one strategy", seeds)
    out = pd.concat(frames, ignore_index=True)
    return out[["strategy", "seed", "n_labels", "accuracy", "f1", "asked_positive"]]


def few_label_scores(
    X_pool,
    y_pool,
    X_test,
    y_test,
    *,
    budget: int = 60,
    seeds=(0, 1, 2, 3, 4),
    estimator=None,
    threshold: float = 0.9,
    initial: int = 10,
    batch: int = 10,
) -> pd.DataFrame:
    """Three ways to spend ``budget`` true labels, per seed, scored on the test set:

    * ``random``: the classifier fitted on ``budget`` random pool rows (the random-sampling
      loop's last fit);
    * ``self_training``: the same labeled rows plus every other pool row unlabeled, in
      ``sklearn.semi_supervised.SelfTrainingClassifier`` (rows whose predicted probability
      reaches ``threshold`` are pseudo-labeled and added, until none is left);
    * ``uncertainty``: the uncertainty-sampling loop's last fit.

    Returns columns method, seed, n_labels, accuracy, f1.

    Used in: 10_weak_supervision.
    """
    X_pool, y_pool, X_test, y_test, initial, batch, budget = _checked(
        X_pool, y_pool, X_test, y_test, initial, batch, budget
    )
    try:
        threshold = float(threshold)
    except (TypeError, ValueError):
        raise ConfigError("threshold", "must be a number in (0.5, 1)", threshold) from None
    if not 0.5 < threshold < 1.0:
        raise ConfigError("threshold", "must be a number in (0.5, 1)", threshold)
    estimator = default_classifier() if estimator is None else estimator
    rows = []
    with threadpool_limits(limits=1):
        for seed in seeds:
            args = (X_pool, y_pool, X_test, y_test)
            for strategy in STRATEGIES:
                curve, labeled = _run(*args, strategy, estimator, initial, batch, budget, seed)
                rows.append({"method": strategy, "seed": int(seed), **curve[-1]})
                if strategy == "random":
                    partial = np.where(labeled, y_pool, -1)
                    model = SelfTrainingClassifier(clone(estimator), threshold=threshold)
                    pred = model.fit(X_pool, partial).predict(X_test)
                    rows.append(
                        {
                            "method": "self_training",
                            "seed": int(seed),
                            "n_labels": int(labeled.sum()),
                            "accuracy": float(metrics.accuracy_score(y_test, pred)),
                            "f1": float(metrics.f1_score(y_test, pred, zero_division=0)),
                        }
                    )
    if not rows:
        raise ConfigError("seeds", "must name at least one seed", seeds)
    return pd.DataFrame(rows)[["method", "seed", "n_labels", "accuracy", "f1"]]


def labels_saved(n_labels, uncertainty, random, *, target: float | None = None) -> float:
    """Labels random sampling needs beyond uncertainty sampling to reach ``target``::

        n_s(target)  = the first n_labels at which curve s reaches a score >= target
        labels_saved = n_random(target) - n_uncertainty(target)

    ``n_labels``: increasing label counts; ``uncertainty``, ``random``: the two curves' scores
    there (e.g. means over seeds). ``target`` defaults to the lower of the two final scores, so
    both curves reach it. Negative = uncertainty sampling needs more labels; NaN when a curve
    never reaches ``target``.

    Used in: 10_weak_supervision; benchmarks (``active_learning_labels_saved``).
    """
    n = np.asarray(n_labels, dtype=float)
    u = np.asarray(uncertainty, dtype=float)
    r = np.asarray(random, dtype=float)
    if n.ndim != 1 or len(n) == 0 or u.shape != n.shape or r.shape != n.shape:
        raise ConfigError("n_labels", "n_labels and both curves must be 1-d of the same length")
    if (np.diff(n) <= 0).any():
        raise ConfigError("n_labels", "must be strictly increasing", n_labels)
    if not (np.isfinite(u).all() and np.isfinite(r).all()):
        raise ConfigError("uncertainty", "scores must be finite numbers")
    target = min(u[-1], r[-1]) if target is None else float(target)

    def first(curve: np.ndarray) -> float:
        hit = np.flatnonzero(curve >= target - 1e-12)
        return float(n[hit[0]]) if len(hit) else float("nan")

    return first(r) - first(u)


def _xy(X, y, where: str) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or len(X) == 0:
        raise ConfigError(f"X_{where}", "must be a non-empty 2-d array (rows x features)", X.shape)
    if not np.isfinite(X).all():
        raise ConfigError(f"X_{where}", "must be finite (no NaN or inf)")
    if y.shape != (len(X),):
        raise ConfigError(f"y_{where}", f"must have one label per row ({len(X)})", y.shape)
    if y.dtype == bool:
        y = y.astype(np.int64)
    if not np.isin(y, (0, 1)).all():
        raise ConfigError(f"y_{where}", "labels must be 0 or 1", y[~np.isin(y, (0, 1))][0].item())
    return X, y.astype(np.int64)
