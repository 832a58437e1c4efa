"""Input checks shared by the feature and model helpers: errors that name the column.

Used in: retailsim.features, retailsim.models, retailsim.diagnostics.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def require_columns(frame: pd.DataFrame, columns: Sequence[str], *, where: str = "frame") -> None:
    """Raise ``ValueError`` if ``frame`` is not a DataFrame or lacks any of ``columns``.

    The message names the first missing column and lists the columns present, e.g.
    ``sparsity(): column 'units_sold' not found; columns present: date, sku_id, units``.

    Used in: 01_small_data_retail (through every diagnostic and feature helper).
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{where}: expected a pandas DataFrame, got {type(frame).__name__}")
    for column in columns:
        if column not in frame.columns:
            present = ", ".join(map(str, frame.columns)) or "(none)"
            raise ValueError(f"{where}: column {column!r} not found; columns present: {present}")


def require_numeric(frame: pd.DataFrame, column: str, *, where: str = "frame") -> pd.Series:
    """Return ``frame[column]`` as float after checking it is numeric (not bool) and has no NaN."""
    values = frame[column]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise ValueError(f"{where}: column {column!r} must be numeric, got dtype {values.dtype}")
    if values.isna().any():
        raise ValueError(
            f"{where}: column {column!r} has {int(values.isna().sum())} missing values"
        )
    return values.astype(float)
