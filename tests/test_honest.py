"""Numbers that claim no more and no less than the run showed (issue 18), framework-free."""

from __future__ import annotations

from debugdemo import messages
from debugdemo.process import recorder
from debugdemo.records import ChainedException, ExceptionInfo, Frame, Origin, RunResult, RunStatus

TF1_MESSAGE = """Graph execution error:

Detected at node 'MatMul' defined at (most recent call last):
    File "/s/shape_mismatch.py", line 126, in tf1_graph
    File "/s/shape_mismatch.py", line 123, in model
Node: 'MatMul'
Matrix size-incompatible: In[0]: [16,10], In[1]: [8,32]
\t [[{{node MatMul}}]]

Original stack trace for 'MatMul':
  File "/s/shape_mismatch.py", line 126, in tf1_graph
  File "/venv/site-packages/tensorflow/python/ops/math_ops.py", line 3732, in matmul
"""


def test_removed_stack_lines_leave_a_marker_saying_where_they_went():
    summary = messages.summarise(TF1_MESSAGE, [("/s/shape_mismatch.py", 126), ("/s/shape_mismatch.py", 123)])
    assert summary.lines[:3] == [
        "Graph execution error:",
        "Detected at node 'MatMul' defined at (most recent call last):",
        "  … 2 lines → op defined at",
    ]
    assert summary.markers == {2}
    assert "Matrix size-incompatible: In[0]: [16,10], In[1]: [8,32]" in summary.lines
    # Past the shown lines: the heading and its two stack lines.
    assert summary.hidden == 3


def test_stack_lines_shown_nowhere_else_point_at_full():
    summary = messages.summarise(TF1_MESSAGE, limit=20)
    assert "  … 2 stack lines → --full" in summary.lines  # no "op defined at" was recorded
    assert summary.lines[-1] == "  … 2 stack lines → --full"
    assert summary.hidden == 0


def test_a_table_cell_keeps_the_informative_line():
    cell = messages.headline(TF1_MESSAGE)
    assert cell.startswith("Graph execution error:")
    assert "Matrix size-incompatible: In[0]: [16,10], In[1]: [8,32]" in cell


def test_a_preview_of_part_of_a_tensor_ends_in_an_ellipsis():
    import numpy as np

    column = recorder.describe(np.linspace(-1, 1, 32, dtype=np.float32).reshape(32, 1))
    assert column.shape == "(32, 1)"
    assert column.preview == "[-1, …]"  # the first row only: one of 32 values
    whole = recorder.describe(np.array([1, 2, 3]))
    assert whole.preview == "[1, 2, 3]"  # every value shown: no ellipsis
    six = recorder.describe(np.arange(6))
    assert six.preview == "[0, 1, 2, 3, 4, 5]"
    wide = recorder.describe(np.zeros((32, 4)))
    assert wide.preview == "[0, 0, 0, 0, …]"


def _frame(origin: Origin, line: int = 1) -> Frame:
    return Frame("f.py", line, "f", "", origin)


def test_frame_totals_count_every_traceback_python_prints():
    cause = ChainedException(
        "InvalidArgumentError",
        "tf.InvalidArgumentError",
        "m",
        "context",
        [_frame(Origin.FRAMEWORK)] * 3,
    )
    exc = ExceptionInfo("InvalidArgumentError", "tf.InvalidArgumentError", "m", chain=[cause])
    frames = [_frame(Origin.DEBUGDEMO), _frame(Origin.SCENARIO)] + [_frame(Origin.FRAMEWORK)] * 4
    run = RunResult("tf1-graph", RunStatus.RAISED, exception=exc, frames=frames)
    assert (run.frames_yours, run.frames_total) == (1, 8)  # 3 + 5: debugdemo's own frame left out
    assert (run.raised_frames_yours, run.raised_frames_total) == (1, 5)
    data = run.to_dict()
    assert data["frames_total"] == 8
    assert data["frames_by_exception"] == [
        {"type": "InvalidArgumentError", "relation": "context", "frames_yours": 0, "frames_total": 3},
        {"type": "InvalidArgumentError", "relation": None, "frames_yours": 1, "frames_total": 5},
    ]
    assert data["exception"]["chain"][0]["frames_total"] == 3
    assert RunResult.from_dict(data).frames_total == 8


def test_a_constructed_marker_is_read_statically_per_mode(tmp_path):
    from debugdemo.modes import Mode
    from debugdemo.scenario import ScenarioError, load_scenario

    path = tmp_path / "contrast.py"
    path.write_text(
        '"""A contrast."""\n\n\ndef torch_eager():\n'
        "    # CONSTRUCTED: a plain function stands in for nn.Module\n"
        "    return 1  # BUG: here\n\n\ndef tf1_graph():\n    return 2\n"
    )
    scenario = load_scenario(path)
    assert scenario.constructed == {Mode.TORCH_EAGER: "a plain function stands in for nn.Module"}
    path.write_text('"""A contrast."""\n# CONSTRUCTED\n\n\ndef torch_eager():\n    return 1\n')
    try:
        load_scenario(path)
    except ScenarioError as exc:
        assert exc.line == 2 and "inside the mode function" in str(exc)
    else:
        raise AssertionError("a marker outside every mode function must be refused")


