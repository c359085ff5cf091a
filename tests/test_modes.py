"""tf2-eager, tf-function and torch-compile, run for real on small assets."""

from __future__ import annotations

import pytest

from debugdemo.modes import Mode
from debugdemo.records import RunStatus, ValueKind
from debugdemo.runner import Runner
from debugdemo.scenario import load_scenario

from .conftest import ASSETS, line_of

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
    assert bp.locals["y"].preview == "[2, 2, 2]"


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
    assert aided.aid == Mode.TF_FUNCTION.aid and plain.aid is None
    assert aided.exception.type == plain.exception.type == "ValueError"
    assert aided.surfaced_at == plain.surfaced_at
    # TensorFlow's own frames, hidden by its traceback filter, are back.
    assert plain.frames_total <= 5
    assert aided.frames_total > plain.frames_total + 10
