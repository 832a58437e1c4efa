"""The convenience-store world: one commuter-area store, 24 SKUs, three slots 早/午/晚.

Many perishables (鲜食 shelf life 1-2 days, 面包 3, 乳品 7-10), weekday/commuter peaks,
small base demand and several long-tail SKUs (base_demand < 0.5 units/day), so most
SKU-slots sell nothing. Expected share of zero-sale rows: 0.60-0.82 at 5,000 rows (see ``presets``).

Used in: 01_small_data_retail, 05_sandbox_architecture (便利店 vs 商超).
"""

from __future__ import annotations

from .entities import SKU, Relation, Store
from .environment import Competitor, Seasonality, TimeSlots, Weather
from .policies import Inventory, PriceChanges, PromotionType

# sku_id, name, category, price_band, base_price, unit_cost, base_demand (units/day),
# own_elasticity, shelf_life_days, case_pack, competitor_sensitivity
SKU_TABLE = (
    ("C01", "金枪鱼饭团", "鲜食", "mid", 6.5, 3.9, 3.0, -1.8, 1, 1, 0.3),
    ("C02", "照烧鸡腿饭团", "鲜食", "mid", 7.5, 4.5, 2.2, -1.9, 1, 1, 0.3),
    ("C03", "鸡肉便当", "鲜食", "high", 18.0, 11.5, 1.8, -1.6, 1, 1, 0.4),
    ("C04", "火腿三明治", "鲜食", "mid", 9.9, 6.0, 1.5, -1.7, 2, 1, 0.3),
    ("C05", "鸡蛋三明治", "鲜食", "mid", 8.9, 5.3, 1.0, -1.8, 2, 1, 0.3),
    ("C06", "菠萝包", "面包", "low", 5.5, 3.0, 1.6, -1.5, 3, 4, 0.2),
    ("C07", "肉松面包", "面包", "mid", 6.5, 3.6, 1.3, -1.5, 3, 4, 0.2),
    ("C08", "全麦吐司", "面包", "mid", 12.0, 7.0, 0.6, -1.3, 3, 2, 0.3),
    ("C09", "纯牛奶250ml", "乳品", "low", 3.5, 2.3, 2.5, -1.2, 10, 6, 0.5),
    ("C10", "原味酸奶", "乳品", "mid", 5.9, 3.5, 1.8, -1.3, 7, 4, 0.4),
    ("C11", "鲜牛奶950ml", "乳品", "high", 15.8, 10.5, 0.5, -1.1, 7, 2, 0.6),
    ("C12", "矿泉水550ml", "饮料", "low", 2.0, 0.9, 6.0, -0.7, 365, 12, 0.8),
    ("C13", "可乐330ml", "饮料", "low", 3.5, 1.9, 3.5, -1.4, 365, 12, 1.0),
    ("C14", "雪碧330ml", "饮料", "low", 3.5, 1.9, 2.0, -1.5, 365, 12, 1.0),
    ("C15", "冰红茶500ml", "饮料", "low", 3.5, 1.8, 2.5, -1.3, 270, 15, 0.9),
    ("C16", "瓶装拿铁", "饮料", "mid", 8.0, 4.6, 1.0, -1.7, 180, 12, 0.7),
    ("C17", "薯片70g", "零食", "mid", 7.5, 4.2, 0.9, -1.9, 240, 10, 0.8),
    ("C18", "巧克力棒", "零食", "mid", 6.0, 3.4, 0.45, -2.1, 300, 12, 0.6),
    ("C19", "口香糖", "零食", "mid", 10.0, 5.5, 0.35, -0.9, 540, 12, 0.3),
    ("C20", "冰淇淋甜筒", "冰品", "mid", 6.0, 3.0, 1.2, -2.0, 365, 10, 0.5),
    ("C21", "桶装方便面", "方便食品", "mid", 5.5, 3.2, 1.0, -1.3, 180, 12, 0.7),
    ("C22", "火腿肠", "方便食品", "low", 2.5, 1.4, 0.8, -1.5, 180, 10, 0.5),
    ("C23", "手帕纸10包", "日用品", "mid", 8.9, 5.0, 0.3, -0.8, 1000, 6, 0.4),
    ("C24", "折叠雨伞", "雨具", "high", 25.0, 12.0, 0.12, -0.4, 1000, 5, 0.1),
)

