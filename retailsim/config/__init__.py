"""Validated parameters of a simulated retail world, and the named presets.

This layer imports nothing from the other ``retailsim`` layers.

Used in: 05_sandbox_architecture, and every chapter that calls ``preset``.
"""

from .entities import PRICE_BANDS, RELATION_KINDS, SKU, Relation, Store
from .environment import Competitor, Holiday, Seasonality, TimeSlots, Weather
from .errors import ConfigError
from .holidays import chinese_holidays
from .policies import PROMO_KINDS, Inventory, PriceChanges, PromotionType
from .presets import PRESETS, Preset, preset
from .retail import FORMATS, RetailConfig

__all__ = [
    "FORMATS",
    "PRESETS",
    "PRICE_BANDS",
    "PROMO_KINDS",
    "RELATION_KINDS",
    "SKU",
    "Competitor",
    "ConfigError",
    "Holiday",
    "Inventory",
    "Preset",
    "PriceChanges",
    "PromotionType",
    "Relation",
    "RetailConfig",
    "Seasonality",
    "Store",
    "TimeSlots",
    "Weather",
    "chinese_holidays",
    "preset",
]
