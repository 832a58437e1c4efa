"""The four-step sandbox: generate -> train -> predict -> simulate -> optimise.

Layer above ``decisions`` (imports ``config``, ``simulate``, ``models``, ``decisions``)::

    from retailsim.sandbox import run_sandbox
    res = run_sandbox("convenience_store", seed=7, progress=False)
    res.kpis            # one row per policy: fill rate, stock-outs, waste, cost, margin, ...
    res.to_dict()       # flat figures: r2_ratio, gap_closed, cost_ai, fill_rate_ai, ...

Modules: ``settings`` (validated inputs), ``train`` (steps 2-3: LightGBM, R^2 vs the oracle,
elasticities), ``policies`` (step 4: the policies and their KPI rows), ``optimise`` (step 5:
service level and price policy by simulation), ``result`` (``SandboxResult``), ``engine``
(``run_sandbox``).

Used in: 05_sandbox_architecture, 12_lab2_four_step_sandbox.
"""

from retailsim.sandbox.engine import STEPS, run_sandbox
from retailsim.sandbox.result import SandboxResult
from retailsim.sandbox.settings import (
    DEFAULT_SERVICE_LEVELS,
    PRICE_POLICIES,
    SandboxSettings,
)

__all__ = [
    "DEFAULT_SERVICE_LEVELS",
    "PRICE_POLICIES",
    "STEPS",
    "SandboxResult",
    "SandboxSettings",
    "run_sandbox",
]
