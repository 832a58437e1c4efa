"""Canonical form of a label set: the same labels always give the same bytes, hence the same hash.

A label set is a frame with key columns (default ``store_id, sku_id, week``) and one label
column (default ``is_slow_mover``). Its canonical form:

* only the key columns and the label column, in that order (other columns are dropped);
* each key column of one kind: ``integer`` (int64; integral floats such as 3.0 count),
  ``string`` (str, pandas category or string dtype) or ``date`` (whole days, written
  ``YYYY-MM-DD``); labels as int64 from the allowed set (True/False count as 1/0);
* rows sorted by the keys (numbers numerically, strings by code point, dates in time order);
* written as UTF-8 CSV with a header line, ``,`` between fields, ``\\n`` after each line, no
  index: ``DataFrame.to_csv(index=False, lineterminator="\\n")``.

So the row order and the dtypes of the input (category or str, bool or int) do not change the
bytes. Refused, with a ``ConfigError`` naming the column, the value and what is allowed:
missing columns, no rows, missing keys (NaN, None or empty text), keys with control characters
(line breaks would break the CSV), mixed or unsupported key types, duplicate keys, and labels
missing or outside the allowed set.

Used in: 13_label_model_loop (the label store).
"""

from __future__ import annotations

import io
import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd

from retailsim.config import ConfigError
from retailsim.features.validation import require_columns

KEY_KINDS = ("integer", "string", "date")
DATE_FORMAT = "%Y-%m-%d"
_CONTROL = "[\x00-\x1f\x7f-\x9f]"  # Unicode category Cc: line breaks, tabs, NUL, ...


def check_columns(key_columns: Sequence[str], label_column: str) -> tuple[tuple[str, ...], str]:
    """Validated key and label column names: at least one key, all distinct strings."""
    if isinstance(key_columns, str):
        key_columns = (key_columns,)
    keys = tuple(key_columns)
    if not keys or not all(isinstance(k, str) and k for k in keys):
        raise ConfigError("key_columns", "must be one or more non-empty column names", keys)
    if len(set(keys)) != len(keys):
        raise ConfigError("key_columns", "must not repeat a column", keys)
    if not isinstance(label_column, str) or not label_column:
        raise ConfigError("label_column", "must be a non-empty column name", label_column)
    if label_column in keys:
        raise ConfigError("label_column", "must not be one of the key columns", label_column)
    return keys, label_column


def check_allowed(allowed_labels: Sequence[int]) -> tuple[int, ...]:
    """The allowed label values as a sorted tuple of distinct ints (bools refused)."""
    try:
        values = tuple(allowed_labels)
    except TypeError:
        raise ConfigError("allowed_labels", "must be a list of integers", allowed_labels) from None
    ok = all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in values)
    if not values or not ok or len(set(values)) != len(values):
        raise ConfigError(
            "allowed_labels", "must be a non-empty list of distinct integers", allowed_labels
        )
    return tuple(sorted(int(v) for v in values))


