"""Read a label file (.csv or .parquet) for ``LabelStore.commit``, with errors that name the file.

CSV is read with pandas' defaults (``True``/``False`` become booleans, empty fields NaN, so a
missing key is caught by the store's checks). Text keys that look like numbers (``"007"``) lose
their leading zeros in CSV: keep such keys in Parquet.

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
            return pd.read_csv(path)
        return pd.read_parquet(path)
    except (ValueError, UnicodeDecodeError, ImportError) as err:
        reason = " ".join(str(err).split())[:200]
        raise ConfigError(
            "labels file", f"cannot be read as {suffix[1:].upper()}: {reason}", str(path)
        ) from None
