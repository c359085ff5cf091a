"""The catalogue's metadata cache: what `list` shows of each scenario file, kept between runs.

An entry is a file's ScenarioSummary (or the error that makes it invalid), keyed by the
file's path, size and modification time, in one JSON file of the user's cache folder.
Only `list` reads it, to show and name the scenarios without parsing every file; a file
whose size or mtime changed is parsed again. It never decides what runs: `run`, `report`,
`check`, `debug` and `show` parse the file they use, and the worker reads it itself.

The cache is an optimisation and nothing more: a missing, corrupt, foreign-version or
unwritable cache is ignored without a word, and `DEBUGDEMO_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from debugdemo import __version__
from debugdemo import modes as _modes
from debugdemo import scenario as _scenario
from debugdemo.scenario import ScenarioError, ScenarioSummary, UnreadableScenarioError

NO_CACHE_ENV = "DEBUGDEMO_NO_CACHE"
FILE_NAME = "catalog.json"
FORMAT = 1  # bump when the layout of an entry changes
MAX_ENTRIES = 10_000
# A file changed less than this long ago may change again within the same mtime tick
# (2 s on FAT) without changing size: it is not cached until it has settled ("racily
# clean", as git calls it).
SETTLE_NS = 2_000_000_000

Entry = ScenarioSummary | ScenarioError
_Stat = tuple[int, int]  # size, mtime in ns


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The platform's per-user cache folder for debugdemo.

    $XDG_CACHE_HOME when set (an absolute path, as the XDG spec asks), else ~/.cache on
    Linux and other Unixes, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows.
    """
    env = os.environ if environ is None else environ
    xdg = env.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        base = Path(xdg)
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    elif sys.platform == "win32":
        base = Path(env.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path.home() / ".cache"
    return base / "debugdemo"


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return env.get(NO_CACHE_ENV, "") in ("", "0")


def _parser_fingerprint() -> str:
    """Who wrote the entries: a new debugdemo, or an edited parser in a checkout, starts afresh."""
    parts = [__version__]
    for source in (_scenario.__file__, _modes.__file__):
        try:
            st = os.stat(source)
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        except (OSError, TypeError):
            parts.append("?")
    return " ".join(parts)


class MetadataCache:
    """Summaries of scenario files by path, size and mtime; read at the first lookup, saved once."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self._fingerprint = _parser_fingerprint()
        self._entries: dict[str, dict[str, Any]] | None = None  # loaded lazily
        self._stats: dict[str, _Stat] = {}  # taken at lookup, before the file is parsed
        self._dirty = False

    @classmethod
    def for_user(cls, environ: Mapping[str, str] | None = None) -> MetadataCache | None:
        """The user's cache, or None when DEBUGDEMO_NO_CACHE turns it off."""
        return cls(cache_dir(environ) / FILE_NAME) if enabled(environ) else None

    def lookup(self, path: Path) -> Entry | None:
        """The cached entry for `path` if the file has not changed since; None otherwise."""
        key = os.path.abspath(path)
        try:
            st = os.stat(path)
        except OSError:
            return None  # unreadable: the parser says why
        self._stats[key] = (st.st_size, st.st_mtime_ns)
        raw = self._load().get(key)
        if not isinstance(raw, dict) or (raw.get("size"), raw.get("mtime_ns")) != self._stats[key]:
            return None
        try:
            if "error" in raw:
                error = raw["error"]
                line = error["line"]
                if not isinstance(error["message"], str) or not isinstance(line, int | None):
                    return None
                return ScenarioError(path, error["message"], line)
            return ScenarioSummary.from_dict({**raw["scenario"], "file": str(path)})
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # an entry this version cannot read: parse the file again

    def store(self, path: Path, entry: Entry) -> None:
        """Remember `entry` under the size and mtime `lookup` saw before the file was parsed."""
        key = os.path.abspath(path)
        stat = self._stats.get(key)
        if stat is None or stat[1] > time.time_ns() - SETTLE_NS or isinstance(entry, UnreadableScenarioError):
            return
        record: dict[str, Any] = {"size": stat[0], "mtime_ns": stat[1]}
        if isinstance(entry, ScenarioError):
            record["error"] = {"message": entry.message, "line": entry.line}
        else:
            record["scenario"] = {k: v for k, v in entry.to_dict().items() if k != "file"}
        self._load()[key] = record
        self._dirty = True

    def save(self) -> None:
        """Write the entries back if any changed; a folder that cannot be written is no error."""
        if not self._dirty or self._entries is None:
            return
        self._dirty = False
        entries = {
            k: v for k, v in self._entries.items() if k in self._stats or os.path.exists(k)
        }  # forget deleted files
        if len(entries) > MAX_ENTRIES:
            entries = {k: v for k, v in entries.items() if k in self._stats}
        text = json.dumps({"format": FORMAT, "parser": self._fingerprint, "entries": entries})
        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, self.file)  # atomic: a concurrent reader sees old or new
        except OSError:
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._entries is None:
            self._entries = {}
            try:
                data = json.loads(self.file.read_text(encoding="utf-8"))
                if (
                    isinstance(data, dict)
                    and data.get("format") == FORMAT
                    and data.get("parser") == self._fingerprint
                    and isinstance(data.get("entries"), dict)
                ):
                    self._entries = data["entries"]
            except (OSError, ValueError, RecursionError):
                pass  # missing, unreadable or corrupt: start afresh
        return self._entries
