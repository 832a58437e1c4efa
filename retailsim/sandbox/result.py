"""``SandboxResult``: everything one sandbox run measured, as plain data.

``kpis`` has one row per policy (index ``policy``: ``weeks_of_cover``, ``traditional``,
``ai``, ``oracle`` and, when elasticity pricing was run, ``ai_elasticity_pricing``) and the
columns of ``policies.KPI_COLUMNS``. ``to_dict()`` flattens the headline figures to
``{name: number}`` (plus the chosen price policy's name), the names the benchmarks use:

* ``r2_model``, ``r2_oracle``, ``r2_ratio`` (daily store-SKU, held-out days);
* ``cost_traditional``; ``cost_ai``, ``cost_oracle`` = cost on their cost-fill curves at the
  traditional fill rate; ``gap_closed = (traditional - ai) / (traditional - oracle)``;
* ``<kpi>_<policy>`` for every KPI and policy row, e.g. ``fill_rate_ai`` (the AI policy at the
  chosen service level), ``slow_mover_rate_traditional``, ``turnover_ai`` (over the
  simulated days; ``turnover_annual_ai`` x 365 / days);
* ``chosen_service_level``, ``service_level_feasible`` (1 if some level reached the
  traditional fill rate), ``price_policy``;
* ``elasticity_mae``, ``cross_elasticity_sign_accuracy`` of the estimates the run used
  (training days only; ``decisions.compare_with_truth``);
* ``seconds_<step>`` and ``seconds_total``.

Used in: 05_sandbox_architecture, 12_lab2_four_step_sandbox.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from retailsim.config import RetailConfig
from retailsim.decisions import ElasticityEstimates, Forecasts, PricingComparison

from .settings import SandboxSettings


@dataclass(frozen=True, eq=False)
class SandboxResult:
    """One run of the four-step sandbox (module docstring).

    ``curves``: the cost-fill curves of the AI policy and the oracle (family, service_level,
    fill_rate, total_cost, margin); ``pricing``: the constant vs elasticity-pricing
    comparison (``None`` without ``"elasticity"``); ``figures``: the flat headline figures.

    Used in: 05_sandbox_architecture, 12_lab2_four_step_sandbox.
    """

    settings: SandboxSettings
    kpis: pd.DataFrame
    curves: pd.DataFrame
    figures: dict
    forecasts: Forecasts
    elasticity: ElasticityEstimates
    pricing: PricingComparison | None
    r2_level: str

    @property
    def config(self) -> RetailConfig:
        """The simulated world's configuration."""
        return self.settings.config

    @property
    def chosen_service_level(self) -> float:
        """The AI policy's service level chosen in step 5."""
        return float(self.figures["chosen_service_level"])

    @property
    def price_policy(self) -> str:
        """``"constant"`` or ``"elasticity"``: the price policy chosen in step 5."""
        return str(self.figures["price_policy"])

    def to_dict(self) -> dict:
        """The flat headline figures ``{name: float}`` (module docstring); NaN becomes None.

        Used in: 12_lab2_four_step_sandbox (and ``retailsim sandbox --json``).
        """
        out = {}
        for name, value in self.figures.items():
            if isinstance(value, str):
                out[name] = value
            else:
                value = float(value)
                out[name] = None if math.isnan(value) else value
        return out

    def __repr__(self) -> str:
        f = self.figures
        return (
            f"SandboxResult({self.config.n_rows} rows, r2_ratio={f['r2_ratio']:.3f}, "
            f"gap_closed={f['gap_closed']:.3f}, service_level={f['chosen_service_level']}, "
            f"price_policy={f['price_policy']!r})"
        )


def flat_figures(kpis: pd.DataFrame) -> dict[str, float]:
    """``{f"{kpi}_{policy}": value}`` for every cell of the KPI table.

    Used in: 12_lab2_four_step_sandbox.
    """
    return {
        f"{col}_{policy}": float(kpis.loc[policy, col])
        for policy in kpis.index
        for col in kpis.columns
    }
