"""Weak supervision (弱监督) for slow movers: labeling functions, their analysis, a label model.

A labeling function (LF, 标签函数) reads the weekly store-SKU frame of ``weekly_frame`` and
votes per row: ``SLOW`` (1), ``NOT_SLOW`` (0) or ``ABSTAIN`` (-1, no opinion). ``apply_lfs``
stacks the votes into the label matrix ``L`` (rows x LFs), ``lf_summary`` reports coverage,
overlap, conflict and (given labels) empirical accuracy with ``snorkel.labeling.LFAnalysis``,
and ``label_model_vs_majority`` fits Snorkel's ``LabelModel`` (Ratner et al. 2017) and
compares it with ``MajorityLabelVoter``. LFs are plain vectorised functions, so they also run
on a retailer's weekly export; ``snorkel_lf`` wraps one as a Snorkel ``LabelingFunction``.

Used in: 10_weak_supervision.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
from sklearn import metrics

from retailsim.config import ConfigError, checks
from retailsim.features.validation import require_columns, require_counts
from retailsim.labels.rules import is_slow_mover

SLOW, NOT_SLOW, ABSTAIN = 1, 0, -1

WEEKLY_COLUMNS: dict[str, str] = {
    "days": "days of the week present in the frame",
    "units": "units sold in the week, scaled to 7 days (sum * 7 / days)",
    "zero_days": "days of the week without a unit sold",
    "stockout_days": "days on which the day's opening stock was sold out (or was zero)",
    "stock_cover_days": "mean opening stock / mean daily units (days of sales on the shelf; "
    "a week without sales counts as 1 unit)",
    "waste": "units expired in the week",
    "waste_share": "waste / (units sold + waste), 0 without either",
    "price_index": "mean over rows of price / base_price (1 = list price)",
    "promo_share": "share of rows with a promotion",
    "shelf_life_days": "shelf life of the SKU",
    "units_vs_median": "units / the store-SKU's median weekly units over the frame (NaN if 0)",
    "zero_days_vs_median": "zero_days - the store-SKU's median zero_days",
    "cover_vs_median": "stock_cover_days / the store-SKU's median stock_cover_days",
    "price_vs_mean": "price_index / the store-SKU's mean price_index",
    "temperature_dev": "mean temperature of the week - the store-SKU's mean over the frame",
    "holiday_share": "share of the week's days in a public holiday",
    "q25_threshold": "is_slow_mover's dynamic threshold (quantile of earlier weeks)",
    "below_q25": "is_slow_mover: units below the threshold (pd.NA while history is short)",
}


def weekly_frame(
    observed: pd.DataFrame,
    *,
    quantile: float = 0.25,
    min_weeks: int = 4,
    item: str = "sku_id",
    store: str = "store_id",
    date: str = "date",
    units: str = "units_sold",
    stock: str | None = "stock_on_hand",
    waste: str | None = "units_wasted",
    price: str | None = "price",
    base_price: str | None = "base_price",
    promo: str | None = "promo_type",
    shelf_life: str | None = "shelf_life_days",
    temperature: str | None = "temperature_c",
    holiday: str | None = "is_holiday",
    no_promo: str = "none",
) -> pd.DataFrame:
    """One row per store, item and week with the columns of ``WEEKLY_COLUMNS``.

    ``observed``: long format, one row per store, item, day and (optionally) intraday slot,
    zero sales included (as the simulator's observed frame). Weeks are 7-day blocks from the
    frame's first date (the simulator's ``week``). Optional inputs (``stock``, ``waste``,
    ``price`` with ``base_price``, ``promo``, ``shelf_life``, ``temperature``, ``holiday``)
    may be ``None``: their weekly
    columns are then NaN and the LFs that need them abstain. ``quantile``/``min_weeks`` go to
    ``is_slow_mover`` (the dynamic 25th-percentile rule), whose flag becomes ``below_q25``.

    Used in: 10_weak_supervision.
    """
    optional = {
        "stock": stock,
        "waste": waste,
        "price": price,
        "base_price": base_price,
        "promo": promo,
        "shelf_life": shelf_life,
        "temperature": temperature,
        "holiday": holiday,
    }
    if (price is None) != (base_price is None):
        raise ConfigError("base_price", "price and base_price must be given together", base_price)
    require_columns(observed, [item, store, date, units, *(c for c in optional.values() if c)])
    if len(observed) == 0:
        raise ConfigError("observed", "has no rows")
    for name in (units, stock, waste):
        if name is None:
            continue
        require_counts(observed, name)

    day_stamp = pd.to_datetime(observed[date]).dt.normalize()
    day = ((day_stamp - day_stamp.min()) // pd.Timedelta(days=1)).to_numpy()
    rows = pd.DataFrame(
        {
            "store_id": observed[store].to_numpy(),
            "sku_id": observed[item].to_numpy(),
            "day": day,
            "week": day // 7,
            "units": observed[units].to_numpy(dtype=float),
            "stock": observed[stock].to_numpy(dtype=float) if stock else np.nan,
            "waste": observed[waste].to_numpy(dtype=float) if waste else np.nan,
            "price_index": (
                observed[price].to_numpy(dtype=float) / observed[base_price].to_numpy(dtype=float)
                if price
                else np.nan
            ),
            "promo": (observed[promo].astype(str) != no_promo).to_numpy(float) if promo else np.nan,
            "shelf_life": observed[shelf_life].to_numpy(dtype=float) if shelf_life else np.nan,
            "temperature": observed[temperature].to_numpy(dtype=float) if temperature else np.nan,
            "holiday": observed[holiday].to_numpy(dtype=float) if holiday else np.nan,
        }
    )
    keys = ["store_id", "sku_id", "week"]
    daily = rows.groupby([*keys, "day"], observed=True, sort=True).agg(
        units=("units", "sum"), stock=("stock", "max"), waste=("waste", "sum")
    )
    daily["zero"] = daily["units"] == 0
    # stock is highest at the day's first slot (deliveries arrive before it)
    daily["stockout"] = daily["units"] >= daily["stock"]
    week = daily.groupby(keys, observed=True, sort=True).agg(
        days=("units", "size"),
        units=("units", "sum"),
        zero_days=("zero", "sum"),
        stockout_days=("stockout", "sum"),
        mean_stock=("stock", "mean"),
        waste=("waste", "sum"),
    )
    per_row = rows.groupby(keys, observed=True, sort=True).agg(
        price_index=("price_index", "mean"),
        promo_share=("promo", "mean"),
        shelf_life_days=("shelf_life", "first"),
        temperature=("temperature", "mean"),
        holiday_share=("holiday", "mean"),
    )
    out = week.join(per_row).reset_index()
    sold = out["units"].to_numpy()
    out["units"] = sold * 7 / out["days"]
    daily_units = np.maximum(sold, 1.0) / out["days"]
    out["stock_cover_days"] = out.pop("mean_stock") / daily_units
    if stock is None:
        out["stockout_days"] = np.nan
    if waste is None:
        out["waste"] = np.nan
    total = sold + out["waste"].to_numpy()
    out["waste_share"] = np.where(total > 0, out["waste"] / np.where(total > 0, total, 1), 0.0)
    out.loc[out["waste"].isna(), "waste_share"] = np.nan
    median = out.groupby(["store_id", "sku_id"], observed=True)["units"].transform("median")
    out["units_vs_median"] = out["units"] / median.where(median > 0)
    series = out.groupby(["store_id", "sku_id"], observed=True)
    out["zero_days_vs_median"] = out["zero_days"] - series["zero_days"].transform("median")
    cover = series["stock_cover_days"].transform("median")
    out["cover_vs_median"] = out["stock_cover_days"] / cover.where(cover > 0)
    price_mean = series["price_index"].transform("mean")
    out["price_vs_mean"] = out["price_index"] / price_mean.where(price_mean > 0)
    out["temperature_dev"] = out["temperature"] - series["temperature"].transform("mean")

    rule = is_slow_mover(
        observed,
        quantile=quantile,
        min_weeks=min_weeks,
        item=item,
        store=store,
        date=date,
        units=units,
    ).rename(columns={store: "store_id", item: "sku_id"})
    rule = rule[["store_id", "sku_id", "week", "threshold", "is_slow_mover"]]
    for k in ("store_id", "sku_id"):  # merge on the values, whatever the key dtypes
        rule[k] = rule[k].astype(str)
    merged = out.assign(_s=out["store_id"].astype(str), _i=out["sku_id"].astype(str)).merge(
        rule.rename(columns={"store_id": "_s", "sku_id": "_i"}),
        on=["_s", "_i", "week"],
        how="left",
    )
    out["q25_threshold"] = merged["threshold"].to_numpy(dtype=float)
    out["below_q25"] = pd.array(merged["is_slow_mover"], dtype="boolean")
    out["week"] = out["week"].astype(np.int32)
    for k in ("days", "zero_days"):
        out[k] = out[k].astype(np.int32)
    return out[["store_id", "sku_id", "week", *WEEKLY_COLUMNS]]


FEATURE_COLUMNS = (
    "log_units",
    "units_vs_median",
    "units_vs_q25",
    "zero_days_vs_median",
    "log_cover_vs_median",
    "stockout_days",
    "waste_share",
    "price_vs_mean",
    "promo_share",
    "temperature_dev",
    "holiday_share",
)


def classifier_features(weekly: pd.DataFrame) -> pd.DataFrame:
    """The numeric inputs of a slow-mover classifier, one row per row of ``weekly``::

        log_units           = log(1 + units)
        units_vs_q25        = units / q25_threshold, capped at 5 (NaN while history is short)
        log_cover_vs_median = log(cover_vs_median)

    and the ``weekly_frame`` columns ``units_vs_median``, ``zero_days_vs_median``,
    ``stockout_days``, ``waste_share``, ``price_vs_mean``, ``promo_share``,
    ``temperature_dev``, ``holiday_share``. Missing values (short history, inputs not given)
    become the column's median over ``weekly`` (0 where the whole column is missing).

    Used in: 10_weak_supervision.
    """
    cols = ["units", "q25_threshold", "cover_vs_median"]
    cols += [c for c in FEATURE_COLUMNS if c in WEEKLY_COLUMNS]
    require_columns(weekly, cols, where="weekly")
    threshold = weekly["q25_threshold"].astype(float)
    out = pd.DataFrame(index=weekly.index)
    for name in FEATURE_COLUMNS:
        if name == "log_units":
            out[name] = np.log1p(weekly["units"].astype(float))
        elif name == "units_vs_q25":
            out[name] = (weekly["units"] / threshold.where(threshold > 0)).clip(upper=5.0)
        elif name == "log_cover_vs_median":
            out[name] = np.log(weekly["cover_vs_median"].astype(float))
        else:
            out[name] = weekly[name].astype(float)
    out = out.replace([np.inf, -np.inf], np.nan)
    return out.fillna(out.median()).fillna(0.0)


# --- labeling functions: weekly frame -> votes in {SLOW, NOT_SLOW, ABSTAIN} -------------------


def _vote(weekly: pd.DataFrame, columns: list[str], rule, label: int) -> np.ndarray:
    """``label`` where ``rule(weekly)`` is true, ABSTAIN elsewhere (and where inputs are NaN)."""
    require_columns(weekly, columns, where="weekly")
    fire = np.asarray(rule(weekly), dtype="float64")  # NaN (missing input) compares False: abstain
    return np.where(np.nan_to_num(fire, nan=0.0) > 0, label, ABSTAIN).astype(np.int8)


def lf_below_q25(weekly: pd.DataFrame) -> np.ndarray:
    """SLOW where the dynamic 25th-percentile rule fires (``below_q25``: weekly units below the
    25th percentile of the store-SKU's earlier weeks, ``rules.is_slow_mover``); ABSTAIN where
    it does not or cannot (fewer than ``min_weeks`` earlier weeks).

    Used in: 10_weak_supervision.
    """
    flag = lambda w: pd.array(w["below_q25"], dtype="boolean").fillna(False).to_numpy(bool)  # noqa: E731
    return _vote(weekly, ["below_q25"], flag, SLOW)


def lf_zero_sales_days(weekly: pd.DataFrame, *, k: int = 2) -> np.ndarray:
    """SLOW where the week has at least ``k`` more days without a sale than the store-SKU's
    median week (``zero_days_vs_median >= k``), else ABSTAIN.

    Used in: 10_weak_supervision.
    """
    k = checks.real("k", k, gt=0)
    return _vote(weekly, ["zero_days_vs_median"], lambda w: w.zero_days_vs_median >= k, SLOW)


def lf_high_stock_cover(weekly: pd.DataFrame, *, ratio: float = 2.0) -> np.ndarray:
    """SLOW where the stock on the shelf covers at least ``ratio`` times the store-SKU's usual
    number of days of sales (``cover_vs_median >= ratio``), else ABSTAIN.

    Used in: 10_weak_supervision.
    """
    ratio = checks.real("ratio", ratio, gt=0)
    return _vote(weekly, ["cover_vs_median"], lambda w: w.cover_vs_median >= ratio, SLOW)


def lf_waste(weekly: pd.DataFrame) -> np.ndarray:
    """SLOW where units expired in the week and sales were below the store-SKU's median week
    (``waste > 0`` and ``units_vs_median < 1``), else ABSTAIN.

    Used in: 10_weak_supervision.
    """
    cols = ["waste", "units_vs_median"]
    return _vote(weekly, cols, lambda w: (w.waste > 0) & (w.units_vs_median < 1), SLOW)


def lf_price_cut_no_response(weekly: pd.DataFrame, *, max_price_index: float = 0.95) -> np.ndarray:
    """SLOW where the price was cut (``price_index < max_price_index``) but sales stayed at or
    below the store-SKU's median week (``units_vs_median <= 1``), else ABSTAIN.

    Used in: 10_weak_supervision.
    """
    cut = checks.real("max_price_index", max_price_index, gt=0)
    cols = ["price_index", "units_vs_median"]
    return _vote(weekly, cols, lambda w: (w.price_index < cut) & (w.units_vs_median <= 1), SLOW)


def lf_sold_out(weekly: pd.DataFrame, *, min_days: int = 1) -> np.ndarray:
    """NOT_SLOW where the shelf was sold out on at least ``min_days`` days of the week (demand
    met or exceeded the stock), else ABSTAIN.

    Used in: 10_weak_supervision.
    """
    min_days = checks.real("min_days", min_days, gt=0)
    return _vote(weekly, ["stockout_days"], lambda w: w.stockout_days >= min_days, NOT_SLOW)


def lf_above_median(weekly: pd.DataFrame, *, ratio: float = 1.2) -> np.ndarray:
    """NOT_SLOW where the week sold at least ``ratio`` times the store-SKU's median week
    (``units_vs_median >= ratio``), else ABSTAIN.

    Used in: 10_weak_supervision.
    """
    ratio = checks.real("ratio", ratio, gt=0)
    return _vote(weekly, ["units_vs_median"], lambda w: w.units_vs_median >= ratio, NOT_SLOW)


LabelingFunction = Callable[[pd.DataFrame], np.ndarray]

DEFAULT_LFS: dict[str, LabelingFunction] = {
    "below_q25": lf_below_q25,
    "zero_sales_days": lf_zero_sales_days,
    "high_stock_cover": lf_high_stock_cover,
    "waste": lf_waste,
    "price_cut_no_response": lf_price_cut_no_response,
    "sold_out": lf_sold_out,
    "above_median": lf_above_median,
}


def apply_lfs(
    weekly: pd.DataFrame, lfs: Mapping[str, LabelingFunction] | None = None
) -> pd.DataFrame:
    """The label matrix ``L``: one row per row of ``weekly`` (same index), one int8 column per
    LF (``lfs``: name -> function, default ``DEFAULT_LFS``), values SLOW 1, NOT_SLOW 0,
    ABSTAIN -1. ``L.to_numpy()`` is what Snorkel's ``LFAnalysis`` and ``LabelModel`` take.

    Used in: 10_weak_supervision.
    """
    lfs = DEFAULT_LFS if lfs is None else lfs
    if not isinstance(lfs, Mapping) or not lfs:
        raise ConfigError("lfs", "must be a non-empty mapping of name -> labeling function", lfs)
    if not isinstance(weekly, pd.DataFrame):
        raise ConfigError("weekly", f"expected a pandas DataFrame, got {type(weekly).__name__}")
    columns = {}
    for name, lf in lfs.items():
        if not callable(lf):
            raise ConfigError(f"lfs[{name!r}]", "must be callable", lf)
        votes = np.asarray(lf(weekly))
        if votes.shape != (len(weekly),):
            raise ConfigError(f"lfs[{name!r}]", f"must return {len(weekly)} votes", votes.shape)
        if not np.isin(votes, (ABSTAIN, NOT_SLOW, SLOW)).all():
            bad = votes[~np.isin(votes, (ABSTAIN, NOT_SLOW, SLOW))][0].item()
            raise ConfigError(f"lfs[{name!r}]", "votes must be -1 (abstain), 0 or 1", bad)
        columns[str(name)] = votes.astype(np.int8)
    return pd.DataFrame(columns, index=weekly.index)


def snorkel_lf(name: str, lf: LabelingFunction):
    """``lf`` as a Snorkel ``LabelingFunction`` voting on one row (a pandas Series), so that
    ``snorkel.labeling.PandasLFApplier`` can apply it; slower than ``apply_lfs``, same votes.

    Used in: 10_weak_supervision.
    """
    from snorkel.labeling import LabelingFunction as SnorkelLF

    return SnorkelLF(name, lambda row: int(lf(row.to_frame().T)[0]))


# --- analysis and label models -----------------------------------------------------------------


def _matrix(L) -> np.ndarray:
    values = np.asarray(L)
    if values.ndim != 2 or values.shape[0] == 0 or values.shape[1] == 0:
        raise ConfigError("L", "must be a non-empty 2-d label matrix (rows x LFs)", values.shape)
    if not np.isin(values, (ABSTAIN, NOT_SLOW, SLOW)).all():
        raise ConfigError(
            "L",
            "values must be -1 (abstain), 0 or 1",
            values[~np.isin(values, (-1, 0, 1))][0].item(),
        )
    return values.astype(np.int64)


def _truth(y, n: int) -> np.ndarray:
    values = np.asarray(y)
    if values.shape != (n,):
        raise ConfigError("y", f"must have one label per row of L ({n})", values.shape)
    if values.dtype == bool:
        values = values.astype(np.int64)
    if not np.isin(values, (NOT_SLOW, SLOW)).all():
        raise ConfigError(
            "y", "labels must be 0 or 1 (or booleans)", values[~np.isin(values, (0, 1))][0].item()
        )
    return values.astype(np.int64)


def lf_summary(L: pd.DataFrame | np.ndarray, y=None) -> pd.DataFrame:
    """Per LF (Snorkel's ``LFAnalysis.lf_summary``), over the n rows of ``L``::

        coverage  = share of rows where the LF votes (does not abstain)
        overlaps  = share of rows where it votes and at least one other LF votes
        conflicts = share of rows where it votes and another LF votes a different label
        emp. acc. = share of its votes equal to ``y`` (only when labels ``y`` are given)

    Index: the LF names (columns of ``L``). Used in: 10_weak_supervision.
    """
    from snorkel.labeling import LFAnalysis

    values = _matrix(L)
    names = list(map(str, L.columns)) if isinstance(L, pd.DataFrame) else None
    Y = None if y is None else _truth(y, len(values))
    with warnings.catch_warnings():  # scipy's FutureWarning inside snorkel 0.10 (sparse.diags)
        warnings.simplefilter("ignore", FutureWarning)
        out = LFAnalysis(values).lf_summary(Y=Y)
    if names is not None:
        out.index = names
    return out


def fit_label_model(
    L: pd.DataFrame | np.ndarray,
    *,
    class_balance=None,
    n_epochs: int = 500,
    lr: float = 0.01,
    seed: int = 0,
):
    """Snorkel's ``LabelModel`` (cardinality 2) fitted to ``L``: it estimates each LF's
    accuracy from the LFs' agreements and disagreements alone (no true labels), assuming the
    LFs are independent given the true label, and returns ``P(y | votes)`` via
    ``predict_proba``. ``class_balance``: prior ``[P(0), P(1)]`` or ``None`` (estimated).

    Used in: 10_weak_supervision.
    """
    from snorkel.labeling.model import LabelModel

    values = _matrix(L)
    if class_balance is not None:
        class_balance = np.asarray(class_balance, dtype=float)
        if class_balance.shape != (2,) or (class_balance <= 0).any():
            raise ConfigError("class_balance", "must be two positive probabilities", class_balance)
        class_balance = class_balance / class_balance.sum()
    model = LabelModel(cardinality=2, verbose=False)
    model.fit(
        values, class_balance=class_balance, n_epochs=n_epochs, lr=lr, seed=seed, progress_bar=False
    )
    return model


def majority_vote(L: pd.DataFrame | np.ndarray, *, abstain_as: int = NOT_SLOW) -> np.ndarray:
    """Snorkel's ``MajorityLabelVoter``: the most frequent non-abstain vote of each row; rows
    without votes or with a tie get ``abstain_as``.

    Used in: 10_weak_supervision.
    """
    from snorkel.labeling.model import MajorityLabelVoter

    pred = MajorityLabelVoter(cardinality=2, verbose=False).predict(_matrix(L))
    return np.where(pred == ABSTAIN, abstain_as, pred)


def label_scores(y_true, y_pred) -> dict[str, float]:
    """accuracy, precision, recall and F1 of the SLOW class (``sklearn.metrics``, 0 where
    undefined) and the share predicted SLOW.

    Used in: 10_weak_supervision.
    """
    y_true = _truth(y_true, len(np.asarray(y_true)))
    y_pred = _truth(y_pred, len(y_true))
    return {
        "accuracy": float(metrics.accuracy_score(y_true, y_pred)),
        "precision": float(metrics.precision_score(y_true, y_pred, zero_division=0)),
        "recall": float(metrics.recall_score(y_true, y_pred, zero_division=0)),
        "f1": float(metrics.f1_score(y_true, y_pred, zero_division=0)),
        "slow_share": float(y_pred.mean()),
    }


def label_model_vs_majority(
    L: pd.DataFrame | np.ndarray,
    y,
    *,
    class_balance=None,
    n_epochs: int = 500,
    seed: int = 0,
    abstain_as: int = NOT_SLOW,
) -> pd.DataFrame:
    """Majority vote and the ``LabelModel`` (fitted on ``L`` without labels) scored against
    the true labels ``y`` with ``label_scores`` on every row (rows without a vote, or a tie,
    count as ``abstain_as``). Rows: majority_vote, label_model; plus ``coverage``, the share of
    rows with at least one vote.

    Used in: 10_weak_supervision; benchmarks (``labelmodel_f1``, ``majority_vote_f1``).
    """
    values = _matrix(L)
    y = _truth(y, len(values))
    model = fit_label_model(values, class_balance=class_balance, n_epochs=n_epochs, seed=seed)
    lm = model.predict(values, tie_break_policy="abstain")
    rows = {
        "majority_vote": label_scores(y, majority_vote(values, abstain_as=abstain_as)),
        "label_model": label_scores(y, np.where(lm == ABSTAIN, abstain_as, lm)),
    }
    out = pd.DataFrame(rows).T
    out["coverage"] = float((values != ABSTAIN).any(axis=1).mean())
    return out
