"""Validators for the decisions layer: each raises ``ConfigError`` (a ``ValueError``) naming the
parameter, the offending value and what is allowed, e.g. ``service_level = 1.2: must be in (0, 1)``.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from retailsim.config import ConfigError


def array(name: str, value: Any) -> np.ndarray:
    """``value`` as a float array of finite numbers."""
    try:
        out = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ConfigError(name, "must be a number or an array of numbers", value) from None
    if not np.isfinite(out).all():
        raise ConfigError(name, "must be finite (no NaN or inf)", _first(out, ~np.isfinite(out)))
    return out


def _first(values: np.ndarray, bad: np.ndarray) -> float:
    return float(values[bad].flat[0]) if values.ndim else float(values)


def bounded(
    name: str,
    value: Any,
    *,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
) -> np.ndarray:
    """A finite float array with every element within the bounds (exclusive ``gt``/``lt``)."""
    out = array(name, value)
    rules = []
    bad = np.zeros(out.shape, dtype=bool)
    if gt is not None:
        bad |= out <= gt
        rules.append(f"> {gt:g}")
    if ge is not None:
        bad |= out < ge
        rules.append(f">= {ge:g}")
    if lt is not None:
        bad |= out >= lt
        rules.append(f"< {lt:g}")
    if bad.any():
        if gt is not None and lt is not None:
            rule = f"must be in ({gt:g}, {lt:g})"
        else:
            rule = "must be " + " and ".join(rules)
        raise ConfigError(name, rule, _first(out, bad))
    return out


def probability(name: str, value: Any) -> np.ndarray:
    """Probabilities strictly inside (0, 1) (service levels, critical ratios, quantile levels)."""
    return bounded(name, value, gt=0.0, lt=1.0)


def integer(name: str, value: Any, *, ge: int) -> int:
    """A Python ``int`` >= ``ge`` (``bool`` refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ConfigError(name, f"must be an integer >= {ge}", value)
    if value < ge:
        raise ConfigError(name, f"must be an integer >= {ge}", value)
    return int(value)


def scalar_or_array(out: np.ndarray) -> float | np.ndarray:
    """A 0-d result as ``float``, anything else unchanged."""
    return float(out) if np.ndim(out) == 0 else out


def multiplier_bounds(lower: Any, upper: Any) -> tuple[float, float]:
    """Price-multiplier bounds with ``0 < lower <= 1 <= upper``."""
    low = float(bounded("lower", lower, gt=0.0))
    high = float(bounded("upper", upper, gt=0.0))
    if not low <= 1.0 <= high:
        raise ConfigError("lower", f"need lower <= 1 <= upper (upper = {upper})", lower)
    return low, high
