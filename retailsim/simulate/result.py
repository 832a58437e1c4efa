"""``SimulationResult``: the observed frame, the ground truth and the config that made them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from retailsim.config import RetailConfig

from .io import write_table
from .truth import GroundTruth


@dataclass(frozen=True, eq=False, repr=False)
class SimulationResult:
    """Observed sales (model input), ground truth (evaluation only) and the config.

    ``first_day`` is the global index of the first simulated day (0 for ``simulate``; 7, 14,
    ... for successive ``Simulator.next_week`` calls).
    """

    observed: pd.DataFrame
    truth: GroundTruth
    config: RetailConfig
    first_day: int = 0

    @classmethod
    def create(
        cls, observed: pd.DataFrame, truth_rows: pd.DataFrame, config: RetailConfig, first_day: int
    ) -> SimulationResult:
        """Wrap engine output, building the ground truth tables."""
        return cls(observed, GroundTruth.from_rows(truth_rows, config), config, first_day)

    @classmethod
    def concat(cls, results: Sequence[SimulationResult]) -> SimulationResult:
        """One result from consecutive blocks of the same world (e.g. ``run()`` then several
        ``next_week()``): rows concatenated, slow movers recomputed over the whole horizon.

        Used in: 08_incremental_lightgbm, 13_label_model_loop.
        """
        if not results:
            raise ValueError("results: need at least one SimulationResult")
        first = results[0]
        day = first.first_day
        for res in results:
            if res.config != first.config or res.first_day != day:
                raise ValueError("results: must be consecutive blocks of one Simulator")
            day += res.n_days
        observed = pd.concat([r.observed for r in results], ignore_index=True)
        rows = pd.concat([r.truth.rows for r in results], ignore_index=True)
        return cls.create(observed, rows, first.config, first.first_day)

    @property
    def n_days(self) -> int:
        """Number of simulated days in this result."""
        return len(self.observed) // max(self.config.rows_per_day, 1)

    @property
    def sparsity(self) -> float:
        """Share of observed rows with zero units sold."""
        return float((self.observed["units_sold"] == 0).mean()) if len(self.observed) else 0.0

    def __repr__(self) -> str:
        return f"SimulationResult({self.summary()}, first_day={self.first_day})"

    def summary(self) -> str:
        """One line: rows, days, stores, SKUs, slots and sparsity."""
        cfg = self.config
        return (
            f"{len(self.observed)} rows, {self.n_days} days, {cfg.n_stores} stores, "
            f"{cfg.n_skus} SKUs, {cfg.n_slots} slots, sparsity {self.sparsity:.2f}"
        )

    def save(self, directory: str | Path, format: str = "csv") -> Path:
        """Write ``observed.<format>``, the truth tables (``truth/``) and ``config.yml``."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        write_table(self.observed, directory / f"observed.{format}")
        self.truth.save(directory / "truth", format)
        self.config.to_yaml(directory / "config.yml")
        return directory
