"""The one small interface between a replenishment policy and the inventory simulation.

A policy is any object with ``order_up_to(day, history, context) -> Target``:

* ``day``: index of today in the scenario (orders are placed at the start of the day);
* ``history``: ``(day, n_series)`` units sold on days ``0 .. day - 1``, i.e. sales censored by
  stock (what a retailer observes), never the true demand;
* ``context``: the simulation parameters and the scenario (a policy other than the oracle must
  read only ``scenario.dates``, ``keys``, ``price``, ``unit_cost``, ``shelf_life``,
  ``case_pack`` from it, never ``demand``, ``expected`` or ``variance``).

``Target.level`` is the order-up-to level ``S`` (units to cover review period + lead time) and
``Target.lead_demand`` the expected demand until the order arrives (``mu * L``), both per series.

Used in: 12_lab2_four_step_sandbox.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol

import numpy as np

if TYPE_CHECKING:
    from .inventory import InventoryParams
    from .scenario import DemandScenario


class Target(NamedTuple):
    """Order-up-to level ``S`` and expected lead-time demand ``mu * L`` per series.

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """

    level: np.ndarray
    lead_demand: np.ndarray


class PolicyContext(NamedTuple):
    """What a policy may consult besides the observed history (see module docstring).

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """

    params: InventoryParams
    scenario: DemandScenario


class Policy(Protocol):
    """A periodic-review replenishment policy.

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """

    def order_up_to(self, day: int, history: np.ndarray, context: PolicyContext) -> Target:
        """Targets for an order placed at the start of ``day``."""
        ...
