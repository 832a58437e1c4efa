"""Validated inputs of the sandbox: the world to simulate and the decision settings.

``SandboxSettings`` turns what a user passes to ``run_sandbox`` (a preset name or a
``RetailConfig``, seed, rows, service levels, price policies, lead time) into checked values.
Every mistake raises ``ConfigError`` (a ``ValueError``) naming the field, the value and what
is allowed, e.g. ``service_levels = 1.2: must be in (0, 1)``.

The time split: the first ``train_days = round(train_share * n_days)`` days are history (the
model learns from them, the rules of thumb average over them); the policies run the stock on
the remaining ``n_days - train_days`` days, which are also the held-out days of the R^2.

Used in: 05_sandbox_architecture, 12_lab2_four_step_sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass

from retailsim.config import ConfigError, RetailConfig, preset
from retailsim.decisions import InventoryParams, _checks

PRICE_POLICIES = ("constant", "elasticity")
UNCERTAINTIES = ("residual", "quantile")
DEFAULT_SERVICE_LEVELS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98)
MIN_TRAIN_DAYS = 14
MIN_TEST_DAYS = 7


@dataclass(frozen=True)
class SandboxSettings:
    """The checked inputs of one sandbox run (module docstring).

    Used in: 05_sandbox_architecture, 12_lab2_four_step_sandbox.
    """

    config: RetailConfig
    service_levels: tuple[float, ...]
    price_policies: tuple[str, ...]
    params: InventoryParams
    train_days: int
    traditional_service_level: float
    uncertainty: str = "residual"

    @property
    def test_days(self) -> int:
        """Days the policies run the stock (and the R^2's held-out days)."""
        return self.config.n_days - self.train_days


def make_settings(
    config_or_preset,
    *,
    seed: int,
    rows: int | None,
    service_levels,
    price_policies,
    lead_time: int | None,
    review_period: int,
    train_share: float,
    traditional_service_level: float,
    uncertainty: str = "residual",
) -> SandboxSettings:
    """Check every input and build the ``RetailConfig`` (module docstring).

    ``config_or_preset``: a preset name (``rows`` default 5000) or a ``RetailConfig``
    (``rows=None`` keeps its size); ``seed`` replaces the config's seed. ``lead_time``
    ``None`` = the config's ``inventory.lead_time_days``.

    Used in: 12_lab2_four_step_sandbox.
    """
    seed = _checks.integer("seed", seed, ge=0)
    if rows is not None:
        rows = _checks.integer("rows", rows, ge=1)
    if isinstance(config_or_preset, str):
        cfg = preset(config_or_preset, rows=5000 if rows is None else rows, seed=seed)
    elif isinstance(config_or_preset, RetailConfig):
        cfg = config_or_preset.replace(seed=seed)
        cfg = cfg if rows is None else cfg.replace(rows=rows)
    else:
        raise ConfigError(
            "config", "must be a preset name or a RetailConfig", type(config_or_preset).__name__
        )
    levels = tuple(float(v) for v in _checks.probability("service_levels", service_levels).ravel())
    if len(set(levels)) < 2:
        raise ConfigError("service_levels", "give at least two different levels", levels)
    policies = tuple(price_policies) if not isinstance(price_policies, str) else (price_policies,)
    bad = [p for p in policies if p not in PRICE_POLICIES]
    if bad or "constant" not in policies:
        raise ConfigError(
            "price_policies", f"must include 'constant' and only {PRICE_POLICIES}", policies
        )
    lead = cfg.inventory.lead_time_days if lead_time is None else lead_time
    params = InventoryParams(lead_time=lead, review_period=review_period)
    share = float(_checks.bounded("train_share", train_share, gt=0.0, lt=1.0))
    train_days = int(round(share * cfg.n_days))
    if train_days < MIN_TRAIN_DAYS or cfg.n_days - train_days < MIN_TEST_DAYS:
        need = MIN_TRAIN_DAYS + MIN_TEST_DAYS
        raise ConfigError(
            "rows",
            f"gives {cfg.n_days} days ({train_days} to train on); the sandbox needs at least "
            f"{MIN_TRAIN_DAYS} training and {MIN_TEST_DAYS} test days ({need}+ days, "
            f"about {need * cfg.rows_per_day} rows for this config)",
            cfg.n_rows if rows is None else rows,
        )
    trad = float(_checks.probability("traditional_service_level", traditional_service_level))
    if uncertainty not in UNCERTAINTIES:
        raise ConfigError("uncertainty", f"must be one of {UNCERTAINTIES}", uncertainty)
    return SandboxSettings(
        config=cfg,
        service_levels=tuple(sorted(set(levels))),
        price_policies=tuple(dict.fromkeys(policies)),
        params=params,
        train_days=train_days,
        traditional_service_level=trad,
        uncertainty=uncertainty,
    )
