"""The built-in scenarios, run live in both default modes: the records tell each story.

One Runner run over the whole catalogue (one reused worker per mode) feeds every test.
The generic tests hold every scenario to its EXPECT; the named tests pin down the lines
where the three founding scenarios surface, so a framework upgrade that moves an error
fails here instead of silently making the demo lie.
"""

from __future__ import annotations

import math

import pytest

from debugdemo.catalog import discover
from debugdemo.modes import DEFAULT_MODES
from debugdemo.process.worker_parent import Runner
from debugdemo.records import RunResult, RunStatus, ValueKind

from .conftest import BUILTIN, line_of

pytestmark = pytest.mark.frameworks

CATALOG = discover([BUILTIN])
SCENARIOS = sorted(CATALOG.scenarios.values(), key=lambda s: s.name)


@pytest.fixture(scope="module")
def runs() -> dict[tuple[str, str], RunResult]:
    results = Runner(DEFAULT_MODES, timeout=120).run(SCENARIOS)
    return {(r.scenario, run.mode): run for r in results for run in r.runs}


def test_the_catalogue_is_complete_and_valid():
    assert CATALOG.problems == []
    assert len(SCENARIOS) >= 16
    for scenario in SCENARIOS:
        assert set(DEFAULT_MODES) <= set(scenario.modes), scenario.name
        assert set(DEFAULT_MODES) <= set(scenario.expect), f"{scenario.name}: EXPECT for both modes"


CASES = [(s.name, m.value) for s in SCENARIOS for m in DEFAULT_MODES]


@pytest.mark.parametrize(("name", "mode"), CASES)
def test_each_run_matches_its_expectations(runs, name, mode):
    run = runs[(name, mode)]
    scenario = CATALOG.scenarios[name]
    expect = scenario.expect[next(m for m in DEFAULT_MODES if m.value == mode)]
    assert run.status in (RunStatus.RAISED, RunStatus.RETURNED), f"{run.status}: {run.detail}"
    if "raises" in expect:
        if expect["raises"] is None:
            assert run.status is RunStatus.RETURNED, run.exception and run.exception.message[:300]
        else:
            assert run.exception is not None and run.exception.is_a(expect["raises"]), (
                run.exception and f"{run.exception.type}: {run.exception.message[:300]}"
            )
    if "points_at_bug" in expect:
        assert run.points_at_bug is expect["points_at_bug"]
    if "phase" in expect:
        assert run.phase is not None and run.phase.value == expect["phase"]
    if "breakpoint_hits" in expect:
        assert run.breakpoint_hits == expect["breakpoint_hits"]
    if "breakpoint_values" in expect:
        assert (
            run.breakpoint_values is not None and run.breakpoint_values.value == expect["breakpoint_values"]
        )
    # Whatever the scenario says, the verdict must agree with the lines it was computed from.
    if run.status is RunStatus.RAISED and run.surfaced_at is not None and run.bug_lines:
        assert run.points_at_bug is (run.surfaced_at.line in run.bug_lines)
    if run.phase is not None and run.phase.value == "run":
        assert "sess.run" in scenario.source_lines()[run.surfaced_at.line - 1]
    # Framework start-up noise never reaches what the scenario printed.
    assert "oneDNN" not in run.stderr and "absl::InitializeLog" not in run.stderr
    assert "cuda" not in run.stderr.lower()


def test_shape_mismatch(runs):
    path = BUILTIN / "shape_mismatch.py"
    bug_torch = line_of(path, "x.mean(dim=2) @ w1")
    bug_tf1 = line_of(path, "tf.reduce_mean(x, axis=2), w1")

    torch = runs[("shape-mismatch", "torch-eager")]
    assert torch.exception.type == "RuntimeError"
    assert "cannot be multiplied" in torch.exception.message
    assert torch.surfaced_at.line == bug_torch and torch.points_at_bug
    [bp] = torch.breakpoints
    assert bp.hits == 1
    assert bp.locals["x"].kind is ValueKind.CONCRETE
    assert bp.locals["x"].shape == "(16, 10, 8)"
    assert bp.locals["x"].preview.startswith("[")

    tf1 = runs[("shape-mismatch", "tf1-graph")]
    assert tf1.exception.type == "InvalidArgumentError"
    assert tf1.exception.is_a("OpError")
    assert "Matrix size-incompatible" in tf1.exception.message
    assert tf1.surfaced_at.line == line_of(path, "sess.run([loss, train_op]")
    assert tf1.points_at_bug is False
    assert tf1.phase.value == "run"
    assert bug_tf1 in [d.line for d in tf1.defined_at], "TF's op creation trace names the bug line"
    assert [c.type for c in tf1.exception.chain] == ["InvalidArgumentError"]  # "during handling of"
    assert len(tf1.user_frames) == 1 and tf1.frames_total > 3
    [bp] = tf1.breakpoints
    assert bp.hits == 1
    x = bp.locals["x"]
    assert x.kind is ValueKind.SYMBOLIC
    assert x.shape == "(None, None, 8)"
    assert "has no attribute 'numpy'" in x.value_error


def test_data_dependent_control_flow(runs):
    path = BUILTIN / "data_dependent_control_flow.py"
    torch = runs[("data-dependent-control-flow", "torch-eager")]
    assert torch.status is RunStatus.RETURNED
    assert math.isfinite(float(torch.returned))  # the clipped training really ran
    assert torch.breakpoint_hits == 3
    assert torch.breakpoint_values is ValueKind.CONCRETE

    tf1 = runs[("data-dependent-control-flow", "tf1-graph")]
    assert tf1.exception.type == "OperatorNotAllowedInGraphError"
    assert tf1.exception.is_a("TypeError")
    assert tf1.surfaced_at.line == line_of(path, "if gnorm > MAX_NORM:  # BUG")
    assert tf1.points_at_bug is True
    assert tf1.phase.value == "build"
    [bp] = tf1.breakpoints
    assert bp.hits == 1
    assert bp.locals["gnorm"].kind is ValueKind.SYMBOLIC


def test_uninitialized_variable(runs):
    path = BUILTIN / "uninitialized_variable.py"
    torch = runs[("uninitialized-variable", "torch-eager")]
    assert torch.status is RunStatus.RETURNED
    assert torch.exception is None

    tf1 = runs[("uninitialized-variable", "tf1-graph")]
    assert tf1.exception.type == "FailedPreconditionError"
    assert tf1.surfaced_at.line == line_of(path, "sess.run([loss, train_op]")
    assert tf1.bug_lines == [line_of(path, "init = tf.global_variables_initializer()  # BUG")]
    assert tf1.points_at_bug is False
    assert tf1.phase.value == "run"
