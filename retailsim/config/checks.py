"""Small validators shared by the configuration dataclasses.

Each returns the normalised value (``float``, ``int``, ``str``, ``tuple``, ``dict``) or raises
:class:`~retailsim.config.errors.ConfigError` naming the field path, the value and the rule.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import ConfigError


def real(
    path: str,
    value: Any,
    *,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
) -> float:
    """A finite real number within the given bounds."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ConfigError(path, "must be a number", value)
    number = float(value)
    if not math.isfinite(number):
        raise ConfigError(path, "must be finite", value)
    _bounds(path, value, number, gt, ge, lt, le)
    return number


def integer(path: str, value: Any, *, ge: int | None = None, le: int | None = None) -> int:
    """An integer (``bool`` excluded; integral floats such as ``3.0`` are accepted)."""
    if isinstance(value, bool):
        raise ConfigError(path, "must be an integer", value)
    integral = isinstance(value, numbers.Integral)
    if integral or (isinstance(value, numbers.Real) and float(value).is_integer()):
        number = int(value)
    else:
        raise ConfigError(path, "must be an integer", value)
    _bounds(path, value, number, None, ge, None, le)
    return number


def text(path: str, value: Any, *, choices: Iterable[str] | None = None) -> str:
    """A non-empty string, optionally one of ``choices``."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(path, "must be a non-empty string", value)
    if choices is not None:
        allowed = tuple(choices)
        if value not in allowed:
            raise ConfigError(path, "must be one of " + ", ".join(map(repr, allowed)), value)
    return value


def flag(path: str, value: Any) -> bool:
    """A boolean."""
    if not isinstance(value, bool):
        raise ConfigError(path, "must be true or false", value)
    return value


def sequence(path: str, value: Any, *, length: int | None = None, min_length: int = 0) -> tuple:
    """A list or tuple (strings are rejected), returned as a tuple."""
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
        raise ConfigError(path, "must be a list", value)
    items = tuple(value)
    if length is not None and len(items) != length:
        raise ConfigError(path, f"must have exactly {length} entries (got {len(items)})", value)
    if len(items) < min_length:
        raise ConfigError(path, f"must have at least {min_length} entries", value)
    return items


def mapping(path: str, value: Any) -> dict:
    """A mapping with string keys, returned as a new ``dict``."""
    if not isinstance(value, Mapping):
        raise ConfigError(path, "must be a mapping", value)
    for key in value:
        if not isinstance(key, str) or not key:
            raise ConfigError(path, "keys must be non-empty strings", key)
    return dict(value)


def multipliers(path: str, value: Any, *, ge: float = 0.0) -> dict[str, float]:
    """A mapping ``name -> multiplier`` with every multiplier ``>= ge``."""
    return {k: real(f"{path}.{k}", v, ge=ge) for k, v in mapping(path, value).items()}


def unique(path: str, values: Iterable[str], what: str, attr: str | None = None) -> None:
    """Raise when ``values`` holds a duplicate (path ``path[i]`` or ``path[i].attr``)."""
    seen: set[str] = set()
    for i, item in enumerate(values):
        if item in seen:
            where = f"{path}[{i}]" + (f".{attr}" if attr else "")
            raise ConfigError(where, f"duplicate {what}", item)
        seen.add(item)


def known_keys(path: str, keys: Iterable[str], allowed: Iterable[str], what: str) -> None:
    """Raise when a key of a category/slot/state mapping is not one of ``allowed``."""
    allowed_set = tuple(allowed)
    for key in keys:
        if key not in allowed_set:
            listed = ", ".join(allowed_set)
            raise ConfigError(f"{path}.{key}", f"unknown {what}; known: {listed}")


def _bounds(path, value, number, gt, ge, lt, le) -> None:
    if gt is not None and not number > gt:
        raise ConfigError(path, f"must be > {gt}", value)
    if ge is not None and not number >= ge:
        raise ConfigError(path, f"must be >= {ge}", value)
    if lt is not None and not number < lt:
        raise ConfigError(path, f"must be < {lt}", value)
    if le is not None and not number <= le:
        raise ConfigError(path, f"must be <= {le}", value)
