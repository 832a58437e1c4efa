"""Small models, their classical peers, and the measurement of what data is worth.

- ``lgbm``: the deterministic LightGBM regressor every chapter uses;
- ``data_value``: learning curves, per-source ablation and the ROI of collecting data;
- ``baselines``: statsforecast's intermittent-demand methods and a daily LightGBM forecast;
- ``metrics``: the M5 scaled error (RMSSE);
- ``label_loop``: the weekly label-model loop (versioned labels, retraining, auto-labels).

Used in: 01_small_data_retail, 12_lab2_four_step_sandbox, 13_label_model_loop,
15_cross_industry.
"""

from retailsim.models.baselines import (
    CLASSICAL_METHODS,
    KNOWN_FEATURES,
    ForecastComparison,
    classical_forecasts,
    compare_forecasters,
    daily_series,
    lightgbm_daily_forecasts,
)
from retailsim.models.data_value import (
    CENSORING_SOURCE,
    annual_savings,
    collection_roi,
    error_cost_rate,
    fit_predict,
    learning_curve,
    r2,
    recent_rows,
    rmse_by_series,
    source_value,
    time_split,
)
from retailsim.models.label_loop import (
    LabelLoopResult,
    auto_label,
    auto_label_precision,
    forward_rate,
    label_model_loop,
    trailing_rate,
    weekly_labels,
)
from retailsim.models.lgbm import DEFAULTS, DETERMINISM, fit_regressor, make_regressor
from retailsim.models.metrics import mean_rmsse, rmsse, rmsse_per_series, rmsse_scale

__all__ = [
    "CENSORING_SOURCE",
    "CLASSICAL_METHODS",
    "DEFAULTS",
    "DETERMINISM",
    "KNOWN_FEATURES",
    "ForecastComparison",
    "annual_savings",
    "classical_forecasts",
    "collection_roi",
    "compare_forecasters",
    "daily_series",
    "error_cost_rate",
    "fit_predict",
    "fit_regressor",
    "learning_curve",
    "lightgbm_daily_forecasts",
    "make_regressor",
    "mean_rmsse",
    "r2",
    "recent_rows",
    "rmse_by_series",
    "rmsse",
    "rmsse_per_series",
    "rmsse_scale",
    "source_value",
    "time_split",
    "LabelLoopResult",
    "auto_label",
    "auto_label_precision",
    "forward_rate",
    "label_model_loop",
    "trailing_rate",
    "weekly_labels",
]
