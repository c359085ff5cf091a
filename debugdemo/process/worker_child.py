"""The worker: a fresh interpreter that runs scenario functions in one mode.

Started by worker_parent with the command line of a `protocol.WorkerArgs`.
It imports its framework once (not with --no-preload: framework-free test scenarios),
then runs each Request it reads from the request pipe and answers with protocol messages
on the response pipe. The scenario's own output goes to this process's stdout and
stderr; after each request the worker writes a sentinel made from the token to both,
so the runner can tell one scenario's output from the next. With probe_child, this is the
only module of the package that imports torch, tensorflow or jax, and only inside functions.
"""

from __future__ import annotations

import faulthandler
import importlib.abc
import importlib.util
import os
import random
import signal
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO, Any

from debugdemo.errors import our_failure
from debugdemo.modes import Framework, Mode
from debugdemo.process import extract, protocol, reach, recorder
from debugdemo.process.environment import quiet
from debugdemo.records import ExceptionInfo, GraphBreak, Origin, RunResult, RunStatus, Timings
from debugdemo.text import qualified_name

MAX_REPR = 2000


class _KeepOut(importlib.abc.MetaPathFinder):
    """Refuses to import JAX: TensorFlow would otherwise load it as a side effect.

    `import tensorflow` runs `from jax import jit` (tensorflow/lite/python/util.py) inside a
    `try/except ImportError`. A torch or TF worker must not pay for JAX, nor mix it in.
    """

    def __init__(self, mode: Mode) -> None:
        self.mode = mode

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "jax" or name.startswith("jax."):
            raise ModuleNotFoundError(f"debugdemo keeps JAX out of the {self.mode.value} worker", name=name)
        return None


def keep_jax_out(mode: Mode) -> None:
    """In a torch or TensorFlow worker, make `import jax` fail, for the worker's lifetime."""
    if mode.framework is not Framework.JAX and not any(isinstance(f, _KeepOut) for f in sys.meta_path):
        sys.meta_path.insert(0, _KeepOut(mode))


def prepare(mode: Mode) -> None:
    """Import the mode's framework and put it in the state the mode needs."""
    keep_jax_out(mode)
    if mode.framework is Framework.TORCH:
        import logging

        import torch

        # torch.compile logs every fake-tensor error: noise, the exception says it all.
        logging.getLogger("torch._subclasses.fake_tensor").setLevel(logging.CRITICAL)
        if mode is Mode.TORCH_COMPILE:
            import torch._dynamo  # else the first compile pays for it (about 1 s)

            # Dynamo would compile the recorder too (it runs inside a compiled function after
            # the graph break), count its own graph breaks and hand it fake tensors.
            sys.breakpointhook = torch._dynamo.disable(recorder.hook, recursive=True)
    elif mode.framework is Framework.JAX:
        import logging

        import jax
        import jax.numpy

        # Start-up noise: "An NVIDIA GPU may be present on this machine, but a CUDA-enabled
        # jaxlib is not installed. Falling back to cpu." (and the same for TPUs).
        logging.getLogger("jax._src.xla_bridge").setLevel(logging.ERROR)
        jax.numpy.zeros(1).block_until_ready()  # the backend starts here, not in the first run
    else:
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
        if mode is Mode.TF1_GRAPH:
            tf.compat.v1.disable_eager_execution()


def reset(mode: Mode) -> None:
    """Fresh state for the next scenario: seeds, and an empty graph for TF1.

    Only frameworks already imported are touched: a framework-free scenario stays so.
    """
    random.seed(0)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(0)
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        torch.manual_seed(0)
        if mode is Mode.TORCH_COMPILE:
            torch._dynamo.reset()
    if "tensorflow" in sys.modules:
        tf = sys.modules["tensorflow"]
        if mode is Mode.TF1_GRAPH:
            tf.compat.v1.reset_default_graph()
            tf.compat.v1.set_random_seed(0)
        elif mode.framework is Framework.TENSORFLOW:
            tf.random.set_seed(0)
    if "jax" in sys.modules and mode.framework is Framework.JAX:
        # A fresh scenario traces afresh: `breakpoint()` under jit fires once per trace.
        sys.modules["jax"].clear_caches()


