"""SMOTE and ENN written out, and a fair comparison of resampling methods (重采样).

SMOTE (Chawla et al. 2002) makes a new minority example on the segment between a minority point
``x_i`` and one of its ``k`` nearest minority neighbours ``x_nn``::

    x_new = x_i + gap * (x_nn - x_i),    gap ~ Uniform(0, 1)

ENN, the edited nearest-neighbour rule (Wilson 1972), removes the points whose class disagrees
with their ``k`` nearest neighbours (the point itself excluded)::

    kind "mode":  remove x_j  if  mode(y of the k neighbours of x_j) != y_j   (Wilson's rule)
    kind "all":   remove x_j  if  any neighbour's y != y_j                    (imbalanced-learn's
                                                                              default, stricter)

SMOTE-ENN (Batista et al. 2004) runs SMOTE, then ENN on the enlarged set: oversample the
minority, then clean the overlap zone of both classes.

``smote_interpolate`` and ``enn_mask`` are the teaching versions; the tests check them against
imbalanced-learn's ``SMOTE`` and ``EditedNearestNeighbours``. ``evaluate_resampling`` compares
"none", "class_weight", "smote" and "smoteenn" with imbalanced-learn's ``Pipeline``, so the
resampler only ever sees the training data and the test set is never resampled.
imbalanced-learn (the ``ml`` extra) is imported only inside the functions that need it.

Used in: 02_small_data_augmentation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
from sklearn import metrics
from sklearn.base import clone
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from retailsim.config import ConfigError, checks

__all__ = [
    "METHODS",
    "METRICS",
    "enn_mask",
    "evaluate_resampling",
    "make_sampler",
    "resampling_runs",
    "smote_interpolate",
    "summarise_runs",
]

METHODS: tuple[str, ...] = ("none", "class_weight", "smote", "smoteenn")
METRICS: tuple[str, ...] = ("precision", "recall", "f1", "pr_auc")


def smote_interpolate(x_i, x_neighbor, gap):
    """A synthetic point on the segment from ``x_i`` to ``x_neighbor``:
    ``x_new = x_i + gap * (x_neighbor - x_i)``.

    ``x_i``, ``x_neighbor``: points of shape (d,) or (n, d); ``gap`` a number or an array of
    shape (n,) with every value in [0, 1] (0 gives ``x_i``, 1 gives ``x_neighbor``). SMOTE draws
    ``gap`` uniformly from [0, 1). Raises ``ConfigError`` for a gap outside [0, 1] or shapes
    that do not match.

    Used in: 02_small_data_augmentation.
    """
    a = _finite("x_i", x_i)
    b = _finite("x_neighbor", x_neighbor)
    if a.shape != b.shape:
        raise ConfigError("x_neighbor", f"must have the shape of x_i {a.shape}", b.shape)
    g = _finite("gap", gap)
    if np.any((g < 0) | (g > 1)):
        raise ConfigError("gap", "must be in [0, 1]", float(g[(g < 0) | (g > 1)].flat[0]))
    if g.ndim > 1 or (g.ndim == 1 and (a.ndim != 2 or len(g) != len(a))):
        raise ConfigError("gap", "must be a number or have one value per row of x_i", g.shape)
    if g.ndim == 1:
        g = g[:, None]
    return a + g * (b - a)


def enn_mask(X, y, k: int = 3, *, kind: str = "mode", classes: Iterable | None = None):
    """Boolean mask of the points the edited nearest-neighbour rule removes.

    For each point ``x_j`` of a class in ``classes`` (default: every class), find its ``k``
    nearest neighbours in ``X`` (Euclidean, the point itself excluded, as imbalanced-learn does)
    and remove it if ``kind="mode"``: the most common neighbour label (ties: the smallest label)
    differs from ``y_j``; ``kind="all"``: any neighbour label differs from ``y_j``.
    ``True`` = removed. ``EditedNearestNeighbours(n_neighbors=k, kind_sel=kind,
    sampling_strategy="all")`` keeps exactly the points where the mask is ``False``.

    Used in: 02_small_data_augmentation.
    """
    X = _finite("X", X)
    if X.ndim != 2:
        raise ConfigError("X", "must be a 2-D array (rows x features)", X.shape)
    y = np.asarray(y)
    if y.shape != (len(X),):
        raise ConfigError("y", f"must have one label per row of X ({len(X)})", y.shape)
    k = checks.integer("k", k, ge=1)
    if k >= len(X):
        raise ConfigError("k", f"must be < the number of points ({len(X)})", k)
    if kind not in ("mode", "all"):
        raise ConfigError("kind", "allowed: 'mode', 'all'", kind)
    labels = np.unique(y)
    cleaned = labels if classes is None else np.asarray(list(classes))
    neighbours = NearestNeighbors(n_neighbors=k + 1).fit(X).kneighbors(X, return_distance=False)
    near = y[neighbours[:, 1:]]  # (n, k) labels of the k neighbours
    if kind == "all":
        disagree = np.any(near != y[:, None], axis=1)
    else:
        counts = np.stack([(near == label).sum(axis=1) for label in labels], axis=1)
        disagree = labels[np.argmax(counts, axis=1)] != y  # argmax: first = smallest on ties
    return disagree & np.isin(y, cleaned)


def make_sampler(method: str, seed: int = 0, k_neighbors: int = 5, enn_neighbors: int = 3):
    """The imbalanced-learn resampler of ``method`` (``None`` for "none" and "class_weight").

    "smote": ``SMOTE(k_neighbors, random_state=seed)`` (minority grown to the majority's size);
    "smoteenn": ``SMOTEENN`` = that SMOTE, then ``EditedNearestNeighbours(n_neighbors=
    enn_neighbors, sampling_strategy="all")`` (imbalanced-learn's default cleaning, ``kind_sel
    ="all"``).

    Used in: 02_small_data_augmentation; benchmarks (group ``augment``).
    """
    if method not in METHODS:
        raise ConfigError("method", "allowed: " + ", ".join(METHODS), method)
    if method in ("none", "class_weight"):
        return None
    from imblearn.combine import SMOTEENN
    from imblearn.over_sampling import SMOTE
    from imblearn.under_sampling import EditedNearestNeighbours

    smote = SMOTE(k_neighbors=k_neighbors, random_state=seed)
    if method == "smote":
        return smote
    enn = EditedNearestNeighbours(n_neighbors=enn_neighbors, sampling_strategy="all")
    return SMOTEENN(smote=smote, enn=enn, random_state=seed)


def resampling_runs(
    X_train,
    y_train,
    X_test,
    y_test,
    model_factory: Callable[..., object],
    methods: Iterable[str] = METHODS,
    seeds: Iterable[int] = (0, 1, 2),
    *,
    scale: bool = True,
    k_neighbors: int = 5,
    enn_neighbors: int = 3,
) -> pd.DataFrame:
    """One row per method and seed: minority precision, recall, F1 (at the model's own
    ``predict``) and PR-AUC (average precision of ``predict_proba``) on the test set, plus
    ``n_fit`` (training rows the model saw after resampling) and ``minority_fit`` (their
    minority share).

    Each run fits ``imblearn.pipeline.Pipeline([StandardScaler (if scale), sampler, model])``
    on the training data only: samplers act in ``fit``, never in ``predict``, so the test rows
    are scored as they are. ``model_factory(seed, class_weight)`` returns an unfitted sklearn
    classifier; it is called with ``class_weight="balanced"`` for the method "class_weight"
    (weights n / (2 n_c) per class c) and ``None`` otherwise. Labels: 1 (or ``True``) =
    minority (the positive class), 0 = majority.

    Used in: 02_small_data_augmentation; benchmarks (group ``augment``).
    """
    y_tr = _binary("y_train", y_train)
    y_te = _binary("y_test", y_test)
    if len(y_tr) != len(X_train) or len(y_te) != len(X_test):
        raise ConfigError("y_train/y_test", "must have one label per row of X_train/X_test")
    methods = tuple(dict.fromkeys([methods] if isinstance(methods, str) else methods))
    for method in methods:
        if method not in METHODS:
            raise ConfigError("methods", "allowed: " + ", ".join(METHODS), method)
    seeds = [checks.integer("seeds", s, ge=0) for s in seeds]
    if not seeds:
        raise ConfigError("seeds", "give at least one seed", seeds)
    rows = []
    with threadpool_limits(limits=1):  # small fits: a second BLAS thread only adds contention
        for method in methods:
            for seed in seeds:
                args = (method, seed, scale, k_neighbors, enn_neighbors)
                rows.append(_run(X_train, y_tr, X_test, y_te, model_factory, *args))
    return pd.DataFrame(rows)


def _run(X_train, y_tr, X_test, y_te, model_factory, method, seed, scale, k, enn_k) -> dict:
    """One pipeline fit on the training rows and its minority-class scores on the test rows."""
    from imblearn.pipeline import Pipeline

    sampler = make_sampler(method, seed, k, enn_k)
    weight = "balanced" if method == "class_weight" else None
    steps = [("scale", StandardScaler())] if scale else []
    if sampler is not None:
        steps.append(("resample", sampler))
    steps.append(("model", clone(model_factory(seed, weight))))
    pipe = Pipeline(steps).fit(X_train, y_tr)
    y_fit = y_tr
    if sampler is not None:  # what the model was trained on, for the record
        X_fit = pipe.named_steps["scale"].transform(X_train) if scale else X_train
        y_fit = clone(sampler).fit_resample(X_fit, y_tr)[1]
    pred = pipe.predict(X_test).astype(int)
    score = pipe.predict_proba(X_test)[:, 1]
    return {
        "method": method,
        "seed": seed,
        "precision": metrics.precision_score(y_te, pred, zero_division=0),
        "recall": metrics.recall_score(y_te, pred, zero_division=0),
        "f1": metrics.f1_score(y_te, pred, zero_division=0),
        "pr_auc": metrics.average_precision_score(y_te, score),
        "n_fit": len(y_fit),
        "minority_fit": float(np.mean(y_fit)),
    }


def evaluate_resampling(
    X_train,
    y_train,
    X_test,
    y_test,
    model_factory: Callable[..., object],
    methods: Iterable[str] = METHODS,
    seeds: Iterable[int] = (0, 1, 2),
    **options,
) -> pd.DataFrame:
    """Minority precision, recall, F1 and PR-AUC per method: mean and sd over ``seeds``.

    Runs ``resampling_runs`` (same arguments; ``options``: scale, k_neighbors, enn_neighbors)
    and returns one row per method (in the order given) with columns ``{metric}_mean``,
    ``{metric}_sd`` (sample sd, 0 for one seed) for metric in precision, recall, f1, pr_auc,
    and ``n_fit`` (mean training rows after resampling).

    Used in: 02_small_data_augmentation; benchmarks (group ``augment``).
    """
    runs = resampling_runs(
        X_train, y_train, X_test, y_test, model_factory, methods, seeds, **options
    )
    return summarise_runs(runs)


def summarise_runs(runs: pd.DataFrame, by: str | list[str] = "method") -> pd.DataFrame:
    """Mean and sample sd of each metric of ``resampling_runs`` output per ``by``.

    Used in: 02_small_data_augmentation.
    """
    grouped = runs.groupby(by, sort=False)
    out = {}
    for metric in METRICS:
        out[f"{metric}_mean"] = grouped[metric].mean()
        out[f"{metric}_sd"] = grouped[metric].std(ddof=1).fillna(0.0)
    out["n_fit"] = grouped["n_fit"].mean()
    return pd.DataFrame(out)


def _finite(name: str, value) -> np.ndarray:
    try:
        out = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ConfigError(name, "must be numbers", value) from None
    if not np.isfinite(out).all():
        raise ConfigError(name, "must be finite (no NaN or inf)")
    return out


def _binary(name: str, values) -> np.ndarray:
    y = np.asarray(values)
    if y.ndim != 1 or not np.isin(y, (0, 1)).all():
        raise ConfigError(name, "must be a 1-D array of 0/1 (or bool) labels")
    if len(np.unique(y)) < 2:
        raise ConfigError(name, "must contain both classes (0 and 1)")
    return y.astype(int)
