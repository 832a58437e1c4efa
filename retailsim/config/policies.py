"""What the retailer does: promotions, regular price moves and replenishment.

Used in: 03_retail_kpis, 04_dynamic_features (price band x promotion x slot),
05_sandbox_architecture, 14_elasticity_and_turnover.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import checks

PROMO_KINDS = ("discount", "bogo", "display", "markdown")
WEEKLY_PROMO_KINDS = ("discount", "bogo", "display")


@dataclass(frozen=True)
class PromotionType:
    """One kind of promotion.

    ``price_multiplier`` scales the effective unit price (bogo 0.5 = buy one get one free),
    ``lift`` multiplies demand on top of the price effect (signage, display space).
    Weekly kinds (discount, bogo, display): a store-SKU runs the kind for a whole week with
    probability ``frequency``. ``markdown`` is the evening markdown of perishables: on a day
    when some stock expires, the store marks the SKU down in ``slots`` with probability
    ``frequency``. ``slots`` empty = every slot; ``max_shelf_life_days`` restricts the kind to
    SKUs with at most that shelf life (``None`` = all SKUs).
    """

    kind: str
    price_multiplier: float
    lift: float = 1.0
    frequency: float = 0.05
    slots: tuple[str, ...] = ()
    max_shelf_life_days: int | None = None

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "kind", checks.text("kind", self.kind, choices=PROMO_KINDS))
        mult = checks.real("price_multiplier", self.price_multiplier, gt=0, le=1)
        put(self, "price_multiplier", mult)
        put(self, "lift", checks.real("lift", self.lift, gt=0, le=10))
        put(self, "frequency", checks.real("frequency", self.frequency, ge=0, le=1))
        slots = checks.sequence("slots", self.slots)
        put(self, "slots", tuple(checks.text(f"slots[{k}]", s) for k, s in enumerate(slots)))
        if self.max_shelf_life_days is not None:
            days = checks.integer("max_shelf_life_days", self.max_shelf_life_days, ge=1)
            put(self, "max_shelf_life_days", days)


@dataclass(frozen=True)
class PriceChanges:
    """Occasional regular shelf-price moves (they make own elasticity identifiable).

    Every ``period_days`` days each store-SKU, with probability ``probability``, gets a new
    regular price ``base_price * m`` with ``m`` drawn uniformly from ``grid``.
    """

    period_days: int = 28
    probability: float = 0.3
    grid: tuple[float, ...] = (0.9, 0.95, 1.0, 1.05, 1.1)

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "period_days", checks.integer("period_days", self.period_days, ge=1))
        put(self, "probability", checks.real("probability", self.probability, ge=0, le=1))
        grid = checks.sequence("grid", self.grid, min_length=1)
        put(
            self,
            "grid",
            tuple(checks.real(f"grid[{k}]", m, ge=0.2, le=5) for k, m in enumerate(grid)),
        )


@dataclass(frozen=True)
class Inventory:
    """Periodic-review order-up-to replenishment, per store-SKU.

    Every ``review_period_days`` (``fresh_review_period_days`` for SKUs whose shelf life is at
    most ``fresh_shelf_life_days``) the store orders up to
    ``S = ceil(cover * mu / case_pack) * case_pack`` with ``mu = base_demand * size_factor``
    (expected daily units at base price) and ``cover = cover_days`` (``fresh_cover_days``): the
    days of demand the stock should cover *after the order arrives* (review period + safety).
    The order is ``S`` minus the projected sellable stock at arrival (units on hand and on order
    still within shelf life then, less the expected demand until then), rounded up to whole
    cases; it arrives at the start of the day ``lead_time_days`` later (0 = the same morning).
    Initial stock = ``initial_stock_factor * S`` (all fresh).
    """

    review_period_days: int = 3
    lead_time_days: int = 1
    cover_days: float = 4.0
    fresh_shelf_life_days: int = 3
    fresh_review_period_days: int = 1
    fresh_cover_days: float = 1.2
    initial_stock_factor: float = 1.0

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(
            self,
            "review_period_days",
            checks.integer("review_period_days", self.review_period_days, ge=1, le=90),
        )
        put(
            self,
            "lead_time_days",
            checks.integer("lead_time_days", self.lead_time_days, ge=0, le=60),
        )
        put(self, "cover_days", checks.real("cover_days", self.cover_days, gt=0, le=365))
        put(
            self,
            "fresh_shelf_life_days",
            checks.integer("fresh_shelf_life_days", self.fresh_shelf_life_days, ge=0),
        )
        fresh_review = checks.integer(
            "fresh_review_period_days", self.fresh_review_period_days, ge=1, le=90
        )
        put(self, "fresh_review_period_days", fresh_review)
        put(
            self,
            "fresh_cover_days",
            checks.real("fresh_cover_days", self.fresh_cover_days, gt=0, le=365),
        )
        factor = checks.real("initial_stock_factor", self.initial_stock_factor, ge=0, le=100)
        put(self, "initial_stock_factor", factor)
