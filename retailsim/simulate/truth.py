"""``GroundTruth``: what the simulator knows and a retailer never observes.

Tables (never model inputs; used to evaluate methods against the oracle):

* ``rows``: date, store_id, sku_id, time_slot, expected_demand (lambda), demand (uncensored),
  lost_sales, in the observed frame's row order;
* ``elasticity``: SKU x SKU DataFrame; row i, column j = d log demand_i / d log price_j
  (diagonal = own elasticities);
* ``relations``: sku_a, sku_b, relation (substitute/complement), cross_elasticity;
* ``skus``: the true per-SKU parameters (base demand, elasticity, competitor sensitivity...);
* ``slow_movers``: per store_id, sku_id, week: ``expected_units`` = noise-free, uncensored
  expected units of the week (scaled to 7 days for partial weeks; ``days`` = days present)
  and ``is_slow_mover = expected_units < Q25 or expected_units < 1``, where Q25 is the 25th
  percentile of that store-SKU's weekly ``expected_units`` over the weeks in the table.

Used in: 01_small_data_retail (lost sales), 06_business_labels (is_slow_mover vs truth),
13_label_model_loop, 14_elasticity_and_turnover (true elasticity matrix), 02 (relation graph).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from retailsim.config import RetailConfig

from .io import table_format, write_table
from .world import MAX_TRACKED_SHELF_LIFE, elasticity_matrix

SLOW_QUANTILE = 0.25
SLOW_MIN_UNITS = 1.0


@dataclass(frozen=True, eq=False, repr=False)
class GroundTruth:
    """The true parameters and unobserved quantities of a simulation (see module docstring)."""

    rows: pd.DataFrame
    elasticity: pd.DataFrame
    relations: pd.DataFrame
    skus: pd.DataFrame
    slow_movers: pd.DataFrame

    def __repr__(self) -> str:
        return (
            f"GroundTruth(rows={len(self.rows)}, skus={len(self.skus)}, "
            f"relations={len(self.relations)}, slow_mover_weeks={len(self.slow_movers)})"
        )

    @classmethod
    def from_rows(cls, rows: pd.DataFrame, config: RetailConfig) -> GroundTruth:
        """Build the truth of ``config`` around the truth row table ``rows``."""
        ids = pd.Index(config.sku_ids, name="sku_id")
        elasticity = pd.DataFrame(
            elasticity_matrix(config), index=ids, columns=ids.rename("price_of")
        )
        relations = pd.DataFrame(
            [dataclasses.asdict(r) for r in config.relations],
            columns=["sku_a", "sku_b", "relation", "cross_elasticity"],
        )
        skus = pd.DataFrame([dataclasses.asdict(s) for s in config.skus])
        skus["is_perishable"] = skus["shelf_life_days"] <= MAX_TRACKED_SHELF_LIFE
        return cls(
            rows=rows,
            elasticity=elasticity,
            relations=relations,
            skus=skus,
            slow_movers=slow_mover_table(rows, config.start_date),
        )

    def to_networkx(self):
        """The product-relation graph: SKU nodes (true parameters as attributes), edges with
        ``relation`` and ``cross_elasticity``. Requires ``networkx``.

        Used in: 02_small_data_augmentation (product graph, GNN).
        """
        import networkx as nx

        graph = nx.Graph()
        for record in self.skus.to_dict("records"):
            graph.add_node(record["sku_id"], **record)
        for rel in self.relations.itertuples(index=False):
            graph.add_edge(
                rel.sku_a, rel.sku_b, relation=rel.relation, cross_elasticity=rel.cross_elasticity
            )
        return graph

    def save(self, directory: str | Path, format: str = "csv") -> Path:
        """Write one file per table (``format`` csv or parquet) and ``manifest.json``; returns
        the manifest path."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        suffix = "." + table_format(f"x.{format}")
        manifest = {"kind": "retailsim ground truth", "tables": {}}
        for name in ("rows", "elasticity", "relations", "skus", "slow_movers"):
            frame = getattr(self, name)
            path = write_table(frame, directory / f"{name}{suffix}", index=name == "elasticity")
            manifest["tables"][name] = {
                "file": path.name,
                "rows": len(frame),
                "columns": [str(c) for c in frame.columns],
            }
        target = directory / "manifest.json"
        target.write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return target


def slow_mover_table(
    rows: pd.DataFrame,
    start_date: dt.date,
    quantile: float = SLOW_QUANTILE,
    min_units: float = SLOW_MIN_UNITS,
) -> pd.DataFrame:
    """True slow movers per store_id, sku_id, week from truth rows (any number of blocks).

    ``expected_units`` = sum of ``expected_demand`` over the week's rows, scaled by
    ``7 / days`` for partial weeks; ``is_slow_mover = expected_units < Q_quantile(store-SKU)
    or expected_units < min_units``.

    Used in: 06_business_labels, 10_weak_supervision, 13_label_model_loop.
    """
    day = (rows["date"].to_numpy() - np.datetime64(start_date, "ns")) // np.timedelta64(1, "D")
    store = pd.Categorical(rows["store_id"])
    sku = pd.Categorical(rows["sku_id"])
    week = day // 7
    first_week = int(week.min()) if len(week) else 0
    n_weeks = int(week.max()) - first_week + 1 if len(week) else 0
    n_sku = len(sku.categories)
    series = store.codes.astype(np.int64) * n_sku + sku.codes
    cell = series * n_weeks + (week - first_week)
    size = len(store.categories) * n_sku * n_weeks
    units = np.bincount(cell, weights=rows["expected_demand"].to_numpy(), minlength=size)
    seen = np.zeros((len(store.categories) * n_sku, n_weeks * 7), dtype=bool)
    seen[series, day - first_week * 7] = True  # distinct days per store-SKU-week
    days = seen.reshape(size, 7).sum(axis=1)
    present = days > 0
    weekly = np.where(present, units * 7 / np.maximum(days, 1), np.nan).reshape(-1, n_weeks)
    if present.all():
        threshold = np.quantile(weekly, quantile, axis=1)  # linear, as pandas' quantile
    else:
        with warnings.catch_warnings():  # store-SKUs absent from ``rows``: all-NaN rows
            warnings.simplefilter("ignore", RuntimeWarning)
            threshold = np.nanquantile(weekly, quantile, axis=1)
    slow = (weekly < threshold[:, None]) | (weekly < min_units)
    index = np.flatnonzero(present)
    series_index, week_index = np.divmod(index, n_weeks)
    store_code, sku_code = np.divmod(series_index, n_sku)
    return pd.DataFrame(
        {
            "store_id": pd.Categorical.from_codes(store_code, dtype=store.dtype),
            "sku_id": pd.Categorical.from_codes(sku_code, dtype=sku.dtype),
            "week": (week_index + first_week).astype(np.int32),
            "days": days[index].astype(np.int32),
            "expected_units": weekly.reshape(-1)[index],
            "is_slow_mover": slow.reshape(-1)[index],
        }
    )
