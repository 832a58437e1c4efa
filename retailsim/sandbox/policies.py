"""Step 4 of the sandbox: every replenishment policy on the same demand (common random
numbers), and the KPI row of each.

Policies (``retailsim.decisions.policies``; ``z = Phi^-1(service level)``):

* ``weeks_of_cover``: ``S = 7 * mu`` (one week of average sales over the last 28 days);
* ``traditional``:    ``OrderUpToRS``, ``S = mu (R + L) + z sigma sqrt(R + L)`` from the last
  28 days of sales, at the traditional service level (default 0.95);
* ``ai``:             ``ForecastPolicy``, ``S`` = the service-level quantile of demand over
  ``R + L`` days from the LightGBM mean ``mu_d`` and its ``sigma_d`` (negative-binomial
  ``sqrt(mu_d + mu_d^2 / r)``, or from a 0.9-quantile model ``(q_0.9 - mu_d) / 1.2816``),
  day by day and item by item;
* ``oracle``:         ``OraclePolicy``, the same from the true expected demand and variance.

KPI row (``policy_kpis``): ``inventory_kpis`` (fill rate, stock-outs, waste, costs, revenue,
margin, turnover) plus ``slow_mover_rate``, the mean weekly share of store-SKUs flagged slow
by ``decisions.slow_movers`` (f(days with sales, shelf life, estimated own elasticity)).

Used in: 05_sandbox_architecture, 12_lab2_four_step_sandbox.
"""

from __future__ import annotations

import pandas as pd

from retailsim.decisions import (
    ForecastPolicy,
    Forecasts,
    InventoryResult,
    OraclePolicy,
    OrderUpToRS,
    WeeksOfCover,
    slow_mover_rate,
    slow_mover_share,
)

HISTORY_WINDOW = 28
KPI_COLUMNS = (
    "service_level",
    "fill_rate",
    "stock_out_share",
    "lost_units",
    "waste_units",
    "holding_cost",
    "ordering_cost",
    "shortage_cost",
    "waste_cost",
    "total_cost",
    "revenue",
    "margin",
    "turnover",
    "turnover_annual",
    "slow_mover_rate",
)


def ai_policy(forecasts: Forecasts, service_level: float, price_response=None) -> ForecastPolicy:
    """The AI policy at ``service_level`` from step 3's forecasts (module docstring).
    ``price_response``: ``(elasticity per series, reference prices)`` so the forecasts follow
    a pricing rule's prices (``ForecastPolicy``); ``None`` = prices as forecast.

    Used in: 12_lab2_four_step_sandbox.
    """
    elasticity, reference = price_response if price_response is not None else (None, None)
    response = {"elasticity": elasticity, "reference_price": reference}
    if forecasts.upper is not None:
        return ForecastPolicy(
            forecasts.mean,
            upper=forecasts.upper,
            upper_level=forecasts.upper_level,
            service_level=service_level,
            **response,
        )
    return ForecastPolicy(forecasts.mean, forecasts.sigma, service_level=service_level, **response)


def traditional_policies(service_level: float) -> dict:
    """The two rules of thumb: ``weeks_of_cover`` and the ``traditional`` (R, S) rule.

    Used in: 12_lab2_four_step_sandbox.
    """
    return {
        "weeks_of_cover": WeeksOfCover(1.0, window=HISTORY_WINDOW),
        "traditional": OrderUpToRS(service_level, window=HISTORY_WINDOW),
    }


def oracle_policy(service_level: float) -> OraclePolicy:
    """The clairvoyant bound at ``service_level``.

    Used in: 12_lab2_four_step_sandbox.
    """
    return OraclePolicy(service_level)


def policy_kpis(
    result: InventoryResult, elasticity: pd.Series, service_level: float | None
) -> dict[str, float]:
    """The KPI row of one simulated policy (module docstring; ``service_level`` NaN for
    rules without one).

    Used in: 12_lab2_four_step_sandbox.
    """
    k = result.kpis()
    table = slow_mover_rate(result.to_frame(), elasticity)
    k["slow_mover_rate"] = float(slow_mover_share(table).mean())
    k["service_level"] = float("nan") if service_level is None else float(service_level)
    return {c: float(k[c]) for c in KPI_COLUMNS}
