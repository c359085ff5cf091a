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
