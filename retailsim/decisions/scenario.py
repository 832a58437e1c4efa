"""``DemandScenario``: the fixed demand every inventory policy faces (common random numbers).

Arrays are ``(n_days, n_series)`` with one column per store-SKU series (``keys``):

* ``demand``: realised daily demand, uncensored (what customers wanted);
* ``observed_sales``: what the store recorded under its own past policy (censored by its stock):
  the history a policy may learn from before it takes over;
* ``expected``, ``variance``: the true mean and variance of daily demand (truth; only the
  oracle and evaluation may read them; ``None`` for real data);
* ``price``: the price charged per unit that day.

Per series: ``unit_cost``, ``shelf_life`` (days a unit can be sold, delivery day included;
``NO_EXPIRY`` for non-perishables) and ``case_pack``.

Used in: 03_retail_kpis, 12_lab2_four_step_sandbox, 14_elasticity_and_turnover.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from retailsim.config import ConfigError
from retailsim.features.validation import require_columns, require_counts
from retailsim.simulate import SimulationResult

NO_EXPIRY = 10**6


@dataclass(frozen=True, eq=False, repr=False)
class DemandScenario:
    """Daily demand, prices and item facts of every series (see module docstring).

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """

    dates: pd.DatetimeIndex
    keys: pd.DataFrame
    demand: np.ndarray
    observed_sales: np.ndarray
    price: np.ndarray
    unit_cost: np.ndarray
    shelf_life: np.ndarray
    case_pack: np.ndarray
    expected: np.ndarray | None = None
    variance: np.ndarray | None = None

    def __post_init__(self) -> None:
        shape = (len(self.dates), len(self.keys))
        for name in ("demand", "observed_sales", "price", "expected", "variance"):
            value = getattr(self, name)
            if value is not None and np.shape(value) != shape:
                raise ConfigError(
                    name, f"must have shape (n_days, n_series) = {shape}", np.shape(value)
                )
        for name in ("unit_cost", "shelf_life", "case_pack"):
            if np.shape(getattr(self, name)) != (shape[1],):
                raise ConfigError(
                    name,
                    f"must have shape (n_series,) = ({shape[1]},)",
                    np.shape(getattr(self, name)),
                )
        if np.any(self.demand < 0):
            raise ConfigError("demand", "must be >= 0", float(self.demand.min()))
        if np.any(self.price <= 0):
            raise ConfigError("price", "every price must be > 0", float(self.price.min()))
        if np.any(self.unit_cost <= 0):
            raise ConfigError("unit_cost", "must be > 0", float(self.unit_cost.min()))
        if np.any(self.shelf_life < 1):
            raise ConfigError("shelf_life", "must be >= 1 day", int(self.shelf_life.min()))
        if np.any(self.case_pack < 1):
            raise ConfigError("case_pack", "must be >= 1", int(self.case_pack.min()))

    def __repr__(self) -> str:
        truth = "with truth" if self.expected is not None else "no truth"
        return (
            f"DemandScenario({self.n_days} days x {self.n_series} series, "
            f"{self.dates[0].date()}..{self.dates[-1].date()}, {truth})"
        )

    @property
    def n_days(self) -> int:
        """Number of days."""
        return len(self.dates)

    @property
    def n_series(self) -> int:
        """Number of store-SKU series."""
        return len(self.keys)

    @classmethod
    def from_simulation(cls, result: SimulationResult) -> DemandScenario:
        """Daily scenario from a simulation: demand, expected demand and observed sales are
        summed over the day's slots; the daily variance is the sum of the slots' negative-
        binomial variances ``lambda + lambda^2 / r`` (slots drawn independently); the daily
        price is the mean over slots.

        Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
        """
        obs, rows = result.observed, result.truth.rows
        r = float(result.config.dispersion)
        lam = rows["expected_demand"].to_numpy()
        frame = pd.DataFrame(
            {
                "date": obs["date"].to_numpy(),
                "store_id": obs["store_id"].astype(str).to_numpy(),
                "sku_id": obs["sku_id"].astype(str).to_numpy(),
                "demand": rows["demand"].to_numpy(dtype=float),
                "sales": obs["units_sold"].to_numpy(dtype=float),
                "expected": lam,
                "variance": lam + lam**2 / r,
                "price": obs["price"].to_numpy(dtype=float),
                "unit_cost": obs["unit_cost"].to_numpy(dtype=float),
                "shelf_life": obs["shelf_life_days"].to_numpy(dtype=float),
            }
        )
        skus = result.truth.skus.set_index("sku_id")["case_pack"]
        frame["case_pack"] = frame["sku_id"].map(skus).to_numpy(dtype=float)
        return _build(frame, "date", ["store_id", "sku_id"], truth=True)

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        item: str = "sku_id",
        store: str | None = "store_id",
        date: str = "date",
        units: str = "units_sold",
        price: str = "price",
        cost: str = "unit_cost",
        shelf_life: str | None = None,
        case_pack: str | None = None,
    ) -> DemandScenario:
        """Scenario from a long-format sales frame (a retailer's export): one row per item,
        store (optional), date (and possibly several rows a day, e.g. time slots, which are
        summed). Columns, named by the arguments: ``item``, ``store`` (``None`` = one store),
        ``date`` (parsable dates), ``units`` (units sold, >= 0), ``price`` (> 0), ``cost``
        (unit cost, > 0), optional ``shelf_life`` (days; absent = never expires) and
        ``case_pack`` (absent = 1). Days without a row count as zero sales.

        Recorded sales stand in for demand (``demand = observed_sales``), so stock-outs in the
        history are not corrected; there is no truth (``expected = variance = None``).

        Used in: 12_lab2_four_step_sandbox (real data).
        """
        if not isinstance(frame, pd.DataFrame):
            raise ConfigError("frame", "must be a pandas DataFrame", type(frame).__name__)
        wanted = {"item": item, "date": date, "units": units, "price": price, "cost": cost}
        for key, col in (("store", store), ("shelf_life", shelf_life), ("case_pack", case_pack)):
            if col is not None:
                wanted[key] = col
        require_columns(frame, list(wanted.values()))
        if len(frame) == 0:
            raise ConfigError("frame", "has no rows")
        units_v = require_counts(frame, units).to_numpy()
        out = pd.DataFrame(
            {
                "date": pd.to_datetime(frame[date]).dt.normalize().to_numpy(),
                "store_id": frame[store].astype(str).to_numpy() if store else "store",
                "sku_id": frame[item].astype(str).to_numpy(),
                "demand": units_v,
                "sales": units_v,
                "price": pd.to_numeric(frame[price], errors="coerce").to_numpy(dtype=float),
                "unit_cost": pd.to_numeric(frame[cost], errors="coerce").to_numpy(dtype=float),
                "shelf_life": _numbers(frame, shelf_life, NO_EXPIRY),
                "case_pack": _numbers(frame, case_pack, 1.0),
            }
        )
        for col, name, rule in (
            ("price", price, 0.0),
            ("unit_cost", cost, 0.0),
            ("shelf_life", shelf_life, 0.5),
            ("case_pack", case_pack, 0.5),
        ):
            bad = ~(out[col] > rule)  # NaN is bad too
            if bad.any():
                allowed = "a number > 0" if rule == 0.0 else "a whole number >= 1"
                raise ConfigError(
                    name, f"every value must be {allowed}", float(out[col][bad].iloc[0])
                )
        return _build(out, "date", ["store_id", "sku_id"], truth=False)


def _numbers(frame: pd.DataFrame, column: str | None, default: float):
    if column is None:
        return default
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)


def _build(frame: pd.DataFrame, date: str, keys: list[str], truth: bool) -> DemandScenario:
    """Pivot a long frame (columns: date, keys, demand, sales, price, unit_cost, shelf_life,
    case_pack[, expected, variance]) to the scenario's day x series arrays."""
    start, stop = frame[date].min(), frame[date].max()
    dates = pd.date_range(start, stop, freq="D")
    key_frame = frame[keys].drop_duplicates().sort_values(keys).reset_index(drop=True)
    series = pd.MultiIndex.from_frame(key_frame)
    index = pd.MultiIndex.from_frame(frame[keys])
    col = series.get_indexer(index)
    row = ((frame[date] - start) // pd.Timedelta(days=1)).to_numpy()
    shape = (len(dates), len(series))

    def total(name: str) -> np.ndarray:
        out = np.zeros(shape)
        np.add.at(out, (row, col), frame[name].to_numpy(dtype=float))
        return out

    count = np.zeros(shape)
    np.add.at(count, (row, col), 1.0)
    price = pd.DataFrame(total("price") / np.where(count > 0, count, np.nan))
    price = price.ffill().bfill().to_numpy()
    per_series = frame.groupby(col)[["unit_cost", "shelf_life", "case_pack"]].median()
    return DemandScenario(
        dates=dates,
        keys=key_frame,
        demand=np.rint(total("demand")).astype(np.int64),
        observed_sales=np.rint(total("sales")).astype(np.int64),
        price=price,
        unit_cost=per_series["unit_cost"].to_numpy(dtype=float),
        shelf_life=per_series["shelf_life"].to_numpy().astype(np.int64),
        case_pack=per_series["case_pack"].to_numpy().astype(np.int64),
        expected=total("expected") if truth else None,
        variance=total("variance") if truth else None,
    )
