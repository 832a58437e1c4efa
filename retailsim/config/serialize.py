"""Plain-data conversion of the configuration dataclasses (dict / YAML round trip).

``build(cls, data, path)`` turns nested dicts and lists into the dataclasses, rejecting
unknown and missing keys with a :class:`ConfigError` that names the key path and lists the
allowed keys; ``to_plain(obj)`` turns them back into YAML-safe dicts, lists, numbers and
ISO date strings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any

from .errors import ConfigError, join_path


@cache
def field_types(cls: type) -> dict[str, Any]:
    """The resolved type annotations of dataclass ``cls``."""
    return typing.get_type_hints(cls)


def build(cls: type, data: Any, path: str = "") -> Any:
    """Build dataclass ``cls`` from the mapping ``data`` (recursively); errors name the path."""
    if isinstance(data, cls):
        return data
    if not isinstance(data, Mapping):
        raise ConfigError(path, f"must be a mapping of {cls.__name__} fields", data)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    for key in data:
        if key not in fields:
            allowed = ", ".join(fields)
            raise ConfigError(join_path(path, str(key)), f"unknown key; allowed keys: {allowed}")
    for name, f in fields.items():
        no_default = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if no_default and name not in data:
            raise ConfigError(join_path(path, name), "missing required key")
    hints = field_types(cls)
    kwargs = {
        name: convert(hints[name], value, join_path(path, name)) for name, value in data.items()
    }
    try:
        return cls(**kwargs)
    except ConfigError as err:
        raise err.prefixed(path) from None


def convert(tp: Any, value: Any, path: str) -> Any:
    """Convert plain data ``value`` to the annotated type ``tp`` (builds dataclasses, makes
    tuples of lists)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if dataclasses.is_dataclass(tp):
        return build(tp, value, path)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return convert(inner[0], value, path) if len(inner) == 1 else value
    if origin is tuple and isinstance(value, list | tuple):
        return tuple(convert(args[0], v, f"{path}[{i}]") for i, v in enumerate(value))
    if origin is dict and isinstance(value, Mapping):
        return {k: convert(args[1], v, join_path(path, str(k))) for k, v in value.items()}
    return value


def to_plain(obj: Any) -> Any:
    """Dataclasses, tuples, dicts and dates as YAML-safe plain Python data."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.init}
    if isinstance(obj, Mapping):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_plain(v) for v in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj
