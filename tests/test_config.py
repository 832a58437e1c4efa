"""Configuration layer: presets, scaling, round trips and validation errors that name the field."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import math

import pytest

from retailsim import PRESETS, SKU, ConfigError, RetailConfig, preset
from retailsim.config import chinese_holidays


@pytest.fixture(scope="module")
def conv() -> RetailConfig:
    return preset("convenience_store", rows=5000, seed=7)


def test_preset_sizes_are_as_documented(conv):
    assert (conv.n_stores, conv.n_skus, conv.n_slots, conv.rows_per_day) == (1, 24, 3, 72)
    assert conv.n_days == math.ceil(5000 / 72) == 70
    assert conv.n_rows >= 5000 and conv.n_rows - 5000 < conv.rows_per_day
    sup = preset("supermarket", rows=5000)
    assert (sup.n_stores, sup.n_skus, sup.n_slots, sup.rows_per_day) == (1, 36, 2, 72)
    assert sup.time_slots.names == ("上午", "下午晚间")
    assert conv.time_slots.names == ("早", "午", "晚")


def test_convenience_catalogue_is_perishable_with_long_tail(conv):
    fresh = [s for s in conv.skus if s.category == "鲜食"]
    assert fresh and all(s.shelf_life_days in (1, 2) for s in fresh)
    assert all(s.shelf_life_days == 3 for s in conv.skus if s.category == "面包")
    assert all(7 <= s.shelf_life_days <= 10 for s in conv.skus if s.category == "乳品")
    assert sum(s.base_demand < 0.5 for s in conv.skus) >= 3
    sup = preset("supermarket")
    assert (
        sum(s.base_demand for s in sup.skus) / sup.n_skus
        > 2 * sum(s.base_demand for s in conv.skus) / conv.n_skus
    )
    assert sum(p.frequency for p in sup.promotions) > sum(p.frequency for p in conv.promotions)
    assert sup.weekly_profile[5] > sup.weekly_profile[0]  # weekend peak
    assert conv.weekly_profile[0] > conv.weekly_profile[5]  # commuter weekdays


def test_rows_beyond_max_days_add_stores():
    cfg = preset("convenience_store", rows=500_000)
    assert cfg.n_days <= cfg.max_days == 728
    assert cfg.n_stores == math.ceil(500_000 / (72 * 728))
    assert cfg.n_rows >= 500_000
    assert len(set(cfg.store_ids)) == cfg.n_stores
    assert len({s.region for s in cfg.stores}) > 1
    assert preset("convenience_store", rows=500_000) == cfg  # deterministic clones


def test_n_days_override_wins_over_rows():
    cfg = preset("supermarket", rows=100_000, n_days=14)
    assert cfg.n_days == 14 and cfg.n_stores == 1


def test_replace_returns_new_validated_config(conv):
    other = conv.replace(seed=8, n_stores=3)
    assert other is not conv and other.seed == 8 and other.n_stores == 3 and conv.n_stores == 1
    merged = conv.replace(inventory={"lead_time_days": 2})
    assert merged.inventory.lead_time_days == 2
    assert merged.inventory.review_period_days == conv.inventory.review_period_days
    with pytest.raises(ConfigError, match=r"inventory.lead_time_days = -1: must be >= 0"):
        conv.replace(inventory={"lead_time_days": -1})
    with pytest.raises(ConfigError, match=r"n_dayz: unknown setting; allowed: .*n_days"):
        conv.replace(n_dayz=3)
    with pytest.raises(ConfigError, match="rows"):
        conv.replace(rows=100, n_days=3)


def test_replace_rows_rescales_days(conv):
    assert conv.replace(rows=100).n_days == 2
    assert conv.replace(rows=50_000).n_days == math.ceil(50_000 / 72)


def test_more_skus_are_deterministic_variants(conv):
    big = conv.replace(n_skus=60)
    assert big.n_skus == 60 and len(set(big.sku_ids)) == 60
    assert big == conv.replace(n_skus=60)
    variant = big.skus[24]
    assert variant.sku_id.startswith("C01-") and variant.category == "鲜食"
    assert any({r.sku_a, r.sku_b} == {"C01", variant.sku_id} for r in big.relations)


def test_fewer_skus_keep_categories_balanced(conv):
    small = conv.replace(n_skus=9)
    assert small.n_skus == 9 and len(set(small.categories)) == 9
    ids = set(small.sku_ids)
    assert all(r.sku_a in ids and r.sku_b in ids for r in small.relations)
    assert set(small.seasonality) <= set(small.categories) | {"*"}


def test_dict_and_yaml_round_trip(conv, tmp_path):
    assert RetailConfig.from_dict(conv.to_dict()) == conv
    path = tmp_path / "cfg.yml"
    conv.to_yaml(path)
    text = path.read_text(encoding="utf-8")
    assert "金枪鱼饭团" in text  # readable Chinese, not escapes
    assert RetailConfig.from_yaml(path) == conv


def test_default_holidays_cover_the_horizon(conv):
    names = {h.name for h in conv.holidays}
    assert names == {"元旦", "春节", "清明", "劳动节", "端午", "中秋", "国庆"}
    spring_2024 = [h for h in chinese_holidays(2024, 2024) if h.name == "春节"][0]
    assert spring_2024.start == dt.date(2024, 2, 9) and spring_2024.days == 8
    last = max(h.start for h in conv.holidays)
    assert last >= conv.start_date + dt.timedelta(days=conv.max_days)


def test_presets_document_sparsity():
    conv, sup = PRESETS["convenience_store"], PRESETS["supermarket"]
    assert conv.sparsity_range[0] > sup.sparsity_range[0]
    assert conv.sparsity_range[1] > sup.sparsity_range[1]
    assert all(p.description for p in PRESETS.values())


def test_unknown_preset_lists_known():
    with pytest.raises(ConfigError, match="known presets: convenience_store, supermarket"):
        preset("kiosk")


def _set(data: dict, path: tuple, value) -> dict:
    data = copy.deepcopy(data)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


INVALID = [
    (("skus", 3, "own_elasticity"), 0.5, "skus[3].own_elasticity = 0.5: must be < 0"),
    (("skus", 0, "unit_cost"), 7.0, "skus[0].unit_cost = 7.0: must be < base_price"),
    (("skus", 1, "price_band"), "cheap", "skus[1].price_band = 'cheap': must be one of"),
    (("skus", 2, "shelf_life_days"), 0, "skus[2].shelf_life_days = 0: must be >= 1"),
    (("skus", 2, "base_demand"), -1, "skus[2].base_demand = -1: must be > 0"),
    (("skus", 4, "case_pack"), 2.5, "skus[4].case_pack = 2.5: must be an integer"),
    (("skus", 5, "competitor_sensitivity"), -0.1, "skus[5].competitor_sensitivity"),
    (("stores", 0, "size_factor"), 0, "stores[0].size_factor = 0: must be > 0"),
    (
        ("relations", 0, "cross_elasticity"),
        -0.2,
        "relations[0].cross_elasticity = -0.2: must be > 0",
    ),
    (("relations", 0, "sku_b"), "C99", "relations[0].sku_b = 'C99': unknown sku_id"),
    (("relations", 0, "sku_b"), "C01", "relations[0].sku_b = 'C01': must differ from sku_a"),
    (("relations", 0, "relation"), "friend", "relations[0].relation = 'friend'"),
    (("time_slots", "shares", "鲜食"), [0.5, 0.5, 0.5], "time_slots.shares.鲜食"),
    (("weekly_profile",), [1, 1, 1], "weekly_profile = (1, 1, 1): must have exactly 7 entries"),
    (("seasonality", "冰品", "amplitude"), 1.0, "seasonality.冰品.amplitude = 1.0: must be < 1"),
    (("seasonality", "冰品", "peak_day"), 400, "seasonality.冰品.peak_day = 400"),
    (("weather", "probabilities"), [0.5, 0.5, 0.5], "weather.probabilities"),
    (("competitor", "ar_coefficient"), 1.0, "competitor.ar_coefficient = 1.0: must be < 1"),
    (("promotions", 0, "frequency"), 2, "promotions[0].frequency = 2: must be <= 1"),
    (("promotions", 3, "slots"), ["夜宵"], "promotions[3].slots[0] = '夜宵': unknown time slot"),
    (("price_changes", "grid"), [], "price_changes.grid = (): must have at least 1"),
    (("dispersion",), 0, "dispersion = 0: must be > 0"),
    (("inventory", "review_period_days"), 0, "inventory.review_period_days = 0: must be >= 1"),
    (("inventory", "lead_time_days"), -1, "inventory.lead_time_days = -1: must be >= 0"),
    (("inventory", "cover_days"), "many", "inventory.cover_days = 'many': must be a number"),
    (("seed",), -1, "seed = -1: must be >= 0"),
    (("n_days",), 0, "n_days = 0: must be >= 1"),
    (("n_days",), 1000, "n_days = 1000: must be <= max_days (728)"),
    (("format",), "kiosk", "format = 'kiosk': must be one of"),
    (("start_date",), "2024-13-01", "start_date = '2024-13-01': must be a date"),
    (("holiday_effects", "圣诞"), {"*": 2.0}, "holiday_effects.圣诞: unknown holiday name"),
    (("weather", "effects", "雨", "饮品"), 1.0, "weather.effects.雨.饮品: unknown category"),
]


@pytest.mark.parametrize(("path", "value", "message"), INVALID, ids=[m[:40] for *_, m in INVALID])
def test_invalid_values_name_the_field(conv, path, value, message):
    with pytest.raises(ConfigError) as info:
        RetailConfig.from_dict(_set(conv.to_dict(), path, value))
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_duplicate_sku_id_rejected(conv):
    data = conv.to_dict()
    data["skus"][5]["sku_id"] = "C01"
    with pytest.raises(ConfigError, match=r"skus\[5\].sku_id = 'C01': duplicate sku_id"):
        RetailConfig.from_dict(data)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ((), "colour: unknown key; allowed keys: format, stores, skus"),
        (("inventory",), "inventory.colour: unknown key; allowed keys: review_period_days"),
        (("skus", 2), "skus[2].colour: unknown key; allowed keys: sku_id, name"),
    ],
)
def test_unknown_keys_listed(conv, path, message):
    data = conv.to_dict()
    target = data
    for key in path:
        target = target[key]
    target["colour"] = "red"
    with pytest.raises(ConfigError) as info:
        RetailConfig.from_dict(data)
    assert message in str(info.value)


def test_missing_required_key(conv):
    data = conv.to_dict()
    del data["skus"][0]["base_price"]
    with pytest.raises(ConfigError, match=r"skus\[0\].base_price: missing required key"):
        RetailConfig.from_dict(data)


def test_direct_construction_validates():
    with pytest.raises(ConfigError, match="own_elasticity = 0.5: must be < 0"):
        SKU("X", "测试", "零食", "mid", 5.0, 3.0, 1.0, 0.5, 100)
    sku = SKU("X", "测试", "零食", "mid", 5.0, 3.0, 1.0, -1.5, 100)
    with pytest.raises(dataclasses.FrozenInstanceError):
        sku.base_price = 4.0  # type: ignore[misc]


def test_bad_yaml_is_a_config_error(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("format: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        RetailConfig.from_yaml(path)
    with pytest.raises(ConfigError, match="cannot be read"):
        RetailConfig.from_yaml(tmp_path / "missing.yml")
