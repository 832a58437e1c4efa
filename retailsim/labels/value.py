"""High-value SKUs (高价值商品): a composite of price elasticity and inventory turnover.

Per item ``i`` with inventory turnover ``T_i`` (cost of goods sold / average inventory at cost,
over the period) and own-price elasticity ``e_i`` (< 0)::

    x_i = log T_i                     how fast the item's shelf stock turns into sales
    y_i = -log max(|e_i|, e_min)      pricing power: log of the Lerner margin 1 / |e|
                                      ((p - c) / p = 1 / |e| at the profit-maximising price)
    V_i = w (x_i - mean x) / s_x + (1 - w) (y_i - mean y) / s_y        value score
    is_high_value = V_i among the top ``top_share`` of the items

``s_x``, ``s_y`` are the sample standard deviations over the items (or fixed reference
scales, ``scales=(s_x, s_y)``); ``w`` = 0.5 gives both factors the same say. Undoing the logs,
the score is a product, the 价格弹性 x 周转率 composite::

    exp(V_i) ∝ T_i ** (w / s_x)  x  (1 / |e_i|) ** ((1 - w) / s_y)

i.e. a GMROI-like "turnover x margin" (gross margin return on inventory = turnover x margin)
whose exponents are set so that each factor spreads the score equally: raw turnover differs
by a factor of 10-50 between a daily-delivered rice ball and chewing gum (mostly shelf life),
while 1 / |e| differs by about 2-5, so the plain product would be a turnover ranking.
A high score needs both: the stock turns fast, and customers do not walk away when the
price holds (small |e|).

The standardisation has a cost worth knowing: it gives each factor unit spread *whatever
the spread of its inputs*. Shrunk elasticity estimates from a short history barely differ
between items (the shrinkage pulls uninformative estimates to the group mean); dividing by
their tiny ``s_y`` blows the remaining noise back up to the same weight as turnover.
Chapter 06 measures this against the labels computed from the true elasticities.

The inputs are plain per-item Series, so the label can take elasticities from any source
(estimated from sales, or the simulator's truth for evaluation); ``sku_turnover`` computes
``T`` from a long-format sales frame.

Used in: 06_business_labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from retailsim.config import ConfigError, checks
from retailsim.features.validation import require_columns, require_counts


def sku_turnover(
    frame: pd.DataFrame,
    *,
    item: str = "sku_id",
    store: str | None = "store_id",
    date: str = "date",
    units: str = "units_sold",
    stock: str = "stock_on_hand",
    cost: str = "unit_cost",
) -> pd.DataFrame:
    """Inventory turnover per item over the frame's period::

        COGS_i      = sum over rows of units * cost
        inventory_i = mean over days of (sum over stores of the day's mean stock * cost)
        turnover_i  = COGS_i / inventory_i      (times the stock turned over in the period)

    ``frame``: long format, one or more rows per ``item``, ``store`` (``None`` = one store)
    and ``date``; ``stock`` = units on hand when the row starts (several rows of a day, e.g.
    time slots, are averaged), ``cost`` = unit cost. An item without stock has turnover NaN.

    Returns a DataFrame indexed by item: cogs, avg_inventory, days, turnover.

    Used in: 06_business_labels.
    """
    cols = [c for c in (item, store, date, units, stock, cost) if c is not None]
    require_columns(frame, cols)
    if len(frame) == 0:
        raise ConfigError("frame", "has no rows")
    for col in (units, stock, cost):
        require_counts(frame, col)
    data = pd.DataFrame(
        {
            "item": frame[item].to_numpy(),
            "store": frame[store].to_numpy() if store is not None else "store",
            "date": pd.to_datetime(frame[date]).dt.normalize().to_numpy(),
            "cogs": frame[units].to_numpy(dtype=float) * frame[cost].to_numpy(dtype=float),
            "inv": frame[stock].to_numpy(dtype=float) * frame[cost].to_numpy(dtype=float),
        }
    )
    days = data.groupby(["item", "store", "date"], observed=True, sort=True).agg(
        cogs=("cogs", "sum"), inv=("inv", "mean")
    )
    by_day = days.groupby(level=["item", "date"], observed=True).sum()
    n_days = data["date"].nunique()
    out = pd.DataFrame(
        {
            "cogs": by_day["cogs"].groupby(level="item", observed=True).sum(),
            "avg_inventory": by_day["inv"].groupby(level="item", observed=True).sum() / n_days,
        }
    )
    out["days"] = n_days
    inventory = out["avg_inventory"].where(out["avg_inventory"] > 0)
    out["turnover"] = out["cogs"] / inventory
    out.index.name = item
    return out


def high_value_label(
    elasticity: pd.Series,
    turnover: pd.Series,
    *,
    weight: float = 0.5,
    top_share: float = 0.2,
    min_abs_elasticity: float = 0.1,
    scales: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """The high-value label of the module docstring, one row per item.

    ``elasticity``, ``turnover``: Series indexed by item (own-price elasticity, typically
    < 0; turnover > 0, e.g. ``sku_turnover(...)["turnover"]``), covering the same items (at
    least two). ``weight`` in [0, 1]: the turnover factor's weight ``w``. ``top_share`` in
    (0, 1): share of the items labelled, ``floor(top_share * n)`` but at least one; ties at
    the cut-off are broken by the input order. ``min_abs_elasticity`` > 0 floors |e| (an
    estimate near 0 would otherwise dominate). ``scales``: fixed ``(s_x, s_y)`` > 0 instead
    of the sample standard deviations.

    Returns a DataFrame indexed by item, sorted by score (highest first): elasticity,
    turnover, lerner_margin (1 / max(|e|, e_min)), z_turnover, z_pricing_power,
    value_score, rank, is_high_value.

    Used in: 06_business_labels.
    """
    w = checks.real("weight", weight, ge=0.0, le=1.0)
    share = checks.real("top_share", top_share, gt=0.0, lt=1.0)
    floor = checks.real("min_abs_elasticity", min_abs_elasticity, gt=0.0)
    e = _series("elasticity", elasticity)
    t = _series("turnover", turnover)
    if set(e.index) != set(t.index):
        only = sorted(map(str, set(e.index) ^ set(t.index)))
        raise ConfigError(
            "turnover", f"must cover the same items as elasticity; differ: {only[:5]}"
        )
    if len(e) < 2:
        raise ConfigError("elasticity", "needs at least two items to compare", len(e))
    if (t <= 0).any():
        raise ConfigError("turnover", "must be > 0 for every item", float(t[t <= 0].iloc[0]))
    t = t.reindex(e.index)
    margin = 1.0 / np.maximum(e.abs(), floor)
    x, y = np.log(t), np.log(margin)
    if scales is None:
        s_x, s_y = float(x.std(ddof=1)), float(y.std(ddof=1))
    else:
        try:
            s_x, s_y = (float(v) for v in scales)
        except (TypeError, ValueError):
            raise ConfigError("scales", "must be two numbers (s_x, s_y) > 0", scales) from None
        if not (s_x > 0 and s_y > 0):
            raise ConfigError("scales", "must be two numbers (s_x, s_y) > 0", scales)
    out = pd.DataFrame({"elasticity": e, "turnover": t, "lerner_margin": margin})
    out["z_turnover"] = (x - x.mean()) / s_x if s_x > 0 else 0.0
    out["z_pricing_power"] = (y - y.mean()) / s_y if s_y > 0 else 0.0
    out["value_score"] = w * out["z_turnover"] + (1 - w) * out["z_pricing_power"]
    out = out.sort_values("value_score", ascending=False, kind="stable")
    out["rank"] = np.arange(1, len(out) + 1)
    n_top = max(1, int(np.floor(share * len(out) + 1e-9)))
    out["is_high_value"] = out["rank"] <= n_top
    return out


def _series(name: str, values) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise ConfigError(name, "must be a pandas Series indexed by item", type(values).__name__)
    if len(values) == 0:
        raise ConfigError(name, "has no items")
    if values.index.has_duplicates:
        raise ConfigError(
            name, "has duplicate items", str(values.index[values.index.duplicated()][0])
        )
    out = pd.to_numeric(values, errors="coerce").astype(float)
    if not np.isfinite(out).all():
        raise ConfigError(
            name, "must be finite numbers (no NaN)", values[~np.isfinite(out)].iloc[0]
        )
    return out
