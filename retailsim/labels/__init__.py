"""Versioned labels: a Git-style, content-addressed store of label sets (标签版本管理).

``LabelStore`` keeps every label set as a version with its parent, the rule or author that
produced it, the time and a message; ``log``, ``diff``, ``checkout``, ``tag``, ``drift`` and
``verify`` read the history. The files are plain CSV and JSON (layout in ``store.py``), readable
without retailsim. The layer sits beside ``features``: it imports only ``retailsim.config`` and
``retailsim.features.validation``.

Used in: 13_label_model_loop; the ``retailsim labels`` command.
"""

from retailsim.labels._canonical import canonical_labels
from retailsim.labels.compare import DriftResult, diff_labels, drift_of
from retailsim.labels.io import read_label_file
from retailsim.labels.store import (
    DEFAULT_KEYS,
    DEFAULT_LABEL,
    FORMAT,
    LabelStore,
    VerifyReport,
    sha256_hex,
    version_id,
)

__all__ = [
    "DEFAULT_KEYS",
    "DEFAULT_LABEL",
    "FORMAT",
    "DriftResult",
    "LabelStore",
    "VerifyReport",
    "canonical_labels",
    "diff_labels",
    "drift_of",
    "read_label_file",
    "sha256_hex",
    "version_id",
]
