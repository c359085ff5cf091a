"""Run scenarios in worker processes: one per mode, in parallel, reused across scenarios."""

from __future__ import annotations

import atexit
import os
import select
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from debugdemo.errors import our_failure
from debugdemo.modes import Mode
from debugdemo.process import protocol
from debugdemo.process.capture import StreamSplitter, stopped_at, strip_noise
from debugdemo.process.environment import child_env
from debugdemo.process.protocol import Finished, ProtocolError, Ready, Request, Started
from debugdemo.records import RunResult, RunStatus, ScenarioResult, SourceLocation, Timings, sanitised
from debugdemo.scenario import Scenario

DEFAULT_TIMEOUT = 60.0
STARTUP_TIMEOUT = 180.0  # importing a framework on a cold, busy machine


class Stage(str, Enum):
    """What one mode's worker has just begun: loading its framework, running a scenario, or done."""

    STARTING = "starting"
    RUNNING = "running"
    DONE = "done"


@dataclass(frozen=True)
class Event:
    """Progress of one mode's worker, for spinners and progress bars."""

    mode: Mode
    kind: Stage
    scenario: str | None = None


EventHandler = Callable[[Event], None]


class WorkerDied(Exception):
    pass


class Worker:
    """One worker process and its pipes."""

    def __init__(self, mode: Mode, env: dict[str, str] | None = None, preload: bool = True) -> None:
        self.mode = mode
        self.ready = False  # the "ready" message (framework loaded) has been read
        token = uuid.uuid4().hex
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        self.proc = subprocess.Popen(
            protocol.command(protocol.WorkerArgs(mode, req_r, resp_w, token, preload)),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(req_r, resp_w),
            start_new_session=True,  # Ctrl-C reaches the CLI, which stops the workers itself
            env=child_env(env),
        )
        os.close(req_r)
        os.close(resp_w)
        self._requests = os.fdopen(req_w, "w", encoding="utf-8")
        self._responses = resp_r
        self._pipes_closed = False
        self._pending = b""
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.stdout = StreamSplitter(self.proc.stdout, protocol.sentinel(token))
        self.stderr = StreamSplitter(self.proc.stderr, protocol.sentinel(token))
        self.stdout.start()
        self.stderr.start()

    def send(self, request: Request) -> None:
        try:
            self._requests.write(protocol.encode(request))
            self._requests.flush()
        except (BrokenPipeError, OSError) as exc:
            raise WorkerDied() from exc

    def receive(self, timeout: float) -> protocol.Message | None:
        """The next message, None after `timeout` seconds.

        WorkerDied when the pipe closes, ProtocolError when what arrives is no message.
        """
        deadline = time.monotonic() + timeout
        while b"\n" not in self._pending:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._responses], [], [], min(left, 0.5))
            if ready:
                chunk = os.read(self._responses, 1 << 20)
                if not chunk:
                    raise WorkerDied()
                self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return protocol.decode(line)

    def dump_stack(self, wait: float = 0.3) -> None:
        """Have a stuck worker write its Python stack to stderr (faulthandler, see worker_child.main)."""
        try:
            self.proc.send_signal(protocol.STACK_SIGNAL)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(wait)

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.close()

    def close(self) -> None:
        # Once only: a stopped lane kills its worker again, and a second os.close could end a
        # descriptor that another thread has opened under the same number since.
        if not self._pipes_closed:
            self._pipes_closed = True
            for closer in (self._requests.close, lambda: os.close(self._responses)):
                try:
                    closer()
                except OSError:
                    pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def exit_detail(self) -> str:
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.returncode
        return "the interpreter " + protocol.how_it_ended(code)


def unavailable_detail(mode: Mode, problem: str, missing: bool) -> str:
    """What a column says when its framework cannot be imported (a worker's or probe's answer)."""
    framework = mode.framework
    if missing:
        return f"{framework.value} not installed — pip install {framework.pip_name}"
    return f"{framework.value} is installed but cannot be imported: {problem}"


