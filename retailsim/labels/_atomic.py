"""Atomic file writes: a reader sees the old file or the whole new one, never a half-written one.

Every file of the label store is written in two steps, so that a crash or an error at any
moment leaves no partly written file under its real name::

    write_temp(tmp, data)   write ``.<name>.<random>.tmp`` in the same directory, flush, fsync
    publish(tmp, path)      os.replace(tmp, path) (atomic on POSIX and Windows), fsync the folder

On an error the temporary file is removed; after a hard crash it may stay behind, and every
reader ignores it (its name starts with a dot and ends in ``.tmp``). The two steps are module
functions so that the fault-injection tests can make each of them fail.

Used in: 13_label_model_loop (the label store).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

TMP_SUFFIX = ".tmp"


def temp_path(path: Path) -> Path:
    """A fresh temporary name beside ``path``: ``.<name>.<8 hex>.tmp``."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}{TMP_SUFFIX}")


def write_temp(tmp: Path, data: bytes) -> None:
    """Step 1: write ``data`` to the new file ``tmp`` and force it to disk (fsync)."""
    with open(tmp, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def publish(tmp: Path, path: Path) -> None:
    """Step 2: rename ``tmp`` to ``path`` in one atomic step, then fsync the folder so that the
    rename itself survives a power cut (skipped where folders cannot be opened, e.g. Windows)."""
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (``write_temp`` then ``publish``); on any error the
    temporary file is removed, ``path`` keeps its old content, and the error is raised again."""
    path = Path(path)
    tmp = temp_path(path)
    try:
        write_temp(tmp, data)
        publish(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - folders cannot be fsynced on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):  # some file systems refuse fsync on a folder
            os.fsync(fd)
    finally:
        os.close(fd)
