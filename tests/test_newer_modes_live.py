"""The newer modes (tf2-eager, tf-function, torch-compile) run live, on small assets and built-ins."""

from __future__ import annotations

import pytest

from debugdemo.modes import Mode
from debugdemo.process.worker_parent import Runner
from debugdemo.records import RunStatus, ValueKind
from debugdemo.scenario import load_scenario

from .conftest import ASSETS, BUILTIN, line_of

pytestmark = pytest.mark.frameworks

SHAPE = ASSETS / "frameworks" / "shape_in_traced_modes.py"
BREAKPOINT = ASSETS / "frameworks" / "breakpoint_per_call.py"
NEW_MODES = (Mode.TF2_EAGER, Mode.TF_FUNCTION, Mode.TORCH_COMPILE)


@pytest.fixture(scope="module")
def runs():
    """{scenario name: {mode id: RunResult}} for both assets, one worker per mode."""
    scenarios = [load_scenario(SHAPE), load_scenario(BREAKPOINT)]
    results = Runner(NEW_MODES, timeout=120).run(scenarios)
    return {r.scenario: {run.mode: run for run in r.runs} for r in results}


def test_tf2_eager_raises_at_the_buggy_line(runs):
    run = runs["shape-in-traced-modes"]["tf2-eager"]
    assert run.status is RunStatus.RAISED
    assert run.exception.type == "InvalidArgumentError"
    assert "Matrix size-incompatible" in run.exception.message
    assert run.surfaced_at.line == line_of(SHAPE, "return h, tf.matmul(x, w2)")
    assert run.points_at_bug is True
    assert run.defined_at == []  # an eager op has no creation trace to quote


def test_tf_function_surfaces_at_the_call_and_names_the_line_in_its_message(runs):
    run = runs["shape-in-traced-modes"]["tf-function"]
    assert run.exception.type == "ValueError"
    assert run.exception.message.startswith("in user code:")
    assert "Dimensions must be equal" in run.exception.message
    # The Python traceback ends at the call: the traced function's frame is not on it.
    assert run.surfaced_at.line == line_of(SHAPE, "return model(tf.ones((4, 8)))")
    assert run.points_at_bug is False
    assert [f.function for f in run.user_frames] == ["tf_function"]
    [where] = run.defined_at
    assert (where.line, where.function) == (line_of(SHAPE, "return h, tf.matmul(x, w2)", 2), "model")


def test_torch_compile_raises_while_tracing_and_names_the_line_from_user_code(runs):
    run = runs["shape-in-traced-modes"]["torch-compile"]
    assert run.exception.qualified_type == "torch._dynamo.exc.TorchRuntimeError"
    assert run.exception.is_a("RuntimeError")
    assert "from user code:" in run.exception.message
    assert run.surfaced_at.line == line_of(SHAPE, "return model(torch.ones(4, 8))")
    assert run.points_at_bug is False
    assert run.frames_total > 20  # nearly all of them Dynamo's
    assert len(run.user_frames) == 1
    [where] = run.defined_at
    assert (where.line, where.function) == (line_of(SHAPE, "return h, x @ w2"), "model")
    # The ~19 lines torch logs for a fake-tensor error stay out of the scenario's stderr.
    assert "fake_tensor" not in run.stderr
    assert run.stderr == ""


def test_tf2_eager_breakpoint_sees_values_every_call(runs):
    run = runs["breakpoint-per-call"]["tf2-eager"]
    assert run.status is RunStatus.RETURNED
    [bp] = run.breakpoints
    assert (bp.line, bp.function, bp.hits) == (line_of(BREAKPOINT, "        breakpoint()", 1), "scale", 3)
    assert bp.fired_in is None
    assert bp.locals["y"].kind is ValueKind.CONCRETE
    assert bp.locals["y"].preview == "[2, 2, 2, …]"  # the first row of a (2, 3) tensor


def test_tf_function_breakpoint_fires_once_while_tracing_in_generated_code(runs):
    run = runs["breakpoint-per-call"]["tf-function"]
    assert run.returned == "[18.0, 18.0, 18.0]"
    [bp] = run.breakpoints
    # Mapped back through AutoGraph's source map to the user's line.
    assert (bp.line, bp.function, bp.hits) == (line_of(BREAKPOINT, "        breakpoint()", 2), "scale", 1)
    assert bp.file == str(BREAKPOINT)
    assert "__autograph_generated_file" in bp.fired_in.file
    assert bp.fired_in.function == "tf__scale"
    assert run.breakpoint_values is ValueKind.SYMBOLIC
    assert "SymbolicTensor" in bp.locals["y"].value_error
    assert not {"fscope", "do_return", "retval_", "ag__"} & set(bp.locals)


def test_torch_compile_breakpoint_is_a_graph_break_with_real_tensors(runs):
    run = runs["breakpoint-per-call"]["torch-compile"]
    assert run.returned == "[18.0, 18.0, 18.0]"
    [bp] = run.breakpoints
    assert (bp.line, bp.function, bp.hits) == (line_of(BREAKPOINT, "        breakpoint()", 3), "scale", 3)
    assert bp.fired_in is None
    assert bp.locals["x"].kind is ValueKind.CONCRETE
    assert bp.locals["x"].type == "torch.Tensor"
    # `y` was computed inside the compiled graph: it is not a local of the frame at the break.
    assert "y" not in bp.locals
    [graph_break] = run.graph_breaks  # compiled once, then reused
    assert "breakpoint" in graph_break.reason
    assert (graph_break.line, graph_break.function) == (bp.line, "scale")


