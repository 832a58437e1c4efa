"""The world around the store: time slots, seasons, holidays, weather and a competitor.

Category-keyed mappings accept the key ``"*"`` as the default for categories not listed.

Used in: 02_small_data_augmentation (external variables), 04_dynamic_features,
05_sandbox_architecture.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import checks
from .errors import ConfigError

DEFAULT_KEY = "*"


@dataclass(frozen=True)
class TimeSlots:
    """Intraday slots and, per category, the share of a day's demand falling in each slot.

    ``shares[category][k]`` is the share of slot ``names[k]``; each list sums to 1.
    """

    names: tuple[str, ...]
    shares: dict[str, tuple[float, ...]]

    def __post_init__(self) -> None:
        names = checks.sequence("names", self.names, min_length=1)
        names = tuple(checks.text(f"names[{k}]", n) for k, n in enumerate(names))
        checks.unique("names", names, "slot name")
        object.__setattr__(self, "names", names)
        shares = {}
        for key, raw in checks.mapping("shares", self.shares).items():
            path = f"shares.{key}"
            values = checks.sequence(path, raw, length=len(names))
            values = tuple(checks.real(f"{path}[{k}]", v, ge=0) for k, v in enumerate(values))
            if abs(sum(values) - 1.0) > 1e-6:
                raise ConfigError(path, "shares must sum to 1", list(values))
            shares[key] = values
        object.__setattr__(self, "shares", shares)

    def share(self, category: str) -> tuple[float, ...]:
        """The slot shares of ``category`` (falling back to the ``"*"`` entry)."""
        return self.shares.get(category, self.shares.get(DEFAULT_KEY, ()))


@dataclass(frozen=True)
class Seasonality:
    """Annual cycle of a category: ``1 + amplitude * cos(2 pi (doy - peak_day) / 365.25)``."""

    amplitude: float
    peak_day: int = 200

    def __post_init__(self) -> None:
        object.__setattr__(self, "amplitude", checks.real("amplitude", self.amplitude, ge=0, lt=1))
        object.__setattr__(
            self, "peak_day", checks.integer("peak_day", self.peak_day, ge=1, le=366)
        )


@dataclass(frozen=True)
class Holiday:
    """A public holiday period: ``days`` consecutive days from ``start``."""

    name: str
    start: dt.date
    days: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", checks.text("name", self.name))
        object.__setattr__(self, "start", parse_date("start", self.start))
        object.__setattr__(self, "days", checks.integer("days", self.days, ge=1, le=31))


@dataclass(frozen=True)
class Weather:
    """Daily weather per region.

    The sky state (``states``, e.g. 晴/多云/雨) follows a sticky chain: with probability
    ``persistence`` yesterday's state is kept, otherwise it is drawn from ``probabilities``.
    Temperature = ``mean_c + amplitude_c * cos(2 pi (doy - peak_day)/365.25)`` + the region's
    offset + AR(1) noise (coefficient 0.7) with stationary sd ``noise_sd_c``. A dry day (sky
    state not in ``wet_states``) at or above ``hot_threshold_c`` is reported as ``hot_state``,
    at or below ``cold_threshold_c`` as ``cold_state``. Demand multiplier of a category:
    ``effects[state][category] * exp(temperature_sensitivity[category] * (T - reference_c) / 10)``.
    """

    states: tuple[str, ...] = ("晴", "多云", "雨")
    probabilities: tuple[float, ...] = (0.45, 0.30, 0.25)
    persistence: float = 0.5
    wet_states: tuple[str, ...] = ("雨",)
    hot_state: str = "高温"
    hot_threshold_c: float = 32.0
    cold_state: str = "寒冷"
    cold_threshold_c: float = 3.0
    mean_c: float = 17.0
    amplitude_c: float = 11.0
    peak_day: int = 200
    noise_sd_c: float = 3.0
    reference_c: float = 20.0
    region_offsets_c: dict[str, float] = field(default_factory=dict)
    effects: dict[str, dict[str, float]] = field(default_factory=dict)
    temperature_sensitivity: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        put = object.__setattr__
        states = checks.sequence("states", self.states, min_length=1)
        states = tuple(checks.text(f"states[{k}]", s) for k, s in enumerate(states))
        put(self, "states", states)
        probs = checks.sequence("probabilities", self.probabilities, length=len(states))
        probs = tuple(checks.real(f"probabilities[{k}]", p, ge=0) for k, p in enumerate(probs))
        if abs(sum(probs) - 1.0) > 1e-6:
            raise ConfigError("probabilities", "must sum to 1", list(probs))
        put(self, "probabilities", probs)
        put(self, "persistence", checks.real("persistence", self.persistence, ge=0, lt=1))
        wet = checks.sequence("wet_states", self.wet_states)
        for k, state in enumerate(wet):
            checks.text(f"wet_states[{k}]", state, choices=states)
        put(self, "wet_states", wet)
        put(self, "hot_state", checks.text("hot_state", self.hot_state))
        put(self, "cold_state", checks.text("cold_state", self.cold_state))
        checks.unique("states", self.all_states, "weather state (hot_state/cold_state included)")
        for name in ("hot_threshold_c", "cold_threshold_c", "mean_c", "reference_c"):
            put(self, name, checks.real(name, getattr(self, name), ge=-60, le=60))
        if self.cold_threshold_c >= self.hot_threshold_c:
            raise ConfigError(
                "cold_threshold_c", "must be < hot_threshold_c", self.cold_threshold_c
            )
        put(self, "amplitude_c", checks.real("amplitude_c", self.amplitude_c, ge=0, le=40))
        put(self, "peak_day", checks.integer("peak_day", self.peak_day, ge=1, le=366))
        put(self, "noise_sd_c", checks.real("noise_sd_c", self.noise_sd_c, ge=0, le=20))
        offsets = {
            k: checks.real(f"region_offsets_c.{k}", v, ge=-40, le=40)
            for k, v in checks.mapping("region_offsets_c", self.region_offsets_c).items()
        }
        put(self, "region_offsets_c", offsets)
        effects = {}
        for state, table in checks.mapping("effects", self.effects).items():
            if state not in self.all_states:
                raise ConfigError(
                    f"effects.{state}",
                    "unknown weather state; known: " + ", ".join(self.all_states),
                )
            effects[state] = checks.multipliers(f"effects.{state}", table)
        put(self, "effects", effects)
        sens = {
            k: checks.real(f"temperature_sensitivity.{k}", v, ge=-3, le=3)
            for k, v in checks.mapping(
                "temperature_sensitivity", self.temperature_sensitivity
            ).items()
        }
        put(self, "temperature_sensitivity", sens)

    @property
    def all_states(self) -> tuple[str, ...]:
        """Every weather label that can appear: the sky states, then hot and cold."""
        return (*self.states, self.hot_state, self.cold_state)


@dataclass(frozen=True)
class Competitor:
    """A nearby competitor's price for each store-SKU.

    ``log(c / base_price)`` is an AR(1) with coefficient ``ar_coefficient`` and stationary sd
    ``volatility``; in a given week a store-SKU's competitor runs a promotion with probability
    ``promo_probability``, multiplying its price by ``promo_multiplier``.
    """

    ar_coefficient: float = 0.9
    volatility: float = 0.06
    promo_probability: float = 0.05
    promo_multiplier: float = 0.8

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "ar_coefficient", checks.real("ar_coefficient", self.ar_coefficient, ge=0, lt=1))
        put(self, "volatility", checks.real("volatility", self.volatility, ge=0, le=1))
        prob = checks.real("promo_probability", self.promo_probability, ge=0, le=1)
        put(self, "promo_probability", prob)
        mult = checks.real("promo_multiplier", self.promo_multiplier, gt=0, le=1)
        put(self, "promo_multiplier", mult)


def parse_date(path: str, value: object) -> dt.date:
    """A ``datetime.date`` from a date or an ISO string ``YYYY-MM-DD``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(path, "must be a date YYYY-MM-DD", value)
