"""Derived model inputs computed from an observed sales frame (never from the ground truth).

Used in: 01_small_data_retail.
"""

from retailsim.features.demand import (
    ALWAYS_COLUMNS,
    FEATURES_OF,
    SOURCE_COLUMNS,
    SOURCES,
    demand_features,
    source_of,
)
from retailsim.features.validation import require_columns, require_numeric

__all__ = [
    "ALWAYS_COLUMNS",
    "FEATURES_OF",
    "SOURCES",
    "SOURCE_COLUMNS",
    "demand_features",
    "require_columns",
    "require_numeric",
    "source_of",
]
