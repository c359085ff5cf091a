"""`run --slide`: a 16:9 picture of one scenario's verdict, legible on a 1080p slide."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from debugdemo.records import RunStatus, ScenarioResult
from debugdemo.scoreboard import Scoreboard
from debugdemo.views.chart import measures
from debugdemo.views.slide import MIN_FONT, scoreboard_slide_svg, slide_svg
from debugdemo.views.svg import FONT_ASPECT_RATIO

from .conftest import ASSET_SCENARIOS, line_of, run_cli
from .records_factory import HOSTILE, no_result, raised, returned, sample, scenario

RECORDS = Path(__file__).parent / "assets" / "records"
SVG = "{http://www.w3.org/2000/svg}"


def recorded(name: str) -> ScenarioResult:
    return ScenarioResult.from_dict(json.loads((RECORDS / f"{name}.json").read_text()))


def texts(svg: str) -> list[tuple[float, float, str]]:
    """(x, font size, text) of every <text>, parsed as XML (so the file is well-formed)."""
    root = ET.fromstring(svg)
    return [
        (float(t.get("x", 0)), float(t.get("font-size", 0)), t.text or "") for t in root.iter(f"{SVG}text")
    ]


def five_modes() -> ScenarioResult:
    return scenario(
        "five-modes",
        raised("torch-eager", "RuntimeError", message="mat1 and mat2 shapes", yours=2, values="concrete"),
        raised("tf1-graph", "InvalidArgumentError", message=HOSTILE, points=False, line=40, phase="run",
               framework=9, values="symbolic"),
        returned("tf2-eager", values="concrete"),
        raised("tf-function", "InvalidArgumentError", points=False, line=30, framework=30,
               message="x " * 300),
        no_result("torch-compile", "timeout"),
        title="A long title " * 12,
    )  # fmt: skip


SLIDES = {
    "shape-mismatch": lambda: recorded("shape-mismatch"),
    "zero-division": lambda: recorded("zero-division"),
    "hostile": lambda: sample()[2],
    "five-modes": five_modes,
}


@pytest.mark.parametrize("name", SLIDES)
def test_a_slide_is_16_by_9_and_every_letter_is_at_least_24_px(name):
    svg = slide_svg(SLIDES[name](), "debugdemo run x")
    root = ET.fromstring(svg)
    assert root.get("viewBox") == "0 0 1920 1080"
    assert (root.get("width"), root.get("height")) == ("1920", "1080")
    assert 1920 * 9 == 1080 * 16
    assert root.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    shown = texts(svg)
    assert shown and min(size for _, size, _ in shown) >= MIN_FONT == 24
    assert "font-size:" not in svg  # no CSS that could shrink a letter below the attribute
    for x, size, text in shown:  # nothing runs off the right edge
        assert x + len(text) * size * FONT_ASPECT_RATIO <= 1920 - 40, text
    assert re.findall(r"https?://[^\s\"'<>]+", svg) == ["http://www.w3.org/2000/svg"]


def test_the_slide_says_what_the_recorded_runs_did():
    result = recorded("shape-mismatch")
    lines = [t for _, _, t in texts(slide_svg(result, "debugdemo run shape-mismatch"))]
    joined = " ".join(lines)  # a row wrapped at a space reads the same
    assert lines[0] == f"{result.scenario} — {result.title}"
    assert lines[-1] == "debugdemo run shape-mismatch"
    for run in result.runs:
        assert run.exception and run.surfaced_at
        assert any(line.startswith(run.mode + " · ") for line in lines)
        assert run.exception.type in lines
        surfaced = run.surfaced_at.line
        if run.points_at_bug:
            assert f"✔ points at the bug (line {surfaced})" in lines
            assert f"line {surfaced} · surfaced here & # BUG" in lines
        else:
            bugs = ", ".join(map(str, run.bug_lines))
            assert f"✘ surfaced at line {surfaced}, bug at line {bugs}" in lines
            assert f"line {surfaced} · surfaced here" in lines
        assert f"frames yours / total: {run.frames_yours} / {run.frames_total}" in lines
        code = next(f.code for f in run.user_frames if f.line == surfaced)
        assert code.split()[0] in joined  # the surfaced line itself, from the traceback
    tf1 = result.runs[1]
    assert "breakpoint(): 1 hit, concrete values" in joined and tf1.phase is not None
    assert f"phase: {tf1.phase.value}" in lines
    assert "breakpoint(): 1 hit, symbolic tensors, no values" in joined
    # TensorFlow's heading line is skipped for the line that names the mismatch
    assert any(line.startswith("Matrix size-incompatible") for line in lines)
    assert "Graph execution error:" not in lines


def test_run_text_is_escaped_and_shown_literally():
    svg = slide_svg(sample()[2], "debugdemo run hostile")
    assert "<script" not in svg and "<b>" not in svg
    lines = [t for _, _, t in texts(svg)]
    assert lines[0].startswith("hostile — <b>bold title</b> | [red]red[/red]")
    assert "<script>alert(1)</script> [bold]loud[/bold]" in " ".join(lines)
    assert "timeout" in lines


def test_a_full_panel_keeps_its_verdict_and_drops_details():
    result = five_modes()
    lines = [t for _, _, t in texts(slide_svg(result, "debugdemo run five-modes --modes all"))]
    assert lines[0].endswith("…") and len(lines[0]) < len(result.title)  # one line, cut, said so
    for run in result.runs:
        assert any(line.startswith(run.mode) for line in lines)
        if run.status is RunStatus.RAISED:
            assert f"frames yours / total: {run.frames_yours} / {run.frames_total}" in lines
    assert "returned normally — silent bug" in lines
    assert "no result after 1 s" in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a", "b", "--slide", "x.svg"], "--slide draws one scenario's verdict: name exactly one scenario."),
        (["--all", "--slide", "x.svg"], "--slide draws one scenario's verdict: name exactly one scenario."),
        (["a", "--slide", "x.png"], "Cannot draw a slide to x.png: a slide is an .svg file."),
        (["a", "--slide", "nowhere/x.svg"], "Cannot export to nowhere/x.svg: folder nowhere does not exist."),
        (["a", "--slide", "x.svg", "--export", "./x.svg"], "--slide and --export both name x.svg"),
    ],
)
def test_a_bad_slide_request_fails_before_anything_runs(args, message):
    proc = run_cli("run", *args, expect=2)
    assert message in " ".join(proc.stderr.split())
    assert "Traceback" not in proc.stderr


@pytest.mark.frameworks
def test_run_draws_the_slide_and_titles_pictures_with_the_command_typed(tmp_path):
    zero = ASSET_SCENARIOS / "zero_division.py"
    slide, picture = tmp_path / "talk.svg", tmp_path / "run.svg"
    args = ["run", str(zero), "--modes", "torch,tf1", "--slide", str(slide), "--export", str(picture)]
    proc = run_cli(*args, "--json")
    typed = f"debugdemo run {zero} --modes torch,tf1"  # output options are not part of the picture
    record = json.loads(proc.stdout)
    lines = [t for _, _, t in texts(slide.read_text())]
    assert lines[-1] == typed
    torch, tf1 = record["runs"]
    assert torch["points_at_bug"] is True
    assert f"✔ points at the bug (line {line_of(zero, 'return total / 0')})" in lines
    assert f"✘ surfaced at line {tf1['surfaced_at']['line']}, bug at line {tf1['bug_lines'][0]}" in lines
    words = " ".join(" ".join(lines).split())
    assert "count = 0 # BUG: the count should be len(values)" in words  # read from the file
    title = re.search(r'-title"[^>]*>([^<]*)</text>', picture.read_text())
    assert title and html.unescape(title.group(1)).replace("\xa0", " ") == typed
    assert f"Slide drawn to {slide}" in " ".join(proc.stderr.split())


# --- report --slide: the totals per mode ----------------------------------------------


def seven_modes() -> Scoreboard:
    modes = ["torch-eager", "tf1-graph", "tf2-eager", "tf-function", "torch-compile", "jax-eager", "jax-jit"]
    results = [
        scenario(
            f"s{i}",
            *[
                raised(m, "E", points=(i + j) % 2 == 0, phase="build" if j == 1 else None, framework=j,
                       values="concrete" if j % 2 else "symbolic")
                for j, m in enumerate(modes)
            ],
        )
        for i in range(16)
    ]  # fmt: skip
    return Scoreboard.of(results)


BOARDS = {
    "recorded": lambda: Scoreboard.of([recorded("shape-mismatch"), recorded("zero-division")]),
    "sample": lambda: Scoreboard.of(sample()),
    "seven-modes": seven_modes,
}


@pytest.mark.parametrize("name", BOARDS)
def test_the_scoreboard_slide_is_16_by_9_legible_and_shows_the_totals(name):
    board = BOARDS[name]()
    svg = scoreboard_slide_svg(board, "debugdemo report --modes all")
    root = ET.fromstring(svg)
    assert (root.get("viewBox"), root.get("width"), root.get("height")) == ("0 0 1920 1080", "1920", "1080")
    elements = list(root.iter(f"{SVG}text"))
    assert min(float(t.get("font-size", 0)) for t in elements) >= MIN_FONT
    for t in elements:  # everything on the slide, nothing past its edges
        x, size, text = float(t.get("x", 0)), float(t.get("font-size", 0)), t.text or ""
        width = len(text) * size * FONT_ASPECT_RATIO
        left = x - width if t.get("text-anchor") == "end" else x
        assert 0 <= left and left + width <= 1920 and size <= float(t.get("y", 0)) <= 1080, text
    figures = [t.text for t in elements if t.get("text-anchor") == "end"]
    assert figures == [m.figure(b) for m in measures(board) for b in m.bars]
    assert [t.text for t in elements][-1] == "debugdemo report --modes all"
    assert re.findall(r"https?://[^\s\"'<>]+", svg) == ["http://www.w3.org/2000/svg"]


def test_report_refuses_a_slide_that_is_not_svg_before_anything_runs():
    proc = run_cli("report", "--slide", "scores.png", expect=2)
    assert "Cannot draw a slide to scores.png: a slide is an .svg file." in " ".join(proc.stderr.split())
