"""The one exception type of the configuration layer.

Every invalid parameter raises :class:`ConfigError`, a ``ValueError`` whose message names the
field path, the offending value and what is allowed, for example::

    skus[3].own_elasticity = 0.5: must be < 0

Used in: 05_sandbox_architecture (invalid settings give clear errors), the ``retailsim`` CLI.
"""

from __future__ import annotations

_NO_VALUE = object()


def join_path(prefix: str, path: str) -> str:
    """Join a parent path and a child path: ``join_path("skus[3]", "name") == "skus[3].name"``."""
    if not prefix:
        return path
    if not path:
        return prefix
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


class ConfigError(ValueError):
    """An invalid configuration value, named by its field path.

    ``path`` is the dotted field path (``"inventory.lead_time_days"``), ``rule`` says what is
    allowed, ``value`` is the rejected value (absent for problems such as a missing key).
    """

    def __init__(self, path: str, rule: str, value: object = _NO_VALUE) -> None:
        self.path = path
        self.rule = rule
        self.value = value
        shown = path or "config"
        if value is _NO_VALUE:
            message = f"{shown}: {rule}"
        else:
            message = f"{shown} = {_short_repr(value)}: {rule}"
        super().__init__(message)

    def prefixed(self, prefix: str) -> ConfigError:
        """The same error with ``prefix`` put in front of its path."""
        return ConfigError(join_path(prefix, self.path), self.rule, self.value)


def _short_repr(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
