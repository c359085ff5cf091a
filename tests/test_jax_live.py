"""The built-in scenarios in jax-eager and jax-jit, run live: what JAX does on the same bugs.

One Runner run over every scenario with a JAX function (one reused worker per mode) feeds
every test. The generic test holds each run to its EXPECT; the named tests pin down the
exception class and its bases, the surfaced line, the breakpoint hits (one per trace under
jit) and whether the breakpoint saw values, so a JAX upgrade that changes a story fails here.
"""

from __future__ import annotations

import json

import pytest

from debugdemo.catalog import discover
from debugdemo.modes import Mode
from debugdemo.process.worker_parent import Runner
from debugdemo.records import RunResult, RunStatus, ValueKind

from .conftest import BUILTIN, line_of, run_cli

pytestmark = pytest.mark.frameworks

JAX_MODES = (Mode.JAX_EAGER, Mode.JAX_JIT)
CATALOG = discover([BUILTIN])
SCENARIOS = sorted(
    (s for s in CATALOG.scenarios.values() if set(JAX_MODES) <= set(s.modes)), key=lambda s: s.name
)


@pytest.fixture(scope="module")
def runs() -> dict[tuple[str, str], RunResult]:
    results = Runner(JAX_MODES, timeout=120).run(SCENARIOS)
    return {(r.scenario, run.mode): run for r in results for run in r.runs}


def test_at_least_ten_scenarios_have_both_jax_modes_and_expectations():
    names = {s.name for s in SCENARIOS}
    assert len(names) >= 10
    for must in ("index-out-of-range", "dtype-mismatch", "data-dependent-control-flow", "shape-mismatch"):
        assert must in names
    for scenario in SCENARIOS:
        assert set(JAX_MODES) <= set(scenario.expect), scenario.name
        assert "JAX" in scenario.explanation, f"{scenario.name}: its docstring tells the JAX story"


CASES = [(s.name, m) for s in SCENARIOS for m in JAX_MODES]


@pytest.mark.parametrize(("name", "mode"), CASES, ids=[f"{n}-{m.value}" for n, m in CASES])
def test_each_jax_run_matches_its_expectations(runs, name, mode):
    run = runs[(name, mode.value)]
    expect = CATALOG.scenarios[name].expect[mode]
    assert run.status in (RunStatus.RAISED, RunStatus.RETURNED), f"{run.status}: {run.detail}"
    if expect.get("raises", "") is None:
        assert run.status is RunStatus.RETURNED, run.exception and run.exception.message[:300]
    elif "raises" in expect:
        assert run.exception is not None and run.exception.is_a(expect["raises"])
    if "points_at_bug" in expect:
        assert run.points_at_bug is expect["points_at_bug"]
    if "breakpoint_hits" in expect:
        assert run.breakpoint_hits == expect["breakpoint_hits"]
    if "breakpoint_values" in expect:
        assert run.breakpoint_values is ValueKind(expect["breakpoint_values"])
    if run.status is RunStatus.RAISED and run.surfaced_at is not None and run.bug_lines:
        assert run.points_at_bug is (run.surfaced_at.line in run.bug_lines)
    # JAX in its own worker: nothing of TensorFlow's start-up, nor anything else, on stderr
    # unless the scenario itself warned.
    assert "absl" not in run.stderr and "oneDNN" not in run.stderr and "cuda" not in run.stderr.lower()


def _bug(path_name: str, function: str) -> int:
    """The line marked # BUG inside `function` of a built-in scenario."""
    path = BUILTIN / path_name
    lines = path.read_text().splitlines()
    start = line_of(path, f"def {function}():")
    return next(n for n, text in enumerate(lines, 1) if n > start and "# BUG" in text)


