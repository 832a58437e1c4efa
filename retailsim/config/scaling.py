"""Resize a configuration: more or fewer stores or SKUs, or enough days for a number of rows.

* ``with_n_stores``: extra stores are deterministic clones of the first (template) store with
  other regions and size factors (``0.6 .. 1.4``, a golden-ratio sequence).
* ``with_n_skus``: extra SKUs are deterministic variants of catalogue SKUs (another pack or
  flavour: price within +-15 %, lower base demand, a substitute of their original); fewer SKUs
  keep a category-balanced subset in catalogue order.
* ``with_rows``: ``n_days = ceil(rows / rows_per_day)`` (whole days, so at least ``rows`` rows);
  when that exceeds ``max_days`` stores are added until ``rows`` fit within ``max_days``.

The catalogue variants use a fixed seed, not ``config.seed``: the world's assortment is the
same for every simulation seed.

Used in: 01_small_data_retail (learning curve over rows), 05_sandbox_architecture.
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING

import numpy as np

from .entities import SKU, Relation, Store

if TYPE_CHECKING:
    from .retail import RetailConfig

CLONE_REGIONS = ("华东", "华南", "华北", "西南", "华中", "西北", "东北")
VARIANT_SEED = 20_240_601
VARIANT_CROSS_ELASTICITY = 0.3
_GOLDEN = 0.6180339887498949


def with_n_stores(cfg: RetailConfig, n_stores: int) -> RetailConfig:
    """``cfg`` with exactly ``n_stores`` stores (first ones kept, clones of store 0 added)."""
    stores = list(cfg.stores[:n_stores])
    used = {s.store_id for s in stores}
    template = cfg.stores[0]
    for k in range(len(stores), n_stores):
        store_id = f"S{k + 1:03d}"
        while store_id in used:
            store_id += "b"
        used.add(store_id)
        size = round(template.size_factor * (0.6 + 0.8 * ((k * _GOLDEN) % 1.0)), 2)
        region = CLONE_REGIONS[k % len(CLONE_REGIONS)]
        stores.append(Store(store_id=store_id, region=region, size_factor=max(size, 0.05)))
    return dataclasses.replace(cfg, stores=tuple(stores))


def with_n_skus(cfg: RetailConfig, n_skus: int) -> RetailConfig:
    """``cfg`` with exactly ``n_skus`` SKUs (balanced subset, or catalogue plus variants)."""
    if n_skus <= cfg.n_skus:
        return _subset(cfg, n_skus)
    skus = list(cfg.skus)
    relations = list(cfg.relations)
    used = set(cfg.sku_ids)
    base_count = cfg.n_skus
    for j in range(n_skus - base_count):
        base = cfg.skus[j % base_count]
        variant = _variant(base, 2 + j // base_count, j, used)
        used.add(variant.sku_id)
        skus.append(variant)
        relations.append(
            Relation(base.sku_id, variant.sku_id, "substitute", VARIANT_CROSS_ELASTICITY)
        )
    return dataclasses.replace(cfg, skus=tuple(skus), relations=tuple(relations))


def with_rows(cfg: RetailConfig, rows: int) -> RetailConfig:
    """``cfg`` with ``n_days = ceil(rows / rows_per_day)``, adding stores beyond ``max_days``."""
    n_days = math.ceil(rows / cfg.rows_per_day)
    if n_days > cfg.max_days:
        per_store_day = cfg.n_skus * cfg.n_slots
        needed = math.ceil(rows / (per_store_day * cfg.max_days))
        cfg = with_n_stores(cfg, max(needed, cfg.n_stores))
        n_days = math.ceil(rows / cfg.rows_per_day)
    return dataclasses.replace(cfg, n_days=n_days)


def _variant(base: SKU, number: int, j: int, used: set[str]) -> SKU:
    rng = np.random.default_rng([VARIANT_SEED, j])
    price_factor, demand_factor, elasticity_factor = rng.uniform(
        [0.85, 0.25, 0.8], [1.15, 0.8, 1.2]
    )
    price = round(base.base_price * price_factor, 1) or 0.1
    sku_id = f"{base.sku_id}-V{number}"
    while sku_id in used:
        sku_id += "b"
    return dataclasses.replace(
        base,
        sku_id=sku_id,
        name=f"{base.name}（款{number}）",
        base_price=price,
        unit_cost=_cost(price, base.unit_cost / base.base_price),
        base_demand=round(base.base_demand * demand_factor, 3),
        own_elasticity=round(base.own_elasticity * elasticity_factor, 2),
    )


def _cost(price: float, ratio: float) -> float:
    """Unit cost keeping the original cost/price ratio, in cents when that stays below price."""
    cost = round(price * ratio, 2)
    return cost if 0 < cost < price else price * ratio


def _subset(cfg: RetailConfig, n_skus: int) -> RetailConfig:
    by_category: dict[str, list[int]] = {}
    for index, sku in enumerate(cfg.skus):
        by_category.setdefault(sku.category, []).append(index)
    chosen: list[int] = []
    depth = 0
    while len(chosen) < n_skus:
        for indices in by_category.values():
            if depth < len(indices) and len(chosen) < n_skus:
                chosen.append(indices[depth])
        depth += 1
    skus = tuple(cfg.skus[i] for i in sorted(chosen))
    ids = {s.sku_id for s in skus}
    cats = {s.category for s in skus} | {"*"}
    relations = tuple(r for r in cfg.relations if r.sku_a in ids and r.sku_b in ids)
    weather = dataclasses.replace(
        cfg.weather,
        effects={k: _keep(v, cats) for k, v in cfg.weather.effects.items()},
        temperature_sensitivity=_keep(cfg.weather.temperature_sensitivity, cats),
    )
    return dataclasses.replace(
        cfg,
        skus=skus,
        relations=relations,
        time_slots=dataclasses.replace(cfg.time_slots, shares=_keep(cfg.time_slots.shares, cats)),
        seasonality=_keep(cfg.seasonality, cats),
        holiday_effects={k: _keep(v, cats) for k, v in cfg.holiday_effects.items()},
        weather=weather,
    )


def _keep(table: dict, keys: set[str]) -> dict:
    return {k: v for k, v in table.items() if k in keys}
