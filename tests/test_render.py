"""Rendering recorded runs: golden files at fixed widths, and text that stays literal.

Regenerate the goldens after an intended change with:

    UPDATE_GOLDENS=1 python -m pytest tests/test_render.py

and read the diff before committing it.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rich.console import Console

from debugdemo import render
from debugdemo.records import ExceptionInfo, RunResult, RunStatus, ScenarioResult
from debugdemo.scenario import load_scenario

from .conftest import ASSETS

GOLDENS = Path(__file__).resolve().parent / "goldens"
RECORDS = ASSETS / "records"


def load_record(name: str) -> ScenarioResult:
    data = json.loads((RECORDS / f"{name}.json").read_text())
    data["file"] = str(ASSETS / data["file"])
    return ScenarioResult.from_dict(data)


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


@pytest.mark.parametrize("name", RECORDED)
@pytest.mark.parametrize(("width", "full"), [(160, False), (80, False), (120, True)])
def test_scenario_view_matches_golden(name, width, full):
    result = load_record(name)
    explanation = load_scenario(Path(result.file)).explanation
    text = draw(render.scenario_view(result, width, explanation, full), width)
    check_golden(f"{name}-{width}{'-full' if full else ''}.txt", text)


def test_columns_sit_side_by_side_when_wide_and_stack_when_narrow():
    result = load_record("zero-division")
    wide = draw(render.scenario_view(result, 160), 160)
    narrow = draw(render.scenario_view(result, 80), 80)
    assert any("torch-eager" in line and "tf1-graph" in line for line in wide.splitlines())
    assert not any("torch-eager ·" in line and "tf1-graph ·" in line for line in narrow.splitlines())
    assert max(len(line) for line in narrow.splitlines()) <= 80


def test_verdict_lines_come_from_the_record():
    result = load_record("zero-division")
    eager, graph = result.runs
    assert render.verdict(eager).plain == f"✔ points at the bug (line {eager.surfaced_at.line})"
    src = render.read_source(result.file)
    assert render.verdict(graph, src).plain == (
        f"✘ surfaced at line {graph.surfaced_at.line} (return sum(values) / count), "
        f"bug at line {graph.bug_lines[0]}"
    )


def test_text_from_a_run_is_never_markup():
    hostile = "[bold red]not bold[/] [link=https://example.com]x[/link] <b>html</b>"
    run = RunResult(
        "torch-eager",
        RunStatus.RAISED,
        exception=ExceptionInfo("ValueError", "ValueError", hostile),
        stdout="[italic]printed[/italic]\n",
    )
    result = ScenarioResult("hostile", "/nonexistent.py", "[blink]title[/blink]", [run])
    text = draw(render.scenario_view(result, 100, "[red]explanation[/red]"), 100)
    for fragment in (hostile, "[italic]printed[/italic]", "[blink]title[/blink]", "[red]explanation[/red]"):
        assert fragment in text


def test_piped_output_has_no_ansi_codes():
    result = load_record("zero-division")
    console = Console(file=io.StringIO(), width=100)  # not a terminal: what a pipe gets
    console.print(render.scenario_view(result, 100))
    assert "\x1b[" not in console.file.getvalue()


def test_a_silent_run_marks_only_the_bug_line():
    result = load_record("zero-division")
    run = RunResult("tf1-graph", RunStatus.RETURNED, bug_lines=[28], returned="0.0")
    excerpt = render.source_excerpt(run, render.read_source(result.file)).plain
    assert "28 ✗" in excerpt
    assert excerpt.splitlines()[-1] == "✗ # BUG"
    assert render.verdict(run).plain == "no error at all; bug at line 28"


def test_a_refusal_repeated_across_symbolic_locals_is_written_once():
    tf1 = load_record("shape-mismatch").runs[1]
    text = draw(render.breakpoints_view(tf1), 200)
    errors = [s.value_error for s in tf1.breakpoints[0].locals.values() if s.value_error]
    assert len(errors) > len(set(errors))  # the record repeats them…
    for error in set(errors):
        assert text.count(error) == 1  # …the view says each once
    assert text.count("no value: as above") == len(errors) - len(set(errors))
