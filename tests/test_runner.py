"""The runner and worker on framework-free scenarios: milliseconds, no torch or TF."""

from __future__ import annotations

from debugdemo.modes import Mode
from debugdemo.process.worker_parent import Runner
from debugdemo.records import Origin, RunStatus, ValueKind
from debugdemo.scenario import load_scenario

from .conftest import ASSET_SCENARIOS, line_of

ZERO = ASSET_SCENARIOS / "zero_division.py"


def run_asset(path, modes=(Mode.TORCH_EAGER, Mode.TF1_GRAPH), timeout=30.0):
    scenario = load_scenario(path)
    [result] = Runner(modes, timeout=timeout, preload=False).run([scenario])
    return {r.mode: r for r in result.runs}


def test_exception_surfaced_line_and_bug_verdict():
    runs = run_asset(ZERO)
    eager = runs["torch-eager"]
    assert eager.status is RunStatus.RAISED
    assert eager.exception.type == "ZeroDivisionError"
    assert eager.exception.is_a("ArithmeticError")
    assert eager.surfaced_at.line == line_of(ZERO, "return total / 0")
    assert eager.points_at_bug is True
    assert eager.phase is None  # phase is a TF1 notion

    graph = runs["tf1-graph"]
    assert graph.surfaced_at.line == line_of(ZERO, "return sum(values) / count")
    assert graph.surfaced_at.function == "mean"
    assert graph.bug_lines == [line_of(ZERO, "count = 0  # BUG")]
    assert graph.points_at_bug is False
    assert [f.function for f in graph.user_frames] == ["tf1_graph", "mean"]
    assert all(f.origin is Origin.DEBUGDEMO for f in graph.frames if f not in graph.user_frames)


def test_breakpoints_are_recorded_not_stopped_at():
    eager = run_asset(ZERO)["torch-eager"]
    [bp] = eager.breakpoints
    assert bp.line == line_of(ZERO, "breakpoint()")
    assert bp.hits == 3
    assert bp.locals["step"].kind is ValueKind.CONCRETE
    assert bp.locals["step"].preview == "0"  # as seen at the first hit
    assert eager.breakpoint_values is ValueKind.CONCRETE


def test_scenario_output_is_captured_per_run():
    runs = run_asset(ZERO)
    assert runs["torch-eager"].stdout == "about to divide 12.0\n"
    assert runs["tf1-graph"].stdout == ""


def test_a_mode_the_scenario_lacks_is_undefined(tmp_path):
    runs = run_asset(ZERO, modes=(Mode.TORCH_EAGER, Mode.TF2_EAGER))
    assert runs["tf2-eager"].status is RunStatus.UNDEFINED
    assert "not defined" in runs["tf2-eager"].detail
