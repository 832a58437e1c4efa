"""The course's slow-mover rate: f(days with sales, shelf life, price elasticity).

Per store-SKU at the end of each week ``w`` (days ``7w .. 7w + 6`` from the frame's first
date), from observed data only, over the trailing ``window`` days (default 7, the week itself)::

    s      = (k + 0.5) / (n + 1)        share of days with sales (动销天数 k of n days),
                                         smoothed so that 0 and 1 stay finite
    lambda = -ln(1 - s)                  sale rate implied by s (Poisson: P(sale) = 1 - e^-lambda)
    lambda_ref                           the same over every day of the series in the frame
                                         (the SKU's normal pace)
    H      = min(shelf_life, horizon)    days a unit has left to sell (horizon 28 for long-life
                                         goods: "not sold within four weeks" counts as slow)
    need   = stock / H                   sale rate needed to clear the average stock within H
    m      = (1 - delta) ** -|e|         how much a markdown of depth delta can lift demand,
                                         e = own-price elasticity

    score  = ln(need / (lambda * m))     cannot clear the stock in time, even marked down
           + ln(lambda_ref / lambda)     selling slower than the SKU's normal pace
    slow_mover_rate = 1 / (1 + exp(-score))  in (0, 1);   is_slow = score > 0

The rate rises with fewer days with sales (absolute and relative to the SKU's own pace), with
more days of cover relative to the shelf life, and falls with a larger |elasticity| (a markdown
can still clear the stock). The share of slow store-SKUs in a week (``slow_mover_share``) is the
headline 滞销率.

Used in: 03_retail_kpis, 06_business_labels, 14_elasticity_and_turnover.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from retailsim.config import ConfigError
from retailsim.features.validation import require_columns

from . import _checks


def slow_mover_rate(
    frame: pd.DataFrame,
    elasticity,
    *,
    item: str = "sku_id",
    store: str | None = "store_id",
    date: str = "date",
    units: str = "units_sold",
    stock: str = "stock_on_hand",
    shelf_life: str = "shelf_life_days",
    window: int = 7,
    markdown_depth: float = 0.3,
    horizon: int = 28,
) -> pd.DataFrame:
    """Slow-mover rate per store, item and week (formula in the module docstring).

    ``frame``: long format, one or more rows per item, store (``None`` = one store) and date;
    rows of a day are combined (units summed; ``stock`` = the day's largest value, the morning
    stock after deliveries); days without a row count as days without sales. ``elasticity``:
    own-price elasticity per item (a mapping or Series item -> e, estimated or the simulator's
    truth) or one number for all.

    Returns one row per store, item, week: store_id, sku_id, week, days_with_sales (in the
    window), days (in the window), sale_rate, ref_rate, avg_stock, shelf_life, elasticity,
    score, slow_mover_rate, is_slow.

    Used in: 03_retail_kpis, 14_elasticity_and_turnover.
    """
    cols = [c for c in (item, store, date, units, stock, shelf_life) if c is not None]
    require_columns(frame, cols)
    if len(frame) == 0:
        raise ConfigError("frame", "has no rows")
    window = _checks.integer("window", window, ge=1)
    depth = float(_checks.bounded("markdown_depth", markdown_depth, ge=0.0, lt=1.0))
    horizon = _checks.integer("horizon", horizon, ge=1)
    data = pd.DataFrame(
        {
            "store_id": frame[store].astype(str).to_numpy() if store else "store",
            "sku_id": frame[item].astype(str).to_numpy(),
            "date": pd.to_datetime(frame[date]).dt.normalize().to_numpy(),
            "units": frame[units].to_numpy(dtype=float),
            "stock": frame[stock].to_numpy(dtype=float),
            "life": frame[shelf_life].to_numpy(dtype=float),
        }
    )
    keys = ["store_id", "sku_id"]
    daily = data.groupby([*keys, "date"]).agg(
        units=("units", "sum"), stock=("stock", "max"), life=("life", "max")
    )
    dates = pd.date_range(
        daily.index.get_level_values("date").min(),
        daily.index.get_level_values("date").max(),
        freq="D",
    )
    sold = (daily["units"] > 0).unstack(keys).reindex(dates).fillna(False).astype(float)
    stock_d = daily["stock"].unstack(keys).reindex(dates).ffill().fillna(0.0)
    series = sold.columns.to_frame(index=False)
    life = daily["life"].groupby(keys).max().reindex(sold.columns).to_numpy()
    e = _elasticity(elasticity, series["sku_id"])

    k = sold.rolling(window, min_periods=1).sum().to_numpy()
    n = np.minimum(np.arange(1, len(dates) + 1), window)[:, None]
    avg_stock = stock_d.rolling(window, min_periods=1).mean().to_numpy()
    rate = -np.log1p(-(k + 0.5) / (n + 1.0))
    total = sold.to_numpy().sum(axis=0)
    ref = -np.log1p(-(total + 0.5) / (len(dates) + 1.0))
    need = np.maximum(avg_stock, 0.5) / np.minimum(life, horizon)
    lift = (1.0 - depth) ** (-np.abs(e))
    score = np.log(need / (rate * lift)) + np.log(ref / rate)

    ends = np.minimum(np.arange(6, len(dates) + 6, 7), len(dates) - 1)
    n_weeks, q = len(ends), len(series)
    out = pd.DataFrame(
        {
            "store_id": np.tile(series["store_id"].to_numpy(), n_weeks),
            "sku_id": np.tile(series["sku_id"].to_numpy(), n_weeks),
            "week": np.repeat(np.arange(n_weeks), q),
            "days_with_sales": k[ends].ravel().astype(int),
            "days": np.broadcast_to(n[ends], (n_weeks, q)).ravel(),
            "sale_rate": rate[ends].ravel(),
            "ref_rate": np.tile(ref, n_weeks),
            "avg_stock": avg_stock[ends].ravel(),
            "shelf_life": np.tile(life, n_weeks),
            "elasticity": np.tile(e, n_weeks),
            "score": score[ends].ravel(),
        }
    )
    out["slow_mover_rate"] = 1.0 / (1.0 + np.exp(-out["score"]))
    out["is_slow"] = out["score"] > 0
    return out


def _elasticity(elasticity, items: pd.Series) -> np.ndarray:
    if np.isscalar(elasticity):
        return np.full(len(items), float(_checks.array("elasticity", elasticity)))
    mapping = elasticity if isinstance(elasticity, pd.Series) else pd.Series(elasticity)
    values = items.astype(str).map(mapping.rename(index=str))
    if values.isna().any():
        absent = sorted(set(items.astype(str)[values.isna()]))
        raise ConfigError("elasticity", f"no value for item(s) {absent[:5]}")
    return _checks.array("elasticity", values.to_numpy(dtype=float))


def slow_mover_share(table: pd.DataFrame, by: str = "week") -> pd.Series:
    """The headline 滞销率: share of store-SKUs flagged slow (``is_slow``) per ``by``.

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """
    return table.groupby(by)["is_slow"].mean()
