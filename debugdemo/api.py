"""The Python API behind `debugdemo.run()`: warm workers in a `Session`, results that display.

A `Session` keeps one worker per mode alive between runs, so only the first run in a
process pays for importing torch or TensorFlow. `debugdemo.run()` and `debugdemo.check()`
use one default session per process; `debugdemo.session()` gives one to hold explicitly.
Workers stop at `close()`, at interpreter exit, and with the process that started them.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from debugdemo import records
from debugdemo.catalog import Catalog, discover, search_path
from debugdemo.display import Displayable
from debugdemo.errors import DebugDemoError
from debugdemo.expectations import Check, Outcome, compare, mismatches
from debugdemo.modes import DEFAULT_MODES, Mode, parse_mode, parse_modes
from debugdemo.process.worker_parent import DEFAULT_TIMEOUT, EventHandler, Runner, Worker
from debugdemo.scenario import Scenario

if TYPE_CHECKING:
    from rich.console import RenderableType

Target = Union[str, "os.PathLike[str]", Scenario]
"""A scenario name, a scenario file's path, or a `Scenario` from `scenarios()`."""
Modes = Union[str, Mode, Iterable[Union[str, Mode]], None]
"""Mode ids or aliases: "torch,tf1", "all", Mode.TF1_GRAPH, ["torch", "tf2"]; None: the default."""


# --- what the API returns -------------------------------------------------------------


@dataclass(repr=False)
class ScenarioResult(records.ScenarioResult, Displayable):
    """One scenario's runs, one per mode: the record `run --json` prints, displaying itself.

    `to_dict()` is exactly `run --json`'s object. `rich.print(result)` draws the view
    `debugdemo run` prints; in Jupyter a result shows the same view as HTML.
    """

    explanation: str = field(default="", compare=False)  # the docstring's prose, for the header

    def __repr__(self) -> str:
        runs = ", ".join(f"{run.mode}: {_outcome(run)}" for run in self.runs)
        return f"<ScenarioResult {self.scenario} ({runs})>"

    def _view(self) -> RenderableType:
        from debugdemo.views.run import RunView

        return RunView(self, self.explanation)


def _outcome(run: records.RunResult) -> str:
    if run.exception is not None:
        return f"raised {run.exception.type}"
    return run.status.value


class Results(list[ScenarioResult], Displayable):
    """Several scenarios' results (a list), displayed one after another."""

    def to_dicts(self) -> list[dict[str, Any]]:
        """What `run --json` prints for several scenarios."""
        return [r.to_dict() for r in self]

    def _view(self) -> RenderableType:
        from rich.console import Group

        return Group(*(result._view() for result in self))


@dataclass
class CheckReport(Displayable):
    """Every scenario's EXPECT against its live runs, as data: what `check --json` prints."""

    checks: list[Check]
    invalid: list[str] = field(default_factory=list)  # scenario files that could not be read

    def __repr__(self) -> str:
        held = sum(1 for c in self.checks if c.outcome is Outcome.HELD)
        invalid = f", {len(self.invalid)} invalid file(s)" if self.invalid else ""
        return f"<CheckReport: {held} held, {len(self.mismatches)} mismatch(es){invalid}>"

    @classmethod
    def of(
        cls, scenarios: Sequence[Scenario], results: Sequence[records.ScenarioResult], invalid: list[str]
    ) -> CheckReport:
        """Each scenario's EXPECT against its live result (`results` in the order of `scenarios`)."""
        return cls([c for s, r in zip(scenarios, results, strict=True) for c in compare(s, r)], invalid)

    @property
    def mismatches(self) -> list[Check]:
        return mismatches(self.checks)

    @property
    def ok(self) -> bool:
        """Every expectation held and every scenario file was valid."""
        return not self.mismatches and not self.invalid

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checks": [c.to_dict() for c in self.checks], "invalid": list(self.invalid)}

    def _view(self) -> RenderableType:
        from rich.console import Group

        from debugdemo.views.check import CheckView
        from debugdemo.views.listing import problems_panel

        parts: list[RenderableType] = [CheckView(self.checks, len(self.invalid))]
        if self.invalid:
            parts.append(problems_panel(self.invalid))
        return Group(*parts)


class ScenarioList(list[Scenario], Displayable):
    """The catalogue (a list of `Scenario`), read statically; `problems` lists broken files."""

    def __init__(self, scenarios: Iterable[Scenario] = (), problems: Sequence[str] = ()) -> None:
        super().__init__(scenarios)
        self.problems = list(problems)

    def __repr__(self) -> str:
        problems = f"; {len(self.problems)} problem(s)" if self.problems else ""
        return f"<ScenarioList: {', '.join(s.name for s in self) or 'no scenarios'}{problems}>"

    def _view(self) -> RenderableType:
        from rich.console import Group

        from debugdemo.views.listing import ListView, problems_panel

        parts: list[RenderableType] = [ListView([s.summary() for s in self])]
        if self.problems:
            parts.append(problems_panel(self.problems))
        return Group(*parts)


