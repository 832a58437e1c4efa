"""The dynamic slow-mover rule (滞销品动态标记): ``is_slow_mover`` from each SKU's own history.

Per store-SKU series and week ``w`` (weeks counted in 7-day blocks from the frame's first
date), with ``y_w`` the week's unit sales::

    threshold_w   = Q_q( y_v : v in past(w) )       q-th quantile (linear interpolation, as
                                                     numpy's and pandas' default)
    past(w)       = { v : v < w }                    expanding window (default), or
                  = { v : w - window <= v < w }      the last ``window`` weeks (rolling)
    is_slow_mover = y_w < threshold_w                if |past(w)| >= min_weeks, else undefined

Only weeks strictly before ``w`` enter the threshold, so the label of week ``w`` can be
computed on the Monday after it, never uses the future, and is recomputed as history grows.
The rule is *relative*: it asks whether the SKU sells less than it usually does, not whether it
sells little. A SKU that always sells (almost) nothing is rarely below its own 25th percentile
(with zeros, ``0 < Q_q = 0`` is false), so an absolute floor is a separate decision (see
``slow_mover_agreement`` and chapter 06).

Used in: 06_business_labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from retailsim.config import ConfigError, checks
from retailsim.features.validation import require_columns, require_counts

LABEL = "is_slow_mover"


def is_slow_mover(
    frame: pd.DataFrame,
    *,
    quantile: float = 0.25,
    min_weeks: int = 4,
    window: int | None = None,
    item: str = "sku_id",
    store: str | None = "store_id",
    date: str = "date",
    units: str = "units_sold",
) -> pd.DataFrame:
    """Weekly sales, the dynamic threshold and the ``is_slow_mover`` flag (module docstring).

    ``frame``: long format, any number of rows per ``item``, ``store`` (``None`` = one store)
    and ``date`` (a day; rows of a day, e.g. time slots, are summed), ``units`` >= 0. Weeks
    are 7-day blocks from the frame's first date. A series' weeks run from its first row to
    the frame's last week; a week without rows counts as zero sales (a retailer's export
    usually omits zero rows). A week the frame covers only partly (the last one) is scaled to
    7 days: ``units = sum * 7 / days``.

    ``quantile`` in (0, 1); ``min_weeks`` >= 1 past weeks needed for a threshold (fewer:
    ``threshold`` NaN, ``is_slow_mover`` missing, ``pd.NA``); ``window``: ``None`` = every
    past week (expanding), an integer >= ``min_weeks`` = only the last ``window`` weeks.

    Returns one row per store, item, week: ``store`` and ``item`` columns (the input names;
    ``store_id`` = ``"store"`` when ``store`` is None), week, days, units, n_past (past weeks
    used), threshold, is_slow_mover (pandas nullable ``boolean``).

    Used in: 06_business_labels.
    """
    q = checks.real("quantile", quantile, gt=0.0, lt=1.0)
    min_weeks = checks.integer("min_weeks", min_weeks, ge=1)
    if window is not None:
        window = checks.integer("window", window, ge=min_weeks)
    require_columns(frame, [c for c in (item, store, date, units) if c is not None])
    if len(frame) == 0:
        raise ConfigError("frame", "has no rows")
    values = require_counts(frame, units)
    days = pd.to_datetime(frame[date]).dt.normalize()
    day = ((days - days.min()) // pd.Timedelta(days=1)).to_numpy()
    store_col = store if store is not None else "store_id"
    data = pd.DataFrame(
        {
            store_col: frame[store].to_numpy() if store is not None else "store",
            item: frame[item].to_numpy(),
            "week": day // 7,
            "units": values.to_numpy(dtype=float),
        }
    )
    keys = [store_col, item]
    weekly = data.groupby([*keys, "week"], observed=True, sort=True)["units"].sum()
    n_weeks = int(day.max()) // 7 + 1
    covered = np.bincount(np.unique(day) // 7, minlength=n_weeks)  # days of each week in frame
    first = weekly.reset_index().groupby(keys, observed=True, sort=True)["week"].min()
    grid = pd.DataFrame(
        {
            store_col: np.repeat(first.index.get_level_values(0), n_weeks - first.to_numpy()),
            item: np.repeat(first.index.get_level_values(1), n_weeks - first.to_numpy()),
            "week": np.concatenate([np.arange(w, n_weeks) for w in first.to_numpy()]),
        }
    )
    out = grid.merge(weekly.reset_index(), on=[*keys, "week"], how="left")
    out["days"] = covered[out["week"].to_numpy()].astype(np.int64)
    out["units"] = out["units"].fillna(0.0) * 7 / out["days"]
    past = out.groupby(keys, observed=True, sort=False)["units"].shift(1)
    grouped = past.groupby([out[store_col], out[item]], observed=True, sort=False)
    roll = grouped.expanding(min_weeks) if window is None else grouped.rolling(window, min_weeks)
    threshold = roll.quantile(q).reset_index(level=[0, 1], drop=True).sort_index()
    count = past.notna().groupby([out[store_col], out[item]], observed=True, sort=False).cumsum()
    out["n_past"] = count.to_numpy() if window is None else np.minimum(count, window).to_numpy()
    out["threshold"] = threshold.to_numpy(dtype=float)
    flag = pd.array(out["units"] < out["threshold"], dtype="boolean")
    flag[out["threshold"].isna().to_numpy()] = pd.NA
    out[LABEL] = flag
    return out[[*keys, "week", "days", "units", "n_past", "threshold", LABEL]]


def slow_mover_agreement(
    labels: pd.DataFrame,
    truth: pd.DataFrame,
    *,
    keys=("store_id", "sku_id", "week"),
    label: str = LABEL,
    truth_label: str = LABEL,
) -> dict[str, float]:
    """Agreement of a rule's weekly labels with the true slow movers, over the keys where
    both are defined (rows with a missing label, e.g. too little history, are left out).

    ``labels``, ``truth``: one row per ``keys`` with a boolean column (``label`` and
    ``truth_label``), e.g. the output of ``is_slow_mover`` and ``result.truth.slow_movers``.
    With TP, FP, FN, TN the confusion counts (positive = slow)::

        accuracy  = (TP + TN) / n         precision = TP / (TP + FP)
        recall    = TP / (TP + FN)        f1        = 2 precision recall / (precision + recall)
        kappa     = (p_o - p_e) / (1 - p_e)   Cohen's kappa: agreement beyond chance, where
                    p_o = accuracy and p_e = P(rule slow) P(truth slow) + P(rule not) P(truth not)

    (``sklearn.metrics``; precision/recall/F1 are 0 when undefined). Returns a dict: n,
    rule_share, truth_share, accuracy, precision, recall, f1, kappa.

    Used in: 06_business_labels; benchmarks (``slow_mover_rule_agreement``).
    """
    from sklearn import metrics  # imported here: the label store and CLI do not need it

    keys = list(keys)
    require_columns(labels, [*keys, label], where="labels")
    require_columns(truth, [*keys, truth_label], where="truth")
    left = labels[[*keys, label]].rename(columns={label: "_rule"})
    right = truth[[*keys, truth_label]].rename(columns={truth_label: "_truth"})
    for k in keys:  # categorical vs string keys merge as strings
        left[k], right[k] = _key(left[k]), _key(right[k])
    both = left.merge(right, on=keys, how="inner").dropna(subset=["_rule", "_truth"])
    if len(both) == 0:
        raise ConfigError("labels", "no rows in common with truth where both labels are defined")
    rule, true = both["_rule"].astype(bool).to_numpy(), both["_truth"].astype(bool).to_numpy()
    kappa = metrics.cohen_kappa_score(true, rule) if len(set(rule) | set(true)) > 1 else 1.0
    return {
        "n": float(len(both)),
        "rule_share": float(rule.mean()),
        "truth_share": float(true.mean()),
        "accuracy": float(metrics.accuracy_score(true, rule)),
        "precision": float(metrics.precision_score(true, rule, zero_division=0)),
        "recall": float(metrics.recall_score(true, rule, zero_division=0)),
        "f1": float(metrics.f1_score(true, rule, zero_division=0)),
        "kappa": float(kappa),
    }


def _key(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.CategoricalDtype) or values.dtype == object:
        return values.astype(str)
    return values
