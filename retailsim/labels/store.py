"""A Git-style label store: every label set is a content-addressed, never-lost version.

A *label set* is a frame with key columns (default ``store_id, sku_id, week``) and one label
column (default ``is_slow_mover``, values 0/1). ``LabelStore.commit`` stores it as a new
version whose parent is the current ``HEAD``, with the rule (or person) that produced it, the
author, the time (UTC) and a message, like ``git commit``. ``log``, ``diff``, ``checkout``,
``tag`` and ``drift`` read the history; ``verify`` checks every file against its hash.

On disk (plain files: readable with pandas + json + hashlib alone, no retailsim needed)::

    STORE/
      store.json                 {"format": "retailsim-labels/1", "hash": "sha256", ...}
      objects/<sha256>.csv       a label set in canonical CSV (see _canonical.py): rows sorted
                                 by the keys; the file name is the sha256 of its exact bytes
      versions/<id>.json         one manifest per version (below)
      refs/tags/<name>           a version id and a newline (a named version, e.g. "v1")
      HEAD                       the newest version id and a newline (absent: no versions yet)

A manifest (``versions/<id>.json``, UTF-8 JSON with sorted keys)::

    id, parent (id or null), object_sha256, object_path ("objects/<sha256>.csv"),
    rule, author (or null), time ("2026-11-23T13:30:00Z", UTC, whole seconds), message,
    key_columns, key_kinds ({column: "integer" | "string" | "date"}), label_column,
    allowed_labels, n_labels, label_counts ({"0": n0, "1": n1}),
    positive_share (share of label 1, or null if 1 is not allowed), format

Hashes, checkable by anyone::

    object_sha256 = sha256(bytes of objects/<sha256>.csv)           (= ``sha256sum`` of the file)
    id            = sha256(json.dumps(manifest without "id", sort_keys=True,
                                      separators=(",", ":"), ensure_ascii=False).encode("utf-8"))

Like a git commit hash, the id covers the parent, so it fixes the whole history before it.
Reading a version back without retailsim::

    m = json.load(open(f"{STORE}/versions/{vid}.json", encoding="utf-8"))
    kinds = {k: ("int64" if t == "integer" else str) for k, t in m["key_kinds"].items()}
    labels = pd.read_csv(f"{STORE}/{m['object_path']}", dtype=kinds, keep_default_na=False)

Rules of the store:

* **Nothing is overwritten or lost.** Objects and manifests are only ever added; ``HEAD`` and a
  tag are the only files that change, and a tag moves only with ``force=True``. ``checkout``
  reads a version and does not move ``HEAD``: to roll back, commit the old labels again (a new
  version whose parent is ``HEAD``; the object is shared).
* **Atomic writes** (``_atomic.py``: temporary file, fsync, rename, fsync the folder) in the
  order object -> manifest -> ``HEAD``, so every file that a reference names is complete. An
  interrupted commit leaves at most an unreferenced object or manifest (``verify`` lists them
  as notes) and the previous ``HEAD``; retrying it succeeds (with the same ``time`` it gives
  the same id).
* **Corruption is detected on read**: every object and manifest is checked against its hash
  whenever it is read, and a mismatch raises ``ConfigError`` naming the file.
* **Same labels as HEAD**: ``commit`` is a no-op returning ``HEAD``'s id (nothing changed,
  as ``git commit`` with nothing to commit), unless ``allow_unchanged=True`` records a new version
  (e.g. another rule that produced the same labels).
* One writer at a time: ``commit`` checks just before moving ``HEAD`` that no other writer moved
  it meanwhile and refuses if one did (the new version stays on disk, unreferenced).

References (``ref``): ``"HEAD"``, a tag name, a full version id or a unique prefix of at least
4 hex digits, each optionally followed by ``~n`` (``n`` parents back, ``"HEAD~1"``).

Used in: 13_label_model_loop (Git-style label versions, d2pm-2-3c).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from retailsim.config import ConfigError

from . import _atomic
from ._canonical import canonical_labels, check_allowed, check_columns, from_csv_bytes, to_csv_bytes
from .compare import DriftResult, diff_labels, drift_of

FORMAT = "retailsim-labels/1"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
DEFAULT_KEYS = ("store_id", "sku_id", "week")
DEFAULT_LABEL = "is_slow_mover"
_HEX = re.compile(r"^[0-9a-f]{4,64}$")
_TAG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_BACK = re.compile(r"^(.+?)~(\d+)$")
MANIFEST_FIELDS = (
    "allowed_labels",
    "author",
    "format",
    "key_columns",
    "key_kinds",
    "label_column",
    "label_counts",
    "message",
    "n_labels",
    "object_path",
    "object_sha256",
    "parent",
    "positive_share",
    "rule",
    "time",
)


def sha256_hex(data: bytes) -> str:
    """``sha256`` of ``data`` as 64 hex digits (what ``sha256sum`` prints)."""
    return hashlib.sha256(data).hexdigest()


def version_id(fields: dict) -> str:
    """The id of a manifest: sha256 of its compact, key-sorted JSON without the ``id`` field."""
    body = {k: v for k, v in fields.items() if k != "id"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return sha256_hex(text.encode("utf-8"))


@dataclass(frozen=True)
class VerifyReport:
    """Result of ``LabelStore.verify``: ``problems`` (corruption, missing or dangling references;
    empty when the store is sound) and ``notes`` (harmless leftovers of interrupted writes)."""

    n_versions: int
    n_objects: int
    problems: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when there are no problems."""
        return not self.problems

    def summary(self) -> str:
        """One line: ``ok: 3 versions, 2 objects`` or the problems joined by ``; ``."""
        if self.ok:
            extra = f" ({len(self.notes)} note(s): {'; '.join(self.notes)})" if self.notes else ""
            return f"ok: {self.n_versions} versions, {self.n_objects} objects{extra}"
        return f"{len(self.problems)} problem(s): {'; '.join(self.problems)}"


