"""Cross-field checks of a ``RetailConfig``: ids unique, references resolvable.

Relations must join known SKUs (no self-loops, no duplicates); category-, holiday-, state-
and slot-keyed tables may only name categories, holidays, states and slots that exist (or
the ``"*"`` default); weekly promotion frequencies sum to at most 1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import checks
from .environment import DEFAULT_KEY
from .errors import ConfigError
from .policies import WEEKLY_PROMO_KINDS

if TYPE_CHECKING:
    from .retail import RetailConfig


def check(cfg: RetailConfig) -> None:
    """Raise ``ConfigError`` for a reference ``cfg`` cannot resolve (path named)."""
    checks.unique("stores", [s.store_id for s in cfg.stores], "store_id", "store_id")
    checks.unique("skus", [s.sku_id for s in cfg.skus], "sku_id", "sku_id")
    ids = set(cfg.sku_ids)
    pairs: set[frozenset[str]] = set()
    for k, rel in enumerate(cfg.relations):
        for end in ("sku_a", "sku_b"):
            if getattr(rel, end) not in ids:
                raise ConfigError(f"relations[{k}].{end}", "unknown sku_id", getattr(rel, end))
        pair = frozenset((rel.sku_a, rel.sku_b))
        if pair in pairs:
            raise ConfigError(f"relations[{k}]", "duplicate relation between the same SKUs")
        pairs.add(pair)
    cats = (*cfg.categories, DEFAULT_KEY)
    slots = cfg.time_slots
    checks.known_keys("time_slots.shares", slots.shares, cats, "category")
    for cat in cfg.categories:
        if not slots.share(cat):
            raise ConfigError(
                "time_slots.shares", f"no entry for category {cat!r} and no '*' default"
            )
    checks.known_keys("seasonality", cfg.seasonality, cats, "category")
    names = {h.name for h in cfg.holidays}
    checks.known_keys("holiday_effects", cfg.holiday_effects, sorted(names), "holiday name")
    for name, table in cfg.holiday_effects.items():
        checks.known_keys(f"holiday_effects.{name}", table, cats, "category")
    for state, table in cfg.weather.effects.items():
        checks.known_keys(f"weather.effects.{state}", table, cats, "category")
    checks.known_keys(
        "weather.temperature_sensitivity",
        cfg.weather.temperature_sensitivity,
        cats,
        "category",
    )
    _check_promotions(cfg)


def _check_promotions(cfg: RetailConfig) -> None:
    checks.unique("promotions", [p.kind for p in cfg.promotions], "promotion kind", "kind")
    for k, promo in enumerate(cfg.promotions):
        for j, slot in enumerate(promo.slots):
            if slot not in cfg.time_slots.names:
                known = ", ".join(cfg.time_slots.names)
                raise ConfigError(
                    f"promotions[{k}].slots[{j}]", f"unknown time slot; known: {known}", slot
                )
    weekly = sum(p.frequency for p in cfg.promotions if p.kind in WEEKLY_PROMO_KINDS)
    if weekly > 1:
        raise ConfigError("promotions", "weekly promotion frequencies must sum to <= 1", weekly)
