"""Assemble the simulated arrays into the observed frame and the truth row table.

Rows are ordered by date, store_id, sku_id, time_slot (slot order as configured), i.e. the
C order of the engine's ``(day, store, sku, slot)`` arrays; string columns are categoricals
whose categories follow the configuration order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .columns import OBSERVED_COLUMNS, TRUTH_ROW_COLUMNS
from .externals import Externals
from .inventory import Policy
from .pricing import Prices
from .world import World


def build_frames(
    world: World, policy: Policy, ext: Externals, prices: Prices, arrays: dict[str, np.ndarray]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The observed frame and the truth rows of one simulated block."""
    cfg, dt = world.config, world.dtypes
    n, s, i, k = len(ext.day_index), world.n_stores, world.n_skus, world.n_slots
    shape = (n, s, i, k)

    def grid(values: np.ndarray, axes: tuple[int, ...], dtype=None) -> np.ndarray:
        """Broadcast ``values`` laid out on ``axes`` of (day, store, sku, slot) to all rows."""
        view = np.asarray(values).reshape([shape[a] if a in axes else 1 for a in range(4)])
        out = np.broadcast_to(view, shape).reshape(-1)
        return out.astype(dtype, copy=False) if dtype is not None else out.copy()

    def cat(name: str, codes: np.ndarray, axes: tuple[int, ...]) -> pd.Categorical:
        return pd.Categorical.from_codes(grid(codes, axes, np.int16), dtype=dt[name])

    skus = cfg.skus
    name_codes = [dt["sku_name"].categories.get_loc(x.name) for x in skus]
    band_codes = [("low", "mid", "high").index(x.price_band) for x in skus]
    weather = ext.weather[:, world.store_region]  # (n, s)
    temperature = ext.temperature[:, world.store_region]
    first_slot = np.zeros((n, world.n_series, k), dtype=np.int32)
    first_slot[:, :, 0] = arrays["units_received"]
    last_slot = np.zeros((n, world.n_series, k), dtype=np.int32)
    last_slot[:, :, -1] = arrays["units_wasted"]
    store_axis, sku_axis = (1,), (2,)
    date_col = grid(ext.dates.astype("datetime64[ns]"), (0,))
    observed = {
        "date": date_col,
        "week": grid(ext.week, (0,), np.int32),
        "day_of_week": grid(ext.day_of_week, (0,), np.int32),
        "store_id": cat("store_id", np.arange(s), store_axis),
        "region": cat("region", world.store_region, store_axis),
        "sku_id": cat("sku_id", np.arange(i), sku_axis),
        "sku_name": cat("sku_name", np.array(name_codes), sku_axis),
        "category": cat("category", world.category, sku_axis),
        "price_band": cat("price_band", np.array(band_codes), sku_axis),
        "time_slot": cat("time_slot", np.arange(k), (3,)),
        "base_price": grid(world.base_price, sku_axis),
        "price": prices.price.reshape(-1),
        "unit_cost": grid(np.array([x.unit_cost for x in skus]), sku_axis),
        "promo_type": pd.Categorical.from_codes(prices.promo.reshape(-1), dtype=dt["promo_type"]),
        "weather": cat("weather", weather, (0, 1)),
        "temperature_c": grid(temperature, (0, 1)),
        "is_holiday": grid(ext.holiday > 0, (0,)),
        "holiday_name": cat("holiday_name", ext.holiday, (0,)),
        "competitor_price": grid(ext.competitor_price.reshape(n, s, i), (0, 1, 2)),
        "shelf_life_days": grid(np.array([x.shelf_life_days for x in skus]), sku_axis, np.int32),
        "stock_on_hand": arrays["stock_on_hand"].reshape(-1).astype(np.int32),
        "units_received": first_slot.reshape(-1),
        "units_sold": arrays["units_sold"].reshape(-1).astype(np.int32),
        "units_wasted": last_slot.reshape(-1),
    }
    demand = arrays["demand"].reshape(-1)
    truth = {
        "date": date_col,
        "store_id": observed["store_id"],
        "sku_id": observed["sku_id"],
        "time_slot": observed["time_slot"],
        "expected_demand": arrays["expected_demand"].reshape(-1),
        "demand": demand.astype(np.int32),
        "lost_sales": (demand - arrays["units_sold"].reshape(-1)).astype(np.int32),
    }
    assert list(observed) == list(OBSERVED_COLUMNS) and list(truth) == list(TRUTH_ROW_COLUMNS)
    return _frame(observed), _frame(truth)


def _frame(columns: dict) -> pd.DataFrame:
    return pd.DataFrame(columns, copy=False)
