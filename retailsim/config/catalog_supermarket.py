"""The supermarket world: one neighbourhood supermarket, 36 SKUs, two slots 上午/下午晚间.

A wider assortment with larger base demand, more promotions, weekend peaks and holiday
stock-up (春节, 中秋, 国庆); fresh produce and meat with short shelf lives. Expected share of
zero-sale rows: 0.20-0.45 at 5,000 rows (see ``presets``).

Used in: 05_sandbox_architecture (便利店 vs 商超), 14_elasticity_and_turnover.
"""

from __future__ import annotations

from .entities import SKU, Relation, Store
from .environment import Competitor, Seasonality, TimeSlots, Weather
from .policies import Inventory, PriceChanges, PromotionType

# sku_id, name, category, price_band, base_price, unit_cost, base_demand (units/day),
# own_elasticity, shelf_life_days, case_pack, competitor_sensitivity
SKU_TABLE = (
    ("M01", "香蕉500g", "生鲜果蔬", "low", 4.9, 3.0, 22.0, -1.4, 5, 10, 0.5),
    ("M02", "苹果1kg", "生鲜果蔬", "mid", 12.9, 8.0, 12.0, -1.5, 14, 6, 0.6),
    ("M03", "西红柿500g", "生鲜果蔬", "low", 4.5, 2.7, 15.0, -1.3, 5, 10, 0.5),
    ("M04", "黄瓜500g", "生鲜果蔬", "low", 3.9, 2.3, 12.0, -1.3, 4, 10, 0.5),
    ("M05", "生菜", "生鲜果蔬", "low", 3.5, 2.0, 9.0, -1.2, 3, 10, 0.4),
    ("M06", "五花肉500g", "肉禽蛋", "high", 19.9, 14.0, 10.0, -1.6, 3, 5, 0.8),
    ("M07", "鸡胸肉500g", "肉禽蛋", "mid", 12.9, 8.5, 8.0, -1.5, 3, 5, 0.7),
    ("M08", "鲜鸡蛋10枚", "肉禽蛋", "mid", 11.9, 8.5, 14.0, -1.0, 21, 6, 0.9),
    ("M09", "鲜牛奶1L", "乳品", "mid", 13.9, 9.5, 10.0, -1.2, 7, 6, 0.8),
    ("M10", "酸奶4连杯", "乳品", "mid", 9.9, 6.2, 11.0, -1.4, 14, 6, 0.6),
    ("M11", "纯牛奶24盒", "乳品", "high", 59.0, 42.0, 3.0, -1.8, 180, 1, 1.2),
    ("M12", "切片吐司", "烘焙", "mid", 9.9, 5.5, 7.0, -1.3, 4, 4, 0.4),
    ("M13", "大米5kg", "粮油", "high", 39.9, 30.0, 4.0, -0.9, 365, 4, 1.2),
    ("M14", "花生油5L", "粮油", "high", 89.9, 70.0, 1.5, -1.2, 540, 4, 1.5),
    ("M15", "挂面1kg", "粮油", "low", 7.9, 5.0, 4.0, -1.0, 365, 10, 0.6),
    ("M16", "生抽500ml", "调味品", "low", 9.9, 6.0, 3.5, -0.8, 540, 12, 0.5),
    ("M17", "矿泉水24瓶", "饮料", "mid", 29.9, 20.0, 4.0, -1.6, 365, 1, 1.2),
    ("M18", "可乐2L", "饮料", "low", 7.5, 4.8, 7.0, -1.7, 365, 6, 1.0),
    ("M19", "橙汁1L", "饮料", "mid", 12.9, 8.0, 4.0, -1.5, 270, 6, 0.8),
    ("M20", "啤酒6罐", "酒水", "mid", 24.9, 16.5, 5.0, -1.6, 365, 4, 1.0),
    ("M21", "白酒500ml", "酒水", "high", 129.0, 85.0, 0.6, -1.1, 1000, 6, 0.8),
    ("M22", "薯片大包", "零食", "mid", 12.9, 7.8, 5.0, -1.9, 240, 10, 0.7),
    ("M23", "饼干礼盒", "零食", "high", 39.9, 24.0, 1.0, -1.4, 365, 4, 0.6),
    ("M24", "混合坚果", "零食", "high", 49.9, 32.0, 1.2, -1.6, 240, 6, 0.7),
    ("M25", "速冻水饺1kg", "冷冻", "mid", 24.9, 16.0, 5.0, -1.5, 180, 6, 0.8),
    ("M26", "速冻汤圆", "冷冻", "mid", 15.9, 9.8, 2.5, -1.6, 180, 8, 0.6),
    ("M27", "家庭装冰淇淋", "冰品", "mid", 29.9, 18.0, 3.0, -2.0, 365, 6, 0.5),
    ("M28", "洗衣液3kg", "日化", "high", 39.9, 26.0, 2.5, -1.8, 1000, 4, 1.3),
    ("M29", "洗发水", "日化", "high", 45.9, 28.0, 1.2, -1.6, 1000, 6, 1.0),
    ("M30", "卷纸10卷", "日化", "mid", 29.9, 19.0, 4.0, -1.7, 1000, 6, 1.2),
    ("M31", "牙膏", "日化", "mid", 12.9, 7.5, 2.0, -1.4, 1000, 12, 0.8),
    ("M32", "垃圾袋", "日化", "low", 9.9, 5.5, 1.8, -1.0, 1000, 20, 0.5),
    ("M33", "三文鱼刺身", "肉禽蛋", "high", 39.9, 26.0, 1.5, -2.0, 1, 2, 0.4),
    ("M34", "葡萄500g", "生鲜果蔬", "mid", 14.9, 9.5, 6.0, -1.8, 4, 6, 0.6),
    ("M35", "月饼礼盒", "节令", "high", 128.0, 70.0, 0.3, -1.2, 30, 4, 0.5),
    ("M36", "电池4粒", "日化", "mid", 14.9, 8.5, 0.8, -0.9, 1000, 10, 0.4),
)

