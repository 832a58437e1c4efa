"""The generator: observed retail sales plus a separate ground truth.

Demand model (per date d, store s, SKU i, slot k; details in ``demand``)::

    lambda = base_demand_i * size_s * slot_share[cat_i, k] * weekly[dow] * season_cat(d)
             * holiday_cat(d) * weather_cat(d, s) * (p_i / p0_i) ** e_ii
             * prod_{j != i} (p_j / p0_j) ** e_ij * promo_lift_i * (c_i / p0_i) ** g_i
    demand ~ NegBin(mean = lambda, shape = r);  units_sold = min(demand, stock at slot start)

Imports only ``retailsim.config``.

Used in: 01_small_data_retail, 05_sandbox_architecture and every chapter that needs data.
"""

from .columns import OBSERVED_COLUMNS, TRUTH_ROW_COLUMNS, Column
from .demand import draw_demand, expected_demand
from .engine import Simulator, simulate
from .io import read_observed, write_table
from .result import SimulationResult
from .truth import GroundTruth, slow_mover_table

__all__ = [
    "OBSERVED_COLUMNS",
    "TRUTH_ROW_COLUMNS",
    "Column",
    "GroundTruth",
    "SimulationResult",
    "Simulator",
    "draw_demand",
    "expected_demand",
    "read_observed",
    "simulate",
    "slow_mover_table",
    "write_table",
]
