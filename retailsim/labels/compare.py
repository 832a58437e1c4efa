"""Compare two label sets: which keys flipped, appeared or disappeared, and how much labels drift.

For label sets ``A`` (older) and ``B`` (newer) over the same key columns::

    common         = keys in both A and B
    flipped        = common keys with label_A != label_B
    added, removed = keys only in B, keys only in A
    flipped_share  = |flipped| / |common|          (NaN when nothing is in common)
    drifted        = flipped_share > threshold     (label drift: 标签漂移)

New weeks of data add keys without moving old labels, so they do not count as drift; a rule
change that relabels last month does.

Used in: 13_label_model_loop (label versions and the drift check).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import pandas as pd

from retailsim.config import ConfigError

CHANGES = ("flipped", "added", "removed")


@dataclass(frozen=True)
class DriftResult:
    """How many labels changed between versions ``a`` and ``b`` (formula in the module
    docstring) and whether the flipped share exceeds ``threshold``."""

    a: str
    b: str
    n_common: int
    n_flipped: int
    n_added: int
    n_removed: int
    flipped_share: float
    threshold: float
    drifted: bool

    def summary(self) -> str:
        """One line: ``<a>..<b>: 12 of 240 shared labels flipped (5.0%) <= threshold 10.0%: ok;
        24 added, 0 removed`` (ids shortened to 12 digits)."""
        share = "n/a" if math.isnan(self.flipped_share) else f"{self.flipped_share:.1%}"
        verdict = "DRIFT" if self.drifted else "ok"
        sign = ">" if self.drifted else "<="
        return (
            f"{self.a[:12]}..{self.b[:12]}: {self.n_flipped} of {self.n_common} shared labels "
            f"flipped ({share}) {sign} threshold {self.threshold:.1%}: {verdict}; "
            f"{self.n_added} added, {self.n_removed} removed"
        )

    def to_dict(self) -> dict:
        """The fields as a plain dict."""
        return asdict(self)


def diff_labels(
    a: pd.DataFrame, b: pd.DataFrame, key_columns: Sequence[str], label_column: str
) -> pd.DataFrame:
    """Rows whose label differs between canonical label frames ``a`` and ``b``: the key
    columns, ``label_a``, ``label_b`` (Int64, ``<NA>`` where absent) and ``change``."""
    keys = list(key_columns)
    left = a[[*keys, label_column]].rename(columns={label_column: "label_a"})
    right = b[[*keys, label_column]].rename(columns={label_column: "label_b"})
    both = left.merge(right, on=keys, how="outer", indicator=True, sort=True)
    change = both["_merge"].map({"both": "flipped", "right_only": "added", "left_only": "removed"})
    keep = (both["_merge"] != "both") | (both["label_a"] != both["label_b"])
    out = both.loc[keep, keys].copy()
    out["label_a"] = both.loc[keep, "label_a"].astype("Int64")
    out["label_b"] = both.loc[keep, "label_b"].astype("Int64")
    out["change"] = change[keep].astype(str)
    return out.reset_index(drop=True)


def drift_of(
    a: pd.DataFrame,
    b: pd.DataFrame,
    key_columns: Sequence[str],
    label_column: str,
    threshold: float,
    name_a: str = "a",
    name_b: str = "b",
) -> DriftResult:
    """The drift between two canonical label frames (formula in the module docstring)."""
    ok = isinstance(threshold, int | float) and not isinstance(threshold, bool)
    if not ok or not 0 <= threshold <= 1:
        raise ConfigError("threshold", "must be a share in [0, 1]", threshold)
    changes = diff_labels(a, b, key_columns, label_column)["change"].value_counts()
    counts = {c: int(changes.get(c, 0)) for c in CHANGES}
    common = len(a) - counts["removed"]
    share = counts["flipped"] / common if common else float("nan")
    return DriftResult(
        a=name_a,
        b=name_b,
        n_common=common,
        n_flipped=counts["flipped"],
        n_added=counts["added"],
        n_removed=counts["removed"],
        flipped_share=float(share),
        threshold=float(threshold),
        drifted=bool(common and share > threshold),
    )
