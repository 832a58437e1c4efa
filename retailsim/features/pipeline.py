"""A leak-free scikit-learn feature pipeline: selection -> outlier clipping -> encoding -> scaling.

Every step learns its state (kept columns, clipping bounds, category encodings, means and
standard deviations) in ``fit`` from the rows it is given, so inside ``cross_val_score`` or
``TimeSeriesSplit`` it sees only the training fold:

==========  ==========================  ===============================================
step        estimator                   learned in ``fit`` (training rows only)
==========  ==========================  ===============================================
select      ``SelectFeatures``          numeric columns with variance > threshold
                                        (``VarianceThreshold``), optionally the ``k``
                                        best by ``f_regression``; columns chosen by name
clip        ``QuantileClipper``         per-column quantile bounds
encode      ``ColumnTransformer``       one-hot levels (``OneHotEncoder``), target means
                                        (``TargetEncoder``, cross-fitted) and nested
                                        target means (``NestedTargetEncoder``)
scale       ``StandardScaler``          mean and standard deviation of every column
model       any regressor (optional)
==========  ==========================  ===============================================

Nested target encoding (``NestedTargetEncoder``), a child category within a parent (store
within region, SKU within category), with ``m`` the training mean of the target and ``k`` the
smoothing strength (pseudo-rows)::

    m_parent = (n_parent * ybar_parent + k * m) / (n_parent + k)
    m_child  = (n_child * ybar_child + k * m_parent) / (n_child + k)

A child seen few times is pulled towards its parent, not towards the global mean; a child
never seen in training (a new SKU, a new store) gets its parent's value ``m_parent``, and an
unseen parent gets ``m``. With a single parent level this is exactly scikit-learn's
``TargetEncoder(smooth=k)`` (tests/test_feature_pipeline.py checks it). In ``fit_transform``
the training rows are encoded out of fold (cross-fitting, like ``TargetEncoder``): a row's
own target never enters its own encoding.

The heavy scikit-learn modules (pipeline, compose, preprocessing, feature_selection,
model_selection) are imported inside the functions that need them, so importing
``retailsim.features`` stays cheap.

Used in: 11_feature_pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from retailsim.config import ConfigError, checks
from retailsim.features.validation import require_columns

__all__ = [
    "DEFAULT_NESTED",
    "NestedTargetEncoder",
    "QuantileClipper",
    "SelectFeatures",
    "make_feature_pipeline",
]

DEFAULT_NESTED: tuple[tuple[str, str], ...] = (("store_id", "region"), ("sku_id", "category"))


# ---------------------------------------------------------------- checks
def _names(field: str, values: Any) -> list[str]:
    """A list of distinct column names (a single string is one name)."""
    if isinstance(values, str):
        values = [values]
    try:
        items = list(values)
    except TypeError:
        raise ConfigError(field, "must be a sequence of column names", values) from None
    for v in items:
        if not isinstance(v, str) or not v:
            raise ConfigError(field, "every entry must be a non-empty column name (str)", v)
    if len(set(items)) != len(items):
        dup = next(v for v in items if items.count(v) > 1)
        raise ConfigError(field, "names a column twice", dup)
    return items


def _pairs(field: str, values: Any) -> list[tuple[str, str]]:
    try:
        items = list(values)
    except TypeError:
        raise ConfigError(field, "must be a sequence of (child, parent) pairs", values) from None
    out = []
    for pair in items:
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ConfigError(field, "every entry must be a (child, parent) pair", pair)
        child, parent = pair
        if not (isinstance(child, str) and isinstance(parent, str)) or not child or not parent:
            raise ConfigError(field, "child and parent must be column names (str)", pair)
        if child == parent:
            raise ConfigError(field, "child and parent must differ", pair)
        out.append((child, parent))
    return out


def _target(field: str, y: Any, n_rows: int) -> np.ndarray:
    if y is None:
        raise ConfigError(field, "a target y is required (target encoding learns from it)")
    try:
        out = np.asarray(y, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ConfigError(field, "must be numeric", type(y).__name__) from None
    if len(out) != n_rows:
        raise ConfigError(field, f"has {len(out)} values for {n_rows} rows")
    if not np.isfinite(out).all():
        raise ConfigError(field, "must be finite (no NaN or inf)")
    return out


def _frame(X: Any, where: str) -> pd.DataFrame:
    if not isinstance(X, pd.DataFrame):
        raise ConfigError(
            where, f"expected a pandas DataFrame with named columns, got {type(X).__name__}"
        )
    if len(X) == 0:
        raise ConfigError(where, "has no rows")
    return X


# ---------------------------------------------------------------- step 1: selection
class SelectFeatures(TransformerMixin, BaseEstimator):
    """Keep the named columns (by name: any input order, extra columns dropped) and drop
    uninformative numeric ones, learning which from the training rows only.

    ``fit`` keeps a numeric column if its training variance is > ``threshold``
    (``sklearn.feature_selection.VarianceThreshold``) and, if ``k`` is an integer, only the
    ``k`` columns with the largest ``f_regression`` F statistic against ``y``
    (``SelectKBest``; NaN filled with the training median for the score only). Categorical
    columns are always kept. Learned: ``numeric_kept_``, ``dropped_`` (column -> reason),
    ``feature_names_out_``.

    ``transform`` returns ``X[numeric_kept_ + categorical]`` as a DataFrame.

    Used in: 11_feature_pipeline.
    """

    def __init__(
        self,
        numeric: Sequence[str] = (),
        categorical: Sequence[str] = (),
        threshold: float = 0.0,
        k: int | str = "all",
    ) -> None:
        self.numeric = numeric
        self.categorical = categorical
        self.threshold = threshold
        self.k = k

    def _check(self) -> tuple[list[str], list[str]]:
        numeric = _names("SelectFeatures.numeric", self.numeric)
        categorical = _names("SelectFeatures.categorical", self.categorical)
        both = [c for c in numeric if c in categorical]
        if both:
            raise ConfigError(
                "SelectFeatures.numeric", "a column cannot be numeric and categorical", both[0]
            )
        if not numeric and not categorical:
            raise ConfigError("SelectFeatures", "name at least one numeric or categorical column")
        checks.real("SelectFeatures.threshold", self.threshold, ge=0.0)
        if self.k != "all":
            checks.integer("SelectFeatures.k", self.k, ge=1)
        return numeric, categorical

    def fit(self, X: pd.DataFrame, y=None) -> SelectFeatures:
        from sklearn.feature_selection import SelectKBest, VarianceThreshold, f_regression

        numeric, categorical = self._check()
        X = _frame(X, "SelectFeatures.fit(): X")
        require_columns(X, [*numeric, *categorical], where="SelectFeatures.fit()")
        for c in numeric:
            values = X[c]
            if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
                raise ConfigError(
                    f"SelectFeatures.fit(): column {c!r}",
                    f"listed as numeric but has dtype {values.dtype}",
                )
        self.dropped_: dict[str, str] = {}
        kept = list(numeric)
        if kept:
            vt = VarianceThreshold(self.threshold).fit(X[kept].astype(float))
            mask = vt.get_support()
            self.dropped_.update({c: "variance" for c, m in zip(kept, mask, strict=True) if not m})
            kept = [c for c, m in zip(kept, mask, strict=True) if m]
        if kept and self.k != "all" and self.k < len(kept):
            target = _target("SelectFeatures.fit(): y", y, len(X))
            values = X[kept].astype(float)
            values = values.fillna(values.median())
            skb = SelectKBest(f_regression, k=self.k).fit(values, target)
            mask = skb.get_support()
            self.dropped_.update({c: "k_best" for c, m in zip(kept, mask, strict=True) if not m})
            kept = [c for c, m in zip(kept, mask, strict=True) if m]
        self.numeric_kept_ = kept
        self.feature_names_out_ = np.array([*kept, *categorical], dtype=object)
        self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        check_is_fitted(self, "feature_names_out_")
        X = _frame(X, "SelectFeatures.transform(): X")
        cols = list(self.feature_names_out_)
        require_columns(X, cols, where="SelectFeatures.transform()")
        return X[cols]

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()


# ---------------------------------------------------------------- step 2: outliers
class QuantileClipper(TransformerMixin, BaseEstimator):
    """Clip numeric columns at quantiles learned from the training rows (winsorising).

    ``fit`` learns ``lower_[c] = quantile(x_c, lower)`` and ``upper_[c] = quantile(x_c,
    upper)`` for every column in ``columns`` (default: every numeric, non-bool column of the
    training frame; NaN ignored). ``transform`` returns a copy of the frame with
    ``x_c -> min(max(x_c, lower_[c]), upper_[c])``; other columns and NaN pass through. A test
    row's extreme value is therefore cut at a bound the test rows never influenced.

    Used in: 11_feature_pipeline.
    """

    def __init__(
        self, lower: float = 0.01, upper: float = 0.99, columns: Sequence[str] | None = None
    ) -> None:
        self.lower = lower
        self.upper = upper
        self.columns = columns

    def fit(self, X: pd.DataFrame, y=None) -> QuantileClipper:
        lo = checks.real("QuantileClipper.lower", self.lower, ge=0.0)
        hi = checks.real("QuantileClipper.upper", self.upper, ge=0.0)
        if not lo < hi <= 1.0:
            raise ConfigError("QuantileClipper.upper", f"must be in ({lo:g}, 1]", self.upper)
        X = _frame(X, "QuantileClipper.fit(): X")
        if self.columns is None:
            cols = [
                c
                for c in X.columns
                if pd.api.types.is_numeric_dtype(X[c]) and not pd.api.types.is_bool_dtype(X[c])
            ]
        else:
            cols = _names("QuantileClipper.columns", self.columns)
            require_columns(X, cols, where="QuantileClipper.fit()")
        values = X[cols].astype(float)
        self.columns_ = cols
        self.lower_ = values.quantile(lo)
        self.upper_ = values.quantile(hi)
        self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        check_is_fitted(self, "columns_")
        X = _frame(X, "QuantileClipper.transform(): X")
        require_columns(X, self.columns_, where="QuantileClipper.transform()")
        out = X.copy()
        if self.columns_:
            out[self.columns_] = (
                X[self.columns_].astype(float).clip(self.lower_, self.upper_, axis=1)
            )
        return out

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "columns_")
        return self.feature_names_in_.copy()


# ---------------------------------------------------------------- step 3: nested encoding
class NestedTargetEncoder(TransformerMixin, BaseEstimator):
    """Smoothed target means of a child category within its parent, with fallback to the parent.

    For every ``(child, parent)`` pair in ``pairs`` two columns are produced,
    ``{parent}_te`` and ``{child}_te``::

        m_parent = (n_parent * ybar_parent + k * m) / (n_parent + k)
        m_child  = (n_child * ybar_child + k * m_parent) / (n_child + k)

    where ``m`` is the training mean of ``y``, ``k = smooth`` and ``n``/``ybar`` are the row
    count and target mean of the level in the training rows. A child level is identified
    within its parent (the pair ``(parent, child)``). Unseen child -> ``m_parent`` of the
    row's parent (a new SKU gets its category's value, a new store its region's); unseen
    parent -> ``m``. Values are compared as strings, so category dtypes with different level
    sets are fine.

    ``fit_transform`` (what a Pipeline calls on the training rows) encodes each row out of
    fold: ``KFold(cv, shuffle, random_state)`` splits the rows, each fold is encoded with
    tables learned on the other folds, as scikit-learn's ``TargetEncoder`` does. ``fit``
    then learns the tables on all rows for ``transform`` of new rows.

    Used in: 11_feature_pipeline.
    """

    def __init__(
        self,
        pairs: Sequence[tuple[str, str]] = DEFAULT_NESTED,
        smooth: float = 20.0,
        cv: int = 5,
        shuffle: bool = True,
        random_state: int | None = 0,
    ) -> None:
        self.pairs = pairs
        self.smooth = smooth
        self.cv = cv
        self.shuffle = shuffle
        self.random_state = random_state

    # -- helpers
    def _check(self) -> list[tuple[str, str]]:
        pairs = _pairs("NestedTargetEncoder.pairs", self.pairs)
        if not pairs:
            raise ConfigError("NestedTargetEncoder.pairs", "name at least one (child, parent) pair")
        names = [n for child, parent in pairs for n in (f"{parent}_te", f"{child}_te")]
        if len(set(names)) != len(names):
            raise ConfigError("NestedTargetEncoder.pairs", "output names repeat", names)
        checks.real("NestedTargetEncoder.smooth", self.smooth, gt=0.0)
        checks.integer("NestedTargetEncoder.cv", self.cv, ge=2)
        return pairs

    @staticmethod
    def _codes(X: pd.DataFrame, pairs) -> list[tuple]:
        """Integer codes per pair: parent codes and levels, (parent, child) codes and levels,
        and the parent code of every (parent, child) level."""
        out = []
        for child, parent in pairs:
            p_code, p_levels = pd.factorize(X[parent].astype(str).to_numpy())
            raw_code, raw_levels = pd.factorize(X[child].astype(str).to_numpy())
            c_code, pair = pd.factorize(p_code * len(raw_levels) + raw_code)
            c_levels = pd.MultiIndex.from_arrays(
                [p_levels[pair // len(raw_levels)], raw_levels[pair % len(raw_levels)]],
                names=[parent, child],
            )
            parent_of = np.empty(len(c_levels), dtype=np.intp)
            parent_of[c_code] = p_code
            out.append((p_code, p_levels, c_code, c_levels, parent_of))
        return out

    def _fit_codes(self, y: np.ndarray, codes, rows) -> tuple[float, list]:
        """Smoothed means on ``rows``; a level absent from ``rows`` gets its prior (n = 0)."""
        k = float(self.smooth)
        m = float(y[rows].mean())
        tables = []
        for p_code, p_levels, c_code, c_levels, parent_of in codes:
            n_p = np.bincount(p_code[rows], minlength=len(p_levels))
            s_p = np.bincount(p_code[rows], weights=y[rows], minlength=len(p_levels))
            m_p = (s_p + k * m) / (n_p + k)
            n_c = np.bincount(c_code[rows], minlength=len(c_levels))
            s_c = np.bincount(c_code[rows], weights=y[rows], minlength=len(c_levels))
            m_c = (s_c + k * m_p[parent_of]) / (n_c + k)
            tables.append((n_p, m_p, n_c, m_c))
        return m, tables

    def _columns(self, pairs) -> list[str]:
        return list(dict.fromkeys(n for pair in pairs for n in pair))

    # -- sklearn API
    def fit(self, X: pd.DataFrame, y) -> NestedTargetEncoder:
        """Learn ``target_mean_`` (m) and ``tables_``: one ``(parent_table, child_table)`` per
        pair, DataFrames with columns ``n`` (training rows) and ``encoding``, indexed by the
        parent and by ``(parent, child)``."""
        pairs = self._check()
        X = _frame(X, "NestedTargetEncoder.fit(): X")
        require_columns(X, self._columns(pairs), where="NestedTargetEncoder.fit()")
        target = _target("NestedTargetEncoder.fit(): y", y, len(X))
        self._fit(X, target, pairs, self._codes(X, pairs))
        return self

    def _fit(self, X: pd.DataFrame, target: np.ndarray, pairs, codes) -> None:
        m, tables = self._fit_codes(target, codes, slice(None))
        self.target_mean_ = m
        self.tables_ = []
        for (_, parent), code, (n_p, m_p, n_c, m_c) in zip(pairs, codes, tables, strict=True):
            p_levels, c_levels = pd.Index(code[1], name=parent), code[3]
            self.tables_.append(
                (
                    pd.DataFrame({"n": n_p, "encoding": m_p}, index=p_levels),
                    pd.DataFrame({"n": n_c, "encoding": m_c}, index=c_levels),
                )
            )
        self.pairs_ = pairs
        self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        self.n_features_in_ = X.shape[1]

    def fit_transform(self, X: pd.DataFrame, y=None, **fit_params) -> np.ndarray:
        """``fit``, then the training rows encoded out of fold (cross-fitting)."""
        from sklearn.model_selection import KFold

        pairs = self._check()
        X = _frame(X, "NestedTargetEncoder.fit(): X")
        require_columns(X, self._columns(pairs), where="NestedTargetEncoder.fit()")
        target = _target("NestedTargetEncoder.fit(): y", y, len(X))
        if self.cv > len(X):
            raise ConfigError("NestedTargetEncoder.cv", f"exceeds the {len(X)} rows", self.cv)
        codes = self._codes(X, pairs)
        self._fit(X, target, pairs, codes)
        seed = self.random_state if self.shuffle else None
        folds = KFold(self.cv, shuffle=self.shuffle, random_state=seed)
        out = np.empty((len(X), 2 * len(self.pairs_)))
        for train, test in folds.split(X):
            _, tables = self._fit_codes(target, codes, train)
            for j, (code, (_, m_p, _, m_c)) in enumerate(zip(codes, tables, strict=True)):
                out[test, 2 * j] = m_p[code[0][test]]
                out[test, 2 * j + 1] = m_c[code[2][test]]
        return out

    def transform(self, X: pd.DataFrame) -> np.ndarray:
        """Encode new rows with the tables learned by ``fit`` (unseen child -> its parent's
        value, unseen parent -> ``target_mean_``)."""
        check_is_fitted(self, "tables_")
        X = _frame(X, "NestedTargetEncoder.transform(): X")
        require_columns(X, self._columns(self.pairs_), where="NestedTargetEncoder.transform()")
        cols = []
        for (child, parent), (pt, ct) in zip(self.pairs_, self.tables_, strict=True):
            p, c = X[parent].astype(str).to_numpy(), X[child].astype(str).to_numpy()
            parent_value = pt["encoding"].reindex(p).to_numpy()
            parent_value = np.where(np.isnan(parent_value), self.target_mean_, parent_value)
            pair_index = pd.MultiIndex.from_arrays([p, c])
            child_value = ct["encoding"].reindex(pair_index).to_numpy()
            cols += [parent_value, np.where(np.isnan(child_value), parent_value, child_value)]
        return np.column_stack(cols)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "tables_")
        names = [n for child, parent in self.pairs_ for n in (f"{parent}_te", f"{child}_te")]
        return np.array(names, dtype=object)


# ---------------------------------------------------------------- the pipeline
def make_feature_pipeline(
    numeric: Sequence[str],
    categorical: Sequence[str] = (),
    *,
    nested: Sequence[tuple[str, str]] = DEFAULT_NESTED,
    target_encode: Sequence[str] = (),
    model: Any = None,
    clip: tuple[float, float] | None = (0.01, 0.99),
    variance_threshold: float = 0.0,
    k_best: int | str = "all",
    handle_unknown: str = "ignore",
    smooth: float = 20.0,
    cv: int = 5,
    random_state: int = 0,
):
    """One scikit-learn ``Pipeline``: select -> clip -> encode -> scale [-> model].

    - ``select``: ``SelectFeatures(numeric, all categorical columns, variance_threshold,
      k_best)``, by column name;
    - ``clip``: ``QuantileClipper(*clip)`` on the kept numeric columns (``clip=None``: none);
    - ``encode``: a ``ColumnTransformer`` selecting columns **by name**: numeric columns
      pass through; ``categorical`` -> ``OneHotEncoder(handle_unknown=handle_unknown)``
      (``"ignore"``: an unseen level is all zeros; ``"error"`` raises on it;
      ``"infrequent_if_exist"`` groups levels seen < 5 times); ``target_encode`` ->
      ``TargetEncoder(smooth, cv)`` (unseen level -> the training mean); ``nested`` pairs
      ``(child, parent)`` -> ``NestedTargetEncoder`` (unseen child -> its parent's value);
    - ``scale``: ``StandardScaler``, ``z = (x - mean) / std`` with training-fold statistics;
    - ``model``: the final estimator if given (else the pipeline is a transformer).

    Every learned quantity comes from the rows passed to ``fit``, so ``cross_val_score(pipe,
    X, y, cv=TimeSeriesSplit(...))`` never lets a test fold shape its own features. Raises
    ``ConfigError`` naming the argument for a column listed in two roles, bad quantiles, an
    unknown ``handle_unknown`` and the like; missing columns are reported at ``fit``.

    Used in: 11_feature_pipeline.
    """
    from sklearn.compose import ColumnTransformer, make_column_selector
    from sklearn.model_selection import KFold
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler, TargetEncoder

    numeric = _names("make_feature_pipeline(): numeric", numeric)
    categorical = _names("make_feature_pipeline(): categorical", categorical)
    target_encode = _names("make_feature_pipeline(): target_encode", target_encode)
    nested = _pairs("make_feature_pipeline(): nested", nested)
    roles = {"numeric": numeric, "categorical": categorical, "target_encode": target_encode}
    seen: dict[str, str] = {}
    for role, cols in roles.items():
        for c in cols:
            if c in seen:
                raise ConfigError(
                    f"make_feature_pipeline(): {role}", f"column is already in {seen[c]}", c
                )
            seen[c] = role
    for pair in nested:
        if any(seen.get(c) == "numeric" for c in pair):
            raise ConfigError(
                "make_feature_pipeline(): nested", "pair names a numeric column", pair
            )
    if not (numeric or categorical or target_encode or nested):
        raise ConfigError("make_feature_pipeline()", "name at least one feature column")
    allowed = ("ignore", "error", "infrequent_if_exist")
    if handle_unknown not in allowed:
        raise ConfigError(
            "make_feature_pipeline(): handle_unknown", f"must be one of {allowed}", handle_unknown
        )
    checks.real("make_feature_pipeline(): smooth", smooth, gt=0.0)
    checks.integer("make_feature_pipeline(): cv", cv, ge=2)
    if clip is not None:
        if isinstance(clip, str) or not isinstance(clip, Sequence) or len(clip) != 2:
            raise ConfigError(
                "make_feature_pipeline(): clip", "must be (lower, upper) or None", clip
            )
        lo = checks.real("make_feature_pipeline(): clip", clip[0], ge=0.0)
        hi = checks.real("make_feature_pipeline(): clip", clip[1], ge=0.0)
        if not lo < hi <= 1.0:
            raise ConfigError("make_feature_pipeline(): clip", "need 0 <= lower < upper <= 1", clip)

    cat_all = list(dict.fromkeys([*categorical, *target_encode, *(c for p in nested for c in p)]))
    select = SelectFeatures(numeric, cat_all, threshold=variance_threshold, k=k_best)
    select._check()  # report bad threshold / k now, not at fit time
    steps: list[tuple[str, Any]] = [("select", select)]
    if clip is not None:
        steps.append(("clip", QuantileClipper(clip[0], clip[1])))

    encoders: list[tuple[str, Any, Any]] = []
    if numeric:  # by name; a column dropped by `select` is simply absent
        pattern = "^(?:" + "|".join(map(_escape, numeric)) + ")$"
        encoders.append(("num", "passthrough", make_column_selector(pattern=pattern)))
    if categorical:
        onehot = OneHotEncoder(
            handle_unknown=handle_unknown,
            sparse_output=False,
            min_frequency=5 if handle_unknown == "infrequent_if_exist" else None,
        )
        encoders.append(("onehot", onehot, categorical))
    if target_encode:
        folds = KFold(cv, shuffle=True, random_state=random_state)
        te = TargetEncoder(target_type="continuous", smooth=smooth, cv=folds)
        encoders.append(("target", te, target_encode))
    if nested:
        nte = NestedTargetEncoder(nested, smooth=smooth, cv=cv, random_state=random_state)
        encoders.append(("nested", nte, list(dict.fromkeys(c for p in nested for c in p))))
    steps.append(("encode", ColumnTransformer(encoders, remainder="drop")))
    steps.append(("scale", StandardScaler()))
    if model is not None:
        steps.append(("model", model))
    return Pipeline(steps)


def _escape(name: str) -> str:
    import re

    return re.escape(name)
