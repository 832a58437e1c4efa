"""Compare policies on one scenario: a KPI table, cost at a matched fill rate, the gap closed.

* ``compare_policies``: every policy on the same demand (common random numbers), one row each;
* ``cost_at_fill_rate``: a policy family swept over service levels gives a cost-fill curve;
  its cost at a target fill rate is read off by linear interpolation, so policies are compared
  at the same service delivered, not at the same nominal service level;
* ``gap_closed = (C_traditional - C_ai) / (C_traditional - C_oracle)``: 0 = no better than the
  rule of thumb, 1 = as good as the clairvoyant oracle.

Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from retailsim.config import ConfigError

from .inventory import InventoryParams, simulate_inventory
from .protocol import Policy
from .scenario import DemandScenario


def compare_policies(
    scenario: DemandScenario,
    policies: Mapping[str, Policy],
    params: InventoryParams | None = None,
    *,
    warmup_days: int = 28,
) -> pd.DataFrame:
    """One row of ``inventory_kpis`` per named policy (index ``policy``).

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """
    if not policies:
        raise ConfigError("policies", "give at least one named policy")
    rows = {
        name: simulate_inventory(scenario, pol, params, warmup_days=warmup_days).kpis()
        for name, pol in policies.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("policy")


def cost_at_fill_rate(
    make_policy: Callable[[float], Policy],
    service_levels: Sequence[float],
    scenario: DemandScenario,
    fill_rate: float,
    params: InventoryParams | None = None,
    *,
    warmup_days: int = 28,
) -> float:
    """Total cost of the family ``make_policy(service_level)`` at ``fill_rate``, interpolated
    linearly along its cost-fill curve over ``service_levels`` (clamped at the curve's ends).

    Used in: 12_lab2_four_step_sandbox.
    """
    if len(service_levels) < 2:
        raise ConfigError("service_levels", "give at least two service levels")
    points = []
    for level in service_levels:
        k = simulate_inventory(scenario, make_policy(level), params, warmup_days=warmup_days).kpis()
        points.append({"fill_rate": k["fill_rate"], "total_cost": k["total_cost"]})
    return cost_on_curve(pd.DataFrame(points), fill_rate)


def cost_on_curve(curve: pd.DataFrame, fill_rate: float) -> float:
    """Cost at ``fill_rate`` on a cost-fill curve (columns ``fill_rate``, ``total_cost``): linear
    interpolation through every point, clamped at the curve's ends. Read a curve with all its
    simulated points: near a target fill rate the curves are step-like, and a coarse grid alone
    flatters the smoother policy.

    Used in: 12_lab2_four_step_sandbox.
    """
    points = curve.sort_values(["fill_rate", "total_cost"], kind="stable")
    return float(np.interp(fill_rate, points["fill_rate"], points["total_cost"]))


def gap_closed(traditional: float, ai: float, oracle: float) -> float:
    """``(traditional - ai) / (traditional - oracle)``: the share of the cost gap between the
    rule of thumb and the oracle that the AI policy closes.

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """
    if not traditional > oracle:
        raise ConfigError(
            "oracle", f"cost must be below the traditional cost ({traditional:g})", oracle
        )
    return float((traditional - ai) / (traditional - oracle))