def test_shape_mismatch_raises_on_the_line_in_both_modes_with_values_only_op_by_op(runs):
    for mode, kind in (("jax-eager", ValueKind.CONCRETE), ("jax-jit", ValueKind.SYMBOLIC)):
        run = runs[("shape-mismatch", mode)]
        assert run.exception.qualified_type == "TypeError"
        assert "dot_general requires contracting dimensions to have the same shape" in run.exception.message
        assert run.surfaced_at.line == _bug("shape_mismatch.py", mode.replace("-", "_"))
        assert run.points_at_bug is True
        [bp] = run.breakpoints
        assert bp.hits == 1 and bp.function == "model"
        x = bp.locals["x"]
        assert (x.kind, x.shape, x.dtype) == (kind, "(16, 10, 8)", "float32")
    eager_x = runs[("shape-mismatch", "jax-eager")].breakpoints[0].locals["x"]
    assert eager_x.type == "jaxlib._jax.ArrayImpl" and eager_x.preview.startswith("[")
    jit_x = runs[("shape-mismatch", "jax-jit")].breakpoints[0].locals["x"]
    assert "Tracer" in jit_x.type and jit_x.preview.endswith("Tracer(float32[16,10,8])")
    assert jit_x.value_error.startswith(("ConcretizationTypeError", "TracerArrayConversionError"))


def test_jit_if_on_a_tracer_raises_a_concretization_error_on_the_if_line(runs):
    run = runs[("data-dependent-control-flow", "jax-jit")]
    assert run.exception.type == "TracerBoolConversionError"
    assert run.exception.qualified_type == "jax.errors.TracerBoolConversionError"
    assert run.exception.is_a("ConcretizationTypeError") and run.exception.is_a("TypeError")
    path = BUILTIN / "data_dependent_control_flow.py"
    assert run.surfaced_at.line == line_of(path, "if gnorm > MAX_NORM:  # BUG: jit traces")
    assert run.points_at_bug is True
    # JAX names the function it was tracing, by the line of its decorator.
    [where] = run.defined_at
    assert (where.function, where.line) == ("train_step", line_of(path, "@jax.jit"))
    assert [f.function for f in run.user_frames] == ["jax_jit", "train_step"]
    assert run.exception.chain == []  # JAX's "removed its internal frames" note is no chained error
    [bp] = run.breakpoints
    assert bp.hits == 1 and bp.locals["gnorm"].kind is ValueKind.SYMBOLIC

    eager = runs[("data-dependent-control-flow", "jax-eager")]
    assert eager.status is RunStatus.RETURNED
    [bp] = eager.breakpoints
    assert bp.hits == 3 and bp.locals["gnorm"].kind is ValueKind.CONCRETE
    float(bp.locals["gnorm"].preview)  # a number: the value the `if` is about to test


def test_an_out_of_range_index_is_clamped_silently(runs):
    for mode, hits, kind in (("jax-eager", 3, ValueKind.CONCRETE), ("jax-jit", 1, ValueKind.SYMBOLIC)):
        run = runs[("index-out-of-range", mode)]
        assert run.status is RunStatus.RETURNED and run.exception is None
        assert 0.6 < float(run.returned) < 0.7  # trained on, with id 6 reading row 5
        [bp] = run.breakpoints
        assert bp.hits == hits and bp.locals["ids"].kind is kind
    eager_ids = runs[("index-out-of-range", "jax-eager")].breakpoints[0].locals["ids"]
    assert eager_ids.shape == "(4, 4)" and eager_ids.preview == "[1, 2, 3, 4, …]"


def test_float64_silently_becomes_float32(runs):
    for mode in ("jax-eager", "jax-jit"):
        run = runs[("dtype-mismatch", mode)]
        assert run.status is RunStatus.RETURNED
        dtype, _ = eval(run.returned)
        assert dtype == "float32"
        assert "Explicitly requested dtype float64" in run.stderr  # JAX's UserWarning, shown as is


def test_reshape_fails_on_the_line_at_trace_time(runs):
    for mode in ("jax-eager", "jax-jit"):
        run = runs[("reshape-wrong-size", mode)]
        assert run.exception.type == "TypeError"
        assert "cannot reshape array of shape (8, 5, 5)" in run.exception.message
        assert run.surfaced_at.line == _bug("reshape_wrong_size.py", mode.replace("-", "_"))