@dataclass
class Lane:
    """Runs the scenarios of one mode in order, in one reused worker."""

    mode: Mode
    scenarios: Sequence[Scenario]
    timeout: float
    emit: EventHandler
    env: dict[str, str] | None = None
    preload: bool = True
    aid: bool = False
    keep_worker: bool = False  # leave a live worker running after the last scenario (a session's pool)
    results: dict[str, RunResult] = field(default_factory=dict)
    worker: Worker | None = None
    stopped: bool = False
    _unavailable: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self) -> None:
        try:
            for scenario in self.scenarios:
                if self.stopped:
                    return
                self.results[scenario.name] = self._run_one(scenario)
                self.emit(Event(self.mode, Stage.DONE, scenario.name))
        finally:
            if self.worker is not None and (self.stopped or not self.keep_worker):
                self.worker.kill()
                self.worker = None

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            if self.worker is not None:
                self.worker.kill()

    def _start_worker(self) -> Worker | None:
        """A new worker, unless stop() came first: no process may outlive a stopped run."""
        with self._lock:
            if self.stopped:
                return None
            self.worker = Worker(self.mode, self.env, self.preload)
            return self.worker

    def _run_one(self, scenario: Scenario) -> RunResult:
        """One scenario's record, never an exception: a bug of ours is a crashed run.

        The one place run text enters the parent: its control characters are made visible here.
        """
        try:
            result = self._record(scenario)
        except Exception as exc:  # noqa: BLE001 - a bug of ours still yields a visible result
            if self.worker is not None:
                self.worker.kill()
                self.worker = None
            result = RunResult(self.mode.value, RunStatus.CRASHED, detail=our_failure("failed", exc))
        # Read statically from the file: the record says so whatever the run did.
        result.constructed = scenario.constructed.get(self.mode)
        return sanitised(result)

    def _record(self, scenario: Scenario) -> RunResult:
        bug_lines = list(scenario.bug_lines.get(self.mode, ()))
        if self.mode not in scenario.modes:
            return RunResult(
                self.mode.value,
                RunStatus.UNDEFINED,
                detail=f"not defined in this scenario ({self.mode.function})",
            )
        if self._unavailable is not None:
            return RunResult(
                self.mode.value, RunStatus.UNAVAILABLE, detail=self._unavailable, bug_lines=bug_lines
            )
        startup = 0.0
        worker = self.worker
        if worker is None or not worker.ready:  # a worker from Runner.start() has not said "ready" yet
            self.emit(Event(self.mode, Stage.STARTING, scenario.name))
            if worker is None and (worker := self._start_worker()) is None:
                return RunResult(self.mode.value, RunStatus.CRASHED, detail="stopped", bug_lines=bug_lines)
            try:
                message = worker.receive(STARTUP_TIMEOUT)
                if message is None:
                    return self._lost(
                        RunStatus.TIMEOUT, f"did not start within {STARTUP_TIMEOUT:g} s", bug_lines
                    )
                ready = protocol.expect(message, Ready)
            except WorkerDied:
                return self._lost(
                    RunStatus.CRASHED, "crashed while starting: " + worker.exit_detail(), bug_lines
                )
            except ProtocolError as exc:
                return self._lost(RunStatus.CRASHED, f"the worker broke the protocol: {exc}", bug_lines)
            worker.ready = True
            worker.stdout.next_capture()
            worker.stderr.next_capture()
            startup = ready.startup_s
            if ready.unavailable is not None:
                self._unavailable = unavailable_detail(self.mode, ready.unavailable, ready.missing)
                worker.kill()
                self.worker = None
                return RunResult(
                    self.mode.value, RunStatus.UNAVAILABLE, detail=self._unavailable, bug_lines=bug_lines
                )
        self.emit(Event(self.mode, Stage.RUNNING, scenario.name))
        scenario_file = str(scenario.path.resolve())
        request = Request(
            run_id=f"{scenario.name}-{uuid.uuid4().hex[:8]}",
            file=scenario_file,
            function=self.mode.function,
            bug_lines=tuple(bug_lines),
            aid=self.aid,
        )
        try:
            worker.send(request)
            started = worker.receive(STARTUP_TIMEOUT)
            if started is None:
                return self._lost(RunStatus.TIMEOUT, "the worker did not pick up the scenario", bug_lines)
            protocol.expect(started, Started, request.run_id)  # the function is called now
            message = worker.receive(self.timeout)
            if message is None:
                return self._lost(
                    RunStatus.TIMEOUT,
                    f"no result after {self.timeout:g} s: the worker was stopped",
                    bug_lines,
                    startup,
                    scenario_file,
                )
            result = protocol.expect(message, Finished, request.run_id).result
        except WorkerDied:
            return self._lost(RunStatus.CRASHED, worker.exit_detail(), bug_lines, startup, scenario_file)
        except ProtocolError as exc:
            return self._lost(
                RunStatus.CRASHED, f"the worker broke the protocol: {exc}", bug_lines, startup, scenario_file
            )
        result.stdout = worker.stdout.next_capture()
        result.stderr = strip_noise(worker.stderr.next_capture())
        if startup:
            result.timings.startup_s = round(startup, 3)
        return result

    def _lost(
        self,
        status: RunStatus,
        detail: str,
        bug_lines: list[int],
        startup: float = 0.0,
        scenario_file: str = "",
    ) -> RunResult:
        """The worker is gone or stuck: keep what it printed, and start afresh next time."""
        worker = self.worker
        assert worker is not None
        self.worker = None
        if status is RunStatus.TIMEOUT:
            worker.dump_stack()  # where it hung, for the stderr column
        worker.kill()
        result = RunResult(self.mode.value, status, detail=detail, bug_lines=bug_lines)
        result.stdout = worker.stdout.next_capture(timeout=2)
        result.stderr = strip_noise(worker.stderr.next_capture(timeout=2))
        result.timings = Timings(startup_s=round(startup, 3) if startup else None)
        if scenario_file and (where := stopped_at(result.stderr, scenario_file)):
            result.surfaced_at = SourceLocation(*where)
            result.detail = f"{detail}; it was at line {where[0]}, in {where[1]}"
        return result


