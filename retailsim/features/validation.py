"""Input checks shared by every helper that takes a long-format frame: errors that name the column.

Used in: retailsim.features, retailsim.models, retailsim.decisions, retailsim.diagnostics.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from retailsim.config import ConfigError


def require_columns(frame: pd.DataFrame, columns: Sequence[str], *, where: str = "frame") -> None:
    """Raise ``ConfigError`` (a ``ValueError``) if ``frame`` is not a DataFrame or lacks any of
    ``columns``.

    The message names every missing column and lists the columns present, e.g.
    ``sparsity(): missing column(s) 'units_sold'; columns present: date, sku_id, units``.

    Used in: every chapter, through the diagnostic, feature, model and decision helpers.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ConfigError(where, f"expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in dict.fromkeys(columns) if c not in frame.columns]
    if missing:
        present = ", ".join(map(str, frame.columns)) or "(none)"
        raise ConfigError(
            where,
            f"missing column(s) {', '.join(map(repr, missing))}; columns present: {present}",
        )


def require_counts(frame: pd.DataFrame, column: str) -> pd.Series:
    """``frame[column]`` as float after checking every value is a number >= 0 (units, stock,
    cost): ``ConfigError`` naming the column and the first bad value otherwise.

    Used in: retailsim.labels, retailsim.decisions (scenarios, elasticities).
    """
    values = pd.to_numeric(frame[column], errors="coerce").astype(float)
    bad = ~(np.isfinite(values) & (values >= 0))
    if bad.any():
        first = frame[column][bad].iloc[0]
        first = first.item() if isinstance(first, np.generic) else first
        raise ConfigError(column, "must be numbers >= 0 (no missing values)", first)
    return values


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
