"""``RetailConfig``: every parameter of one simulated retail world, validated on construction.

A config is a frozen dataclass; ``replace`` returns a new validated config, ``to_dict`` /
``from_dict`` and ``to_yaml`` / ``from_yaml`` round-trip it through plain data. Unknown keys,
wrong types and out-of-range values raise :class:`ConfigError` naming the field path, e.g.
``skus[3].own_elasticity = 0.5: must be < 0``.

Used in: 05_sandbox_architecture (configuration interface), 12_lab2_four_step_sandbox.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import checks, references, scaling, serialize
from .entities import SKU, Relation, Store
from .environment import (
    DEFAULT_KEY,
    Competitor,
    Holiday,
    Seasonality,
    TimeSlots,
    Weather,
    parse_date,
)
from .errors import ConfigError
from .policies import Inventory, PriceChanges, PromotionType

FORMATS = ("convenience_store", "supermarket")
SCALING_KEYS = ("rows", "n_stores", "n_skus")


def _one_slot() -> TimeSlots:
    return TimeSlots(names=("全天",), shares={DEFAULT_KEY: (1.0,)})


@dataclass(frozen=True)
class RetailConfig:
    """All parameters of a simulated retail world (stores x SKUs x days x time slots).

    Rows per day = ``n_stores * n_skus * n_slots``; the observed frame has
    ``rows_per_day * n_days`` rows. Category-keyed mappings (``seasonality``,
    ``holiday_effects[name]``, ``weather.effects[state]``, ``time_slots.shares``) accept
    ``"*"`` as the default for unlisted categories. ``max_days`` caps ``n_days`` and is the
    horizon used when a preset is scaled to a number of rows.
    """

    format: str
    stores: tuple[Store, ...]
    skus: tuple[SKU, ...]
    relations: tuple[Relation, ...] = ()
    time_slots: TimeSlots = field(default_factory=_one_slot)
    start_date: dt.date = dt.date(2024, 1, 1)
    n_days: int = 70
    weekly_profile: tuple[float, ...] = (1.0,) * 7
    seasonality: dict[str, Seasonality] = field(default_factory=dict)
    holidays: tuple[Holiday, ...] = ()
    holiday_effects: dict[str, dict[str, float]] = field(default_factory=dict)
    weather: Weather = field(default_factory=Weather)
    competitor: Competitor = field(default_factory=Competitor)
    promotions: tuple[PromotionType, ...] = ()
    price_changes: PriceChanges = field(default_factory=PriceChanges)
    dispersion: float = 1.5
    inventory: Inventory = field(default_factory=Inventory)
    seed: int = 0
    max_days: int = 728

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "format", checks.text("format", self.format, choices=FORMATS))
        put(self, "stores", _items("stores", self.stores, Store))
        put(self, "skus", _items("skus", self.skus, SKU))
        put(self, "relations", _items("relations", self.relations, Relation, min_length=0))
        _instance("time_slots", self.time_slots, TimeSlots)
        put(self, "start_date", parse_date("start_date", self.start_date))
        put(self, "max_days", checks.integer("max_days", self.max_days, ge=1, le=20_000))
        put(self, "n_days", checks.integer("n_days", self.n_days, ge=1))
        if self.n_days > self.max_days:
            raise ConfigError("n_days", f"must be <= max_days ({self.max_days})", self.n_days)
        weekly = checks.sequence("weekly_profile", self.weekly_profile, length=7)
        weekly = tuple(
            checks.real(f"weekly_profile[{k}]", w, gt=0, le=10) for k, w in enumerate(weekly)
        )
        put(self, "weekly_profile", weekly)
        season = checks.mapping("seasonality", self.seasonality)
        for key, value in season.items():
            _instance(f"seasonality.{key}", value, Seasonality)
        put(self, "seasonality", season)
        put(self, "holidays", _items("holidays", self.holidays, Holiday, min_length=0))
        effects = {
            name: checks.multipliers(f"holiday_effects.{name}", table)
            for name, table in checks.mapping("holiday_effects", self.holiday_effects).items()
        }
        put(self, "holiday_effects", effects)
        _instance("weather", self.weather, Weather)
        _instance("competitor", self.competitor, Competitor)
        put(self, "promotions", _items("promotions", self.promotions, PromotionType, min_length=0))
        _instance("price_changes", self.price_changes, PriceChanges)
        put(self, "dispersion", checks.real("dispersion", self.dispersion, gt=0, le=1000))
        _instance("inventory", self.inventory, Inventory)
        put(self, "seed", checks.integer("seed", self.seed, ge=0, le=2**63 - 1))
        references.check(self)

    # ----------------------------------------------------------------- derived sizes
    @property
    def n_stores(self) -> int:
        """Number of stores."""
        return len(self.stores)

    @property
    def n_skus(self) -> int:
        """Number of SKUs."""
        return len(self.skus)

    @property
    def n_slots(self) -> int:
        """Number of intraday time slots."""
        return len(self.time_slots.names)

    @property
    def rows_per_day(self) -> int:
        """Observed rows per day: ``n_stores * n_skus * n_slots``."""
        return self.n_stores * self.n_skus * self.n_slots

    @property
    def n_rows(self) -> int:
        """Observed rows of ``simulate(self)``: ``rows_per_day * n_days``."""
        return self.rows_per_day * self.n_days

    @property
    def sku_ids(self) -> tuple[str, ...]:
        """SKU ids in catalogue order."""
        return tuple(s.sku_id for s in self.skus)

    @property
    def store_ids(self) -> tuple[str, ...]:
        """Store ids in configuration order."""
        return tuple(s.store_id for s in self.stores)

    @property
    def categories(self) -> tuple[str, ...]:
        """Categories in order of first appearance in the catalogue."""
        return tuple(dict.fromkeys(s.category for s in self.skus))

    # ----------------------------------------------------------------- copies and I/O
    def replace(self, **changes: Any) -> RetailConfig:
        """A new validated config with ``changes`` applied.

        Besides the fields, accepts ``rows`` (rescale days/stores as :func:`preset` does),
        ``n_stores`` (clone or drop stores) and ``n_skus`` (add catalogue variants or keep a
        category-balanced subset). A dict given for a nested dataclass field (e.g.
        ``inventory={"lead_time_days": 2}``) updates only the keys it names.
        """
        allowed = [f.name for f in dataclasses.fields(self)] + list(SCALING_KEYS)
        for key in changes:
            if key not in allowed:
                raise ConfigError(key, "unknown setting; allowed: " + ", ".join(allowed))
        scale = {k: changes.pop(k) for k in SCALING_KEYS if k in changes}
        hints = serialize.field_types(type(self))
        plain = {}
        for key, value in changes.items():
            current = getattr(self, key)
            if dataclasses.is_dataclass(current) and isinstance(value, Mapping):
                value = {**serialize.to_plain(current), **value}
            plain[key] = serialize.convert(hints[key], value, key)
        cfg = dataclasses.replace(self, **plain) if plain else self
        if "n_skus" in scale:
            cfg = scaling.with_n_skus(cfg, checks.integer("n_skus", scale["n_skus"], ge=1))
        if "n_stores" in scale:
            cfg = scaling.with_n_stores(cfg, checks.integer("n_stores", scale["n_stores"], ge=1))
        if "rows" in scale:
            if "n_days" in plain:
                raise ConfigError("rows", "give either rows or n_days, not both", scale["rows"])
            cfg = scaling.with_rows(cfg, checks.integer("rows", scale["rows"], ge=1))
        return cfg

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RetailConfig:
        """Build and validate a config from plain data (as produced by :meth:`to_dict`)."""
        return serialize.build(cls, data)

    def to_dict(self) -> dict[str, Any]:
        """The config as plain YAML/JSON-safe data (dates as ISO strings)."""
        return serialize.to_plain(self)

    @classmethod
    def from_yaml(cls, path: str | Path) -> RetailConfig:
        """Read a config written by :meth:`to_yaml` (or edited by hand)."""
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except OSError as err:
            raise ConfigError(
                "config file", f"cannot be read ({err.strerror})", str(path)
            ) from None
        except yaml.YAMLError as err:
            first = str(err).splitlines()[0] if str(err) else "invalid YAML"
            raise ConfigError("config file", f"is not valid YAML ({first})", str(path)) from None
        return cls.from_dict(data)

    def to_yaml(self, path: str | Path | None = None) -> str:
        """The config as YAML text; also written to ``path`` when given."""
        text = yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False, width=100)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text


def _items(path: str, value: Any, cls: type, min_length: int = 1) -> tuple:
    items = checks.sequence(path, value, min_length=min_length)
    for k, item in enumerate(items):
        _instance(f"{path}[{k}]", item, cls)
    return items


def _instance(path: str, value: Any, cls: type) -> None:
    if not isinstance(value, cls):
        raise ConfigError(
            path, f"must be a {cls.__name__} (use RetailConfig.from_dict for plain data)", value
        )
