"""Retail KPIs of an inventory simulation and the course's slow-mover rate.

Inventory KPIs (``inventory_kpis``), over the simulated days, summed over series, with ``p``
price, ``c`` unit cost, ``h`` holding rate, ``K`` order cost::

    fill_rate        = units sold / units demanded
    stock_out_share  = share of series-days with lost sales > 0
    waste_cost       = sum c * expired units
    holding_cost     = sum h * c * (on hand at start + on hand at end) / 2
    ordering_cost    = K * number of orders placed
    shortage_cost    = sum (p - c) * lost units           (lost margin)
    total_cost       = holding + ordering + shortage + waste
    revenue          = sum p * sold;   cogs = sum c * sold
    margin           = revenue - cogs - waste_cost
    avg_inventory    = mean over days of sum c * (on hand at start + at end) / 2
    turnover         = cogs / avg_inventory  (over the period; ``turnover_annual`` x 365 / days)

Used in: 03_retail_kpis, 12_lab2_four_step_sandbox, 14_elasticity_and_turnover.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .inventory import InventoryResult


def inventory_kpis(result: InventoryResult) -> dict[str, float]:
    """The KPIs of the module docstring as a flat dict of floats.

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """
    sc, p = result.scenario, result.params
    cost, price = sc.unit_cost[None, :], result.price
    days = result.sales.shape[0]
    demand, sold, lost = result.demand.sum(), result.sales.sum(), result.lost.sum()
    avg_units = (result.on_hand_start + result.on_hand) / 2.0
    inv_value = (avg_units * cost).sum(axis=1).mean()
    cogs = float((result.sales * cost).sum())
    revenue = float((result.sales * price).sum())
    waste_cost = float((result.waste * cost).sum())
    holding = float(p.holding_rate * (avg_units * cost).sum())
    ordering = float(p.order_cost * (result.orders > 0).sum())
    shortage = float((result.lost * np.maximum(price - cost, 0.0)).sum())
    turnover = cogs / inv_value if inv_value > 0 else float("nan")
    return {
        "days": float(days),
        "demand_units": float(demand),
        "sales_units": float(sold),
        "lost_units": float(lost),
        "fill_rate": float(sold / demand) if demand > 0 else 1.0,
        "stock_out_share": float((result.lost > 0).mean()),
        "waste_units": float(result.waste.sum()),
        "waste_cost": waste_cost,
        "holding_cost": holding,
        "ordering_cost": ordering,
        "shortage_cost": shortage,
        "total_cost": holding + ordering + shortage + waste_cost,
        "revenue": revenue,
        "cogs": cogs,
        "margin": revenue - cogs - waste_cost,
        "avg_inventory_value": float(inv_value),
        "turnover": turnover,
        "turnover_annual": turnover * 365.0 / days,
        "orders": float((result.orders > 0).sum()),
    }


def kpis_by_series(result: InventoryResult) -> pd.DataFrame:
    """Per store-SKU: demand, sales, lost and waste units, fill rate, the four costs, total
    cost, revenue, margin, average inventory value and turnover (module docstring formulas).

    Used in: 03_retail_kpis, 14_elasticity_and_turnover.
    """
    sc, p = result.scenario, result.params
    cost, price = sc.unit_cost[None, :], result.price
    avg_value = ((result.on_hand_start + result.on_hand) / 2.0 * cost).mean(axis=0)
    demand = result.demand.sum(axis=0)
    sales = result.sales.sum(axis=0)
    cogs = (result.sales * cost).sum(axis=0)
    revenue = (result.sales * price).sum(axis=0)
    waste_cost = (result.waste * cost).sum(axis=0)
    holding = p.holding_rate * ((result.on_hand_start + result.on_hand) / 2.0 * cost).sum(axis=0)
    ordering = p.order_cost * (result.orders > 0).sum(axis=0)
    shortage = (result.lost * np.maximum(price - cost, 0.0)).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        fill = np.where(demand > 0, sales / np.maximum(demand, 1), 1.0)
        turnover = np.where(avg_value > 0, cogs / np.where(avg_value > 0, avg_value, 1), np.nan)
    out = sc.keys.copy()
    out["demand_units"] = demand
    out["sales_units"] = sales
    out["lost_units"] = result.lost.sum(axis=0)
    out["waste_units"] = result.waste.sum(axis=0)
    out["fill_rate"] = fill
    out["holding_cost"] = holding
    out["ordering_cost"] = ordering
    out["shortage_cost"] = shortage
    out["waste_cost"] = waste_cost
    out["total_cost"] = holding + ordering + shortage + waste_cost
    out["revenue"] = revenue
    out["margin"] = revenue - cogs - waste_cost
    out["avg_inventory_value"] = avg_value
    out["turnover"] = turnover
    return out