RELATION_TABLE = (
    ("M01", "M02", "substitute", 0.3),
    ("M01", "M34", "substitute", 0.25),
    ("M03", "M04", "substitute", 0.2),
    ("M06", "M07", "substitute", 0.5),
    ("M09", "M10", "substitute", 0.2),
    ("M09", "M11", "substitute", 0.3),
    ("M18", "M19", "substitute", 0.3),
    ("M20", "M21", "substitute", 0.2),
    ("M22", "M24", "substitute", 0.3),
    ("M25", "M26", "substitute", 0.3),
    ("M13", "M14", "complement", -0.15),
    ("M06", "M16", "complement", -0.2),
    ("M25", "M16", "complement", -0.15),
    ("M22", "M18", "complement", -0.2),
    ("M20", "M22", "complement", -0.2),
)

SLOTS = TimeSlots(
    names=("上午", "下午晚间"),
    shares={
        "生鲜果蔬": (0.55, 0.45),
        "肉禽蛋": (0.55, 0.45),
        "乳品": (0.50, 0.50),
        "酒水": (0.30, 0.70),
        "零食": (0.35, 0.65),
        "*": (0.40, 0.60),
    },
)

WEEKLY = (0.88, 0.85, 0.87, 0.92, 1.05, 1.25, 1.18)  # Mon..Sun: weekend shopping trips

SEASONALITY = {
    "冰品": Seasonality(0.65, 200),
    "饮料": Seasonality(0.3, 205),
    "酒水": Seasonality(0.3, 210),
    "冷冻": Seasonality(0.2, 20),
    "生鲜果蔬": Seasonality(0.1, 180),
}

HOLIDAY_EFFECTS = {  # families stock up before and during the long holidays
    "元旦": {"*": 1.15},
    "春节": {"*": 1.3, "零食": 2.0, "酒水": 2.5, "肉禽蛋": 1.6, "饮料": 1.6, "粮油": 1.3},
    "清明": {"*": 1.0},
    "劳动节": {"*": 1.15},
    "端午": {"*": 1.1},
    "中秋": {"*": 1.2, "节令": 12.0, "酒水": 1.5},
    "国庆": {"*": 1.25, "酒水": 1.6},
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
        "雨": {"*": 0.8, "生鲜果蔬": 0.85},
        "高温": {"饮料": 1.2, "冰品": 1.35, "酒水": 1.2},
        "寒冷": {"*": 0.9, "冷冻": 1.1, "冰品": 0.6},
    },
    temperature_sensitivity={"饮料": 0.15, "冰品": 0.35, "酒水": 0.12, "冷冻": -0.05},
)

PROMOTIONS = (
    PromotionType("discount", 0.8, lift=1.15, frequency=0.10),
    PromotionType("bogo", 0.5, lift=1.1, frequency=0.04),
    PromotionType("display", 1.0, lift=1.5, frequency=0.08),
    PromotionType(
        "markdown", 0.5, lift=1.0, frequency=0.9, slots=("下午晚间",), max_shelf_life_days=3
    ),
)


def parts() -> dict:
    """The keyword arguments of the supermarket ``RetailConfig`` (one template store)."""
    return {
        "format": "supermarket",
        "stores": (Store("S001", "华东", 1.0),),
        "skus": tuple(SKU(*row) for row in SKU_TABLE),
        "relations": tuple(Relation(*row) for row in RELATION_TABLE),
        "time_slots": SLOTS,
        "weekly_profile": WEEKLY,
        "seasonality": SEASONALITY,
        "holiday_effects": HOLIDAY_EFFECTS,
        "weather": WEATHER,
        "competitor": Competitor(ar_coefficient=0.9, volatility=0.06, promo_probability=0.08),
        "promotions": PROMOTIONS,
        "price_changes": PriceChanges(period_days=28, probability=0.3),
        "dispersion": 2.5,
        "inventory": Inventory(review_period_days=3, lead_time_days=2, cover_days=5.0),
    }