def canonical_labels(
    frame: pd.DataFrame,
    *,
    key_columns: Sequence[str],
    label_column: str,
    allowed_labels: Sequence[int] = (0, 1),
    where: str = "labels",
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The canonical frame of a label set and the kind of each key column (module docstring)."""
    keys, label = check_columns(key_columns, label_column)
    allowed = check_allowed(allowed_labels)
    require_columns(frame, [*keys, label], where=where)
    if len(frame) == 0:
        raise ConfigError(where, "has no rows; a label set needs at least one labelled key")
    columns, kinds = {}, {}
    for name in keys:
        columns[name], kinds[name] = _key_column(frame[name], f"{where}.{name}")
    columns[label] = _label_column(frame[label], f"{where}.{label}", allowed)
    canon = pd.DataFrame(columns)
    dup = canon.duplicated(list(keys), keep=False).to_numpy()
    if dup.any():
        first = canon.loc[dup, list(keys)].iloc[0]
        shown = ", ".join(f"{k}={_plain(first[k])!r}" for k in keys)
        raise ConfigError(
            f"{where}[{', '.join(keys)}]",
            f"{int(dup.sum())} rows share a key; each key must be labelled once "
            f"(first duplicate: {shown})",
        )
    canon = canon.sort_values(list(keys), kind="mergesort").reset_index(drop=True)
    return canon, kinds


def to_csv_bytes(canon: pd.DataFrame) -> bytes:
    """The canonical CSV bytes of a canonical frame."""
    text = canon.to_csv(index=False, lineterminator="\n", date_format=DATE_FORMAT)
    return text.encode("utf-8")


def from_csv_bytes(
    data: bytes, key_columns: Sequence[str], kinds: dict[str, str], label_column: str
) -> pd.DataFrame:
    """Parse canonical CSV bytes back to the typed canonical frame."""
    dtypes = {k: ("int64" if kinds[k] == "integer" else str) for k in key_columns}
    frame = pd.read_csv(
        io.BytesIO(data),
        dtype={**dtypes, label_column: "int64"},
        keep_default_na=False,
        na_values=[],
        encoding="utf-8",
    )
    expected = [*key_columns, label_column]
    if list(frame.columns) != expected:
        raise ValueError(f"header {list(frame.columns)} is not {expected}")
    for name in key_columns:
        if kinds[name] == "date":
            frame[name] = pd.to_datetime(frame[name], format=DATE_FORMAT)
    return frame


def _key_column(values: pd.Series, where: str) -> tuple[pd.Series, str]:
    """One key column in canonical form and its kind; ``ConfigError`` naming the problem."""
    values = values.reset_index(drop=True)
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)
    missing = values.isna().to_numpy()
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        missing |= (values.astype(object) == "").to_numpy()
    if missing.any():
        raise ConfigError(
            where,
            f"{int(missing.sum())} missing key value(s) (NaN, None or empty text), first at row "
            f"{int(np.flatnonzero(missing)[0])}; every row needs a complete key",
        )
    rule = "key values must be integers, text or dates (one kind per column)"
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise ConfigError(where, f"{rule}; got booleans", _plain(values.iloc[0]))
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return _dates(values, where), "date"
    if pd.api.types.is_integer_dtype(dtype):
        return values.astype("int64"), "integer"
    if pd.api.types.is_float_dtype(dtype):
        return _integral(values, where, rule), "integer"
    inferred = pd.api.types.infer_dtype(values, skipna=False)
    if inferred == "string":
        text = values.astype(object)
        bad = text.str.contains(_CONTROL, regex=True).to_numpy(dtype=bool)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise ConfigError(
                where,
                f"key text must not contain line breaks or control characters (row {row})",
                _plain(text.iloc[row]),
            )
        return text, "string"
    if inferred == "integer":
        return values.astype("int64"), "integer"
    if inferred in ("floating", "mixed-integer-float"):
        return _integral(values.astype(float), where, rule), "integer"
    if inferred in ("date", "datetime", "datetime64"):
        return _dates(pd.to_datetime(values), where), "date"
    raise ConfigError(where, f"{rule}; got {inferred} values", _plain(values.iloc[0]))


def _integral(values: pd.Series, where: str, rule: str) -> pd.Series:
    numbers_ = values.to_numpy(dtype=float)
    bad = ~np.isfinite(numbers_) | (numbers_ != np.round(numbers_)) | (np.abs(numbers_) > 2**53)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ConfigError(
            where, f"{rule}; row {row} is not a whole number", _plain(values.iloc[row])
        )
    return pd.Series(numbers_.astype("int64"), name=values.name)


def _dates(values: pd.Series, where: str) -> pd.Series:
    if getattr(values.dtype, "tz", None) is not None:
        raise ConfigError(
            where, "dates must be timezone-naive (local calendar days)", values.iloc[0]
        )
    values = values.astype("datetime64[ns]")
    bad = (values != values.dt.normalize()).to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ConfigError(
            where, f"dates must be whole days without a time of day (row {row})", values.iloc[row]
        )
    return values


def _label_column(values: pd.Series, where: str, allowed: tuple[int, ...]) -> pd.Series:
    """Labels as int64, every one in ``allowed``; ``ConfigError`` naming the first bad row."""
    values = values.reset_index(drop=True)
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)
    shown = ", ".join(map(str, allowed))
    extra = " (True/False count as 1/0)" if set(allowed) >= {0, 1} else ""
    missing = values.isna().to_numpy()
    if missing.any():
        raise ConfigError(
            where,
            f"{int(missing.sum())} missing label(s), first at row "
            f"{int(np.flatnonzero(missing)[0])}; every row needs a label in {{{shown}}}",
        )
    if pd.api.types.is_bool_dtype(values.dtype) or pd.api.types.is_numeric_dtype(values.dtype):
        numbers_ = values.to_numpy(dtype=float)
    else:  # object: numbers and bools count, anything else (text "1") does not
        numbers_ = values.map(_number).to_numpy(dtype=float)
    bad = ~np.isin(numbers_, np.array(allowed, dtype=float))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ConfigError(
            where,
            f"labels must be one of {{{shown}}}{extra}; {int(bad.sum())} row(s) are not, "
            f"first at row {row}",
            _plain(values.iloc[row]),
        )
    return pd.Series(numbers_.astype("int64"), name=values.name)


def _number(value: object) -> float:
    """A label value as a float, NaN for anything that is not a number or a bool."""
    if isinstance(value, bool | np.bool_):
        return float(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return float("nan")


def _plain(value: object) -> object:
    """A numpy scalar as the Python value (``2``, not ``np.int64(2)``) for error messages."""
    return value.item() if isinstance(value, np.generic) else value