# --- the session ----------------------------------------------------------------------


def as_modes(modes: Modes, default: Sequence[Mode] = DEFAULT_MODES) -> tuple[Mode, ...]:
    """Modes from what a caller wrote; DebugDemoError (UnknownModeError) for a bad one."""
    if modes is None:
        return tuple(default)
    if isinstance(modes, str):  # a Mode is a str too: "tf1-graph"
        return parse_modes(modes)
    found: list[Mode] = []
    for item in modes:
        mode = parse_mode(item)
        if mode not in found:
            found.append(mode)
    if not found:
        raise DebugDemoError("No mode given: name at least one, e.g. modes='torch,tf1' or modes='all'.")
    return tuple(found)


def modes_defined(scenarios: Sequence[Scenario]) -> list[Mode]:
    """Every mode some scenario defines, in Mode order: the modes `check` runs."""
    return [m for m in Mode if any(m in s.modes for s in scenarios)]


class Session:
    """Warm workers, one per mode, alive between runs until `close()`.

    Safe to call from several threads (a UI's background thread, say): runs take turns,
    since each mode has one worker. `close()` may come from any thread; it stops a run in
    progress. A closed session starts afresh when it is used again.

    Nothing starts when a session is made: `start()` starts the workers of its modes
    without waiting for them (frameworks load in the background), and `run` starts
    whatever it needs that is not running yet.

    Args:
        modes: the modes `start()` starts and `run` uses when a call names none.
            Default: torch-eager, tf1-graph.
        timeout: seconds a scenario function may run before its worker is stopped.
        aid: switch on each framework's own debugging aid (`run --aid`) by default.
        paths: extra scenario folders, searched before DEBUGDEMO_PATH and the built-ins.
        on_event: called as workers start and scenarios finish (progress displays).
        env: extra environment variables for the workers.
        preload: import each mode's framework when its worker starts (False: framework-free
            scenarios only, for tests).
        restart: start again at once a worker that a run lost to a crash or a timeout, so the
            next run is warm too (the studio); not after `close()` stopped the run.
    """

    def __init__(
        self,
        modes: Modes = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        aid: bool = False,
        paths: Sequence[str | os.PathLike[str]] = (),
        on_event: EventHandler | None = None,
        env: dict[str, str] | None = None,
        preload: bool = True,
        restart: bool = False,
    ) -> None:
        self.modes = as_modes(modes)
        self.timeout = timeout
        self.aid = aid
        self.paths = [Path(p) for p in paths]
        self.on_event = on_event
        self.env = env
        self.preload = preload
        self.restart = restart
        self.lock = threading.RLock()  # held for a whole run: hold it to use `runner()` yourself
        self._pool: dict[Mode, Worker] = {}
        self._current: Runner | None = None
        self._at_exit = False  # close() is registered to run at interpreter exit
        self._closes = 0  # close() calls so far: a run that one stopped restarts nothing

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        started = ", ".join(f"{mode.value} (pid {pid})" for mode, pid in self.started.items())
        return f"<debugdemo.Session: {started or 'no worker started'}>"

    @property
    def started(self) -> dict[Mode, int]:
        """The process id of each mode's live worker, idle or running a scenario."""
        runner = self._current or Runner([], pool=self._pool)
        return {mode: worker.proc.pid for mode, worker in runner.workers().items()}

    def start(self, modes: Modes = None) -> None:
        """Start the workers of `modes` (default: the session's) now, without waiting for them."""
        with self.lock:
            self.runner(as_modes(modes, self.modes)).start()

    def runner(
        self,
        modes: Sequence[Mode],
        *,
        timeout: float | None = None,
        aid: bool | None = None,
        on_event: EventHandler | None = None,
    ) -> Runner:
        """A `Runner` on this session's warm workers, for code that drives one (the CLI's
        commands inside `%debugdemo`). Hold `lock` while it runs."""
        if not self._at_exit:  # workers may start: stop them at interpreter exit at the latest
            atexit.register(self.close)
            self._at_exit = True
        runner = Runner(
            modes,
            timeout=self.timeout if timeout is None else timeout,
            on_event=self.on_event if on_event is None else on_event,
            env=self.env,
            preload=self.preload,
            aid=self.aid if aid is None else aid,
            pool=self._pool,
        )
        self._current = runner
        return runner

    def catalog(self, paths: Sequence[str | os.PathLike[str]] = ()) -> Catalog:
        """The scenarios of `paths`, the session's paths, DEBUGDEMO_PATH and the built-ins."""
        return discover(search_path([*(Path(p) for p in paths), *self.paths]))

    def scenarios(self, tag: str | None = None, paths: Sequence[str | os.PathLike[str]] = ()) -> ScenarioList:
        """The catalogue, read statically (nothing runs); `tag` keeps the scenarios tagged so."""
        catalog = self.catalog(paths)
        return ScenarioList(catalog.by_tag(tag), catalog.problems)

    def resolve(self, target: Target, paths: Sequence[str | os.PathLike[str]] = ()) -> Scenario:
        """The scenario a name, a file path or a `Scenario` means; DebugDemoError if none."""
        if isinstance(target, Scenario):
            return target
        if not isinstance(target, (str, os.PathLike)):
            raise DebugDemoError(f"Not a scenario name or file: {target!r}.")
        return self.catalog(paths).resolve(os.fspath(target))

    def run(
        self,
        target: Target | Sequence[Target],
        *,
        modes: Modes = None,
        timeout: float | None = None,
        aid: bool | None = None,
        paths: Sequence[str | os.PathLike[str]] = (),
        on_event: EventHandler | None = None,
    ) -> Any:
        """Run one scenario (a `ScenarioResult`) or a list of them (`Results`) in each mode.

        `modes`, `timeout` and `aid` default to the session's; `on_event` (default: the
        session's) hears of this run's progress, from the runner's threads. A scenario that
        raises, returns, hangs past `timeout` or crashes its interpreter is a result with
        that status. Bad input raises DebugDemoError: an unknown name (with suggestions), an
        unknown mode, an invalid scenario file.
        """
        targets, many = _listed(target)
        chosen = as_modes(modes, self.modes)
        scenarios = [self.resolve(t, paths) for t in targets]
        results = Results(self._run(scenarios, chosen, timeout, aid, on_event))
        return results if many else results[0]

    def check(
        self,
        targets: Sequence[Target] | Target | None = None,
        *,
        timeout: float | None = None,
        paths: Sequence[str | os.PathLike[str]] = (),
    ) -> CheckReport:
        """Run scenarios (default: all) in every mode they define and compare with their EXPECT."""
        if targets is None:
            catalog = self.catalog(paths)
            scenarios = catalog.by_tag(None)
            invalid = [str(exc) for exc in catalog.invalid.values()]
        else:
            scenarios = [self.resolve(t, paths) for t in _listed(targets)[0]]
            invalid = []
        modes = modes_defined(scenarios)
        results = self._run(scenarios, modes, timeout, aid=False) if modes else []
        return CheckReport.of(scenarios, results, invalid)

    def _run(
        self,
        scenarios: Sequence[Scenario],
        modes: Sequence[Mode],
        timeout: float | None,
        aid: bool | None,
        on_event: EventHandler | None = None,
    ) -> list[ScenarioResult]:
        if not scenarios:
            return []
        with self.lock:
            closes = self._closes
            try:
                found = self.runner(modes, timeout=timeout, aid=aid, on_event=on_event).run(scenarios)
            finally:
                self._current = None
            if self.restart and self._closes == closes:
                lost = {run.mode for r in found for run in r.runs if run.status in _LOST}
                if dead := [m for m in modes if m.value in lost and m not in self._pool]:
                    self.start(dead)
        explanations = {s.name: s.explanation for s in scenarios}
        return [
            ScenarioResult(r.scenario, r.file, r.title, r.runs, explanation=explanations[r.scenario])
            for r in found
        ]

    def close(self) -> None:
        """Stop every worker (a run in progress ends with them); safe to call twice."""
        self._closes += 1
        current = self._current
        if current is not None:
            current.stop()  # from another thread: the run returns, its workers stopped
        with self.lock:
            Runner([], pool=self._pool).stop()
            if self._at_exit:
                atexit.unregister(self.close)
                self._at_exit = False


_LOST = (records.RunStatus.CRASHED, records.RunStatus.TIMEOUT)  # the run's worker is gone


def _listed(target: Target | Sequence[Target]) -> tuple[list[Target], bool]:
    """The targets, and whether the caller gave a list (and gets a list back)."""
    if isinstance(target, (str, os.PathLike, Scenario)):
        return [target], False
    return list(target), True


_default: Session | None = None
_default_lock = threading.Lock()


def default_session() -> Session:
    """The session `debugdemo.run()` and `debugdemo.check()` use: one per process."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Session()
        return _default


def close_default_session() -> None:
    """Stop the default session's workers (they start again on the next run)."""
    if _default is not None:
        _default.close()
