"""The label-model loop (标签-模型联动): each new week re-derive labels, version them, retrain.

Weeks are 7-day blocks from the frame's first date (as in ``retailsim.labels.is_slow_mover``);
the loop for week ``w`` runs on the Monday after it, with the data of weeks ``0..w`` only.
For each loop week ``w`` and store-SKU series ``s``:

1. **Labels** ``L_w`` = the slow-mover rule applied to the data of weeks ``<= w``, re-derived
   from scratch every week. ``history="point_in_time"`` (default): ``is_slow_mover`` (week
   ``v`` is slow when ``y_v < Q_q(y_u : u < v)``; a label never changes once set).
   ``history="full"``: one threshold per series from every week seen so far,
   ``y_v < Q_q(y_u : u <= w)`` (old labels move as history grows: label drift). Both label the
   weeks with at least ``min_weeks`` past weeks.
2. **Version**: ``L_w`` is committed to a ``LabelStore`` (rule, message ``"week w"``, time
   ``commit_time(w)``), one new version per week whose parent is the previous one, and
   ``drift_w = |flipped| / |keys in both L_{w-1} and L_w|``.
3. **Retrain**: training rows ``(s, v)`` with ``v + k <= w`` (``k`` = ``horizon``), features
   ``x_{s,v}`` from the data of weeks ``<= v`` and the target
   ``t_{s,v} = (1/k) sum_{h=1..k} L_w[s, v+h]`` (share of the next ``k`` weeks labelled slow,
   known at ``w``); a LightGBM regressor with the cross-entropy objective (output in [0, 1]).
4. **Predicted slow-mover rate** (预测滞销率) ``r_s = model(x_{s,w})``: the predicted share of
   the coming weeks ``w+1..w+k`` in which the rule will flag ``s``. **Auto-label**:
   ``r_s > threshold`` (default 0.3). **Baseline**: ``b_s`` = the share of the last ``k``
   labelled weeks ``w-k+1..w`` that the rule flagged, auto-labelled when ``b_s > threshold``.
5. **Evaluation** (data after ``w``; never used in steps 1-4): ``auc`` = ROC AUC of ``r_s``
   against the rule's label of week ``w+1``; ``f1`` = F1 of the auto-labels against "the rule
   flags ``s`` in more than ``threshold`` of weeks ``w+1..w+k``"; ``precision`` =
   TP / (TP + FP) of the auto-labels against the truth, where ``s`` is truly slow when the
   simulator's true slow-mover share over ``w+1..w+k`` exceeds ``threshold``
   (``truth_rate``; the truth is only read here).

Features ``x_{s,v}`` (weeks ``<= v`` only): ``units`` (week's units), ``units_mean``
(mean of the last ``k`` weeks), ``units_rel`` (``units`` / mean of all weeks so far), ``gap``
(``units`` / the rule's threshold for the week), ``label`` (the week's label), ``rule_rate``
(``b_s``), ``days_with_sales``, ``cover`` (stock at the week's end / ``units_mean``),
``price_ratio`` (mean price / base price), ``shelf_life``; columns set to ``None`` are left out.

Used in: 13_label_model_loop (d2pm-2-3a, d2pm-2-3b, d2pm-2-3c).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn import metrics

from retailsim.config import ConfigError, checks
from retailsim.features.validation import require_columns
from retailsim.labels import LabelStore, drift_of, is_slow_mover
from retailsim.models.lgbm import make_regressor

KEYS = ("store_id", "sku_id", "week")
LABEL = "is_slow_mover"
HISTORIES = ("point_in_time", "full")
FEATURES = (
    "units",
    "units_mean",
    "units_rel",
    "gap",
    "label",
    "rule_rate",
    "days_with_sales",
    "cover",
    "price_ratio",
    "shelf_life",
)
# small trees, few rounds: the training set is 10^2 - 10^3 rows
MODEL_PARAMS = {
    "objective": "cross_entropy",
    "n_estimators": 150,
    "learning_rate": 0.05,
    "num_leaves": 7,
    "min_child_samples": 20,
}


@dataclass(frozen=True)
class LabelLoopResult:
    """What ``label_model_loop`` returns.

    ``table``: one row per loop week (columns in ``label_model_loop``'s docstring);
    ``predictions``: one row per loop week and series (week, store_id, sku_id, predicted_rate,
    auto_label, baseline_rate, baseline_label, next_label, rule_rate_next, truth_rate);
    ``store_path``: the label store folder; ``history``, ``horizon``, ``threshold``: settings.
    """

    table: pd.DataFrame
    predictions: pd.DataFrame
    store_path: Path
    history: str
    horizon: int
    threshold: float

    def summary(self) -> dict[str, float]:
        """Figures over all loop weeks: weeks, mean auc / baseline_auc / f1 / baseline_f1,
        and the auto-labels pooled over the weeks (series with a known truth rate):
        n_auto, precision = sum of correct / sum of flagged, likewise n_baseline and
        baseline_precision, and base_rate (share of series-weeks truly slow).

        Used in: 13_label_model_loop; benchmarks (``label_loop``).
        """
        p, t = self.predictions, self.table
        model = auto_label_precision(p["predicted_rate"], p["truth_rate"], self.threshold)
        base = auto_label_precision(p["baseline_rate"], p["truth_rate"], self.threshold)
        means = {c: float(t[c].mean()) for c in ("auc", "baseline_auc", "f1", "baseline_f1")}
        return {
            "weeks": float(len(t)),
            **means,
            "n_auto": model["n_flagged"],
            "precision": model["precision"],
            "n_baseline": base["n_flagged"],
            "baseline_precision": base["precision"],
            "base_rate": model["base_rate"],
        }


def auto_label(rate, threshold: float = 0.3) -> np.ndarray:
    """Auto-label (自动标记): ``rate > threshold`` elementwise, as a bool array.

    ``threshold`` in (0, 1); ``rate`` = predicted slow-mover rates in [0, 1] (NaN: not labelled).

    Used in: 13_label_model_loop (d2pm-2-3b).
    """
    threshold = _share("threshold", threshold)
    values = np.asarray(rate, dtype=float)
    return np.nan_to_num(values, nan=-1.0) > threshold


def auto_label_precision(predicted_rate, true_rate, threshold: float = 0.3) -> dict[str, float]:
    """Precision of the auto-labels ``predicted_rate > threshold`` against the truth.

    A flagged series is correct when its true slow-mover rate also exceeds ``threshold``::

        flagged   = predicted_rate > threshold
        correct   = flagged and true_rate > threshold
        precision = |correct| / |flagged|          (NaN when nothing is flagged)
        base_rate = share of all series with true_rate > threshold (precision of flagging all)

    Series with a missing ``true_rate`` are left out. Returns a dict: n, n_flagged,
    n_correct, precision, base_rate.

    Used in: 13_label_model_loop (d2pm-2-3b); benchmarks (``label_loop``).
    """
    pred = np.asarray(predicted_rate, dtype=float)
    true = np.asarray(true_rate, dtype=float)
    if pred.shape != true.shape:
        raise ConfigError(
            "true_rate", f"must have the same length as predicted_rate ({pred.size})", true.size
        )
    keep = ~np.isnan(true)
    flagged = auto_label(pred[keep], threshold)
    slow = true[keep] > threshold
    n_flagged, n_correct = int(flagged.sum()), int((flagged & slow).sum())
    return {
        "n": float(keep.sum()),
        "n_flagged": float(n_flagged),
        "n_correct": float(n_correct),
        "precision": n_correct / n_flagged if n_flagged else float("nan"),
        "base_rate": float(slow.mean()) if keep.any() else float("nan"),
    }


def forward_rate(
    labels: pd.DataFrame, horizon: int, *, label: str = LABEL, series=("store_id", "sku_id")
) -> pd.Series:
    """Share of the next ``horizon`` weeks labelled 1, per row of ``labels``::

        rate_{s,v} = (1/k) sum_{h=1..k} label[s, v+h]       (NaN unless all k weeks labelled)

    ``labels``: one row per series and ``week`` with a 0/1 ``label`` column. Returns a Series
    aligned with ``labels``' index.

    Used in: 13_label_model_loop (the training target and the true slow-mover rate).
    """
    k = checks.integer("horizon", horizon, ge=1)
    return _window_rate(labels, k, label, list(series), forward=True)


def trailing_rate(
    labels: pd.DataFrame, horizon: int, *, label: str = LABEL, series=("store_id", "sku_id")
) -> pd.Series:
    """Share of the weeks ``v-k+1..v`` labelled 1 (weeks without a label are skipped; NaN when
    none is labelled): the baseline's slow-mover rate.

    Used in: 13_label_model_loop (the last-k-weeks baseline).
    """
    k = checks.integer("horizon", horizon, ge=1)
    return _window_rate(labels, k, label, list(series), forward=False)


def weekly_labels(
    frame: pd.DataFrame,
    week: int | None = None,
    *,
    history: str = "point_in_time",
    quantile: float = 0.25,
    min_weeks: int = 4,
    item: str = "sku_id",
    store: str = "store_id",
    date: str = "date",
    units: str = "units_sold",
) -> pd.DataFrame:
    """The slow-mover labels as known at the end of ``week``, from the data of weeks
    ``<= week`` only (``None``: every week of ``frame``), step 1 of the module docstring:

        point_in_time:  slow_v = y_v < Q_q(y_u : u < v)      (``is_slow_mover``; fixed once set)
        full:           slow_v = y_v < Q_q(y_u : u <= week)  (one threshold per series from all
                                                               weeks seen; old labels can move)

    for the weeks ``v`` with at least ``min_weeks`` past weeks. Returns ``store_id, sku_id,
    week, is_slow_mover`` (int 0/1; ids as text), sorted: a label set for ``LabelStore``.

    Used in: 13_label_model_loop (d2pm-2-3a, d2pm-2-3c).
    """
    if history not in HISTORIES:
        raise ConfigError("history", f"must be one of {', '.join(HISTORIES)}", history)
    require_columns(frame, [item, store, date, units])
    if len(frame) == 0:
        raise ConfigError("frame", "has no rows")
    if week is not None:
        week = checks.integer("week", week, ge=0)
        days = pd.to_datetime(frame[date]).dt.normalize()
        frame = frame[(days - days.min()) < pd.Timedelta(days=7 * (week + 1))]
    cols = {"item": item, "store": store, "date": date, "units": units}
    out = _rule_weekly(frame, quantile=quantile, min_weeks=min_weeks, history=history, **cols)
    return _defined(out)


def _defined(weekly: pd.DataFrame) -> pd.DataFrame:
    labels = weekly.dropna(subset=[LABEL])[[*KEYS, LABEL]]
    return labels.astype({LABEL: np.int64}).reset_index(drop=True)


def label_model_loop(
    frame: pd.DataFrame,
    store: str | Path,
    *,
    truth: pd.DataFrame | None = None,
    threshold: float = 0.3,
    horizon: int = 4,
    first_week: int | None = None,
    weeks: int | None = None,
    history: str = "point_in_time",
    quantile: float = 0.25,
    min_weeks: int = 4,
    drift_threshold: float = 0.1,
    rule: str | None = None,
    author: str | None = "label_model_loop",
    commit_time: Callable[[int], datetime] | None = None,
    item: str = "sku_id",
    store_col: str = "store_id",
    date: str = "date",
    units: str = "units_sold",
    stock: str | None = "stock_on_hand",
    price: str | None = "price",
    base_price: str | None = "base_price",
    shelf_life: str | None = "shelf_life_days",
    model_params: dict | None = None,
) -> LabelLoopResult:
    """Run the weekly label-model loop (steps 1-5 in the module docstring) over ``frame``.

    ``frame``: long-format sales (one or more rows per store, item, day; column names are
    arguments). ``store``: the label-store folder (new, empty or an existing store; each loop
    week adds one version). ``truth``: optional table of true weekly slow movers (``store_id,
    sku_id, week, is_slow_mover``, e.g. ``result.truth.slow_movers``), read only to evaluate.
    ``threshold`` in (0, 1): auto-label when the predicted rate exceeds it. ``horizon`` (``k``):
    weeks ahead. ``first_week``: first loop week (default ``min_weeks + 2 * horizon``);
    ``weeks``: number of loop weeks (default: every week whose next ``k`` weeks are in the
    frame). ``history``: ``"point_in_time"`` or ``"full"``. ``commit_time(w)``: the commit time
    of week ``w`` (default: 06:00 UTC on the Monday after it, from the frame's dates, so ids
    are reproducible). ``rule``: the rule name stored with each version (default
    ``"p25_slow_mover"``, ``"p25_slow_mover_full"``).

    ``table`` columns: week, version, parent, n_labels, n_added, positive_share,
    flipped_share, drifted (``flipped_share > drift_threshold``), n_train, n_series, auc,
    baseline_auc, f1, baseline_f1, n_auto, precision, n_baseline, baseline_precision,
    base_rate (share of series truly slow: the precision of flagging everything).

    Used in: 13_label_model_loop; benchmarks (``label_loop``).
    """
    threshold = _share("threshold", threshold)
    drift_threshold = _share("drift_threshold", drift_threshold, closed=True)
    k = checks.integer("horizon", horizon, ge=1)
    min_weeks = checks.integer("min_weeks", min_weeks, ge=1)
    if history not in HISTORIES:
        raise ConfigError("history", f"must be one of {', '.join(HISTORIES)}", history)
    optional = {"stock": stock, "price": price, "base_price": base_price}
    optional["shelf_life"] = shelf_life
    require_columns(frame, [item, store_col, date, units, *[c for c in optional.values() if c]])
    if len(frame) == 0:
        raise ConfigError("frame", "has no rows")
    days = pd.to_datetime(frame[date]).dt.normalize()
    day = ((days - days.min()) // pd.Timedelta(days=1)).to_numpy()
    last = int(day.max() + 1) // 7 - 1  # last complete week
    first = min_weeks + 2 * k if first_week is None else first_week
    first = checks.integer("first_week", first, ge=min_weeks + k)
    available = last - first + 1  # loop weeks whose own week is complete
    if available < 1:
        raise ConfigError(
            "first_week", f"must be <= {last}, the last complete week of the frame", first
        )
    n_loop = max(last - k - first + 1, 1) if weeks is None else weeks
    n_loop = checks.integer("weeks", n_loop, ge=1)
    if n_loop > available:
        raise ConfigError(
            "weeks", f"must be <= {available}: the frame has complete weeks up to {last}", weeks
        )
    if commit_time is None:
        start = datetime.combine(days.min().date(), time(6), tzinfo=UTC)

        def commit_time(w: int) -> datetime:
            return start + timedelta(days=7 * (w + 1))

    rule = rule or f"p{quantile * 100:g}_slow_mover" + ("_full" if history == "full" else "")
    params = {**MODEL_PARAMS, **(model_params or {})}
    opts = {"quantile": quantile, "min_weeks": min_weeks, "history": history}
    cols = {"item": item, "store": store_col, "date": date, "units": units}

    extras = _weekly_extras(frame, day, cols, optional)
    final = _rule_weekly(frame, **opts, **cols)  # the rule's labels with all data: evaluation only
    final = final.assign(next_rate=forward_rate(final, k))
    true = None
    if truth is not None:
        require_columns(truth, list(KEYS) + [LABEL], where="truth")
        true = truth[list(KEYS)].astype({"store_id": str, "sku_id": str, "week": np.int64})
        true[LABEL] = truth[LABEL].astype(float).to_numpy()
        true["truth_rate"] = forward_rate(true, k)

    label_store = LabelStore.init(store)
    rows, preds, previous = [], [], None
    for w in range(first, first + n_loop):
        cut = frame[day < 7 * (w + 1)]
        weekly = _rule_weekly(cut, **opts, **cols)
        labels = _defined(weekly)
        parent = label_store.head()
        vid = label_store.commit(
            labels,
            rule=rule,
            message=f"week {w}",
            author=author,
            time=commit_time(w),
            allow_unchanged=True,
        )
        if previous is None and parent is not None:  # continuing an existing store
            previous = label_store.checkout(parent)
        if previous is not None:
            drift = drift_of(previous, labels, KEYS, LABEL, drift_threshold, "a", "b")
            flipped, added = drift.flipped_share, drift.n_added
        else:
            flipped, added = float("nan"), len(labels)
        previous = labels
        data = _features(weekly, extras, k)
        data["target"] = forward_rate(data, k)
        train = data[(data["week"] <= w - k) & data["target"].notna()]
        model = make_regressor(**params).fit(train[list(FEATURES)], train["target"])
        now = data[data["week"] == w].copy()
        now["predicted_rate"] = model.predict(now[list(FEATURES)])
        ahead = final[list(KEYS)].assign(week=final["week"] - 1, next_label=final[LABEL])
        now = now.merge(ahead, on=list(KEYS), how="left")
        now = now.merge(final[[*KEYS, "next_rate"]], on=list(KEYS), how="left")
        now = now.rename(columns={"next_rate": "rule_rate_next"})
        now["truth_rate"] = np.nan
        if true is not None:
            got = now[list(KEYS)].merge(true, on=list(KEYS), how="left")["truth_rate"]
            now["truth_rate"] = got.to_numpy()
        pred = pd.DataFrame(
            {
                "week": w,
                "store_id": now["store_id"],
                "sku_id": now["sku_id"],
                "predicted_rate": now["predicted_rate"],
                "auto_label": auto_label(now["predicted_rate"], threshold),
                "baseline_rate": now["rule_rate"],
                "baseline_label": auto_label(now["rule_rate"], threshold),
                "next_label": now["next_label"],
                "rule_rate_next": now["rule_rate_next"],
                "truth_rate": now["truth_rate"],
            }
        )
        preds.append(pred)
        info = label_store.manifest(vid)
        rows.append(
            {
                "week": w,
                "version": vid,
                "parent": parent,
                "n_labels": info["n_labels"],
                "n_added": added,
                "positive_share": info["positive_share"],
                "flipped_share": flipped,
                "drifted": bool(flipped > drift_threshold),
                "n_train": len(train),
                "n_series": len(pred),
                **_scores(pred, threshold),
            }
        )
    return LabelLoopResult(
        table=pd.DataFrame(rows),
        predictions=pd.concat(preds, ignore_index=True),
        store_path=label_store.path,
        history=history,
        horizon=k,
        threshold=threshold,
    )


# ---- internals ----------------------------------------------------------------------------


def _rule_weekly(frame, *, quantile, min_weeks, history, item, store, date, units):
    """The rule's weekly table (``store_id, sku_id, week, units, threshold, is_slow_mover``
    as float 0/1/NaN) from ``frame``; ``history="full"`` replaces the threshold by the series'
    quantile over every week in ``frame``."""
    out = is_slow_mover(
        frame, quantile=quantile, min_weeks=min_weeks, item=item, store=store, date=date,
        units=units,
    )  # fmt: skip
    out = out.rename(columns={store: "store_id", item: "sku_id"})
    out["store_id"] = out["store_id"].astype(str)
    out["sku_id"] = out["sku_id"].astype(str)
    out["week"] = out["week"].astype(np.int64)
    defined = out[LABEL].notna().to_numpy()
    if history == "full":
        whole = out.groupby(["store_id", "sku_id"], sort=False)["units"].transform(
            lambda y: y.quantile(quantile)
        )
        out["threshold"] = whole.to_numpy()
        out[LABEL] = (out["units"] < out["threshold"]).astype(float)
    out[LABEL] = out[LABEL].astype(float).where(defined)
    return out[[*KEYS, LABEL, "units", "threshold"]].reset_index(drop=True)


def _weekly_extras(frame, day, cols, optional) -> pd.DataFrame:
    """Per series and week, from that week's rows only: days_with_sales, stock at the week's
    last day (largest value of the day: the morning stock), mean price ratio, shelf life."""
    data = pd.DataFrame(
        {
            "store_id": frame[cols["store"]].astype(str).to_numpy(),
            "sku_id": frame[cols["item"]].astype(str).to_numpy(),
            "day": day,
            "units": frame[cols["units"]].to_numpy(dtype=float),
        }
    )
    if optional["stock"]:
        data["stock"] = frame[optional["stock"]].to_numpy(dtype=float)
    if optional["price"] and optional["base_price"]:
        base = frame[optional["base_price"]].to_numpy(dtype=float)
        data["price_ratio"] = frame[optional["price"]].to_numpy(dtype=float) / base
    if optional["shelf_life"]:
        data["shelf_life"] = frame[optional["shelf_life"]].to_numpy(dtype=float)
    daily = data.groupby(["store_id", "sku_id", "day"], sort=True).agg(
        **{c: (c, "max" if c in ("stock", "shelf_life") else "mean") for c in data.columns[4:]},
        units=("units", "sum"),
    )
    daily = daily.reset_index()
    daily["week"] = (daily["day"] // 7).astype(np.int64)
    daily["sold"] = daily["units"] > 0
    spec = {"days_with_sales": ("sold", "sum")}
    if "stock" in daily:
        spec["stock_end"] = ("stock", "last")
    if "price_ratio" in daily:
        spec["price_ratio"] = ("price_ratio", "mean")
    if "shelf_life" in daily:
        spec["shelf_life"] = ("shelf_life", "max")
    return daily.groupby(list(KEYS), sort=True).agg(**spec).reset_index()


def _features(weekly: pd.DataFrame, extras: pd.DataFrame, k: int) -> pd.DataFrame:
    """Features of each series and week from the weeks up to it (module docstring)."""
    out = weekly.sort_values(list(KEYS)).reset_index(drop=True)
    out = out.merge(extras, on=list(KEYS), how="left")
    out["units_mean"] = _by_week(out, "units", lambda m: m.rolling(k, min_periods=1).mean())
    mean = _by_week(out, "units", lambda m: m.expanding().mean())
    out["units_rel"] = out["units"] / mean.clip(lower=0.5)
    out["gap"] = out["units"] / out["threshold"].clip(lower=0.5)
    out["label"] = out[LABEL]
    out["rule_rate"] = trailing_rate(out, k)
    out["days_with_sales"] = out["days_with_sales"].fillna(0.0)
    if "stock_end" in out:
        out["cover"] = out["stock_end"] / out["units_mean"].clip(lower=0.5)
    for name in FEATURES:
        if name not in out:
            out[name] = np.nan
    return out


def _by_week(frame, column, fn, series=("store_id", "sku_id")) -> pd.Series:
    """Apply ``fn`` to the week x series matrix of ``column`` (a pandas frame with every week
    from the first to the last as a row, NaN where a series has no row) and return the result
    per row of ``frame``: one vectorised call instead of one per series."""
    code = frame.groupby(list(series), sort=False, observed=True).ngroup().to_numpy()
    week = frame["week"].to_numpy(dtype=np.int64)
    row = week - week.min()
    wide = np.full((row.max() + 1, code.max() + 1), np.nan)
    wide[row, code] = frame[column].to_numpy(dtype=float)
    result = np.asarray(fn(pd.DataFrame(wide)), dtype=float)
    return pd.Series(result[row, code], index=frame.index)


def _window_rate(labels, k, label, series, *, forward):
    require_columns(labels, [*series, "week", label], where="labels")
    if forward:  # mean of weeks v+1..v+k, all k present: roll backwards, then step one ahead

        def fn(m):
            return m[::-1].rolling(k, min_periods=k).mean()[::-1].shift(-1)
    else:

        def fn(m):
            return m.rolling(k, min_periods=1).mean()

    return _by_week(labels, label, fn, series)


def _scores(pred: pd.DataFrame, threshold: float) -> dict[str, float]:
    """Evaluation of one loop week's predictions (module docstring, step 5)."""
    out = {}
    nxt = pred.dropna(subset=["next_label"])
    for name, col in (("auc", "predicted_rate"), ("baseline_auc", "baseline_rate")):
        ok = nxt[col].notna()
        y = nxt.loc[ok, "next_label"].astype(int)
        out[name] = metrics.roc_auc_score(y, nxt.loc[ok, col]) if y.nunique() == 2 else np.nan
    fut = pred.dropna(subset=["rule_rate_next"])
    actual = (fut["rule_rate_next"] > threshold).to_numpy()
    for name, col in (("f1", "auto_label"), ("baseline_f1", "baseline_label")):
        out[name] = _f1(actual, fut[col].to_numpy(dtype=bool)) if len(fut) else np.nan
    model = auto_label_precision(pred["predicted_rate"], pred["truth_rate"], threshold)
    base = auto_label_precision(pred["baseline_rate"], pred["truth_rate"], threshold)
    out.update(
        n_auto=int(pred["auto_label"].sum()),
        precision=model["precision"],
        n_baseline=int(pred["baseline_label"].sum()),
        baseline_precision=base["precision"],
        base_rate=model["base_rate"],
    )
    return {k: float(v) if k not in ("n_auto", "n_baseline") else v for k, v in out.items()}


def _f1(actual: np.ndarray, flagged: np.ndarray) -> float:
    """F1 = 2 TP / (2 TP + FP + FN) (0 when there is nothing to find and nothing flagged), as
    ``sklearn.metrics.f1_score(actual, flagged, zero_division=0)`` (tested against it)."""
    tp = int((actual & flagged).sum())
    wrong = int((actual != flagged).sum())
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


def _share(name: str, value, *, closed: bool = False) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    inside = ok and (0.0 <= value <= 1.0 if closed else 0.0 < value < 1.0)
    if not inside:
        rule = "must be a number in [0, 1]" if closed else "must be a number in (0, 1)"
        raise ConfigError(name, rule, value)
    return float(value)
