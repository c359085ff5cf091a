"""Scoreboard rows and totals, computed from recorded run records (no frameworks)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from debugdemo.records import FAILED_BEFORE_BUG, Phase, RunStatus, ValueKind
from debugdemo.scoreboard import Scoreboard
from debugdemo.views.report import ReportView

from .records_factory import HOSTILE, raised, returned, sample, scenario


def test_rows_reduce_each_run_to_its_measures():
    board = Scoreboard.of(sample())
    assert board.modes == ("torch-eager", "tf1-graph")
    assert [row.scenario for row in board.rows] == ["shape-mismatch", "nan-loss", "hostile"]
    shape_torch, shape_tf1 = board.rows[0].cells
    assert (shape_torch.outcome, shape_torch.points_at_bug, shape_torch.phase) == ("RuntimeError", True, None)
    assert (shape_torch.frames_yours, shape_torch.frames_total) == (2, 3)  # debugdemo's frame not counted
    assert shape_torch.breakpoint_values is ValueKind.CONCRETE
    assert (shape_tf1.outcome, shape_tf1.points_at_bug, shape_tf1.phase) == (
        "InvalidArgumentError",
        False,
        Phase.RUN,
    )
    assert (shape_tf1.frames_yours, shape_tf1.frames_total) == (1, 10)
    assert shape_tf1.breakpoint_values is ValueKind.SYMBOLIC
    nan_torch = board.rows[1].cells[0]
    assert (nan_torch.outcome, nan_torch.message, nan_torch.points_at_bug) == ("silent", "tensor(nan)", None)
    assert nan_torch.frames_total is None
    hostile_torch, hostile_tf1 = board.rows[2].cells
    assert hostile_torch.message == HOSTILE + " second line"  # every line that says something
    assert (hostile_tf1.outcome, hostile_tf1.status) == ("timeout", RunStatus.TIMEOUT)


def test_totals_count_the_live_records():
    torch, tf1 = Scoreboard.of(sample()).totals
    assert (torch.defined, torch.raised, torch.points_at_bug, torch.silent, torch.no_result) == (
        3,
        2,
        1,
        1,
        0,
    )
    assert (torch.frames_yours, torch.frames_total, torch.concrete, torch.with_values) == (3, 4, 2, 2)
    assert (tf1.defined, tf1.raised, tf1.points_at_bug, tf1.silent, tf1.no_result) == (3, 2, 1, 0, 1)
    assert (tf1.build_phase, tf1.run_phase, tf1.frames_yours, tf1.frames_total) == (1, 1, 4, 15)
    assert (tf1.concrete, tf1.symbolic, tf1.with_values) == (0, 1, 1)


def test_total_lines_read_as_sentences():
    assert Scoreboard.of(sample()).total_lines() == [
        # Only shape-mismatch has the bug raised in both modes: nan-loss is silent in torch.
        "points at the bug where every mode raises its bug: torch-eager 1 of 1, tf1-graph 0 of 1",
        "silent bug (returned normally): torch-eager 1 of 3, tf1-graph 0 of 3",
        "caught while building the graph: tf1-graph 1 of 2 raised",
        "frames yours / total, chained tracebacks included: torch-eager 3 / 4, tf1-graph 4 / 15",
        "breakpoint sees concrete values: torch-eager 2 of 2, tf1-graph 0 of 1",
        "no result: tf1-graph 1",
    ]


def test_a_mode_no_scenario_defines_is_named_not_counted():
    results = [
        scenario(
            "only-torch",
            raised("torch-eager", "RuntimeError"),
            {"mode": "tf2-eager", "status": "undefined", "detail": "not defined in this scenario"},
        )
    ]
    lines = Scoreboard.of(results).total_lines()
    assert lines[0] == "points at the bug where every mode raises its bug: torch-eager 1 of 1"
    assert "tf2-eager" not in " ".join(lines[:-1])
    assert lines[-1] == "not defined in any scenario: tf2-eager"
    assert not any("graph" in line for line in lines)  # no phases were recorded


def test_results_with_different_modes_are_refused():
    results = [
        scenario("a", raised("torch-eager", "E"), returned("tf1-graph")),
        scenario("b", returned("tf1-graph"), raised("torch-eager", "E")),
    ]
    with pytest.raises(ValueError, match="differ"):
        Scoreboard.of(results)


def draw(board: Scoreboard, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(ReportView(board))
    return console.file.getvalue()


def test_wide_terminal_shows_a_row_per_scenario():
    board = Scoreboard.of(sample())
    text = draw(board, 200)
    [shape] = [line for line in text.splitlines() if line.startswith("shape-mismatch")]
    assert shape.split() == [
        "shape-mismatch",
        "✔", "RuntimeError", "✔", "yes", "—", "2", "/", "3", "concrete",
        "✘", "InvalidArgumentError", "✘", "no", "run", "1", "/", "10", "symbolic",
    ]  # fmt: skip
    assert "torch-eager" in text.splitlines()[1] and "tf1-graph" in text.splitlines()[1]
    for line in board.total_lines():
        assert line in text


def test_narrow_terminal_shows_a_block_per_scenario_with_a_line_per_mode():
    board = Scoreboard.of(sample())
    text = draw(board, 100)
    assert max(len(line) for line in text.splitlines()) <= 100
    lines = text.splitlines()
    assert lines[1].split() == ["mode", "outcome", "at", "bug", "phase", "frames", "values"]
    [first] = [i for i, line in enumerate(lines) if line.startswith("shape-mismatch")]
    assert lines[first + 1].split() == [
        "torch-eager",
        "✔",
        "RuntimeError",
        "✔",
        "yes",
        "—",
        "2",
        "/",
        "3",
        "concrete",
    ]
    assert lines[first + 2].split()[:4] == ["tf1-graph", "✘", "InvalidArgumentError", "✘"]
    # the columns of every block line up under the one header
    assert lines[first + 1].index("✔ yes") == lines[1].index("at bug") == lines[first + 2].index("✘ no")
    assert "points at the bug where every mode raises its bug: torch-eager 1 of 1, tf1-graph 0 of 1" in text


def test_the_narrowest_terminal_gets_a_list_that_keeps_every_reading():
    board = Scoreboard.of(sample())
    text = draw(board, 40)
    assert max(len(line) for line in text.splitlines()) <= 40
    assert "  tf1-graph ✘ InvalidArgumentError" in text
    assert "    at bug ✘ no   phase run" in text and "frames 1 / 10" in text


def test_run_text_is_never_markup_in_the_scoreboard():
    results = [scenario("[bold]x[/bold]", raised("torch-eager", "[red]Err[/red]"), returned("tf1-graph"))]
    text = draw(Scoreboard.of(results), 200)
    assert "[bold]x[/bold]" in text
    assert "[red]Err[/red]" in text


def test_a_mode_without_a_bug_marker_that_returns_works_rather_than_hides_a_bug():
    works = dict(returned("torch-eager", value="0.25"), bug_lines=[])
    board = Scoreboard.of(
        [scenario("uninitialized-variable", works, raised("tf1-graph", "FailedPreconditionError"))]
    )
    [cell, _] = board.rows[0].cells
    assert cell.outcome == "works"
    torch_totals = board.totals[0]
    assert (torch_totals.silent, torch_totals.works) == (0, 1)
    assert "works as written (no # BUG in that mode): torch-eager 1 of 1" in board.total_lines()


def _works(mode: str) -> dict[str, object]:
    return {"mode": mode, "status": "returned", "returned": "0.5", "bug_lines": []}


def test_the_headline_pairs_like_with_like_and_counts_one_sided_bugs_apart():
    typo = raised("torch-eager", "AttributeError", points=False, line=8)
    typo["bug_reached"] = False
    constructed = raised("torch-eager", "TypeError")
    constructed["constructed"] = "a plain function stands in for nn.Module"
    results = [
        scenario(
            "both-1", raised("torch-eager", "RuntimeError"), raised("tf1-graph", "InvalidArgumentError")
        ),
        scenario(
            "both-2",
            raised("torch-eager", "RuntimeError"),
            raised("tf1-graph", "InvalidArgumentError", points=False, line=12),
        ),
        scenario("graph-only-1", _works("torch-eager"), raised("tf1-graph", "ValueError")),
        scenario(
            "graph-only-2", _works("torch-eager"), raised("tf1-graph", "TypeError", points=False, line=3)
        ),
        scenario("typo", typo, raised("tf1-graph", "ValueError")),
        scenario("constructed", constructed, raised("tf1-graph", "ValueError")),
    ]
    board = Scoreboard.of(results)
    assert [row.scenario for row in board.paired_rows] == ["both-1", "both-2"]
    assert board.paired_points_at_bug() == {"torch-eager": 2, "tf1-graph": 1}
    lines = board.total_lines()
    assert (
        lines[0] == "points at the bug where every mode raises its bug: torch-eager 2 of 2, tf1-graph 1 of 2"
    )
    assert lines[1] == (
        "bug only in tf1-graph (the others work as written): graph-only-1, graph-only-2; "
        "2 of 2 raised, 1 at the bug"
    )
    assert FAILED_BEFORE_BUG + ": typo (torch-eager)" in lines
    assert "constructed for a teaching contrast, not idiomatic code: constructed (torch-eager)" in lines
    data = board.to_dict()
    assert data["paired"] == {
        "scenarios": ["both-1", "both-2"],
        "points_at_bug": {"torch-eager": 2, "tf1-graph": 1},
    }
    assert data["only_in"] == {"graph-only-1": ["tf1-graph"], "graph-only-2": ["tf1-graph"]}
    assert data["failed_before_bug"] == {"typo": ["torch-eager"]}
    assert data["constructed"] == {"constructed": {"torch-eager": "a plain function stands in for nn.Module"}}
    # The unpaired totals stay in the JSON, under their old keys.
    assert [t["raised"] for t in data["totals"]] == [4, 6]
