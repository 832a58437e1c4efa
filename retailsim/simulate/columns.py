"""The documented columns of the observed frame and of the ground-truth row table.

``OBSERVED_COLUMNS`` lists only what a retailer could observe (point-of-sale, stock, prices,
calendar, weather, a competitor's shelf price). Demand before censoring, expected demand and
lost sales live in ``GroundTruth.rows`` and are never in the observed frame.

Used in: every chapter that reads simulated sales; 11_feature_pipeline (schema).
"""

from __future__ import annotations

from typing import NamedTuple


class Column(NamedTuple):
    """dtype (as pandas reports it) and meaning of a column."""

    dtype: str
    meaning: str


OBSERVED_COLUMNS: dict[str, Column] = {
    "date": Column("datetime64[ns]", "calendar day"),
    "week": Column("int32", "0-based week since the config's start_date (continues in next_week)"),
    "day_of_week": Column("int32", "0 = Monday ... 6 = Sunday"),
    "store_id": Column("category", "store id"),
    "region": Column("category", "store's region (weather is shared within a region)"),
    "sku_id": Column("category", "SKU id"),
    "sku_name": Column("category", "product name (Chinese)"),
    "category": Column("category", "product category (Chinese)"),
    "price_band": Column("category", "low / mid / high (ordered)"),
    "time_slot": Column("category", "intraday slot, ordered as configured (e.g. 早/午/晚)"),
    "base_price": Column("float64", "list price p0 of the SKU"),
    "price": Column(
        "float64",
        "price charged per unit in this slot (regular price x promotion; bogo = half price)",
    ),
    "unit_cost": Column("float64", "purchase cost per unit"),
    "promo_type": Column("category", "none / discount / bogo / display / markdown"),
    "weather": Column(
        "category", "weather of the store's region that day (e.g. 晴/多云/雨/高温/寒冷)"
    ),
    "temperature_c": Column("float64", "daily temperature of the store's region, degrees C"),
    "is_holiday": Column("bool", "day inside a public-holiday period"),
    "holiday_name": Column("category", "holiday name (e.g. 春节) or 'none'"),
    "competitor_price": Column("float64", "nearby competitor's shelf price of the SKU that day"),
    "shelf_life_days": Column("int32", "days a unit can be sold, delivery day included"),
    "stock_on_hand": Column("int32", "units on hand at the start of the slot (after deliveries)"),
    "units_received": Column("int32", "units delivered that day (first slot row; 0 on others)"),
    "units_sold": Column("int32", "units sold in the slot = min(demand, stock_on_hand)"),
    "units_wasted": Column("int32", "units expired at the day's end (last slot row; 0 on others)"),
}

TRUTH_ROW_COLUMNS: dict[str, Column] = {
    "date": Column("datetime64[ns]", "calendar day"),
    "store_id": Column("category", "store id"),
    "sku_id": Column("category", "SKU id"),
    "time_slot": Column("category", "intraday slot"),
    "expected_demand": Column("float64", "lambda: mean of the demand distribution (noise-free)"),
    "demand": Column("int32", "demand drawn, before censoring by stock"),
    "lost_sales": Column("int32", "demand - units_sold (unmet because of a stock-out)"),
}


def describe(columns: dict[str, Column]) -> str:
    """The columns as an aligned text table: name, dtype, meaning."""
    width = max(map(len, columns))
    return "\n".join(f"{n:<{width}}  {c.dtype:<14}  {c.meaning}" for n, c in columns.items())


__doc__ += (
    "\nObserved columns::\n\n"
    + "\n".join("    " + line for line in describe(OBSERVED_COLUMNS).splitlines())
    + "\n\nTruth row columns::\n\n"
    + "\n".join("    " + line for line in describe(TRUTH_ROW_COLUMNS).splitlines())
    + "\n"
)