def test_print_under_jit_prints_tracers_once_and_jax_debug_print_prints_values_every_step(runs):
    eager = runs[("print-debugging", "jax-eager")]
    assert eager.stdout.count("hidden mean:") == 3
    assert "primal=0.0" in eager.stdout  # under jax.grad even eager values are wrapped in a tracer
    jit = runs[("print-debugging", "jax-jit")]
    assert jit.stdout.count("hidden mean: ") == 1 and "JitTracer(float32[])" in jit.stdout
    assert jit.stdout.count("jax.debug.print: hidden mean 0.0000 active 0.0000") == 3
    [bp] = jit.breakpoints
    assert bp.hits == 1 and bp.locals["h"].kind is ValueKind.SYMBOLIC


def test_jax_debug_breakpoint_stops_every_step_with_values_under_jit(runs):
    path = BUILTIN / "breakpoint_in_training_loop.py"
    run = runs[("breakpoint-in-training-loop", "jax-jit")]
    [bp] = run.breakpoints
    assert (bp.line, bp.function, bp.hits) == (
        line_of(path, "        jax.debug.breakpoint()"),
        "train_step",
        4,
    )
    loss = bp.locals["loss"]
    assert loss.kind is ValueKind.CONCRETE and loss.type == "jaxlib._jax.ArrayImpl"
    assert float(loss.preview) > 0
    assert run.stdout == ""  # JAX's own debugger, which would wait for input, never ran


def test_nan_loss_with_and_without_jax_debug_nans():
    plain = json.loads(run_cli("run", "nan-loss", "--modes", "jax,jit", "--json").stdout)
    aided = json.loads(run_cli("run", "nan-loss", "--modes", "jax,jit", "--aid", "--json").stdout)
    for run in plain["runs"]:
        assert (run["status"], run["returned"], run["exception"]) == ("returned", "nan", None)
    path = BUILTIN / "nan_loss.py"
    for run in aided["runs"]:
        function = run["mode"].replace("-", "_")
        assert run["aid_detail"].startswith("jax_debug_nans")
        assert run["exception"]["type"] == "FloatingPointError"
        assert run["exception"]["message"] == "invalid value (nan) encountered in mul"
        # The NaN is born in 0 * -inf, the line after the marked log(0) = -inf.
        assert run["surfaced_at"]["line"] == _bug("nan_loss.py", function) + 1
        assert run["points_at_bug"] is False
        assert line_of(path, f"def {function}():") < run["surfaced_at"]["line"]
        # JAX says what it does (even op by op, each op is a small jit), and it is shown as printed.
        assert "Invalid nan value encountered in the output of a jax.jit function" in run["stdout"]
    hits = {run["mode"]: run["breakpoints"][0]["hits"] for run in aided["runs"]}
    assert hits == {"jax-eager": 1, "jax-jit": 2}  # jit re-ran the step de-optimized to find the op


@pytest.mark.parametrize("filtering", ["off", "remove_frames"])
def test_jax_traceback_filtering_settings_keep_the_frames_that_matter(filtering):
    # "off": every JAX frame stays; "remove_frames": JAX chains an unfiltered copy as the cause.
    path = BUILTIN / "data_dependent_control_flow.py"
    scenario = CATALOG.scenarios["data-dependent-control-flow"]
    runner = Runner((Mode.JAX_JIT,), timeout=120, env={"JAX_TRACEBACK_FILTERING": filtering})
    [result] = runner.run([scenario])
    [run] = result.runs
    assert run.exception.type == "TracerBoolConversionError"
    assert run.surfaced_at.line == line_of(path, "if gnorm > MAX_NORM:  # BUG: jit traces")
    assert run.points_at_bug is True
    assert [f.function for f in run.user_frames] == ["jax_jit", "train_step"]
    assert run.exception.chain == []  # the unfiltered copy is the same error, not a second one
    jax_frames = [f for f in run.frames if "site-packages/jax/" in f.file]
    assert all(f.origin.value == "framework" for f in jax_frames)
    if filtering == "off":
        assert len(jax_frames) > 3  # 7 with jax 0.10.2
    else:
        assert len(jax_frames) == 0
