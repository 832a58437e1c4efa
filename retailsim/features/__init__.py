"""Derived model inputs computed from an observed sales frame (never from the ground truth).

- ``demand``: same-row exogenous features per data source;
- ``timeseries``: leak-free lags, rolling statistics, weekly volatility and seasonal index;
- ``crosses``: price bands fitted on training rows, and feature crosses with a pivot helper;
- ``pipeline``: the leak-free scikit-learn pipeline (selection -> clipping -> encoding ->
  scaling) with nested target encoding (heavy scikit-learn imports stay inside its functions);
- ``externals``: join weather / holiday / competitor tables to sales with checks, and the
  per-segment (category, season) weights of external variables (statsmodels imported lazily).

Used in: 01_small_data_retail, 02_small_data_augmentation, 04_dynamic_features, 11_feature_pipeline.
"""

from retailsim.features.crosses import CROSS_COLUMNS, PriceBands, cross_features, cross_pivot
from retailsim.features.demand import (
    ALWAYS_COLUMNS,
    FEATURES_OF,
    SOURCE_COLUMNS,
    SOURCES,
    demand_features,
    source_of,
)
from retailsim.features.externals import (
    SEASONS,
    external_tables,
    interaction_features,
    join_external,
    season_of,
    segment_weights,
)
from retailsim.features.pipeline import (
    DEFAULT_NESTED,
    NestedTargetEncoder,
    QuantileClipper,
    SelectFeatures,
    make_feature_pipeline,
)
from retailsim.features.timeseries import (
    daily_sales,
    deseasonalise,
    lag_features,
    rolling_features,
    seasonal_index,
    timeseries_features,
    weekly_sales,
    weekly_volatility,
)
from retailsim.features.validation import require_columns, require_numeric

__all__ = [
    "ALWAYS_COLUMNS",
    "CROSS_COLUMNS",
    "FEATURES_OF",
    "SOURCES",
    "SOURCE_COLUMNS",
    "PriceBands",
    "cross_features",
    "cross_pivot",
    "daily_sales",
    "demand_features",
    "deseasonalise",
    "lag_features",
    "require_columns",
    "require_numeric",
    "rolling_features",
    "seasonal_index",
    "source_of",
    "timeseries_features",
    "weekly_sales",
    "weekly_volatility",
    "DEFAULT_NESTED",
    "NestedTargetEncoder",
    "QuantileClipper",
    "SelectFeatures",
    "make_feature_pipeline",
    "SEASONS",
    "external_tables",
    "interaction_features",
    "join_external",
    "season_of",
    "segment_weights",
]
