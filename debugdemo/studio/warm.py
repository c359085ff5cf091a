"""Warm workers for the studio: one per mode, started with the app, reused for every run.

The one place the studio touches the process layer. It drives worker_parent's `Lane`
one scenario at a time (a Lane keeps its worker between calls and starts a new one when
a run lost it), so a re-run costs the scenario's compute only. When the public API's
warm session lands, this class is what it replaces.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from debugdemo.modes import Mode
from debugdemo.process.worker_child import our_failure
from debugdemo.process.worker_parent import DEFAULT_TIMEOUT, Lane, Worker
from debugdemo.records import RunResult, RunStatus, ScenarioResult
from debugdemo.scenario import Scenario


class WarmWorkers:
    """One lane (and worker process) per mode, kept between runs until `stop()`."""

    def __init__(
        self,
        modes: Sequence[Mode],
        timeout: float = DEFAULT_TIMEOUT,
        env: dict[str, str] | None = None,
        preload: bool = True,
    ) -> None:
        """Args:
        modes: the modes whose workers start with `start()`; others start on first use.
        timeout: seconds a scenario function may run before its worker is killed.
        env: extra environment variables for the workers.
        preload: import each mode's framework at worker start; False for framework-free tests.
        """
        self.modes = list(modes)
        self.timeout = timeout
        self.env = env
        self.preload = preload
        self._lanes: dict[Mode, Lane] = {}
        self._lock = threading.Lock()
        self._stopped = False

    def _lane(self, mode: Mode, start: bool) -> Lane | None:
        with self._lock:
            if self._stopped:
                return None
            lane = self._lanes.get(mode)
            if lane is None:
                lane = Lane(mode, (), self.timeout, lambda event: None, self.env, self.preload)
                if start:
                    lane.worker = Worker(mode, self.env, self.preload)
                self._lanes[mode] = lane
            return lane

    def start(self) -> None:
        """Start every mode's worker now: frameworks load while the user reads."""
        for mode in self.modes:
            self._lane(mode, start=True)

    def run(self, scenario: Scenario, modes: Sequence[Mode], aid: bool = False) -> ScenarioResult:
        """Run `scenario` in each of `modes` at once, in the warm workers."""
        results: dict[Mode, RunResult] = {}

        def one(mode: Mode) -> None:
            lane = self._lane(mode, start=False)
            if lane is None:
                results[mode] = RunResult(mode.value, RunStatus.CRASHED, detail="stopped: the studio quit")
                return
            lane.aid = aid
            try:
                results[mode] = lane._run_one(scenario)
            except Exception as exc:  # noqa: BLE001 - a bug of ours still yields a visible result
                if lane.worker is not None:
                    lane.worker.kill()
                    lane.worker = None
                results[mode] = RunResult(mode.value, RunStatus.CRASHED, detail=our_failure("failed", exc))

        threads = [threading.Thread(target=one, args=(mode,), daemon=True) for mode in modes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self._rewarm(modes)
        return ScenarioResult(
            scenario=scenario.name,
            file=str(scenario.path.resolve()),
            title=scenario.title,
            runs=[results[mode] for mode in modes],
        )

    def _rewarm(self, modes: Sequence[Mode]) -> None:
        """Start again the workers a run lost (crash, timeout), so the next run is warm too."""
        for mode in modes:
            lane = self._lanes.get(mode)
            if lane is not None and lane.worker is None and lane._unavailable is None:
                lane._start_worker()  # None once stopped: nothing outlives `stop()`

    def pids(self) -> list[int]:
        """The worker processes alive now (for tests and the benchmark)."""
        with self._lock:
            return [lane.worker.proc.pid for lane in self._lanes.values() if lane.worker is not None]

    def stop(self) -> None:
        """Kill every worker; no process outlives the studio. Idempotent."""
        with self._lock:
            self._stopped = True
            lanes = list(self._lanes.values())
        for lane in lanes:
            lane.stop()
