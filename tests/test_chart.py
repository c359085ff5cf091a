"""The scoreboard's totals as bars (terminal) and as a chart (SVG, HTML), on recorded runs."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from debugdemo import export
from debugdemo.records import ScenarioResult
from debugdemo.scoreboard import Scoreboard
from debugdemo.views.chart import TITLE, ScoreChart, bar_text, chart_svg, measures
from debugdemo.views.report import ReportView

from .records_factory import raised, sample, scenario

RECORDS = Path(__file__).parent / "assets" / "records"
BAR_CHARS = set("█▏▎▍▌▋▊▉░")


def recorded_runs(names: tuple[str, ...] = ("shape-mismatch", "zero-division")) -> list[ScenarioResult]:
    """Recorded runs of one set of modes (a scoreboard compares the same modes throughout)."""
    return [ScenarioResult.from_dict(json.loads((RECORDS / f"{n}.json").read_text())) for n in names]


def counted_from_records(results: list[ScenarioResult]) -> dict[tuple[str, str], tuple[int, int]]:
    """The five measures counted straight from the records, without the scoreboard."""
    counts: dict[tuple[str, str], tuple[int, int]] = {}

    def add(measure: str, mode: str, value: int, of: int) -> None:
        old = counts.get((measure, mode), (0, 0))
        counts[measure, mode] = (old[0] + value, old[1] + of)

    for result in results:
        # like with like: only scenarios where every mode has its bug and raises (at it, idiomatically)
        paired = all(
            r.status.value == "raised" and r.bug_lines and r.bug_reached is not False and not r.constructed
            for r in result.runs
        )
        for run in result.runs:
            was_raised = run.status.value == "raised"
            add("points at the bug", run.mode, int(paired and run.points_at_bug is True), int(paired))
            add("silent bugs", run.mode, int(run.status.value == "returned" and bool(run.bug_lines)), 1)
            if was_raised:
                add("caught while building the graph", run.mode, int(run.phase == "build"), 1)
                add("frames yours / total", run.mode, len(run.user_frames), run.frames_total)
            else:
                add("frames yours / total", run.mode, 0, 0)
            seen = run.breakpoint_values is not None
            add(
                "concrete values at the breakpoint",
                run.mode,
                int(run.breakpoint_values == "concrete"),
                int(seen),
            )
    return counts


def drawn(board: Scoreboard, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(ScoreChart(board))
    return console.file.getvalue().splitlines()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "results",
    [recorded_runs(), recorded_runs(("print-debugging",)), sample()],
    ids=["recorded", "recorded-5-modes", "sample"],
)
def test_chart_numbers_are_the_scoreboard_totals(results):
    board = Scoreboard.of(results)
    counted = counted_from_records(results)
    found = measures(board)
    if not board.paired_rows:  # no scenario where every mode raises its bug: no like-with-like bars
        assert found[0].name == "silent bugs" and "no such scenario" in board.total_lines()[0]
    else:
        assert [m.name for m in found][:2] == ["points at the bug", "silent bugs"]
    for measure in found:
        for bar in measure.bars:
            assert (bar.value, bar.of) == counted[measure.name, bar.mode], (measure.name, bar.mode)
    if not board.paired_rows:
        return
    # the same numbers as the scoreboard's own headline
    points = ", ".join(f"{b.mode} {b.value} of {b.of}" for b in found[0].bars)
    assert board.total_lines()[0] == f"points at the bug where every mode raises its bug: {points}"


def test_recorded_runs_give_the_expected_bars():
    board = Scoreboard.of(recorded_runs())
    by_name = {m.name: {b.mode: (b.value, b.of) for b in m.bars} for m in measures(board)}
    totals = {t.mode: t for t in board.totals}
    tf1 = totals["tf1-graph"]
    paired, pointing = len(board.paired_rows), board.paired_points_at_bug()
    assert paired == 2  # both recorded scenarios raise their bug in both modes
    assert by_name["points at the bug"] == {
        "torch-eager": (pointing["torch-eager"], paired),
        "tf1-graph": (pointing["tf1-graph"], paired),
    }
    assert by_name["frames yours / total"]["tf1-graph"] == (tf1.frames_yours, tf1.frames_total)
    assert "torch-eager" not in by_name["caught while building the graph"]  # no graph build in eager
    assert by_name["caught while building the graph"]["tf1-graph"] == (tf1.build_phase, tf1.raised)


@pytest.mark.parametrize("results", [recorded_runs(), sample()], ids=["recorded", "sample"])
def test_terminal_bars_show_each_figure_beside_its_mode(results):
    board = Scoreboard.of(results)
    lines = drawn(board, 100)
    assert lines[0] == TITLE
    for measure in measures(board):
        for bar in measure.bars:
            figure = re.escape(measure.figure(bar))
            assert any(re.fullmatch(rf"{bar.mode} +[{''.join(BAR_CHARS)}]+ +{figure}", x) for x in lines)


def test_a_bar_is_as_long_as_its_fraction_in_eighths_of_a_cell():
    assert bar_text(0.5, 10) == ("█████", "░░░░░")
    assert bar_text(1 / 3, 10) == ("███▍", "░░░░░░")
    assert bar_text(0, 4) == ("", "░░░░") and bar_text(1, 4) == ("████", "")


def words_of(board: Scoreboard) -> set[str]:
    """Every word the chart may show: a token outside this set is a word broken in two."""
    words = set(TITLE.split())
    for measure in measures(board):
        words |= set(measure.name.split()) | set(f"({measure.out_of})".split())
        for bar in measure.bars:
            words |= {bar.mode, *measure.figure(bar).split()}
    return words


@pytest.mark.parametrize("width", [40, 50, 60, 80, 100, 120, 160])
def test_bars_fit_every_width_without_breaking_a_word(width):
    long_modes = scenario(
        "compiled",
        raised("torch-compile", "TorchRuntimeError", points=False, yours=12, framework=345),
        raised("tf-function", "InvalidArgumentError", yours=1, framework=99),
    )
    for results in (recorded_runs(), sample(), [long_modes]):
        board = Scoreboard.of(results)
        lines = drawn(board, width)
        assert max(len(line) for line in lines) <= width
        allowed = words_of(board)
        for token in (t for line in lines for t in line.split()):
            assert token in allowed or set(token) <= BAR_CHARS, (width, token)


def test_very_narrow_puts_the_mode_above_its_bar():
    board = Scoreboard.of([scenario("c", raised("torch-compile", "E", yours=12, framework=345))])
    lines = drawn(board, 24)
    assert max(len(line) for line in lines) <= 24
    frames = next(i for i, line in enumerate(lines) if line.endswith(" / 357"))
    assert lines[frames - 1] == "torch-compile"
    assert set(lines[frames].split()[0]) <= BAR_CHARS and lines[frames].split()[1:] == ["12", "/", "357"]


# --- the chart in the pictures --------------------------------------------------------


def chart_figures(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'text-anchor="end">([^<]*)</text>', svg)]


def test_svg_chart_draws_a_bar_per_mode_and_measure_at_its_fraction():
    board = Scoreboard.of(recorded_runs())
    svg = chart_svg(board)
    found = measures(board)
    assert chart_figures(svg) == [m.figure(b) for m in found for b in m.bars]
    tracks = re.findall(
        r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="18.0" rx="3" fill="#3c3c3c"/>', svg
    )
    track = float(tracks[0])
    assert len(tracks) == sum(len(m.bars) for m in found)
    fills = [
        float(w) for w in re.findall(r'width="([\d.]+)" height="18.0" rx="3" fill="#(?:8bc34a|e06c75)"', svg)
    ]
    assert fills == pytest.approx([track * b.fraction for m in found for b in m.bars if b.value], abs=0.1)
    assert "<script" not in svg and 'xml:space="preserve"' in svg


def test_report_exports_draw_the_chart_under_the_scoreboard(tmp_path):
    results = recorded_runs()
    board = Scoreboard.of(results)
    view = ReportView(board)
    expected = [m.figure(b) for m in measures(board) for b in m.bars]

    svg_path, html_path, txt_path = (tmp_path / f"r.{s}" for s in ("svg", "html", "txt"))
    for path in (svg_path, html_path, txt_path):
        export.export_report(path, board, results, view, 120, "debugdemo report --modes all")
    svg = svg_path.read_text()
    assert svg.startswith("<svg") and svg.count("<svg") == 3  # the window and the chart, stacked
    assert chart_figures(svg) == expected
    assert re.findall(r"https?://[^\s\"'<>]+", svg) == ["http://www.w3.org/2000/svg"] * 3

    page = html_path.read_text()
    assert chart_figures(page) == expected
    assert page.index("</pre>") < page.index('<svg class="debugdemo-chart"') < page.index("</body>")
    assert re.findall(r"https?://", page) == []  # inline SVG in HTML needs no namespace

    text = txt_path.read_text()
    assert TITLE in text and "scoreboard:" in text
    for measure in measures(board):
        for bar in measure.bars:
            assert re.search(rf"^{bar.mode} +[^ ]+ +{re.escape(measure.figure(bar))}$", text, flags=re.M)
