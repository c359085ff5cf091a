"""The run view with three to seven modes, and what it shows for traced modes and --aid.

Rendered from recorded results (no frameworks): a fixed-width, colourless console.
"""

from __future__ import annotations

import io

from rich.console import Console

from debugdemo.modes import Mode
from debugdemo.records import (
    Breakpoint,
    ExceptionInfo,
    GraphBreak,
    LocalSummary,
    RunResult,
    RunStatus,
    ScenarioResult,
    SourceLocation,
    ValueKind,
)
from debugdemo.views import run as render

from .conftest import ASSET_SCENARIOS, panel_tops

ZERO = ASSET_SCENARIOS / "zero_division.py"


def _run(mode: Mode) -> RunResult:
    return RunResult(
        mode=mode.value,
        status=RunStatus.RAISED,
        exception=ExceptionInfo(
            "ZeroDivisionError", "ZeroDivisionError", f"division by zero in {mode.alias}"
        ),
        bug_lines=[24],
        surfaced_at=SourceLocation(24, "torch_eager"),
        points_at_bug=True,
    )


def _draw(result: ScenarioResult, width: int, full: bool = False) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(render.RunView(result, full=full))
    return console.file.getvalue()


def _result(modes) -> ScenarioResult:
    return ScenarioResult("zero-division", str(ZERO), "Zero division", [_run(m) for m in modes])


def test_seven_modes_side_by_side_when_wide_enough():
    text = _draw(_result(tuple(Mode)), width=(render.COLUMN_MIN_WIDTH + 1) * 7)
    tops = panel_tops(text)  # no story: the header is a rule, not a panel
    assert len(tops) == 7
    assert len({line for line, _ in tops}) == 1  # all on one row
    assert text.index("verdict") > text.index("jax-jit · ")


def test_seven_modes_in_rows_of_two_with_the_verdict_table_last_at_120_columns():
    text = _draw(_result(tuple(Mode)), width=120)
    tops = panel_tops(text)
    rows = sorted({line for line, _ in tops})
    assert len(tops) == 7 and len(rows) == 4  # two, two, two and one
    assert text.index("verdict") > text.index("jax-jit · ")
    verdict = text[text.index("verdict") :]
    assert all(mode.value.split("-")[0] in verdict for mode in Mode)  # mode ids head the columns
    for mode in Mode:
        assert f"{mode.value} · {mode.label}" in text
    assert max(len(line) for line in text.splitlines()) <= 120


def test_three_modes_stacked_on_a_narrow_terminal_verdict_last():
    text = _draw(_result((Mode.TF2_EAGER, Mode.TF_FUNCTION, Mode.TORCH_COMPILE)), width=80)
    tops = panel_tops(text)
    assert len(tops) == 3 and {col for _, col in tops} == {0}  # stacked
    assert text.index("verdict") > text.index("torch-compile · ")
    assert max(len(line) for line in text.splitlines()) <= 80


def test_two_modes_keep_the_verdict_table_last():
    text = _draw(_result((Mode.TORCH_EAGER, Mode.TF1_GRAPH)), width=120)
    assert text.index("verdict") > text.index("division by zero in tf1")


def test_traced_breakpoint_graph_breaks_and_aid_are_shown():
    tffn = RunResult(
        Mode.TF_FUNCTION.value, RunStatus.RETURNED, returned="18.0", aid_detail=Mode.TF_FUNCTION.aid
    )
    tffn.breakpoints = [
        Breakpoint(
            22,
            "torch_eager",
            1,
            {"y": LocalSummary(ValueKind.SYMBOLIC, "SymbolicTensor", "(2, 3)", "float32")},
            str(ZERO),
            fired_in=SourceLocation(11, "tf__scale", "/tmp/__autograph_generated_fileabc.py"),
        )
    ]
    compiled = RunResult(Mode.TORCH_COMPILE.value, RunStatus.RETURNED, returned="18.0")
    compiled.graph_breaks = [GraphBreak("Failed to trace builtin operator — `breakpoint`", 41, "scale")]
    result = ScenarioResult("zero-division", str(ZERO), "Zero division", [tffn, compiled])
    text = _draw(result, width=200)
    assert "aid on: tf.debugging.enable_check_numerics, traceback filtering off" in text
    assert "1 hit · symbolic · in generated code" in text
    assert "graph break line 41 in scale: Failed to trace builtin operator" in text
    full = _draw(result, width=200, full=True)
    assert "ran in generated code: tf__scale, line 11 of __autograph_generated_fileabc.py" in full
    assert "line 41 in scale: Failed to trace builtin operator" in full
    assert "1 (line 41)" in text
    verdict = text[text.index("verdict") :]
    assert "graph breaks" in verdict and "debugging aid" in verdict
    assert "aid on:" not in _draw(_result((Mode.TORCH_EAGER,)), width=120)
