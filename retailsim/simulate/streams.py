"""Counter-based random streams: the draws for a day (or week) never depend on run splits.

Every random draw of the simulator comes from a Philox generator keyed by ``(seed, stream,
index)``, where ``index`` is the global day, week or price-period number. Running 10 days then
5 days therefore draws exactly the same numbers as running 15 days at once. (Philox is a
counter-based generator: creating one per day is cheap and the streams are independent.)
"""

from __future__ import annotations

import numpy as np

EXTERNALS = 1  # per day: weather, temperature, competitor price innovations
DEMAND = 2  # per day: markdown decisions, negative-binomial demand
PROMOTION = 3  # per week: which store-SKUs run which weekly promotion
COMPETITOR_PROMOTION = 4  # per week: competitor promotions
PRICE = 5  # per price period: regular shelf-price moves
INITIAL = 6  # once: initial weather and competitor states


def rng(seed: int, stream: int, index: int) -> np.random.Generator:
    """The generator of ``stream`` for day/week/period ``index`` of a run seeded ``seed``.

    The 128-bit Philox key packs ``seed`` (< 2**63) in the high 64 bits and ``stream``
    (< 2**16) and ``index`` (0 <= index < 2**48) in the low 64 bits.
    """
    return np.random.Generator(np.random.Philox(key=(seed << 64) | (stream << 48) | index))
