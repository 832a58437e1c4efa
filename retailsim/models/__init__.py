"""Small models and the measurement of what data is worth.

Used in: 01_small_data_retail.
"""

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
from retailsim.models.lgbm import DEFAULTS, DETERMINISM, fit_regressor, make_regressor

__all__ = [
    "CENSORING_SOURCE",
    "DEFAULTS",
    "DETERMINISM",
    "annual_savings",
    "collection_roi",
    "error_cost_rate",
    "fit_predict",
    "fit_regressor",
    "learning_curve",
    "make_regressor",
    "r2",
    "recent_rows",
    "rmse_by_series",
    "source_value",
    "time_split",
]
