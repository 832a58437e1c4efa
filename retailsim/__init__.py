"""retailsim: a small retail-data simulator and decision engine for the course
《利用小数据打造 AI 小模型：零售业低资源决策引擎开发》.

Layers (data flows one way; a module imports only from layers before it in this list):
``config`` (validated parameters and presets) -> ``simulate`` (observed sales + ground truth)
-> ``features`` (leak-free columns, pipelines, external joins) -> ``labels`` (business rules,
weak supervision, active learning, the Git-style label store) -> ``augment`` (resampling)
-> ``models`` (LightGBM helpers, data value, the label-model loop) -> ``decisions``
(inventory policies and simulation, pricing, KPIs) -> ``sandbox`` (the four-step engine:
``run_sandbox``, ``SandboxResult``) -> ``cli``; ``widgets`` and ``viz`` present on top.

>>> from retailsim import preset, simulate
>>> res = simulate(preset("convenience_store", rows=5000, seed=7))
>>> res.observed.shape[0] >= 5000
True
"""

from retailsim.config import PRESETS, SKU, ConfigError, RetailConfig, Store, preset
from retailsim.simulate import (
    OBSERVED_COLUMNS,
    GroundTruth,
    SimulationResult,
    Simulator,
    simulate,
)

__all__ = [
    "OBSERVED_COLUMNS",
    "SandboxResult",
    "run_sandbox",
    "PRESETS",
    "SKU",
    "ConfigError",
    "GroundTruth",
    "RetailConfig",
    "SimulationResult",
    "Simulator",
    "Store",
    "preset",
    "simulate",
]


def __getattr__(name: str):
    """``run_sandbox`` and ``SandboxResult`` load lazily: importing ``retailsim`` (e.g. for the
    simulator alone) does not pull in LightGBM and statsmodels."""
    if name in ("run_sandbox", "SandboxResult"):
        from retailsim import sandbox

        return getattr(sandbox, name)
    raise AttributeError(f"module 'retailsim' has no attribute {name!r}")
