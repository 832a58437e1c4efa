"""The weekly slow-mover classification table: leak-free features and the rule's label.

One row per store, SKU and week ``w`` (7-day blocks from the frame's first date). The label is
``retailsim.labels.is_slow_mover``: units of week ``w`` below the SKU's own 25th percentile of
its earlier weeks (a rule a retailer can compute from its own sales; the simulator's truth is
not used). Every feature of week ``w`` is known on the Monday that starts it:

=====================  ===================================================================
feature                meaning (``y_v`` = units of week v of the same store-SKU)
=====================  ===================================================================
units_lag{k}           y_{w-k}                                  (``lag_features``)
units_roll{n}_{stat}   mean / std / zero share of y_{w-n} .. y_{w-1}  (``rolling_features``)
log_threshold          log(1 + threshold_w), the rule's threshold (past weeks only)
lag1_rel, roll{n}_rel  y_{w-1} / (1 + threshold_w), rolling mean / (1 + threshold_w)
price_index            mean over the week's rows of price / base_price (planned prices and
                       promotions, set before the week starts)
promo_share            share of the week's rows with a promotion
holiday_share          share of the week's rows on a public holiday (the calendar is known)
season_cos, season_sin cos / sin of 2 pi day-of-year / 365.25 of the week's first day
=====================  ===================================================================

Used in: 02_small_data_augmentation; benchmarks (group ``augment``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from retailsim.features.timeseries import lag_features, rolling_features
from retailsim.features.validation import require_columns
from retailsim.labels import is_slow_mover

__all__ = ["LABEL", "slow_mover_weeks", "time_split_weeks"]

LABEL = "is_slow_mover"


def slow_mover_weeks(
    frame: pd.DataFrame,
    *,
    quantile: float = 0.25,
    min_weeks: int = 4,
    lags=(1, 2, 4),
    windows=(4, 12),
    item: str = "sku_id",
    store: str = "store_id",
    date: str = "date",
    units: str = "units_sold",
    price: str = "price",
    base_price: str = "base_price",
    promo: str = "promo_type",
    holiday: str = "is_holiday",
) -> tuple[pd.DataFrame, list[str]]:
    """The weekly table (module docstring) and the list of its feature columns.

    ``frame``: long-format sales, any number of rows per ``store``, ``item`` and ``date``
    (e.g. time slots); ``promo`` is "none" when there is no promotion. Rows whose label is
    undefined (fewer than ``min_weeks`` past weeks) or whose lags are missing are dropped.
    Returns columns ``store``, ``item``, week, week_start, units (the week's sales, never a
    feature), the features, and ``is_slow_mover`` as 0/1.

    Used in: 02_small_data_augmentation; benchmarks (group ``augment``).
    """
    require_columns(frame, [item, store, date, units, price, base_price, promo, holiday])
    labels = is_slow_mover(
        frame,
        quantile=quantile,
        min_weeks=min_weeks,
        item=item,
        store=store,
        date=date,
        units=units,
    )
    days = pd.to_datetime(frame[date]).dt.normalize()
    start = days.min()
    labels["week_start"] = start + pd.to_timedelta(labels["week"] * 7, unit="D")
    keys = (store, item)
    lagged = lag_features(labels, lags, value="units", by=keys, date="week_start")
    rolled = rolling_features(
        labels,
        windows,
        ("mean", "std", "zero_share"),
        value="units",
        by=keys,
        date="week_start",
        min_periods=2,
    )
    known = pd.DataFrame(
        {
            store: frame[store].to_numpy(),
            item: frame[item].to_numpy(),
            "week": ((days - start).dt.days // 7).to_numpy(),
            "price_index": (frame[price] / frame[base_price]).to_numpy(dtype=float),
            "promo_share": (frame[promo].astype(str) != "none").to_numpy(dtype=float),
            "holiday_share": frame[holiday].to_numpy(dtype=float),
        }
    )
    known = known.groupby([store, item, "week"], observed=True).mean().reset_index()
    out = pd.concat([labels, lagged, rolled], axis=1)
    for k in (store, item):  # categorical vs plain keys merge as strings
        out[k], known[k] = out[k].astype(str), known[k].astype(str)
    out = out.merge(known, on=[store, item, "week"], how="left")
    out[["price_index", "promo_share", "holiday_share"]] = out[
        ["price_index", "promo_share", "holiday_share"]
    ].fillna({"price_index": 1.0, "promo_share": 0.0, "holiday_share": 0.0})
    scale = 1.0 + out["threshold"]
    out["log_threshold"] = np.log(scale)
    out["lag1_rel"] = out[f"units_lag{min(lags)}"] / scale
    for n in windows:
        out[f"roll{n}_rel"] = out[f"units_roll{n}_mean"] / scale
    angle = 2 * np.pi * out["week_start"].dt.dayofyear / 365.25
    out["season_cos"], out["season_sin"] = np.cos(angle), np.sin(angle)
    features = [
        *lagged.columns,
        *rolled.columns,
        "log_threshold",
        "lag1_rel",
        *[f"roll{n}_rel" for n in windows],
        "price_index",
        "promo_share",
        "holiday_share",
        "season_cos",
        "season_sin",
    ]
    out = out.dropna(subset=[LABEL, *features]).reset_index(drop=True)
    out[LABEL] = out[LABEL].astype(bool).astype(int)
    columns = [store, item, "week", "week_start", "units", *features, LABEL]
    return out[columns], features


def time_split_weeks(
    table: pd.DataFrame, test_weeks: int, week: str = "week"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train on the earlier weeks, test on the last ``test_weeks`` weeks of ``table``.

    Used in: 02_small_data_augmentation; benchmarks (group ``augment``).
    """
    require_columns(table, [week], where="time_split_weeks()")
    weeks = np.sort(table[week].unique())
    if isinstance(test_weeks, bool) or not isinstance(test_weeks, int) or test_weeks < 1:
        raise ValueError(
            f"time_split_weeks(): test_weeks = {test_weeks!r}: must be an integer >= 1"
        )
    if test_weeks >= len(weeks):
        raise ValueError(
            f"time_split_weeks(): test_weeks = {test_weeks}: the table has only {len(weeks)} "
            "weeks; need more weeks than test weeks"
        )
    cut = weeks[-test_weeks]
    is_test = table[week] >= cut
    return table.loc[~is_test].copy(), table.loc[is_test].copy()
