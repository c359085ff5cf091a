"""Find scenario files: the built-in folder, --path folders and DEBUGDEMO_PATH."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from debugdemo.errors import DebugDemoError
from debugdemo.scenario import Scenario, ScenarioError, ScenarioSummary, load_scenario, scenario_name

if TYPE_CHECKING:
    from debugdemo.cache import MetadataCache

ENV_VAR = "DEBUGDEMO_PATH"


def builtin_dir() -> Path:
    """The shipped scenarios: inside the wheel, or beside the package in a checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_scenarios", package.parent / "scenarios"):
        if candidate.is_dir():
            return candidate
    return package / "_scenarios"


def env_paths(environ: Mapping[str, str] | None = None) -> list[Path]:
    """The folders DEBUGDEMO_PATH names, in order (os.pathsep between them)."""
    env = os.environ if environ is None else environ
    return [Path(p) for p in env.get(ENV_VAR, "").split(os.pathsep) if p.strip()]


def search_path(extra: Sequence[Path] = (), environ: Mapping[str, str] | None = None) -> list[Path]:
    """Folders to search, earliest wins: --path entries, DEBUGDEMO_PATH entries, built-ins."""
    dirs: list[Path] = []
    for d in [*extra, *env_paths(environ), builtin_dir()]:
        d = d.expanduser()
        if d.resolve() not in {x.resolve() for x in dirs}:
            dirs.append(d)
    return dirs


class Catalog:
    """The scenarios of the search path. Each file is parsed when first needed.

    Names come from file names, so `resolve(NAME)` parses that one file and `show`, `run`
    and `debug` need not read the whole catalogue; `scenarios` and `invalid` parse every
    file, once. `summaries` and `problems` (what `list` shows) take a file's entry from the
    metadata cache, when the catalogue has one and the file has not changed: a summary
    holds nothing to run, and everything that runs comes from `resolve` or `scenarios`.
    """

    def __init__(self, cache: MetadataCache | None = None) -> None:
        self._entries: list[str | tuple[str, Path]] = []  # search-path order: a problem, or (name, file)
        self._files: dict[str, Path] = {}
        self._parsed: dict[str, Scenario | ScenarioError] = {}
        self._cache = cache
        self._summaries: dict[str, ScenarioSummary | ScenarioError] = {}

    def add_problem(self, text: str) -> None:
        self._entries.append(text)

    def add_file(self, name: str, path: Path) -> None:
        self._entries.append((name, path))
        self._files[name] = path

    def _parsed_file(self, name: str) -> Scenario | ScenarioError:
        if name not in self._parsed:
            try:
                self._parsed[name] = load_scenario(self._files[name])
            except ScenarioError as exc:
                self._parsed[name] = exc
        return self._parsed[name]

    def _summary(self, name: str) -> ScenarioSummary | ScenarioError:
        if name not in self._summaries:
            path = self._files[name]
            found = None if self._cache is None or name in self._parsed else self._cache.lookup(path)
            if found is None:
                parsed = self._parsed_file(name)
                found = parsed.summary() if isinstance(parsed, Scenario) else parsed
                if self._cache is not None:
                    self._cache.store(path, found)
            self._summaries[name] = found
        return self._summaries[name]

    def summaries(self, tag: str | None = None) -> list[ScenarioSummary]:
        """What `list` shows of the valid scenarios (with `tag`), by name; saves the cache."""
        found = [s for name in sorted(self._files) if isinstance(s := self._summary(name), ScenarioSummary)]
        if self._cache is not None:
            self._cache.save()
        return _tagged(found, tag)

    @property
    def scenarios(self) -> dict[str, Scenario]:
        parsed = {name: self._parsed_file(name) for name in self._files}
        return {name: s for name, s in parsed.items() if isinstance(s, Scenario)}

    @property
    def invalid(self) -> dict[str, ScenarioError]:
        parsed = {name: self._parsed_file(name) for name in self._files}
        return {name: e for name, e in parsed.items() if isinstance(e, ScenarioError)}

    @property
    def problems(self) -> list[str]:
        """One line each, for `list`: folders, duplicate names and invalid files, in search order."""
        lines = []
        for entry in self._entries:
            if isinstance(entry, str):
                lines.append(entry)
            elif isinstance(error := self._summary(entry[0]), ScenarioError):
                lines.append(str(error))
        return lines

    def names(self) -> list[str]:
        return sorted(self._files)

    def get(self, name: str) -> Scenario | None:
        """The valid scenario called `name`, parsing only its file; None if none."""
        found = self._parsed_file(name) if name in self._files else None
        return found if isinstance(found, Scenario) else None

    def resolve(self, name_or_path: str) -> Scenario:
        """The scenario a command-line NAME means; DebugDemoError (exit 2) when none."""
        path = Path(name_or_path).expanduser()
        if name_or_path.endswith(".py") or os.sep in name_or_path:
            if not path.is_file():
                raise DebugDemoError(f"No scenario file at {name_or_path}.")
            return _load_or_fail(path)
        if name_or_path in self._files:
            found = self._parsed_file(name_or_path)
            if isinstance(found, ScenarioError):
                raise DebugDemoError(f"Scenario {name_or_path!r} is invalid: {found}")
            return found
        close = difflib.get_close_matches(name_or_path, self.names(), n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise DebugDemoError(
            f"Unknown scenario {name_or_path!r}.{hint} Run 'debugdemo list' to see them all."
        )

    def by_tag(self, tag: str | None) -> list[Scenario]:
        """The scenarios with `tag` (all when None); a tag no scenario has is a usage error."""
        return _tagged(sorted(self.scenarios.values(), key=lambda s: s.name), tag)


_Tagged = TypeVar("_Tagged", Scenario, ScenarioSummary)


def _tagged(found: list[_Tagged], tag: str | None) -> list[_Tagged]:
    """Those of `found` with `tag` (all when None); a tag none of them has is a usage error."""
    if tag is None:
        return found
    tagged = [s for s in found if tag in s.tags]
    if not tagged and found:
        tags = sorted({t for s in found for t in s.tags})
        close = difflib.get_close_matches(tag, tags, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise DebugDemoError(f"No scenario is tagged {tag!r}.{hint} Tags: {', '.join(tags)}.")
    return tagged


def _load_or_fail(path: Path) -> Scenario:
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise DebugDemoError(f"Invalid scenario: {exc}") from None


def scenario_files(folder: Path) -> Iterable[Path]:
    if not folder.is_dir():
        return []
    # A dangling symlink is kept: `discover` reports it as unreadable instead of ignoring it.
    found = (p for p in folder.glob("*.py") if not p.name.startswith(("_", ".")))
    return sorted(p for p in found if p.is_file() or p.is_symlink())


def discover(folders: Sequence[Path], cache: MetadataCache | None = None) -> Catalog:
    """Find every scenario in `folders` (parsed on demand); a broken file becomes a problem."""
    catalog = Catalog(cache)
    first_seen: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir() and folder != builtin_dir():
            catalog.add_problem(f"{folder}: not a folder (from --path or {ENV_VAR})")
        for path in scenario_files(folder):
            name = scenario_name(path)
            if name in first_seen:
                catalog.add_problem(
                    f"{path}: name {name!r} is also defined in {first_seen[name]}; "
                    f"using {first_seen[name]} (earlier in the search path)"
                )
                continue
            first_seen[name] = path
            catalog.add_file(name, path)
    return catalog
