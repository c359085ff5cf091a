"""Rendering recorded runs: golden files at fixed widths, one screen, and text that stays literal.

Regenerate the goldens after an intended change with:

    UPDATE_GOLDENS=1 python -m pytest tests/test_render.py

and read the diff before committing it.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from rich.console import Console

from debugdemo.records import ExceptionInfo, RunResult, RunStatus, ScenarioResult
from debugdemo.scenario import load_scenario
from debugdemo.views import run as render
from debugdemo.views.run import RunView

from .conftest import ASSETS, panel_tops

GOLDENS = Path(__file__).resolve().parent / "goldens"
RECORDS = ASSETS / "records"


def load_record(name: str) -> ScenarioResult:
    data = json.loads((RECORDS / f"{name}.json").read_text())
    data["file"] = str(ASSETS / data["file"])
    return ScenarioResult.from_dict(data)


def view_of(name: str, full: bool = False) -> RunView:
    result = load_record(name)
    return RunView(result, load_scenario(Path(result.file)).explanation, full)


def draw(renderable, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    console.print(renderable)
    return console.file.getvalue()


def check_golden(name: str, text: str) -> None:
    path = GOLDENS / name
    if os.environ.get("UPDATE_GOLDENS"):
        path.write_text(text)
    assert path.exists(), f"missing golden {path}: run with UPDATE_GOLDENS=1"
    assert text == path.read_text(), f"{name} differs from its golden; see the module docstring"


RECORDED = sorted(p.stem for p in RECORDS.glob("*.json"))
TWO_MODES = [name for name in RECORDED if len(load_record(name).runs) == 2]


@pytest.mark.parametrize("name", RECORDED)
@pytest.mark.parametrize(
    ("width", "full"), [(80, False), (100, False), (120, False), (160, False), (120, True), (80, True)]
)
def test_scenario_view_matches_golden(name, width, full):
    text = draw(view_of(name, full), width)
    check_golden(f"{name}-{width}{'-full' if full else ''}.txt", text)


def _verdict_is_last(text: str, result: ScenarioResult) -> None:
    lines = text.splitlines()
    [start] = [i for i, line in enumerate(lines) if line.strip() == "verdict"]
    assert not any("╭" in line or "╰" in line for line in lines[start:])  # no column after it
    assert lines[-1].rstrip().endswith("⊘ could not run")  # the outcome legend closes the verdict
    verdict = "\n".join(lines[start:])
    for run in result.runs:  # every mode id heads a column, or (narrow) a block of rows
        assert run.mode in verdict or run.mode.split("-")[0] + "-" in verdict


@pytest.mark.parametrize("name", TWO_MODES)
def test_one_screen_at_120_columns_side_by_side(name):
    text = draw(view_of(name), 120)
    assert len(text.splitlines()) <= 45
    tops = panel_tops(text)[1:]  # the first is the header
    assert len(tops) == 2 and len({line for line, _ in tops}) == 1  # one row: side by side
    _verdict_is_last(text, load_record(name))


@pytest.mark.parametrize("name", TWO_MODES)
def test_still_side_by_side_at_100_columns_in_50_lines(name):
    text = draw(view_of(name), 100)
    assert len(text.splitlines()) <= 50
    tops = panel_tops(text)[1:]
    assert len(tops) == 2 and len({line for line, _ in tops}) == 1
    _verdict_is_last(text, load_record(name))


@pytest.mark.parametrize("name", RECORDED)
@pytest.mark.parametrize("width", [40, 50, 60, 80])
def test_narrower_stacks_and_stays_within_the_width(name, width):
    result = load_record(name)
    text = draw(view_of(name), width)
    tops = panel_tops(text)[1:]
    assert len(tops) == len(result.runs) and {col for _, col in tops} == {0}  # stacked
    assert max(len(line) for line in text.splitlines()) <= width
    for run in result.runs:  # each column's title keeps its mode id
        assert any(run.mode in line for line in text.splitlines() if "╭" in line)
    _verdict_is_last(text, result)


def test_the_default_shows_what_matters_and_full_adds_the_rest():
    short, full = draw(view_of("shape-mismatch"), 120), draw(view_of("shape-mismatch", True), 120)
    result = load_record("shape-mismatch")
    torch, tf1 = result.runs
    for text in (short, full):
        assert "RuntimeError: mat1 and mat2 shapes cannot be multiplied" in text
        # TF's message: the line that says what went wrong, not only "Graph execution error:"
        assert "Matrix size-incompatible: In[0]: [16,10], In[1]: [8,32]" in text
        assert f"✘ surfaced at line {tf1.surfaced_at.line}" in text
    # the marked source lines: surfaced ▶, # BUG ✗, op defined ◆
    assert re.search(rf"{torch.surfaced_at.line} ▶ +h = torch\.relu", short)
    assert re.search(rf"{tf1.bug_lines[0]} ✗ +h = tf\.nn\.relu", short)
    assert re.search(rf"{tf1.surfaced_at.line} ▶ +loss_val, _ = sess\.run", short)
    assert re.search(r"96 ◆ +logits = model\(x\)", short)
    assert f"frames: {torch.frames_yours} yours of {torch.frames_total}" in short
    assert "◆ op defined at line 96, line 93" in short
    assert "1 hit · concrete" in short and "1 hit · symbolic" in short
    assert "x (16,10,8)" in short and "x (None,None,8)" in short
    # only --full: the whole story, every frame, the locals table, the full message
    story = load_scenario(Path(result.file)).explanation
    last_paragraph = " ".join(story.split("\n\n")[-1].split()[:4])
    assert last_paragraph not in short.replace("\n", " ") and last_paragraph in full.replace("│", "")
    assert "local   kind" not in short and "local   kind" in full
    assert "Original stack trace for 'MatMul'" not in short and "Original stack trace for 'MatMul'" in full
    assert "(+28 lines, --full)" in short


def test_the_locals_table_lists_tensors_first():
    from debugdemo.records import Breakpoint, LocalSummary, ValueKind

    run = RunResult("torch-eager", RunStatus.RETURNED)
    run.breakpoints = [
        Breakpoint(
            3,
            "f",
            1,
            {
                "rng": LocalSummary(ValueKind.OTHER, "Generator"),
                "x": LocalSummary(ValueKind.CONCRETE, "Tensor", "(2, 3)", "float32", "[1, 2, 3]"),
            },
        )
    ]
    table = draw(render.breakpoints_view(run), 100)
    assert table.index("x ") < table.index("rng")
    brief = draw(render.breakpoints_brief(run), 100)
    assert "x (2,3)" in brief and "rng" not in brief  # non-tensor locals only with --full


def test_a_tensor_s_shape_never_wraps_away_from_its_name():
    """The shapes under a breakpoint wrap between tensors: "w2 (32,4)" stays on one line."""
    result = load_record("shape-mismatch")
    eager = result.runs[0]
    shapes = "x (16,10,8) · b1 (32,) · b2 (4,) · w1 (8,32) · w2 (32,4)"
    assert shapes in draw(render.breakpoints_brief(eager), len(shapes))  # room: one line, as before
    for width in range(len("x (16,10,8) ·"), len(shapes)):  # from the widest entry up
        drawn = [line.rstrip() for line in draw(render.breakpoints_brief(eager), width).splitlines()]
        lines = drawn[[line.startswith("x (") for line in drawn].index(True) :]  # under the hits line
        assert " · ".join(line.removesuffix(" ·") for line in lines) == shapes, width
        assert all(line.endswith(")") or line.endswith(") ·") for line in lines), (width, lines)


def test_verdict_lines_come_from_the_record():
    result = load_record("zero-division")
    eager, graph = result.runs
    assert render.verdict(eager).plain == f"✔ points at the bug (line {eager.surfaced_at.line})"
    src = render.read_source(result.file)
    assert render.verdict(graph, src).plain == (
        f"✘ surfaced at line {graph.surfaced_at.line} (return sum(values) / count), "
        f"bug at line {graph.bug_lines[0]}"
    )


@pytest.mark.parametrize("full", [False, True])
def test_text_from_a_run_is_never_markup(full):
    hostile = "[bold red]not bold[/] [link=https://example.com]x[/link] <b>html</b>"
    run = RunResult(
        "torch-eager",
        RunStatus.RAISED,
        exception=ExceptionInfo("ValueError", "ValueError", hostile),
        stdout="[italic]printed[/italic]\n",
    )
    result = ScenarioResult("hostile", "/nonexistent.py", "[blink]title[/blink]", [run])
    text = draw(RunView(result, "[red]explanation[/red]", full), 100)
    for fragment in (hostile, "[italic]printed[/italic]", "[blink]title[/blink]", "[red]explanation[/red]"):
        assert fragment in text


def test_piped_output_has_no_ansi_codes():
    result = load_record("zero-division")
    console = Console(file=io.StringIO(), width=100)  # not a terminal: what a pipe gets
    console.print(RunView(result))
    assert "\x1b[" not in console.file.getvalue()


def test_a_silent_run_marks_only_the_bug_line():
    result = load_record("zero-division")
    run = RunResult("tf1-graph", RunStatus.RETURNED, bug_lines=[28], returned="0.0")
    excerpt = draw(render.source_excerpt(run, render.read_source(result.file)), 100)
    assert "28 ✗" in excerpt
    assert excerpt.splitlines()[-1] == "✗ # BUG"
    assert render.verdict(run).plain == "⚠ no error at all; bug at line 28"


def test_a_refusal_repeated_across_symbolic_locals_is_written_once():
    tf1 = load_record("shape-mismatch").runs[1]
    text = draw(render.breakpoints_view(tf1), 200)
    errors = [s.value_error for s in tf1.breakpoints[0].locals.values() if s.value_error]
    assert len(errors) > len(set(errors))  # the record repeats them…
    for error in set(errors):
        assert text.count(error) == 1  # …the view says each once
    assert text.count("no value: as above") == len(errors) - len(set(errors))


def test_the_same_view_object_draws_at_any_width():
    view = view_of("shape-mismatch")
    wide, narrow = draw(view, 160), draw(view, 60)  # one object, no width passed in
    assert max(len(line) for line in wide.splitlines()) > 100
    assert max(len(line) for line in narrow.splitlines()) <= 60


def test_the_exception_line_is_the_line_that_informs():
    graph = ["Graph execution error:", "", "Detected at node 'MatMul' defined at (most recent call last):"]
    graph += ['  File "x.py", line 3, in f', "Node: 'MatMul'", "Matrix size-incompatible: In[0]: [16,10]"]
    assert render.message_brief(graph) == [
        "Graph execution error:",
        "Matrix size-incompatible: In[0]: [16,10]",
    ]
    node = "{{function_node __wrapped__CheckNumericsV2_device_/job:localhost/device:CPU:0}} "
    assert render.message_brief([node, "", "!!! Detected Infinity or NaN in output 0 !!!", "  dtype: f"]) == [
        "!!! Detected Infinity or NaN in output 0 !!!"
    ]
    assert render.message_brief(["mat1 and mat2 shapes cannot be multiplied"]) == [
        "mat1 and mat2 shapes cannot be multiplied"
    ]


# --- every built-in scenario, as recorded (`debugdemo run --all --json`) ----------------

ALL = ASSETS / "recorded_all" / "default-modes.json"
ROOT = ASSETS.parent.parent


def _built_in_records() -> list[tuple[ScenarioResult, str]]:
    records = []
    for data in json.loads(ALL.read_text()):
        data["file"] = str(ROOT / data["file"])
        result = ScenarioResult.from_dict(data)
        records.append((result, load_scenario(Path(result.file)).explanation))
    return records


@pytest.mark.parametrize(("width", "most"), [(120, 45), (100, 50)])
def test_every_built_in_scenario_fits_one_screen_side_by_side(width, most):
    records = _built_in_records()
    assert len(records) >= 16
    for result, explanation in records:
        text = draw(RunView(result, explanation), width)
        assert len(text.splitlines()) <= most, f"{result.scenario}: {len(text.splitlines())} lines at {width}"
        tops = panel_tops(text)[1:]
        assert len(tops) == 2 and len({line for line, _ in tops}) == 1, result.scenario
        _verdict_is_last(text, result)


def test_every_built_in_scenario_stacks_readably_down_to_40_columns():
    for result, explanation in _built_in_records():
        for width in (40, 60, 80):
            text = draw(RunView(result, explanation), width)
            assert max(len(line) for line in text.splitlines()) <= width
            _verdict_is_last(text, result)
