"""Versioned labels: a Git-style, content-addressed store of label sets (标签版本管理).

``LabelStore`` keeps every label set as a version with its parent, the rule or author that
produced it, the time and a message; ``log``, ``diff``, ``checkout``, ``tag``, ``drift`` and
``verify`` read the history. The files are plain CSV and JSON (layout in ``store.py``), readable
without retailsim. The layer sits beside ``features``: it imports only ``retailsim.config`` and
``retailsim.features.validation``.

Business-label rules (``rules.py``, ``value.py``): the dynamic slow-mover flag
``is_slow_mover`` (below the SKU's own historical 25th percentile), its agreement with a
reference labelling, inventory turnover per SKU and the high-value label (elasticity x
turnover composite). Elasticities are inputs, never estimated here (that is ``decisions``).

Weak supervision and active learning (``weak.py``, ``active.py``): labeling functions over the
weekly store-SKU frame, their coverage/overlap/conflict analysis and Snorkel's ``LabelModel``
against majority vote; uncertainty vs random sampling and the labels it saves (chapter 10).

Used in: 06_business_labels (rules), 10_weak_supervision, 13_label_model_loop; the
``retailsim labels`` command.
"""

from retailsim.labels._canonical import canonical_labels
from retailsim.labels.active import (
    active_learning_curve,
    compare_sampling,
    few_label_scores,
    labels_saved,
    least_confident,
)
from retailsim.labels.compare import DriftResult, diff_labels, drift_of
from retailsim.labels.io import read_label_file
from retailsim.labels.rules import is_slow_mover, slow_mover_agreement
from retailsim.labels.store import (
    DEFAULT_KEYS,
    DEFAULT_LABEL,
    FORMAT,
    LabelStore,
    VerifyReport,
    sha256_hex,
    version_id,
)
from retailsim.labels.value import high_value_label, sku_turnover
from retailsim.labels.weak import (
    DEFAULT_LFS,
    apply_lfs,
    classifier_features,
    fit_label_model,
    label_model_vs_majority,
    lf_summary,
    majority_vote,
    weekly_frame,
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
    "high_value_label",
    "is_slow_mover",
    "sku_turnover",
    "slow_mover_agreement",
    "DEFAULT_LFS",
    "active_learning_curve",
    "apply_lfs",
    "classifier_features",
    "compare_sampling",
    "few_label_scores",
    "fit_label_model",
    "label_model_vs_majority",
    "labels_saved",
    "least_confident",
    "lf_summary",
    "majority_vote",
    "weekly_frame",
]