def test_check_fails_a_run_that_raised_before_its_bug_line(tmp_path):
    from debugdemo.expectations import Outcome, compare
    from debugdemo.records import FAILED_BEFORE_BUG, ScenarioResult
    from debugdemo.scenario import load_scenario

    path = tmp_path / "typo.py"
    path.write_text(
        '"""Typo."""\n\nEXPECT = {"torch-eager": {"raises": "AttributeError"}}\n\n\n'
        "def torch_eager():\n    x = torch.onse\n    return x  # BUG: the real one\n"
    )
    run = {"mode": "torch-eager", "status": "raised", "bug_lines": [8], "bug_reached": False}
    run["exception"] = {"type": "AttributeError", "qualified_type": "AttributeError", "message": "onse"}
    result = ScenarioResult.from_dict({"scenario": "typo", "file": str(path), "title": "T", "runs": [run]})
    checks = compare(load_scenario(path), result)
    assert [(c.key, c.outcome) for c in checks] == [
        ("raises", Outcome.HELD),
        ("bug_reached", Outcome.MISMATCH),
    ]
    assert checks[1].note == FAILED_BEFORE_BUG


def test_framework_named_lines_are_listed_once():
    from debugdemo.records import SourceLocation

    run = RunResult("torch-compile", RunStatus.RAISED)
    run.defined_at = [SourceLocation(n, "f", "/s.py") for n in (220, 217, 210, 210)]
    assert run.defined_lines == [220, 217, 210]


def test_framework_temporaries_are_marked_and_left_out_of_the_default_view(tmp_path):
    import io
    import types as pytypes

    from rich.console import Console

    from debugdemo.records import Breakpoint
    from debugdemo.views import run as render

    source = tmp_path / "scenario.py"
    source.write_text("def rnn(x):\n    h = x * 2\n    breakpoint()\n    return h\n")
    frame = pytypes.SimpleNamespace(
        f_locals={"x": 3, "h": 6, "tmp_2": object()},
        f_code=pytypes.SimpleNamespace(co_filename="<not autograph>"),
        f_lineno=3,
    )
    record = recorder._new_record(frame, str(source), 3, "torch_dynamo_resume_in_rnn_at_2")  # type: ignore[arg-type]
    assert record.function == "rnn"  # Dynamo's resume function, named for the user's function
    assert [n for n, v in record.locals.items() if v.temporary] == ["tmp_2"]
    assert not record.locals["h"].temporary
    run = RunResult("torch-compile", RunStatus.RETURNED, breakpoints=[Breakpoint(3, "rnn", 1, record.locals)])

    def draw(full: bool) -> str:
        buffer = io.StringIO()
        Console(file=buffer, width=100, color_system=None).print(render.breakpoints_view(run, full))
        return buffer.getvalue()

    default = draw(False)
    assert "tmp_2 " not in default.replace("not shown: tmp_2 (--full)", "")
    assert "framework temporaries not shown: tmp_2 (--full)" in default
    assert "h " in default
    everything = draw(True)
    assert "tmp_2" in everything and "not shown" not in everything


def test_a_constructed_form_is_marked_in_the_run_view_and_the_scoreboard():
    import io

    from rich.console import Console

    from debugdemo.measures import MISTAKE
    from debugdemo.records import FAILED_BEFORE_BUG
    from debugdemo.scoreboard import Scoreboard
    from debugdemo.views import run as render
    from debugdemo.views.report import ReportView

    from .records_factory import raised, scenario

    constructed = raised("torch-eager", "TypeError")
    constructed["constructed"] = "a plain function stands in for nn.Module"
    typo = raised("tf1-graph", "AttributeError", points=False, line=8)
    typo["bug_reached"] = False
    result = scenario("contrast", constructed, typo)
    torch_run, tf1_run = result.runs
    assert "constructed for the contrast, not idiomatic code: a plain function stands in for nn.Module" in (
        render.verdict(torch_run).plain
    )
    # ‼, not ⚠: the scenario's mistake is no outcome, and ⚠ means a silent bug
    assert f"{MISTAKE} {FAILED_BEFORE_BUG}" in render.verdict(tf1_run).plain
    buffer = io.StringIO()
    Console(file=buffer, width=200, color_system=None).print(ReportView(Scoreboard.of([result])))
    drawn = buffer.getvalue()
    assert "TypeError (constructed)" in drawn
    assert "AttributeError ‼ scenario mistake" in drawn
