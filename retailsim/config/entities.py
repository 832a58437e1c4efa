"""The things a retailer has: stores, SKUs and the relations between SKUs.

Each is a frozen dataclass that validates itself on construction and raises
:class:`~retailsim.config.errors.ConfigError` naming the field, the value and the rule.

Used in: 01_small_data_retail, 05_sandbox_architecture, 14_elasticity_and_turnover.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import checks
from .errors import ConfigError

PRICE_BANDS = ("low", "mid", "high")
RELATION_KINDS = ("substitute", "complement")


@dataclass(frozen=True)
class Store:
    """One store: ``size_factor`` multiplies every SKU's base demand (1.0 = the template store)."""

    store_id: str
    region: str
    size_factor: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "store_id", checks.text("store_id", self.store_id))
        object.__setattr__(self, "region", checks.text("region", self.region))
        size = checks.real("size_factor", self.size_factor, gt=0, le=100)
        object.__setattr__(self, "size_factor", size)


@dataclass(frozen=True)
class SKU:
    """One product with its true demand parameters.

    ``base_demand`` is the mean number of units sold per store-day at ``base_price`` in an
    average week (before slot shares, season, holidays, weather, promotions and noise);
    ``own_elasticity`` is d log demand / d log own price (< 0); ``competitor_sensitivity`` g
    enters demand as ``(competitor_price / base_price) ** g``. ``shelf_life_days`` counts the
    days a unit can be sold including its delivery day; ``case_pack`` is the order multiple.
    """

    sku_id: str
    name: str
    category: str
    price_band: str
    base_price: float
    unit_cost: float
    base_demand: float
    own_elasticity: float
    shelf_life_days: int
    case_pack: int = 1
    competitor_sensitivity: float = 0.0

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "sku_id", checks.text("sku_id", self.sku_id))
        put(self, "name", checks.text("name", self.name))
        put(self, "category", checks.text("category", self.category))
        put(self, "price_band", checks.text("price_band", self.price_band, choices=PRICE_BANDS))
        price = checks.real("base_price", self.base_price, gt=0)
        put(self, "base_price", round(price, 2))
        if self.base_price <= 0:
            raise ConfigError("base_price", "must be >= 0.01 after rounding to cents", price)
        cost = checks.real("unit_cost", self.unit_cost, gt=0)
        if cost >= self.base_price:
            raise ConfigError("unit_cost", f"must be < base_price ({self.base_price})", cost)
        put(self, "unit_cost", cost)
        put(self, "base_demand", checks.real("base_demand", self.base_demand, gt=0, le=1e5))
        put(
            self,
            "own_elasticity",
            checks.real("own_elasticity", self.own_elasticity, lt=0, ge=-10),
        )
        put(self, "shelf_life_days", checks.integer("shelf_life_days", self.shelf_life_days, ge=1))
        put(self, "case_pack", checks.integer("case_pack", self.case_pack, ge=1, le=10_000))
        sensitivity = checks.real(
            "competitor_sensitivity", self.competitor_sensitivity, ge=0, le=10
        )
        put(self, "competitor_sensitivity", sensitivity)


@dataclass(frozen=True)
class Relation:
    """A substitute or complement edge between two SKUs, applied in both directions.

    ``cross_elasticity`` is d log demand(a) / d log price(b) (and the same for b on a):
    > 0 for substitutes (b dearer -> more a), < 0 for complements (b dearer -> less a).
    """

    sku_a: str
    sku_b: str
    relation: str
    cross_elasticity: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "sku_a", checks.text("sku_a", self.sku_a))
        object.__setattr__(self, "sku_b", checks.text("sku_b", self.sku_b))
        kind = checks.text("relation", self.relation, choices=RELATION_KINDS)
        object.__setattr__(self, "relation", kind)
        value = checks.real("cross_elasticity", self.cross_elasticity, ge=-3, le=3)
        if kind == "substitute" and value <= 0:
            raise ConfigError("cross_elasticity", "must be > 0 for a substitute", value)
        if kind == "complement" and value >= 0:
            raise ConfigError("cross_elasticity", "must be < 0 for a complement", value)
        object.__setattr__(self, "cross_elasticity", value)
        if self.sku_a == self.sku_b:
            raise ConfigError("sku_b", "must differ from sku_a (no self-loops)", self.sku_b)