# sku_a, sku_b, relation, cross_elasticity (applied in both directions)
RELATION_TABLE = (
    ("C01", "C02", "substitute", 0.5),
    ("C01", "C03", "substitute", 0.25),
    ("C04", "C05", "substitute", 0.6),
    ("C06", "C07", "substitute", 0.4),
    ("C09", "C10", "substitute", 0.2),
    ("C13", "C14", "substitute", 0.8),
    ("C12", "C15", "substitute", 0.3),
    ("C17", "C18", "substitute", 0.3),
    ("C21", "C22", "complement", -0.4),
    ("C08", "C11", "complement", -0.2),
    ("C16", "C06", "complement", -0.15),
    ("C17", "C13", "complement", -0.15),
)

SLOTS = TimeSlots(
    names=("早", "午", "晚"),
    shares={
        "鲜食": (0.35, 0.45, 0.20),
        "面包": (0.55, 0.25, 0.20),
        "乳品": (0.50, 0.25, 0.25),
        "饮料": (0.25, 0.45, 0.30),
        "零食": (0.15, 0.40, 0.45),
        "冰品": (0.10, 0.50, 0.40),
        "方便食品": (0.15, 0.35, 0.50),
        "*": (0.30, 0.35, 0.35),
    },
)

WEEKLY = (1.08, 1.06, 1.05, 1.06, 1.10, 0.85, 0.80)  # Mon..Sun: commuters on weekdays

SEASONALITY = {
    "冰品": Seasonality(0.6, 200),
    "饮料": Seasonality(0.25, 205),
    "方便食品": Seasonality(0.15, 15),
    "鲜食": Seasonality(0.05, 280),
    "雨具": Seasonality(0.3, 190),
}

HOLIDAY_EFFECTS = {  # an office/commuter area empties on long holidays
    "元旦": {"*": 0.9},
    "春节": {"*": 0.55, "零食": 0.8, "饮料": 0.7},
    "清明": {"*": 0.95},
    "劳动节": {"*": 0.85},
    "端午": {"*": 0.95},
    "中秋": {"*": 0.9},
    "国庆": {"*": 0.8, "饮料": 0.9},
}

WEATHER = Weather(
    region_offsets_c={
        "华东": 0.0,
        "华南": 6.0,
        "华北": -4.0,
        "西南": 1.0,
        "华中": 0.5,
        "西北": -3.0,
        "东北": -8.0,
    },
    effects={
        "雨": {"*": 0.85, "雨具": 8.0, "方便食品": 1.1},
        "高温": {"饮料": 1.15, "冰品": 1.3, "鲜食": 0.95, "方便食品": 0.85},
        "寒冷": {"*": 0.95, "冰品": 0.6, "方便食品": 1.2},
    },
    temperature_sensitivity={"饮料": 0.12, "冰品": 0.35, "方便食品": -0.12},
)

PROMOTIONS = (
    PromotionType("discount", 0.85, lift=1.1, frequency=0.06),
    PromotionType("bogo", 0.5, lift=1.05, frequency=0.02),
    PromotionType("display", 1.0, lift=1.3, frequency=0.04),
    PromotionType("markdown", 0.7, lift=1.0, frequency=0.8, slots=("晚",), max_shelf_life_days=3),
)


def parts() -> dict:
    """The keyword arguments of the convenience-store ``RetailConfig`` (one template store)."""
    return {
        "format": "convenience_store",
        "stores": (Store("S001", "华东", 1.0),),
        "skus": tuple(SKU(*row) for row in SKU_TABLE),
        "relations": tuple(Relation(*row) for row in RELATION_TABLE),
        "time_slots": SLOTS,
        "weekly_profile": WEEKLY,
        "seasonality": SEASONALITY,
        "holiday_effects": HOLIDAY_EFFECTS,
        "weather": WEATHER,
        "competitor": Competitor(ar_coefficient=0.9, volatility=0.05, promo_probability=0.04),
        "promotions": PROMOTIONS,
        "price_changes": PriceChanges(period_days=28, probability=0.25),
        "dispersion": 1.2,
        "inventory": Inventory(review_period_days=2, lead_time_days=1, cover_days=4.0),
    }