class Runner:
    """Runs scenarios × modes; `stop()` (on Ctrl-C) kills every worker."""

    def __init__(
        self,
        modes: Sequence[Mode],
        timeout: float = DEFAULT_TIMEOUT,
        on_event: EventHandler | None = None,
        env: dict[str, str] | None = None,
        preload: bool = True,
        aid: bool = False,
        pool: dict[Mode, Worker] | None = None,
    ) -> None:
        """Args:
        modes: the modes to run, one worker lane each.
        timeout: seconds a scenario function may run before its worker is killed.
        on_event: called (under a lock) as workers start and scenarios finish.
        env: extra environment variables for the workers.
        preload: import each mode's framework at worker start; False for framework-free tests.
        aid: switch on each framework's own debugging aid for every run.
        pool: warm workers to take from and give back after `run` (a session's, see api.py):
            its owner stops them. Without one, every worker stops when `run` ends.
        """
        self.preload = preload
        self.aid = aid
        self.modes = list(modes)
        self.timeout = timeout
        self.on_event = on_event or (lambda event: None)
        self.env = env
        self._lanes: list[Lane] = []
        self._keep = pool is not None
        self._started: dict[Mode, Worker] = pool if pool is not None else {}
        self._lock = threading.Lock()

    def _emit(self, event: Event) -> None:
        with self._lock:
            self.on_event(event)

    def start(self) -> None:
        """Start every mode's worker now, so frameworks load while the caller finds its scenarios.

        Optional: `run` starts whatever is not started yet. A started worker that no
        scenario needs is stopped when `run` ends, by `stop`, or when this process exits
        (say the caller then finds that the scenario it was asked for does not exist).
        """
        for mode in self.modes:
            worker = self._take(mode)
            self._started[mode] = worker if worker is not None else Worker(mode, self.env, self.preload)
        if not self._keep:
            atexit.register(self.stop)

    def _take(self, mode: Mode) -> Worker | None:
        """The started worker of `mode`, if it is still alive."""
        worker = self._started.pop(mode, None)
        if worker is not None and worker.proc.poll() is not None:  # died while idle
            worker.kill()
            return None
        return worker

    def workers(self) -> dict[Mode, Worker]:
        """The live workers: idle ones, and those running a scenario now."""
        live = {lane.mode: lane.worker for lane in self._lanes if lane.worker is not None}
        live.update(self._started)
        return {mode: w for mode, w in live.items() if w.proc.poll() is None}

    def run(self, scenarios: Sequence[Scenario]) -> list[ScenarioResult]:
        self._lanes = [
            Lane(
                mode,
                scenarios,
                self.timeout,
                self._emit,
                self.env,
                self.preload,
                self.aid,
                keep_worker=self._keep,
                worker=self._take(mode),
            )
            for mode in self.modes
        ]
        atexit.unregister(self.stop)  # the lanes own the workers now
        threads = [threading.Thread(target=lane.run, daemon=True) for lane in self._lanes]
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                while thread.is_alive():
                    thread.join(0.1)
        except BaseException:
            self.stop()
            raise
        if self._keep:  # back to the pool, warm for the next run
            for lane in self._lanes:
                if lane.worker is not None:
                    self._started[lane.mode] = lane.worker
                    lane.worker = None
        return [
            ScenarioResult(
                scenario=s.name,
                file=str(s.path.resolve()),
                title=s.title,
                runs=[lane.results[s.name] for lane in self._lanes],
            )
            for s in scenarios
        ]

    def stop(self) -> None:
        for lane in self._lanes:
            lane.stop()
        for mode in list(self._started):  # a session's pool: another thread may take one meanwhile
            worker = self._started.pop(mode, None)
            if worker is not None:
                worker.kill()
