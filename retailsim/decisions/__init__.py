"""Decisions: inventory formulas, policies and simulation, retail KPIs, and pricing
(elasticity estimation, price-dependent demand, an elasticity-driven pricing rule).

Layer above ``config``, ``simulate`` and ``models`` (imports only from them).

Used in: 03_retail_kpis, 12_lab2_four_step_sandbox, 14_elasticity_and_turnover.
"""

from retailsim.decisions.compare import (
    compare_policies,
    cost_at_fill_rate,
    cost_on_curve,
    gap_closed,
)
from retailsim.decisions.elasticity import ElasticityEstimates, estimate_elasticities
from retailsim.decisions.elasticity_eval import compare_with_truth, elasticity_accuracy
from retailsim.decisions.forecast_inputs import Forecasts, lightgbm_forecasts
from retailsim.decisions.formulas import (
    critical_ratio,
    days_of_cover,
    fill_rate,
    inventory_turnover,
    newsvendor_empirical,
    newsvendor_negbin,
    newsvendor_normal,
    order_up_to_level,
    reorder_point,
    safety_stock,
    z_value,
)
from retailsim.decisions.inventory import InventoryParams, InventoryResult, simulate_inventory
from retailsim.decisions.kpis import inventory_kpis, kpis_by_series
from retailsim.decisions.lerner import LernerPricing, lerner_multiplier
from retailsim.decisions.policies import (
    ForecastPolicy,
    OraclePolicy,
    OrderUpToRS,
    WeeksOfCover,
    cost_based_service_level,
)
from retailsim.decisions.price_scenario import PricedDemand
from retailsim.decisions.pricing import ElasticityPricing, PricingRule, PricingState
from retailsim.decisions.pricing_eval import (
    PricingComparison,
    evaluate_pricing,
    price_to_turnover,
    run_pricing,
)
from retailsim.decisions.protocol import Policy, PolicyContext, Target
from retailsim.decisions.scenario import DemandScenario
from retailsim.decisions.shrinkage import shrink_to_groups
from retailsim.decisions.slow_movers import slow_mover_rate, slow_mover_share

__all__ = [
    "DemandScenario",
    "ForecastPolicy",
    "Forecasts",
    "InventoryParams",
    "InventoryResult",
    "OraclePolicy",
    "OrderUpToRS",
    "Policy",
    "PolicyContext",
    "Target",
    "WeeksOfCover",
    "cost_based_service_level",
    "compare_policies",
    "cost_at_fill_rate",
    "cost_on_curve",
    "critical_ratio",
    "days_of_cover",
    "fill_rate",
    "gap_closed",
    "inventory_kpis",
    "inventory_turnover",
    "kpis_by_series",
    "lightgbm_forecasts",
    "newsvendor_empirical",
    "newsvendor_negbin",
    "newsvendor_normal",
    "order_up_to_level",
    "reorder_point",
    "safety_stock",
    "simulate_inventory",
    "slow_mover_rate",
    "slow_mover_share",
    "z_value",
    "ElasticityEstimates",
    "ElasticityPricing",
    "LernerPricing",
    "lerner_multiplier",
    "PricedDemand",
    "PricingComparison",
    "PricingRule",
    "PricingState",
    "compare_with_truth",
    "estimate_elasticities",
    "evaluate_pricing",
    "price_to_turnover",
    "run_pricing",
    "shrink_to_groups",
    "elasticity_accuracy",
]