class LabelStore:
    """A folder of label versions (layout and rules in the module docstring).

    >>> store = LabelStore.init(path)                          # doctest: +SKIP
    >>> v1 = store.commit(labels, rule="p25_slow_mover", message="week 1-8")  # doctest: +SKIP
    >>> store.log(); store.diff(v1, "HEAD"); store.checkout("HEAD~1")         # doctest: +SKIP

    Used in: 13_label_model_loop.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        meta = self.path / "store.json"
        if not meta.is_file():
            raise ConfigError(
                "store",
                "is not a label store (no store.json); create one with LabelStore.init(path) "
                "or `retailsim labels --store DIR init`",
                str(self.path),
            )
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ConfigError(f"{meta}", f"cannot be read as JSON ({err})") from None
        if not isinstance(info, dict) or info.get("format") != FORMAT:
            raise ConfigError(f"{meta}", f"format must be {FORMAT!r}", _get(info, "format"))

    def __repr__(self) -> str:
        head = self.head()
        return (
            f"LabelStore({str(self.path)!r}: {len(self.versions())} versions, HEAD {_short(head)})"
        )

    # ---- creating -------------------------------------------------------------------------

    @classmethod
    def init(cls, path: str | Path) -> LabelStore:
        """Create an empty store at ``path`` (a new or empty folder) and open it; an existing
        store is opened unchanged. A folder with other content is refused."""
        path = Path(path)
        if (path / "store.json").is_file():
            return cls(path)
        if path.exists() and not path.is_dir():
            raise ConfigError("store", "exists and is not a folder", str(path))
        ours = {"objects", "versions", "refs"}
        if path.is_dir() and any(p.name not in ours for p in path.iterdir()):
            raise ConfigError(
                "store", "is a folder with other files; choose a new or empty folder", str(path)
            )
        for sub in ("objects", "versions", "refs/tags"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        info = {"format": FORMAT, "hash": "sha256", "object_format": "csv"}
        _atomic.write_atomic(path / "store.json", _json_bytes(info))
        return cls(path)

    def commit(
        self,
        frame: pd.DataFrame,
        *,
        rule: str,
        message: str,
        author: str | None = None,
        time: datetime | str | None = None,
        key_columns: Sequence[str] = DEFAULT_KEYS,
        label_column: str = DEFAULT_LABEL,
        allowed_labels: Sequence[int] = (0, 1),
        max_drift: float | None = None,
        allow_unchanged: bool = False,
    ) -> str:
        """Store ``frame``'s labels as a new version whose parent is ``HEAD``; return its id.

        ``rule``: the rule or person that produced the labels (e.g. ``"p25_slow_mover"``).
        ``time``: timezone-aware datetime or ISO-8601 string (default: now, UTC); fix it for
        reproducible ids. ``max_drift``: refuse the commit if more than this share of the keys
        shared with ``HEAD`` flipped label (a guard against label drift). Bad input raises
        ``ConfigError`` and writes nothing.
        """
        rule = _text("rule", rule, empty=False)
        message = _text("message", message)
        author = None if author is None else _text("author", author, empty=False)
        stamp = _utc_time(time)
        ok = isinstance(max_drift, int | float) and not isinstance(max_drift, bool)
        if max_drift is not None and not (ok and 0 <= max_drift <= 1):
            raise ConfigError("max_drift", "must be a share in [0, 1] or None", max_drift)
        canon, kinds = canonical_labels(
            frame, key_columns=key_columns, label_column=label_column, allowed_labels=allowed_labels
        )
        keys, label = check_columns(key_columns, label_column)
        allowed = list(check_allowed(allowed_labels))
        data = to_csv_bytes(canon)
        sha = sha256_hex(data)
        parent = self.head()
        shape = {
            "key_columns": list(keys),
            "key_kinds": kinds,
            "label_column": label,
            "allowed_labels": allowed,
        }
        if parent is not None:
            before = self.manifest(parent)
            same_shape = all(before.get(k) == v for k, v in shape.items())
            if same_shape and before["object_sha256"] == sha and not allow_unchanged:
                return parent
            if max_drift is not None and not same_shape:
                raise ConfigError(
                    "max_drift",
                    f"cannot compare with HEAD {parent[:12]}: its key or label columns differ",
                    max_drift,
                )
            if max_drift is not None:
                result = drift_of(
                    self.checkout(parent), canon, keys, label, max_drift, parent, "new"
                )
                if result.drifted:
                    raise ConfigError(
                        "max_drift",
                        f"{result.n_flipped} of {result.n_common} labels shared with HEAD "
                        f"{parent[:12]} flipped ({result.flipped_share:.1%}); more than allowed, "
                        "nothing committed (inspect with diff, raise max_drift if intended)",
                        max_drift,
                    )
        counts = canon[label].value_counts()
        n = len(canon)
        fields = {
            **shape,
            "format": FORMAT,
            "parent": parent,
            "object_sha256": sha,
            "object_path": f"objects/{sha}.csv",
            "rule": rule,
            "author": author,
            "time": stamp,
            "message": message,
            "n_labels": n,
            "label_counts": {str(v): int(counts.get(v, 0)) for v in allowed},
            "positive_share": (float(counts.get(1, 0)) / n) if 1 in allowed else None,
        }
        vid = version_id(fields)
        self._write_object(sha, data)
        self._write_manifest(vid, {"id": vid, **fields})
        if self.head() != parent:
            raise ConfigError(
                "HEAD",
                f"moved from {_short(parent)} to {_short(self.head())} by another writer during "
                f"the commit; version {vid[:12]} is stored but not on HEAD, commit again",
            )
        _atomic.write_atomic(self.path / "HEAD", f"{vid}\n".encode())
        return vid

    def tag(self, name: str, ref: str = "HEAD", *, force: bool = False) -> str:
        """Name a version (``refs/tags/<name>``); return its id. An existing tag moves only with
        ``force=True`` (the version it named is kept)."""
        if not isinstance(name, str) or not _TAG.match(name) or name == "HEAD":
            raise ConfigError(
                "tag",
                "must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or "
                "digit (not 'HEAD')",
                name,
            )
        vid = self.resolve(ref)
        old = self.tags().get(name)
        if old is not None and old != vid and not force:
            raise ConfigError(
                f"tag {name!r}",
                f"already names {old[:12]}; tags do not move unless forced (force=True, --force)",
            )
        if old != vid:
            _atomic.write_atomic(self.path / "refs" / "tags" / name, f"{vid}\n".encode())
        return vid

    # ---- reading --------------------------------------------------------------------------

    def head(self) -> str | None:
        """The id of the newest version (``HEAD``), ``None`` for an empty store."""
        return self._read_ref(self.path / "HEAD", "HEAD")

    def tags(self) -> dict[str, str]:
        """``{tag name: version id}``, sorted by name."""
        folder = self.path / "refs" / "tags"
        names = sorted(p.name for p in folder.iterdir() if _TAG.match(p.name))
        return {name: self._read_ref(folder / name, f"tag {name!r}") for name in names}

    def versions(self) -> list[str]:
        """Ids of every stored version (also those not reachable from ``HEAD``), sorted."""
        return sorted(p.stem for p in (self.path / "versions").glob("*.json"))

    def resolve(self, ref: str) -> str:
        """The full version id that ``ref`` names (``HEAD``, tag, id or id prefix, ``~n``)."""
        if not isinstance(ref, str) or not ref:
            raise ConfigError("ref", "must be HEAD, a tag, or a version id or prefix", ref)
        back = _BACK.match(ref)
        if back:
            vid = self.resolve(back.group(1))
            for step in range(int(back.group(2))):
                parent = self.manifest(vid)["parent"]
                if parent is None:
                    raise ConfigError(
                        "ref", f"goes back before the first version ({step} parent(s) exist)", ref
                    )
                vid = parent
            return vid
        if ref == "HEAD":
            head = self.head()
            if head is None:
                raise ConfigError("ref", "the store has no versions yet; commit labels first", ref)
            return head
        tags = self.tags()
        if ref in tags:
            return tags[ref]
        if _HEX.match(ref):
            found = [v for v in self.versions() if v.startswith(ref)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                shown = ", ".join(v[:12] for v in found[:5])
                raise ConfigError("ref", f"is ambiguous: matches {shown}; give more digits", ref)
        known = ", ".join(tags) or "none"
        raise ConfigError(
            "ref",
            f"unknown version; use HEAD, HEAD~n, a tag (known: {known}) or a version id "
            "(at least 4 hex digits) from `log`",
            ref,
        )

    def manifest(self, ref: str = "HEAD") -> dict:
        """The manifest (a dict) of a version, checked against its id."""
        vid = ref if _is_full_id(ref) else self.resolve(ref)
        path = self.path / "versions" / f"{vid}.json"
        where = f"versions/{vid}.json"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ConfigError("ref", "unknown version (no manifest)", vid) from None
        try:
            info = json.loads(data.decode("utf-8"))
        except ValueError as err:
            raise ConfigError(where, f"corrupted: not valid JSON ({err})") from None
        missing = [
            k for k in ("id", *MANIFEST_FIELDS) if not isinstance(info, dict) or k not in info
        ]
        if missing:
            raise ConfigError(where, f"corrupted: missing field(s) {', '.join(missing)}")
        actual = version_id(info)
        if info["id"] != vid or actual != vid:
            raise ConfigError(
                where,
                f"corrupted: its content hashes to {actual[:12]}, not to its id {vid[:12]}; "
                "the file was changed or damaged (other versions are unaffected)",
            )
        return info

    def raw(self, ref: str = "HEAD") -> bytes:
        """The canonical CSV bytes of a version, checked against their sha256."""
        return self._read_object(self.manifest(ref))

    def checkout(self, ref: str = "HEAD") -> pd.DataFrame:
        """The labels of a version as a frame (keys typed as stored, label int64, sorted by the
        keys); ``HEAD`` does not move. ``frame.attrs["version"]`` holds the id."""
        info = self.manifest(ref)
        data = self._read_object(info)
        try:
            frame = from_csv_bytes(
                data, info["key_columns"], info["key_kinds"], info["label_column"]
            )
        except (ValueError, KeyError, TypeError) as err:
            raise ConfigError(info["object_path"], f"cannot be parsed: {err}") from None
        frame.attrs["version"] = info["id"]
        return frame

    def log(self, *, all: bool = False) -> pd.DataFrame:
        """One row per version, newest first: ``version, parent, time, rule, author, message,
        n_labels, positive_share, tags``. By default the chain from ``HEAD`` back to the first
        version; ``all=True`` lists every stored version (by time)."""
        named: dict[str, list[str]] = {}
        for name, vid in self.tags().items():
            named.setdefault(vid, []).append(name)
        if all:
            infos = sorted(
                (self.manifest(v) for v in self.versions()),
                key=lambda m: (m["time"], m["id"]),
                reverse=True,
            )
        else:
            infos, vid = [], self.head()
            while vid is not None:
                infos.append(self.manifest(vid))
                vid = infos[-1]["parent"]
        columns = ["version", "parent", "time", "rule", "author", "message", "n_labels"]
        rows = [
            {
                **{c: m[c] for c in columns[1:]},
                "version": m["id"],
                "positive_share": m["positive_share"],
                "tags": ",".join(named.get(m["id"], [])),
            }
            for m in infos
        ]
        frame = pd.DataFrame(rows, columns=[*columns, "positive_share", "tags"])
        frame["time"] = pd.to_datetime(frame["time"], utc=True)
        frame["n_labels"] = frame["n_labels"].astype("int64")
        frame["positive_share"] = frame["positive_share"].astype(float)
        return frame

    def diff(self, a: str, b: str = "HEAD") -> pd.DataFrame:
        """Keys whose label differs between versions ``a`` and ``b``: key columns, ``label_a``,
        ``label_b`` (nullable Int64; missing where the key is absent) and ``change`` in
        ``{"flipped", "added", "removed"}`` (added = only in ``b``), sorted by the keys."""
        keys, label, fa, fb = self._pair(a, b)
        return diff_labels(fa, fb, keys, label)

    def drift(self, a: str, b: str = "HEAD", threshold: float = 0.1) -> DriftResult:
        """Share of the keys present in both versions whose label flipped, and whether it
        exceeds ``threshold``: ``flipped_share = n_flipped / n_common``, ``drifted =
        flipped_share > threshold`` (added and removed keys are counted, not flagged)."""
        keys, label, fa, fb = self._pair(a, b)
        return drift_of(fa, fb, keys, label, threshold, fa.attrs["version"], fb.attrs["version"])

    def verify(self) -> VerifyReport:
        """Check every object and manifest against its hash and every reference (``HEAD``,
        tags, parents) against the stored versions."""
        problems: list[str] = []
        notes: list[str] = []
        good: dict[str, dict] = {}
        for vid in self.versions():
            try:
                good[vid] = self.manifest(vid)
            except ConfigError as err:
                problems.append(str(err))
        objects = sorted((self.path / "objects").glob("*.csv"))
        for path in objects:
            if sha256_hex(path.read_bytes()) != path.stem:
                problems.append(f"objects/{path.name}: corrupted (content does not match its hash)")
        names = {p.stem for p in objects}
        for vid, info in good.items():
            if info["object_sha256"] not in names:
                problems.append(f"versions/{vid}.json: its object {info['object_path']} is missing")
            if info["parent"] is not None and info["parent"] not in good:
                problems.append(f"versions/{vid}.json: its parent {info['parent'][:12]} is missing")
        refs = {"HEAD": None}
        try:
            refs = {"HEAD": self.head(), **{f"tag {k!r}": v for k, v in self.tags().items()}}
        except ConfigError as err:
            problems.append(str(err))
        for name, vid in refs.items():
            if vid is not None and vid not in good:
                problems.append(f"{name} names {vid[:12]}, which is not a sound version")
        reachable = _reachable([v for v in refs.values() if v], good)
        dangling = sorted(set(good) - reachable)
        if dangling:
            notes.append(f"{len(dangling)} version(s) not on HEAD or a tag (interrupted commit?)")
        unused = names - {m["object_sha256"] for m in good.values()}
        if unused:
            notes.append(f"{len(unused)} object(s) used by no version (interrupted commit?)")
        leftovers = [p for p in self.path.rglob(f".*{_atomic.TMP_SUFFIX}")]
        if leftovers:
            notes.append(f"{len(leftovers)} leftover temporary file(s) (safe to delete)")
        return VerifyReport(len(good), len(objects), tuple(problems), tuple(notes))

    # ---- internals ------------------------------------------------------------------------

    def _pair(self, a: str, b: str) -> tuple[list[str], str, pd.DataFrame, pd.DataFrame]:
        ma, mb = self.manifest(a), self.manifest(b)
        for field in ("key_columns", "key_kinds", "label_column"):
            if ma[field] != mb[field]:
                raise ConfigError(
                    field,
                    f"differs between {ma['id'][:12]} ({ma[field]}) and {mb['id'][:12]} "
                    f"({mb[field]}); only label sets with the same keys can be compared",
                )
        return (
            ma["key_columns"],
            ma["label_column"],
            self.checkout(ma["id"]),
            self.checkout(mb["id"]),
        )

    def _read_ref(self, path: Path, name: str) -> str | None:
        try:
            text = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        if not _is_full_id(text):
            raise ConfigError(name, "corrupted: does not hold a version id", text)
        return text

    def _read_object(self, info: dict) -> bytes:
        sha, where = info["object_sha256"], info["object_path"]
        try:
            data = (self.path / "objects" / f"{sha}.csv").read_bytes()
        except FileNotFoundError:
            raise ConfigError(where, f"missing (needed by version {info['id'][:12]})") from None
        actual = sha256_hex(data)
        if actual != sha:
            raise ConfigError(
                where,
                f"corrupted: content hashes to {actual[:12]}, not {sha[:12]} (version "
                f"{info['id'][:12]}); restore the file from a backup or commit the same labels "
                "again to repair it; other versions are unaffected",
            )
        return data

    def _write_object(self, sha: str, data: bytes) -> None:
        path = self.path / "objects" / f"{sha}.csv"
        if path.is_file() and sha256_hex(path.read_bytes()) == sha:
            return  # already stored (content-addressed: same bytes, same name)
        _atomic.write_atomic(path, data)  # new, or repairs a damaged copy with the right bytes

    def _write_manifest(self, vid: str, info: dict) -> None:
        path = self.path / "versions" / f"{vid}.json"
        data = _json_bytes(info)
        if path.is_file() and path.read_bytes() == data:
            return  # an earlier, interrupted attempt already wrote it
        _atomic.write_atomic(path, data)


def _json_bytes(info: dict) -> bytes:
    return (json.dumps(info, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _is_full_id(text: object) -> bool:
    return isinstance(text, str) and len(text) == 64 and bool(_HEX.match(text))


def _short(vid: str | None) -> str:
    return "none" if vid is None else vid[:12]


def _get(info: object, key: str) -> object:
    return info.get(key) if isinstance(info, dict) else info


def _text(name: str, value: object, *, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        rule = "must be text" if empty else "must be non-empty text"
        raise ConfigError(name, rule, value)
    return value


def _utc_time(value: datetime | str | None) -> str:
    """``value`` as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC (whole seconds); ``None`` = now."""
    if value is None:
        return datetime.now(UTC).strftime(TIME_FORMAT)
    stamp = value
    if isinstance(value, str):
        try:
            stamp = datetime.fromisoformat(value)
        except ValueError:
            stamp = None
    if not isinstance(stamp, datetime) or stamp.tzinfo is None or stamp.utcoffset() is None:
        raise ConfigError(
            "time",
            "must be a timezone-aware datetime or an ISO-8601 text with an offset, "
            "e.g. '2026-11-23T13:30:00Z'",
            value,
        )
    return stamp.astimezone(UTC).strftime(TIME_FORMAT)


def _reachable(starts: list[str], good: dict[str, dict]) -> set[str]:
    seen: set[str] = set()
    for vid in starts:
        while vid is not None and vid in good and vid not in seen:
            seen.add(vid)
            vid = good[vid]["parent"]
    return seen
