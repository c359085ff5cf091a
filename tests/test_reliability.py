"""Whatever a scenario does, every mode gets a result and the tool survives.

Framework-free assets run through the Runner with preload=False: milliseconds each.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console

from debugdemo.modes import Mode
from debugdemo.process.capture import HEAD_BYTES, TAIL_BYTES
from debugdemo.process.worker_parent import Runner
from debugdemo.records import RunStatus, ValueKind
from debugdemo.scenario import load_scenario
from debugdemo.views import run as render

from .conftest import ASSET_SCENARIOS, ASSETS, ROOT, line_of
from .processes import alive, read_pids, wait_until

HANG = ASSET_SCENARIOS / "hang.py"
CRASH = ASSET_SCENARIOS / "crash.py"
FLOOD = ASSET_SCENARIOS / "flood.py"
EXITS = ASSET_SCENARIOS / "exits.py"
RECURSION = ASSET_SCENARIOS / "recursion.py"
HOSTILE = ASSET_SCENARIOS / "hostile_values.py"
MEDDLES = ASSET_SCENARIOS / "meddles.py"
STATE = ASSET_SCENARIOS / "interpreter_state.py"
ZERO = ASSET_SCENARIOS / "zero_division.py"


def run_assets(paths, modes=(Mode.TORCH_EAGER, Mode.TF1_GRAPH), timeout=30.0, env=None):
    runner = Runner(modes, timeout=timeout, preload=False, env=env)
    results = runner.run([load_scenario(p) for p in paths])
    return [{r.mode: r for r in result.runs} for result in results]


def run_asset(path, modes=(Mode.TORCH_EAGER, Mode.TF1_GRAPH), timeout=30.0, env=None):
    [runs] = run_assets([path], modes, timeout, env)
    return runs


def test_a_hanging_mode_times_out_and_leaves_no_process_behind(tmp_path):
    pidfile = tmp_path / "pids"
    started = time.monotonic()
    runs = run_asset(HANG, timeout=1.5, env={"DEBUGDEMO_TEST_PIDFILE": str(pidfile)})
    assert time.monotonic() - started < 10

    hung = runs["torch-eager"]
    assert hung.status is RunStatus.TIMEOUT
    # Where it hung, from the stack the worker dumped before it was killed.
    hung_at = line_of(HANG, "time.sleep(0.05)")
    assert (
        hung.detail
        == f"no result after 1.5 s: the worker was stopped; it was at line {hung_at}, in torch_eager"
    )
    assert (hung.surfaced_at.line, hung.surfaced_at.function) == (hung_at, "torch_eager")
    assert f'File "{HANG.resolve()}", line {hung_at} in torch_eager' in hung.stderr
    assert hung.stdout == "sleeping forever\n"  # what it printed before it was stopped
    assert not hung.status.is_result

    other = runs["tf1-graph"]
    assert other.status is RunStatus.RAISED
    assert other.exception.type == "ValueError"
    assert other.surfaced_at.line == line_of(HANG, 'raise ValueError("this mode finishes at once")')

    worker, child = read_pids(pidfile)
    assert wait_until(lambda: not alive(worker) and not alive(child), 15), "a hung worker survived"


def test_a_mode_that_kills_its_interpreter_is_crashed_with_the_signal_or_exit_code():
    runs = run_asset(CRASH, modes=(Mode.TORCH_EAGER, Mode.TF1_GRAPH, Mode.TF2_EAGER, Mode.TF_FUNCTION))

    aborted, segfault, exited = runs["torch-eager"], runs["tf1-graph"], runs["tf2-eager"]
    assert [aborted.status, segfault.status, exited.status] == [RunStatus.CRASHED] * 3
    abort_at, segfault_at = line_of(CRASH, "os.abort()"), line_of(CRASH, "ctypes.string_at(0)")
    assert (
        aborted.detail == f"the interpreter was killed by SIGABRT; it was at line {abort_at}, in torch_eager"
    )
    assert (
        segfault.detail
        == f"the interpreter was killed by SIGSEGV; it was at line {segfault_at}, in tf1_graph"
    )
    assert segfault.surfaced_at.line == segfault_at
    assert exited.detail == "the interpreter exited with code 3"  # os._exit leaves no stack
    assert exited.surfaced_at is None
    # Output written before the crash is kept.
    assert aborted.stdout == "about to abort\n"
    assert segfault.stdout == "about to segfault\n"
    assert exited.stdout == "about to exit\n"
    # faulthandler leaves the Python stack of the crash, down to the scenario's line.
    assert "Fatal Python error: Segmentation fault" in segfault.stderr
    assert f'File "{CRASH.resolve()}", line {segfault_at} in tf1_graph' in segfault.stderr
    assert "debugdemo-parent-watch" not in segfault.stderr and " in watch\n" not in segfault.stderr
    assert "Fatal Python error: Aborted" in aborted.stderr

    assert runs["tf-function"].status is RunStatus.RETURNED
    assert runs["tf-function"].returned == "'still here'"


def test_a_flood_of_output_is_capped_to_head_and_tail(tmp_path):
    # In a separate process, so that its peak memory says what the flood cost the runner.
    script = (
        "import json, resource\n"
        "from pathlib import Path\n"
        "from debugdemo.modes import Mode\n"
        "from debugdemo.process.worker_parent import Runner\n"
        "from debugdemo.scenario import load_scenario\n"
        "runner = Runner([Mode.TORCH_EAGER, Mode.TF1_GRAPH], preload=False)\n"
        f"[r] = runner.run([load_scenario(Path({str(FLOOD)!r}))])\n"
        "print(json.dumps({'result': r.to_dict(),"
        " 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["peak_mb"] < 100, "the runner kept the flood in memory"
    assert len(json.dumps(data["result"])) < 50_000, "--json would carry the flood"

    flooded = len("FIRST LINE\n") + 2_000_000 * 100 + len("LAST LINE\n")
    skipped = f"\n… {flooded - HEAD_BYTES - TAIL_BYTES} bytes skipped …\n"
    stdout_run, stderr_run = data["result"]["runs"]
    for run, stream, message in (
        (stdout_run, "stdout", "flooded stdout"),
        (stderr_run, "stderr", "flooded stderr"),
    ):
        text = run[stream]
        assert run["status"] == "raised" and run["exception"]["message"] == message
        assert text.startswith("FIRST LINE\n")
        assert text.endswith("LAST LINE\n")
        assert skipped in text
        assert len(text) < HEAD_BYTES + TAIL_BYTES + 100


def test_system_exit_and_keyboard_interrupt_from_a_scenario_are_results():
    # Followed by another scenario in the same workers: had either exception ended its
    # worker, that scenario would come back crashed.
    exits, zero = run_assets([EXITS, ZERO])
    system_exit, interrupt = exits["torch-eager"], exits["tf1-graph"]
    assert system_exit.status is RunStatus.RAISED
    assert system_exit.exception.type == "SystemExit"
    assert system_exit.exception.message == "4"
    assert system_exit.surfaced_at.line == line_of(EXITS, "raise SystemExit(4)")
    assert interrupt.status is RunStatus.RAISED
    assert interrupt.exception.type == "KeyboardInterrupt"
    assert interrupt.exception.message == "pressed in the scenario"
    assert interrupt.points_at_bug is True

    assert zero["torch-eager"].exception.type == "ZeroDivisionError"
    assert zero["tf1-graph"].exception.type == "ZeroDivisionError"


def test_deep_recursion_gives_a_result_and_a_collapsed_traceback():
    runs = run_asset(RECURSION)
    endless, deep = runs["torch-eager"], runs["tf1-graph"]

    assert endless.status is RunStatus.RAISED
    assert endless.exception.type == "RecursionError"
    assert endless.surfaced_at.line == line_of(RECURSION, "return forever(n + 1)")
    assert endless.points_at_bug is True
    assert endless.frames_omitted > 0
    assert endless.frames_yours == endless.frames_total > 900  # recorded or not, all its own

    assert deep.exception.type == "ValueError"
    assert deep.surfaced_at.line == line_of(RECURSION, 'raise ValueError("bottom')
    assert deep.frames_yours == 1002  # tf1_graph, deep() 1,001 times

    view = render.frame_lines(deep.frames, full=False, omitted=deep.frames_omitted).plain
    assert len(view.splitlines()) < 15
    assert view.count("return deep(n - 1)") == 2  # once each side of the unrecorded middle
    assert "↻ the frame above repeated 97 more times" in view
    assert f"… {deep.frames_omitted} frames in the middle, not recorded …" in view
    assert view.rstrip().endswith('raise ValueError("bottom of a 1,000-frame stack")')


def test_values_that_cannot_be_printed_still_give_a_result():
    runs = run_asset(HOSTILE, modes=(Mode.TORCH_EAGER, Mode.TF1_GRAPH, Mode.TF2_EAGER))

    raised = runs["torch-eager"]
    assert raised.status is RunStatus.RAISED
    assert raised.exception.type == "Unprintable"
    assert raised.exception.message == "<unprintable Unprintable: str() raised RuntimeError>"
    assert raised.points_at_bug is True
    [bp] = raised.breakpoints
    assert bp.locals["hidden"].preview == "<repr() raised RuntimeError>"
    big = bp.locals["big"]
    assert (big.kind, big.shape, big.dtype) == (ValueKind.CONCRETE, "(100000000,)", "uint8")
    assert big.preview == "[0, 0, 0, 0, 0, 0, …]"

    returned = runs["tf1-graph"]
    assert returned.status is RunStatus.RETURNED
    assert returned.returned == "<repr() raised RuntimeError>"

    hostile_op = runs["tf2-eager"]
    assert hostile_op.status is RunStatus.RAISED
    assert hostile_op.exception.message == "asked for its op"
    assert hostile_op.surfaced_at.line == line_of(HOSTILE, 'raise HostileOp("asked for its op")')
    assert hostile_op.defined_at == []


def test_a_reused_worker_undoes_what_a_scenario_changed():
    meddled, state = run_assets([MEDDLES, STATE], modes=(Mode.TORCH_EAGER,))
    assert meddled["torch-eager"].exception.message == "left the interpreter in a mess"
    after = state["torch-eager"]
    assert after.status is RunStatus.RETURNED
    assert after.returned == repr({"cwd": os.getcwd(), "recursion_limit": 1000, "nonexistent_on_path": False})
    assert after.stdout == "stdout still captured\n"
    assert after.breakpoint_hits == 1


def _start_runner_process(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    pidfile = tmp_path / "pids"
    proc = subprocess.Popen(
        [sys.executable, str(ASSETS / "run_runner.py"), str(HANG), "torch-eager", "600"],
        env={**os.environ, "PYTHONPATH": str(ROOT), "DEBUGDEMO_TEST_PIDFILE": str(pidfile)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_until(lambda: len(read_pids(pidfile)) == 2, 60), "the hanging scenario never started"
    return proc, pidfile


def test_interrupting_the_runner_stops_every_worker(tmp_path):
    proc, pidfile = _start_runner_process(tmp_path)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=15) == 130
    worker, child = read_pids(pidfile)
    assert wait_until(lambda: not alive(worker) and not alive(child), 15), "a worker outlived Ctrl-C"


def test_workers_stop_when_the_cli_is_killed_outright(tmp_path):
    proc, pidfile = _start_runner_process(tmp_path)
    proc.kill()  # SIGKILL: no cleanup code of the parent runs
    proc.wait(timeout=15)
    worker, child = read_pids(pidfile)
    # The worker notices within half a second that its parent is gone (more on a busy machine).
    assert wait_until(lambda: not alive(worker) and not alive(child), 15), "a worker outlived its CLI"


def test_every_hostile_result_renders_as_a_short_view():
    paths = [HANG, CRASH, FLOOD, EXITS, RECURSION, HOSTILE]
    modes = (Mode.TORCH_EAGER, Mode.TF1_GRAPH, Mode.TF2_EAGER, Mode.TF_FUNCTION)
    results = Runner(modes, timeout=2, preload=False).run([load_scenario(p) for p in paths])
    views = {}
    for result in results:
        out = io.StringIO()
        Console(file=out, width=160, color_system=None).print(render.RunView(result))
        views[result.scenario] = out.getvalue()
    for name, view in views.items():
        assert len(view.splitlines()) < 150, f"the view of {name} is {len(view.splitlines())} lines"
    # One line of a million characters, in the output (capped to its head and tail, then
    # cut in the view) and in the message (4,000 characters and a note kept by the worker).
    long_line = results[paths.index(FLOOD)].runs[2]
    assert f"\n… {1_000_001 - HEAD_BYTES - TAIL_BYTES} bytes skipped …\n" in long_line.stdout
    output = render.output_view(long_line).plain
    assert f"y… ({HEAD_BYTES - render.LINE_CHARS} more characters, --full)\n" in output
    assert len(output) < 1000
    assert render.outcome(long_line).plain.endswith("z… (3726 more characters, --full)")
    assert "TIMEOUT: no result after 2 s" in views["hang"]
    crash = " ".join(render.outcome(results[paths.index(CRASH)].runs[1]).plain.split())
    assert crash.startswith("⊘ CRASHED: the interpreter was killed by SIGSEGV")
    assert "⊘ CRASHED: the interpreter was killed by" in views["crash"]
