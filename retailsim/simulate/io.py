"""Write and read simulated tables as CSV or Parquet (chosen by the file suffix).

CSV is UTF-8 with ISO dates (``YYYY-MM-DD``); the same frame always gives the same bytes.
``read_observed`` restores the documented dtypes (dates, integers, categoricals) of a file
written by ``write_table`` or by ``retailsim generate``.

Used in: 05_sandbox_architecture (CLI), 18_raspberry_pi_edge (CSV input).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .columns import OBSERVED_COLUMNS

SUFFIXES = (".csv", ".parquet")


def table_format(path: str | Path) -> str:
    """``"csv"`` or ``"parquet"`` from the suffix of ``path``; ``ValueError`` otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        allowed = ", ".join(SUFFIXES)
        raise ValueError(
            f"output file {str(path)!r}: unsupported suffix {suffix!r}; allowed: {allowed}"
        )
    return suffix[1:]


def write_table(frame: pd.DataFrame, path: str | Path, *, index: bool = False) -> Path:
    """Write ``frame`` to ``path`` (.csv or .parquet); returns the path."""
    path = Path(path)
    if table_format(path) == "csv":
        frame.to_csv(
            path, index=index, date_format="%Y-%m-%d", encoding="utf-8", lineterminator="\n"
        )
    else:
        frame.to_parquet(path, index=index, engine="pyarrow")
    return path


def read_observed(path: str | Path) -> pd.DataFrame:
    """Read an observed sales file and restore the dtypes of ``OBSERVED_COLUMNS``.

    Extra columns are kept as read; missing documented columns are not required, so a
    retailer's own export with a subset of the columns loads too.
    """
    path = Path(path)
    if table_format(path) == "parquet":
        return pd.read_parquet(path)
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    for name, column in OBSERVED_COLUMNS.items():
        if name not in frame:
            continue
        if column.dtype.startswith("datetime"):
            frame[name] = pd.to_datetime(frame[name])
        elif column.dtype == "category":
            frame[name] = frame[name].astype(str).astype("category")
        else:
            frame[name] = frame[name].astype(column.dtype)
    return frame
