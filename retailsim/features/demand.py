"""Same-row demand features grouped by the data source a retailer would have to collect.

A feature of row t may only use what is known when the forecast for t is made. The features here
are *same-row exogenous* facts: the calendar, the time slot, the shelf price, the promotion plan,
the weather (forecast), the holiday calendar and the competitor's price of that row. None of them
is computed from sales, so they cannot leak the target; lags and rolling statistics come later
(chapter 04) with their own no-look-ahead rule.

Sources and the input columns each needs (the simulator's observed schema; a retailer's export
is renamed to it first):

==========  =========================================  ====================================
source      input columns                              features
==========  =========================================  ====================================
(always)    store_id, sku_id, category, base_price,    item master data: identity
            shelf_life_days                            (categorical), list price, shelf life
calendar    date, day_of_week                          day_of_week, month, day_of_year,
                                                       is_weekend
time_slot   time_slot                                  time_slot (categorical)
price       price, base_price                          price, price_index = price / base_price
promotion   promo_type                                 promo_type (categorical), is_promo
weather     weather, temperature_c                     weather (categorical), temperature_c
holiday     is_holiday                                 is_holiday
competitor  competitor_price, base_price               competitor_price, competitor_index =
                                                       competitor_price / base_price
==========  =========================================  ====================================

Dropping a source from ``sources`` removes exactly its features, which is how chapter 01 measures
what each source is worth (ablation). Strings become pandas ``category`` dtype, which LightGBM
splits on natively; existing categories (and their order) are kept, so frames cut from one
parent frame share their category codes.

Used in: 01_small_data_retail.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from retailsim.features.validation import require_columns

ALWAYS_COLUMNS: tuple[str, ...] = (
    "store_id",
    "sku_id",
    "category",
    "base_price",
    "shelf_life_days",
)

SOURCES: tuple[str, ...] = (
    "calendar",
    "time_slot",
    "price",
    "promotion",
    "weather",
    "holiday",
    "competitor",
)

# input columns each source needs
SOURCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "calendar": ("date", "day_of_week"),
    "time_slot": ("time_slot",),
    "price": ("price", "base_price"),
    "promotion": ("promo_type",),
    "weather": ("weather", "temperature_c"),
    "holiday": ("is_holiday",),
    "competitor": ("competitor_price", "base_price"),
}

# output feature columns of each source (ALWAYS_COLUMNS pass through unchanged)
FEATURES_OF: dict[str, tuple[str, ...]] = {
    "calendar": ("day_of_week", "month", "day_of_year", "is_weekend"),
    "time_slot": ("time_slot",),
    "price": ("price", "price_index"),
    "promotion": ("promo_type", "is_promo"),
    "weather": ("weather", "temperature_c"),
    "holiday": ("is_holiday",),
    "competitor": ("competitor_price", "competitor_index"),
}

_CATEGORICAL = ("store_id", "sku_id", "category", "time_slot", "promo_type", "weather")


def _as_category(values: pd.Series) -> pd.Series:
    return values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")


def _check_sources(sources: Iterable[str]) -> tuple[str, ...]:
    if isinstance(sources, str):
        sources = (sources,)
    chosen = tuple(dict.fromkeys(sources))
    for source in chosen:
        if source not in SOURCES:
            raise ValueError(
                f"demand_features(): unknown source {source!r}; allowed: {', '.join(SOURCES)}"
            )
    return chosen


def source_of(feature: str) -> str:
    """Data source a feature column belongs to ("item" for the always-present master data).

    Used in: 01_small_data_retail.
    """
    if feature in ALWAYS_COLUMNS:
        return "item"
    for source, features in FEATURES_OF.items():
        if feature in features:
            return source
    raise ValueError(f"source_of(): {feature!r} is not a demand feature")


def demand_features(frame: pd.DataFrame, sources: Iterable[str] = SOURCES) -> pd.DataFrame:
    """Model inputs from the item master data plus the chosen data ``sources``.

    Returns a new frame with the same index as ``frame``: the always-present item columns
    followed by each source's features in ``SOURCES`` order (see the module docstring). Raises
    ``ValueError`` for an unknown source or a missing input column (naming it and listing the
    columns present).

    Used in: 01_small_data_retail.
    """
    chosen = _check_sources(sources)
    needed = list(ALWAYS_COLUMNS)
    for source in chosen:
        needed += [c for c in SOURCE_COLUMNS[source] if c not in needed]
    require_columns(frame, needed, where="demand_features()")

    out = pd.DataFrame(index=frame.index)
    for column in ALWAYS_COLUMNS:
        out[column] = frame[column]
    out["base_price"] = frame["base_price"].astype(float)
    out["shelf_life_days"] = frame["shelf_life_days"].astype(float)
    for source in SOURCES:  # fixed column order whatever order `sources` was given in
        if source not in chosen:
            continue
        if source == "calendar":
            date = frame["date"]
            if not pd.api.types.is_datetime64_any_dtype(date):
                date = pd.to_datetime(date)
            out["day_of_week"] = frame["day_of_week"].astype(int)
            out["month"] = date.dt.month.astype(int)
            out["day_of_year"] = date.dt.dayofyear.astype(int)
            out["is_weekend"] = (out["day_of_week"] >= 5).astype(int)
        elif source == "time_slot":
            out["time_slot"] = frame["time_slot"]
        elif source == "price":
            out["price"] = frame["price"].astype(float)
            out["price_index"] = out["price"] / frame["base_price"].astype(float)
        elif source == "promotion":
            promo = frame["promo_type"].astype(str)
            out["promo_type"] = frame["promo_type"]
            out["is_promo"] = (promo != "none").astype(int)
        elif source == "weather":
            out["weather"] = frame["weather"]
            out["temperature_c"] = frame["temperature_c"].astype(float)
        elif source == "holiday":
            out["is_holiday"] = frame["is_holiday"].astype(int)
        elif source == "competitor":
            out["competitor_price"] = frame["competitor_price"].astype(float)
            out["competitor_index"] = out["competitor_price"] / frame["base_price"].astype(float)
    for column in _CATEGORICAL:
        if column in out.columns:
            out[column] = _as_category(out[column])
    return out