def test_aid_switches_tensorflow_traceback_filtering_off(runs):
    [result] = Runner((Mode.TF_FUNCTION,), timeout=120, aid=True).run([load_scenario(SHAPE)])
    [aided] = result.runs
    plain = runs["shape-in-traced-modes"]["tf-function"]
    assert aided.aid_detail == Mode.TF_FUNCTION.aid and plain.aid_detail is None
    assert aided.exception.type == plain.exception.type == "ValueError"
    assert aided.surfaced_at == plain.surfaced_at
    # TensorFlow's own frames, hidden by its traceback filter, are back.
    assert plain.frames_total <= 5
    assert aided.frames_total > plain.frames_total + 10


# --- the built-in scenarios that define the newer modes ---------------------------------

NEWER = ("nan_loss", "shape_mismatch", "dtype_mismatch", "index_out_of_range")
NEWER += ("data_dependent_control_flow", "breakpoint_in_training_loop")


@pytest.fixture(scope="module")
def builtin_runs():
    """{scenario name: {mode id: RunResult}} for the newer modes, one worker per mode."""
    scenarios = [load_scenario(BUILTIN / f"{stem}.py") for stem in NEWER]
    results = Runner(NEW_MODES, timeout=120).run(scenarios)
    return {r.scenario: {run.mode: run for run in r.runs} for r in results}, scenarios


def test_the_newer_modes_meet_each_scenarios_expectations(builtin_runs):
    runs, scenarios = builtin_runs
    checked = 0
    for scenario in scenarios:
        for mode in NEW_MODES:
            expect = scenario.expect.get(mode)
            assert expect is not None, f"{scenario.name} defines no EXPECT for {mode.value}"
            run = runs[scenario.name][mode.value]
            where = f"{scenario.name} / {mode.value}"
            if expect["raises"] is None:
                assert run.status is RunStatus.RETURNED, f"{where}: {run.exception}"
            else:
                assert run.status is RunStatus.RAISED, where
                assert run.exception.is_a(expect["raises"]), f"{where}: {run.exception.type}"
            if "points_at_bug" in expect:
                assert run.points_at_bug is expect["points_at_bug"], where
            if "breakpoint_values" in expect:
                assert run.breakpoint_values is ValueKind(expect["breakpoint_values"]), where
            if "breakpoint_hits" in expect:
                assert run.breakpoint_hits == expect["breakpoint_hits"], where
            checked += 1
    assert checked == 18


def test_torch_compile_errors_in_generated_code_point_at_the_decorator(builtin_runs):
    runs, _ = builtin_runs
    path = BUILTIN / "index_out_of_range.py"
    run = runs["index-out-of-range"]["torch-compile"]
    assert run.exception.type == "IndexError"
    assert run.surfaced_at.line == line_of(path, '@torch.compile(backend="eager")')
    assert any(f.file.startswith("<eval_with_key>") for f in run.frames)  # FX-generated forward
    # The lookup line comes back from the stack the FX graph recorded for the failing node.
    [where] = run.defined_at
    assert where.line == line_of(path, "vectors = F.embedding(ids, emb)", 2)


def test_tf_function_runtime_error_names_the_op_in_its_defined_at_stack(builtin_runs):
    runs, _ = builtin_runs
    path = BUILTIN / "index_out_of_range.py"
    run = runs["index-out-of-range"]["tf-function"]
    assert run.exception.message.startswith("Graph execution error:")
    assert run.surfaced_at.line == line_of(path, "loss = train_step(ids, labels)")
    assert run.defined_at[-1].line == line_of(path, "vectors = tf.nn.embedding_lookup(emb, ids)", 3)


def test_torch_compile_breakpoint_hides_what_the_graph_computed(builtin_runs):
    runs, _ = builtin_runs
    run = runs["breakpoint-in-training-loop"]["torch-compile"]
    [bp] = run.breakpoints
    assert bp.hits == 4
    assert {"x", "y", "w", "b"} <= set(bp.locals)
    assert not {"pred", "loss"} & set(bp.locals)
    eager = runs["breakpoint-in-training-loop"]["tf2-eager"].breakpoints[0]
    assert {"pred", "loss"} <= set(eager.locals)


def test_torch_compile_graph_breaks_at_the_breakpoint_and_the_data_dependent_if(builtin_runs):
    runs, _ = builtin_runs
    path = BUILTIN / "data_dependent_control_flow.py"
    run = runs["data-dependent-control-flow"]["torch-compile"]
    lines = [g.line for g in run.graph_breaks]
    assert lines == [
        line_of(path, "breakpoint()  # a graph break"),
        line_of(path, "if gnorm > MAX_NORM:  # data-dependent"),
    ]
    assert "breakpoint" in run.graph_breaks[0].reason
    assert runs["data-dependent-control-flow"]["tf-function"].status is RunStatus.RETURNED  # AutoGraph
