"""Feature crosses: price band x promotion type x time slot.

A *cross* (feature cross) is one categorical column whose levels are the combinations of two or
more columns, e.g. ``低价带|discount|晚``. A linear model on one-hot columns can then give every
combination its own effect (an interaction); a tree model can find interactions by itself, so
a cross may help it little or not at all (chapter 04 measures both).

- ``PriceBands``: a small scikit-learn transformer that cuts a price into quantile bands. The
  reference price of each category and the band edges are learned in ``fit`` from the training
  rows only, so the test period never moves a band edge.
- ``cross_features``: the pairwise and three-way crosses of categorical columns.
- ``cross_pivot``: a pivot table (mean of a value, and the number of rows) over two or three
  dimensions, for a heatmap.

Used in: 04_dynamic_features.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from retailsim.config import ConfigError
from retailsim.features.validation import require_columns

__all__ = ["CROSS_COLUMNS", "PriceBands", "cross_features", "cross_name", "cross_pivot"]

CROSS_COLUMNS: tuple[str, ...] = ("price_level", "promo_type", "time_slot")
SEP = "|"


class PriceBands(TransformerMixin, BaseEstimator):
    """Quantile price bands of the price relative to the category's reference price.

    ``fit`` learns from the training rows only:

    - ``reference_``: the median of ``price`` per ``group`` value (e.g. per category), and
      ``global_reference_``, the median over all training rows (used for a group that was not
      in the training data);
    - ``edges_``: the ``1/n, 2/n, ..., (n-1)/n`` quantiles of the relative price
      ``r = price / reference[group]`` over the training rows.

    ``transform`` returns a one-column frame ``price_level`` (ordered categorical): band ``b``
    (label ``labels[b]``) for
    ``edges_[b-1] < r <= edges_[b]`` (with ``edges_[-1] = -inf`` and ``edges_[n-1] = +inf``),
    so a price outside the training range falls into the lowest or highest band. With
    ``group=None`` the raw price is banded. Equal edges (a price that barely varies) are merged,
    giving fewer bands: ``n_bands_`` reports how many.

    Parameters: ``price`` (column, default ``"price"``), ``group`` (column or None, default
    ``"category"``), ``n_bands`` (>= 2, default 3), ``labels`` (one per band; default
    ``低价带, 中价带, 高价带`` for 3 bands, else ``band 1..n``).

    Used in: 04_dynamic_features.
    """

    def __init__(
        self,
        price: str = "price",
        group: str | None = "category",
        n_bands: int = 3,
        labels: Sequence[str] | None = None,
    ) -> None:
        self.price = price
        self.group = group
        self.n_bands = n_bands
        self.labels = labels

    def _check_params(self) -> list[str]:
        n = self.n_bands
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 2:
            raise ConfigError("PriceBands.n_bands", "must be an integer >= 2", n)
        if self.labels is None:
            return ["低价带", "中价带", "高价带"] if n == 3 else [f"band {b + 1}" for b in range(n)]
        labels = [str(x) for x in self.labels]
        if len(labels) != n or len(set(labels)) != n:
            raise ConfigError("PriceBands.labels", f"need {n} distinct labels", self.labels)
        return labels

    def _columns(self) -> list[str]:
        return [self.price] + ([self.group] if self.group is not None else [])

    def _relative(self, X: pd.DataFrame) -> np.ndarray:
        price = X[self.price].astype(float)
        if self.group is None:
            return price.to_numpy()
        ref = X[self.group].astype(str).map(self.reference_).astype(float)
        return (price / ref.fillna(self.global_reference_)).to_numpy()

    def fit(self, X: pd.DataFrame, y=None) -> PriceBands:
        labels = self._check_params()
        require_columns(X, self._columns(), where="PriceBands.fit()")
        price = X[self.price]
        if len(X) == 0:
            raise ConfigError("PriceBands.fit(): X", "has no rows")
        if not pd.api.types.is_numeric_dtype(price) or price.isna().any() or (price <= 0).any():
            raise ConfigError(f"PriceBands.fit(): {self.price}", "must be numeric and > 0")
        self.global_reference_ = float(price.median())
        if self.group is not None:
            med = price.astype(float).groupby(X[self.group].astype(str)).median()
            self.reference_ = med.to_dict()
        else:
            self.reference_ = {}
        q = np.arange(1, self.n_bands) / self.n_bands
        edges = np.unique(np.quantile(self._relative(X), q))
        self.edges_ = edges
        self.n_bands_ = len(edges) + 1
        self.labels_ = labels if self.n_bands_ == self.n_bands else labels[: self.n_bands_]
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        check_is_fitted(self, "edges_")
        require_columns(X, self._columns(), where="PriceBands.transform()")
        codes = np.searchsorted(self.edges_, self._relative(X), side="left")
        dtype = pd.CategoricalDtype(self.labels_, ordered=True)
        bands = pd.Categorical.from_codes(codes, dtype=dtype)
        return pd.DataFrame({"price_level": bands}, index=X.index)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array(["price_level"], dtype=object)


def cross_name(columns: Sequence[str]) -> str:
    """Column name of a cross: ``"a_x_b_x_c"``."""
    return "_x_".join(columns)


def cross_features(
    frame: pd.DataFrame,
    columns: Sequence[str] = CROSS_COLUMNS,
    *,
    orders: Sequence[int] = (2, 3),
) -> pd.DataFrame:
    """Categorical crosses of ``columns``: every combination of ``k`` columns for ``k`` in
    ``orders``, as a ``category`` column named ``cross_name(combo)`` whose value joins the
    row's values with ``"|"`` (e.g. ``低价带|discount|晚``).

    The levels are the combinations seen in ``frame``; a model's encoder (LightGBM's native
    categoricals, ``OneHotEncoder(handle_unknown="ignore")``) must treat a combination first
    seen in the test period as unknown. Raises ``ConfigError`` for an unknown column, fewer
    than 2 columns or an order outside 2..len(columns).

    Used in: 04_dynamic_features.
    """
    where = "cross_features()"
    columns = list(dict.fromkeys(columns))
    if len(columns) < 2:
        raise ConfigError(f"{where}: columns", "need at least 2 columns to cross", columns)
    require_columns(frame, columns, where=where)
    orders = list(dict.fromkeys(orders))
    for k in orders:
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 2 <= k <= len(columns):
            raise ConfigError(
                f"{where}: orders", f"each must be an integer in 2..{len(columns)}", k
            )
    text = {c: frame[c].astype(str) for c in columns}
    out = {}
    for k in orders:
        for combo in combinations(columns, k):
            joined = text[combo[0]]
            for c in combo[1:]:
                joined = joined + SEP + text[c]
            out[cross_name(combo)] = joined.astype("category")
    return pd.DataFrame(out, index=frame.index)


def cross_pivot(
    frame: pd.DataFrame,
    index: str | Sequence[str],
    columns: str | Sequence[str],
    *,
    value: str = "units_sold",
    min_rows: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mean of ``value`` and number of rows in every cell of ``index`` x ``columns``.

    Returns ``(mean, count)``, two pivot tables with the same shape; cells with fewer than
    ``min_rows`` rows are NaN in ``mean`` (too few to show). Divide ``mean`` by
    ``frame[value].mean()`` for a lift table (1 = average).

    Used in: 04_dynamic_features.
    """
    where = "cross_pivot()"
    index = [index] if isinstance(index, str) else list(index)
    columns = [columns] if isinstance(columns, str) else list(columns)
    require_columns(frame, [*index, *columns, value], where=where)
    if isinstance(min_rows, bool) or not isinstance(min_rows, int | np.integer) or min_rows < 1:
        raise ConfigError(f"{where}: min_rows", "must be an integer >= 1", min_rows)
    kw = {"index": index, "columns": columns, "values": value, "observed": True}
    mean = frame.pivot_table(aggfunc="mean", **kw)
    count = frame.pivot_table(aggfunc="count", fill_value=0, **kw).reindex_like(mean)
    return mean.where(count >= min_rows), count.fillna(0).astype(int)
