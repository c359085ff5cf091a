"""`run --aid`: each framework's own debugging aid, and where it points on nan-loss."""

from __future__ import annotations

import json

import pytest

from .conftest import BUILTIN, line_of, run_cli

pytestmark = pytest.mark.frameworks

NAN = BUILTIN / "nan_loss.py"


def _runs(*extra: str) -> dict[str, dict]:
    proc = run_cli("run", "nan-loss", "--modes", "all", "--json", *extra)
    return {run["mode"]: run for run in json.loads(proc.stdout)["runs"]}


@pytest.fixture(scope="module")
def plain():
    return _runs()


@pytest.fixture(scope="module")
def aided():
    return _runs("--aid")


def _log_line(mode_fragment: str) -> int:
    """The marked `log` line of one mode's function."""
    lines = NAN.read_text().splitlines()
    start = line_of(NAN, mode_fragment)
    return next(n for n, text in enumerate(lines, 1) if n > start and "# BUG" in text)


def test_without_the_aid_every_mode_returns_nan(plain):
    assert set(plain) == {
        "torch-eager",
        "tf1-graph",
        "tf2-eager",
        "tf-function",
        "torch-compile",
        "jax-eager",
        "jax-jit",
    }
    for run in plain.values():
        assert (run["status"], run["returned"], run["exception"]) == ("returned", "nan", None)
        assert run["aid"] is False and run["aid_detail"] is None
        assert run["defined_at"] == []


def test_anomaly_detection_raises_at_backward_and_names_the_log_line(aided):
    run = aided["torch-eager"]
    assert run["aid"] is True
    assert run["aid_detail"] == "anomaly detection (torch.autograd.detect_anomaly)"
    assert run["exception"]["type"] == "RuntimeError"
    assert run["exception"]["message"] == "Function 'LogBackward0' returned nan values in its 0th output."
    assert run["surfaced_at"]["line"] == line_of(NAN, "        loss.backward()", 1)
    assert run["points_at_bug"] is False
    # The forward stack is in the aid's warning, not in the exception.
    assert run["defined_at"][-1]["line"] == _log_line("def torch_eager():")
    assert "Traceback of forward call that caused the error" in run["stderr"]
    assert "debugdemo/process/worker_child.py" not in run["stderr"]  # the harness's frames are cut out
    assert "Anomaly Detection has been enabled" not in run["stderr"]


def test_anomaly_detection_under_torch_compile_names_the_graph_break_line(aided):
    run = aided["torch-compile"]
    assert run["exception"]["type"] == "RuntimeError"
    assert "LogBackward0" in run["exception"]["message"]
    assert run["surfaced_at"]["line"] == line_of(NAN, "        loss.backward()", 2)
    graph_break_line = line_of(NAN, "breakpoint()  # a graph break")
    assert run["defined_at"][-1]["line"] == graph_break_line
    assert _log_line("def torch_compile():") not in [d["line"] for d in run["defined_at"]]
    assert "<eval_with_key>" in run["stderr"]  # the forward op is in FX-generated code


def test_check_numerics_in_tf2_eager_points_at_the_log_line(aided):
    run = aided["tf2-eager"]
    assert run["aid_detail"] == "tf.debugging.enable_check_numerics, traceback filtering off"
    assert run["exception"]["type"] == "InvalidArgumentError"
    assert 'Detected Infinity or NaN in output 0 of eagerly-executing op "Log"' in run["exception"]["message"]
    assert run["surfaced_at"]["line"] == _log_line("def tf2_eager():")
    assert run["points_at_bug"] is True
    assert run["breakpoint_hits"] == 1  # it stopped the first step


def test_check_numerics_in_tf_function_names_the_log_line_in_the_creation_stack(aided):
    run = aided["tf-function"]
    assert run["exception"]["type"] == "InvalidArgumentError"
    assert "Log/CheckNumericsV2" in run["exception"]["message"]
    assert run["surfaced_at"]["line"] == line_of(NAN, "loss = train_step(x, y)")
    assert run["points_at_bug"] is False
    assert run["defined_at"][-1]["line"] == _log_line("def tf_function():")


def test_check_numerics_ops_in_tf1_fail_session_run_with_the_op_defined_at_the_log_line(aided):
    run = aided["tf1-graph"]
    assert run["exception"]["type"] == "InvalidArgumentError"
    assert "Log/CheckNumericsV2" in run["exception"]["message"]
    assert "worker.py" not in run["exception"]["message"]  # the harness's frames are cut out
    assert "<frozen runpy>" not in run["exception"]["message"]
    assert run["phase"] == "run"
    assert run["surfaced_at"]["line"] == line_of(NAN, "loss_val, _ = sess.run(")
    assert run["defined_at"][-1]["line"] == _log_line("def tf1_graph():")


def test_the_view_says_the_aid_was_on():
    proc = run_cli("run", "nan-loss", "--modes", "tf2", "--aid")
    assert "aid on: tf.debugging.enable_check_numerics, traceback filtering off" in proc.stdout
    assert "debugging aid" in proc.stdout
    assert "Detected Infinity or NaN" in proc.stdout
