"""Read a label file (.csv or .parquet) for ``LabelStore.commit``, with errors that name the file.

CSV is read as text and each column typed only when every value is plainly one type: integers
written without leading zeros (``7``, ``-3``) become integers, ``True``/``False`` booleans, other
decimal numbers floats; anything else stays text. So a key like ``"007"`` keeps its leading
zeros (pandas' default reader would turn it into 7 and merge it with ``"7"``). Empty fields are
missing values, caught by the store's checks.

Used in: the ``retailsim labels commit`` command; 13_label_model_loop.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from retailsim.config import ConfigError

SUFFIXES = (".csv", ".parquet")


def read_label_file(path: str | Path) -> pd.DataFrame:
    """The frame in ``path`` (.csv or .parquet); ``ConfigError`` for a bad suffix or a file
    that cannot be parsed, ``OSError`` (naming the file) if it cannot be opened."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ConfigError(
            "labels file",
            f"unsupported suffix {suffix!r}; allowed: {', '.join(SUFFIXES)}",
            str(path),
        )
    if not path.is_file():
        raise ConfigError("labels file", "does not exist or is not a file", str(path))
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
            return frame.apply(_typed)
        return pd.read_parquet(path)
    except (ValueError, UnicodeDecodeError, ImportError) as err:
        reason = " ".join(str(err).split())[:200]
        raise ConfigError(
            "labels file", f"cannot be read as {suffix[1:].upper()}: {reason}", str(path)
        ) from None


INTEGER = r"-?(0|[1-9][0-9]*)"
DECIMAL = r"-?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?"


def _typed(column: pd.Series) -> pd.Series:
    """A text column as integers, booleans or floats when every value is plainly one."""
    values = column.dropna()
    if values.str.fullmatch(INTEGER).all():
        return pd.to_numeric(column)
    if values.str.lower().isin(("true", "false")).all():
        return column.str.lower().map({"true": True, "false": False})
    if values.str.fullmatch(DECIMAL).all() and not values.str.fullmatch(r"-?0[0-9]+").any():
        return pd.to_numeric(column)
    return column
