"""Data augmentation for small, imbalanced retail data (数据增强): resampling.

- ``resample``: SMOTE interpolation and the ENN rule written out (``smote_interpolate``,
  ``enn_mask``), imbalanced-learn's resamplers (``make_sampler``) and a leak-free comparison of
  none / class weights / SMOTE / SMOTE-ENN (``evaluate_resampling``);
- ``dataset``: the weekly slow-mover table with leak-free features (``slow_mover_weeks``) and
  its time split (``time_split_weeks``).

The layer sits beside ``features`` and ``labels``: it imports only ``retailsim.config``,
``retailsim.features`` and ``retailsim.labels``. imbalanced-learn (the ``ml`` extra) is
imported lazily, inside the functions that resample.

Used in: 02_small_data_augmentation; benchmarks (group ``augment``).
"""

from retailsim.augment.dataset import LABEL, slow_mover_weeks, time_split_weeks
from retailsim.augment.resample import (
    METHODS,
    METRICS,
    enn_mask,
    evaluate_resampling,
    make_sampler,
    resampling_runs,
    smote_interpolate,
    summarise_runs,
)

__all__ = [
    "LABEL",
    "METHODS",
    "METRICS",
    "enn_mask",
    "evaluate_resampling",
    "make_sampler",
    "resampling_runs",
    "slow_mover_weeks",
    "smote_interpolate",
    "summarise_runs",
    "time_split_weeks",
]