@contextmanager
def debugging_aid(mode: Mode) -> Iterator[None]:
    """Switch the mode's own debugging aid on for one run (`run --aid`), then off again."""
    if mode.framework is Framework.JAX:
        import jax

        # A NaN in any op's output raises FloatingPointError; under jit JAX re-runs the
        # function op by op (de-optimized) to find the op that made it.
        jax.config.update("jax_debug_nans", True)
        try:
            yield
        finally:
            jax.config.update("jax_debug_nans", False)
        return
    if mode.framework is Framework.TORCH:
        import torch

        with warnings.catch_warnings():
            # Its constructor warns that it is on: we say so in the run record instead.
            warnings.filterwarnings("ignore", "Anomaly Detection has been enabled")
            anomaly = torch.autograd.detect_anomaly()
        with anomaly:
            yield
        return
    import tensorflow as tf

    # In TF1 graph mode this adds a CheckNumerics op after every float op as the graph is built.
    tf.debugging.enable_check_numerics()
    tf.debugging.disable_traceback_filtering()
    try:
        yield
    finally:
        tf.debugging.disable_check_numerics()
        tf.debugging.enable_traceback_filtering()


@contextmanager
def warnings_seen(seen: list[str]) -> Iterator[None]:
    """Collect the text of each warning shown during a run; it is still shown as usual.

    `catch_warnings` also makes "show once" warnings show again for each scenario,
    as in a fresh interpreter.
    """
    with warnings.catch_warnings():
        show = warnings.showwarning

        def showwarning(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
            # Anomaly detection's forward stack starts with the worker's own frames.
            text = extract.strip_harness_frames(extract.safe_str(message))
            seen.append(text)
            show(text, category, *args, **kwargs)

        warnings.showwarning = showwarning
        yield


def graph_breaks(scenario_file: str) -> list[GraphBreak]:
    """torch.compile's graph breaks in this run, from TorchDynamo's own record of them."""
    utils = sys.modules.get("torch._dynamo.utils")
    found: list[GraphBreak] = []
    for entry in list(getattr(utils, "graph_break_reasons", [])):
        if not getattr(entry, "graph_break", True):
            continue
        lines = [line.strip() for line in str(entry.reason).splitlines() if line.strip()]
        summary = lines[0] if lines else ""
        explanation = next((x for x in lines if x.startswith("Explanation:")), None)
        if explanation:
            summary += " — " + explanation.removeprefix("Explanation:").strip()
        stack = list(getattr(entry, "user_stack", None) or [])
        where = stack[-1] if stack and stack[-1].filename == scenario_file else None
        record = GraphBreak(
            summary[:300],
            int(where.lineno) if where is not None and where.lineno else None,
            str(where.name) if where is not None else None,
        )
        if record not in found:  # Dynamo notes a break again when it restarts the analysis
            found.append(record)
    return found


def load_function(path: Path, function: str) -> Any:
    """Execute the scenario file as a fresh module; its `function`, or None."""
    name = f"debugdemo_scenario_{abs(hash(str(path)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return getattr(module, function, None)


@contextmanager
def _isolated(folder: Path) -> Iterator[None]:
    """Undo what a scenario may change in this reused interpreter, for the next one."""
    saved = (os.getcwd(), list(sys.path), sys.getrecursionlimit(), sys.stdout, sys.stderr)
    hook = sys.breakpointhook  # the recorder, as prepare() left it (wrapped for torch.compile)
    sys.path.insert(0, str(folder))
    try:
        yield
    finally:
        cwd, path, limit, sys.stdout, sys.stderr = saved
        sys.path[:] = path
        sys.setrecursionlimit(limit)
        sys.breakpointhook = hook
        try:
            os.chdir(cwd)
        except OSError:
            pass


def run_request(mode: Mode, request: protocol.Request, startup_s: float) -> RunResult:
    path = Path(request.file)
    scenario_file = str(path)
    bug_lines = list(request.bug_lines)
    aid = request.aid
    result = RunResult(mode=mode.value, status=RunStatus.RETURNED, bug_lines=bug_lines)
    if aid:
        result.aid_detail = mode.aid
    result.timings = Timings(startup_s=round(startup_s, 3))
    with _isolated(path.parent):
        try:
            reset(mode)
            fn = load_function(path, request.function)
        except BaseException as exc:  # noqa: BLE001 - a broken scenario is a result, not our crash
            result.status = RunStatus.INVALID
            result.detail = f"could not load the scenario: {type(exc).__name__}: {extract.safe_str(exc, 500)}"
            _fill_exception(result, exc, scenario_file, mode)
            return result
        if fn is None:
            result.status = RunStatus.UNDEFINED
            result.detail = f"{request.function}() is not defined in this scenario"
            return result
        recorder.reset()
        seen: list[str] = []
        watched = reach.statement_lines(path, bug_lines) if bug_lines and reach.enabled() else None
        watch = reach.watching(scenario_file, watched) if watched else nullcontext(None)
        reached: reach.Reach | None = None
        started = time.perf_counter()
        try:
            with warnings_seen(seen), debugging_aid(mode) if aid else nullcontext(), watch as reached:
                try:
                    value = fn()
                finally:
                    _wait_for_callbacks(mode)
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are results too
            result.timings.run_s = round(time.perf_counter() - started, 3)
            result.status = RunStatus.RAISED
            _fill_exception(result, exc, scenario_file, mode, "\n".join(seen))
        else:
            result.timings.run_s = round(time.perf_counter() - started, 3)
            result.returned = extract.safe_repr(value, MAX_REPR)
        finally:
            if reached is not None:
                result.bug_reached = reached.reached or _bug_line_in_traceback(result)
        result.breakpoints = recorder.collected()
        if mode is Mode.TORCH_COMPILE:
            result.graph_breaks = graph_breaks(scenario_file)
    return result


def _wait_for_callbacks(mode: Mode) -> None:
    """JAX runs `jax.debug.print` / `jax.debug.breakpoint` callbacks asynchronously: let them end
    inside this run, so their output and hits belong to it."""
    jax = sys.modules.get("jax") if mode.framework is Framework.JAX else None
    if jax is not None:
        try:
            jax.effects_barrier()
        except Exception:  # noqa: BLE001 - a failed callback must not hide the scenario's own result
            pass


def _bug_line_in_traceback(result: RunResult) -> bool:
    """The error names a bug line: it ran, even where no line event fired for it.

    torch.compile and tf.function run code generated from the scenario's, not its own lines.
    """
    bugs = set(result.bug_lines)
    chain = result.exception.chain if result.exception else []
    frames = [*result.frames, *(f for c in chain for f in c.frames)]
    return (
        any(f.origin is Origin.SCENARIO and f.line in bugs for f in frames)
        or any(d.line in bugs for d in result.defined_at)
        or any(b.line in bugs for b in recorder.collected())
    )


def _fill_exception(
    result: RunResult, exc: BaseException, scenario_file: str, mode: Mode, warned: str = ""
) -> None:
    """What the exception says; a hostile exception object costs details, never the result."""
    try:
        _read_exception(result, exc, scenario_file, mode, warned)
    except Exception as failure:  # noqa: BLE001 - e.g. a property of the exception that raises
        if result.exception is None:
            cls = type(exc)
            result.exception = ExceptionInfo(cls.__name__, qualified_name(cls), extract.safe_str(exc))
        result.detail = our_failure("could not read the whole exception", failure)


def _read_exception(
    result: RunResult, exc: BaseException, scenario_file: str, mode: Mode, warned: str = ""
) -> None:
    frames, omitted = extract.frames_of(exc.__traceback__, scenario_file)
    result.exception = extract.exception_info(exc, scenario_file)
    result.frames = frames
    result.frames_omitted = omitted
    yours = extract.scenario_frame_count(exc.__traceback__, scenario_file)
    result.frames_omitted_yours = yours - len(result.user_frames)
    result.surfaced_at = extract.surfaced_at(frames)
    # Anomaly detection writes the forward call's stack into a warning, not the exception.
    result.defined_at = extract.defined_at(exc, scenario_file, extra=warned)
    if result.bug_lines and result.surfaced_at is not None:
        result.points_at_bug = result.surfaced_at.line in result.bug_lines
    elif result.bug_lines:
        result.points_at_bug = False  # the error never reached the scenario's own code
    if mode.is_tf1:
        result.phase = extract.phase_of(frames)


def peak_rss_mb() -> float | None:
    """This process's peak resident memory so far, in MiB; None where `resource` is missing."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return round(peak / (1 << 20 if sys.platform == "darwin" else 1 << 10), 1)


def _mark_end_of_output(end_mark: bytes) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a scenario may have closed or replaced it
            pass
    for fd in (1, 2):
        try:
            os.write(fd, end_mark)
        except OSError:
            pass


def _send(out: IO[str], message: protocol.Message) -> None:
    out.write(protocol.encode(message))
    out.flush()


def _end_process_group() -> None:
    """End this worker and every process a scenario started in it."""
    if os.getpgid(0) == os.getpid():  # our own process group (start_new_session): ours to end
        os.killpg(0, signal.SIGKILL)
    os._exit(1)


def _exit_with_parent() -> None:
    """Stop, with whatever the scenario started, once the CLI is gone (even killed by SIGKILL)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        _end_process_group()

    threading.Thread(target=watch, name="debugdemo-parent-watch", daemon=True).start()


def unavailable(framework: Framework, exc: BaseException) -> tuple[str, bool]:
    """Why a framework cannot be used, and whether that is because it is not installed at all."""
    missing = isinstance(exc, ModuleNotFoundError) and (exc.name or "").split(".")[0] == framework.value
    return f"{type(exc).__name__}: {extract.safe_str(exc, 300)}", missing


def main(argv: list[str]) -> int:
    args = protocol.parse_args(argv, protocol.WorkerArgs)
    mode, end_mark = args.mode, protocol.sentinel(args.token)
    quiet(os.environ)
    # A crash, or a timeout (the runner sends protocol.STACK_SIGNAL first), leaves the Python stack on
    # stderr. Only the current thread's: Linux hands a signal sent to the process to its main
    # thread, the scenario's; the other thread is our parent watch, noise here.
    faulthandler.enable(all_threads=False)
    faulthandler.register(protocol.STACK_SIGNAL, all_threads=False)
    _exit_with_parent()
    sys.breakpointhook = recorder.hook  # prepare() may wrap it
    requests = os.fdopen(args.request_fd, "r", encoding="utf-8")
    responses = os.fdopen(args.response_fd, "w", encoding="utf-8")
    started = time.perf_counter()
    problem: str | None = None
    missing = False
    try:
        if args.preload:
            prepare(mode)
            if mode.framework is Framework.JAX:
                recorder.install_jax_debugger()
    except Exception as exc:  # noqa: BLE001 - ImportError, or a broken install (OSError, ...)
        problem, missing = unavailable(mode.framework, exc)
    startup_s = time.perf_counter() - started
    _mark_end_of_output(end_mark)
    _send(responses, protocol.Ready(round(startup_s, 3), problem, missing))
    try:
        for line in requests:
            try:
                request = protocol.expect(protocol.decode(line), protocol.Request)
            except protocol.ProtocolError as exc:
                sys.stderr.write(f"debugdemo worker: {exc}\n")  # the runner shows it in the crashed run
                raise
            _send(responses, protocol.Started(request.run_id))
            try:
                result = run_request(mode, request, startup_s)
            except Exception as exc:  # noqa: BLE001 - a bug of ours: still a result, with the reason
                result = RunResult(mode.value, RunStatus.CRASHED, detail=our_failure("failed", exc))
            result.timings.peak_rss_mb = peak_rss_mb()
            startup_s = 0.0  # a reused worker paid its start-up once
            _mark_end_of_output(end_mark)
            _send(responses, protocol.Finished(request.run_id, result))
    finally:
        # However this ends (the runner closed the pipe, or died and a write failed),
        # nothing the scenarios started outlives the worker.
        _end_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
