"""Every export format, checked against the records it was made from, hostile text included."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from debugdemo import export
from debugdemo.errors import DebugDemoError, ExitCode
from debugdemo.records import ScenarioResult
from debugdemo.scoreboard import Scoreboard
from debugdemo.views.report import ReportView
from debugdemo.views.run import RunView

from .records_factory import sample

WIDTH = 120


def run_views(results: list[ScenarioResult], width: int = WIDTH) -> list:
    return [RunView(r) for r in results]


def write_run(tmp_path: Path, suffix: str, results: list[ScenarioResult] | None = None) -> str:
    results = sample() if results is None else results
    path = tmp_path / f"out.{suffix}"
    export.export_run(path, results, run_views(results), WIDTH, "debugdemo run <all>")
    return path.read_text(encoding="utf-8")


def write_report(tmp_path: Path, suffix: str) -> tuple[str, Scoreboard]:
    results = sample()
    board = Scoreboard.of(results)
    path = tmp_path / f"report.{suffix}"
    export.export_report(path, board, results, ReportView(board), WIDTH, "debugdemo report")
    return path.read_text(encoding="utf-8"), board


def svg_text(svg: str) -> str:
    """The characters an SVG shows, line by line (rich writes one <text> per styled run)."""
    runs = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(runs)).replace("\xa0", " ")


def html_text(page: str) -> str:
    body = re.search(r"<pre[^>]*>(.*)</pre>", page, flags=re.S)
    assert body
    return html.unescape(re.sub(r"<[^>]+>", "", body.group(1)))


# --- choosing and checking the file ---------------------------------------------------


@pytest.mark.parametrize("name", ["x.svg", "x.HTML", "x.md", "x.json", "x.txt"])
def test_supported_extensions(tmp_path, name):
    assert export.export_format(tmp_path / name).value == name.split(".")[1].lower()


@pytest.mark.parametrize("name", ["x.pdf", "x", "x.svg.bak"])
def test_unknown_extension_is_a_usage_error_listing_the_formats(tmp_path, name):
    with pytest.raises(DebugDemoError) as caught:
        export.export_format(tmp_path / name)
    assert caught.value.exit_code is ExitCode.USAGE
    assert "Supported: .svg, .html, .md, .json, .txt." in str(caught.value)


def test_a_missing_folder_or_a_folder_as_target_is_refused(tmp_path):
    with pytest.raises(DebugDemoError, match="does not exist"):
        export.export_format(tmp_path / "nowhere" / "x.svg")
    (tmp_path / "dir.svg").mkdir()
    with pytest.raises(DebugDemoError, match="is a folder"):
        export.export_format(tmp_path / "dir.svg")


def test_an_existing_file_is_replaced(tmp_path):
    (tmp_path / "out.md").write_text("old notes\n")
    text = write_run(tmp_path, "md")
    assert "old notes" not in text and "shape-mismatch" in text


def test_export_width_comes_from_the_terminal_or_columns():
    pipe = Console(file=io.StringIO(), width=80)
    assert export.export_width(pipe, {}) == export.DEFAULT_WIDTH
    assert export.export_width(pipe, {"COLUMNS": "150"}) == 150
    assert export.export_width(pipe, {"COLUMNS": "wide"}) == export.DEFAULT_WIDTH
    terminal = Console(file=io.StringIO(), width=93, force_terminal=True)
    assert export.export_width(terminal, {"COLUMNS": "150"}) == 93


# --- run ------------------------------------------------------------------------------


def test_run_json_is_the_records(tmp_path):
    results = sample()
    data = json.loads(write_run(tmp_path, "json", results))
    assert data == [r.to_dict() for r in results]
    assert [ScenarioResult.from_dict(d) for d in data] == results
    single = json.loads(write_run(tmp_path, "json", results[:1]))
    assert single == results[0].to_dict()  # one scenario: an object, as `run --json` prints


def test_run_svg_shows_the_terminal_view_and_escapes_run_text(tmp_path):
    svg = write_run(tmp_path, "svg")
    assert "<script" not in svg and "javascript:alert(2)" not in re.sub(r"<text[^>]*>.*?</text>", "", svg)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "debugdemo&#160;run&#160;&lt;all&gt;" in svg  # the window title
    shown = svg_text(svg)
    assert "debugdemo run <all>" in shown  # the title, unescaped
    for fragment in ("shape-mismatch", "nan-loss", "hostile", "RuntimeError", "InvalidArgumentError"):
        assert fragment in shown
    assert "✔ points at the bug" in shown and "✘ surfaced at" in shown
    assert "<script>alert(1)</script>" in shown and "[bold]loud[/bold]" in shown  # text, not markup
    assert "<b>bold title</b> | [red]red[/red]" in shown


def test_run_html_escapes_run_text(tmp_path):
    page = write_run(tmp_path, "html")
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    shown = html_text(page)
    assert "<script>alert(1)</script> [bold]loud[/bold]" in shown
    assert "returned normally — silent bug" in shown and "tensor(nan)" in shown
    assert "TIMEOUT" in shown


def test_run_text_is_plain_and_literal(tmp_path):
    text = write_run(tmp_path, "txt")
    assert "\x1b[" not in text
    assert "<script>alert(1)</script> [bold]loud[/bold]" in text
    assert "ValueError" in text and "shape-mismatch — A bug" in text
    # the same renderables the terminal shows, at the export width
    assert max(len(line) for line in text.splitlines()) <= WIDTH


def md_cells(line: str) -> list[str]:
    """Split a Markdown table row on unescaped pipes."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]


def test_run_markdown_tables_follow_the_records(tmp_path):
    text = write_run(tmp_path, "md")
    assert text.count("\n## ") + text.startswith("## ") == 3
    assert "## shape-mismatch — A bug" in text
    rows = {md_cells(line)[0]: md_cells(line)[1:] for line in text.splitlines() if line.startswith("| ")}
    # the last scenario's table wins in this dict: "hostile"
    assert rows["measure"] == ["torch-eager", "tf1-graph"]
    assert rows["outcome"] == ["✘ ValueError", "⊘ timeout"]
    assert rows["points at the bug"] == ["no: line 12, bug at 10", "—"]
    assert rows["frames yours / total"] == ["1 / 1", "—"]
    escaped = (
        "&lt;script&gt;alert(1)&lt;/script&gt; \\[bold\\]loud\\[/bold\\] a\\|b \\`tick\\` "
        "\\[x\\](javascript:alert(2)) &amp; \\*em\\*"
    )
    # torch's message (both its lines), tf1's timeout detail
    assert rows["message"] == [escaped + " second line", escaped]
    assert "<" not in text
    assert "## hostile — &lt;b&gt;bold title&lt;/b&gt; \\| \\[red\\]red\\[/red\\]" in text


def test_markdown_rows_have_as_many_cells_as_the_header(tmp_path):
    text = write_run(tmp_path, "md") + write_report(tmp_path, "md")[0]
    for table in re.findall(r"(?:^\|.*\n)+", text, flags=re.M):
        widths = {len(md_cells(line)) for line in table.splitlines() if not line.startswith("|---")}
        assert len(widths) == 1, table


# --- report ---------------------------------------------------------------------------


def test_report_markdown_has_a_row_per_scenario_and_the_totals(tmp_path):
    text, board = write_report(tmp_path, "md")
    table = [md_cells(line) for line in text.splitlines() if line.startswith("| ")]
    assert table[0][:2] == ["scenario", "torch-eager"] and table[0][6] == "tf1-graph"
    assert [row[0] for row in table[1:]] == ["shape-mismatch", "nan-loss", "hostile"]
    assert table[1] == [
        "shape-mismatch",
        "✔ RuntimeError", "✔ yes", "—", "2 / 3", "concrete",
        "✘ InvalidArgumentError", "✘ no", "run", "1 / 10", "symbolic",
    ]  # fmt: skip
    assert table[2][1] == "⚠ silent" and table[3][6] == "⊘ timeout"
    bullets = [line[2:] for line in text.splitlines() if line.startswith("- ")]
    assert bullets == [export.md_escape(line) for line in board.total_lines()]
    assert "- points at the bug where every mode raises its bug: torch-eager 1 of 1, tf1-graph 0 of 1" in text


def test_report_json_is_the_records_and_their_totals(tmp_path):
    text, board = write_report(tmp_path, "json")
    data = json.loads(text)
    assert [ScenarioResult.from_dict(d) for d in data["results"]] == sample()
    assert data["modes"] == ["torch-eager", "tf1-graph"]
    assert data["total_lines"] == board.total_lines()
    torch = data["totals"][0]
    assert (torch["mode"], torch["raised"], torch["points_at_bug"], torch["silent"]) == (
        "torch-eager",
        2,
        1,
        1,
    )


@pytest.mark.parametrize("suffix", ["svg", "html", "txt"])
def test_report_pictures_show_the_scoreboard_and_totals(tmp_path, suffix):
    text, board = write_report(tmp_path, suffix)
    shown = {"svg": svg_text, "html": html_text, "txt": lambda t: t}[suffix](text)
    for name in ("shape-mismatch", "nan-loss", "hostile", "InvalidArgumentError", "timeout", "silent"):
        assert name in shown
    for line in board.total_lines():
        assert line in shown
    assert "scoreboard: 3 scenarios × 2 modes" in shown


# --- pictures that work offline and in every renderer ---------------------------------

URL = re.compile(r"https?://[^\s\"'<>)]+")


def test_svg_keeps_its_spaces_and_loads_nothing_from_the_network(tmp_path):
    for svg in (write_run(tmp_path, "svg"), write_report(tmp_path, "svg")[0]):
        root = re.search(r"<svg\b[^>]*>", svg)
        assert root and 'xml:space="preserve"' in root.group()  # librsvg keeps indentation
        # the one http string is the SVG namespace, a name that nothing fetches
        assert set(URL.findall(svg)) == {"http://www.w3.org/2000/svg"}
        assert 'xmlns="http://www.w3.org/2000/svg"' in root.group()
        assert "@font-face" not in svg and "url(http" not in svg and "Fira Code" not in svg
        assert "font-family: 'DejaVu Sans Mono', Menlo" in svg


def test_svg_text_runs_sit_on_a_monospace_grid_of_the_font_it_names(tmp_path):
    svg = write_run(tmp_path, "svg")
    size = float(re.search(r"font-size: ([\d.]+)px", svg).group(1))  # type: ignore[union-attr]
    xs = {float(x) for x in re.findall(r'<text class="[^"]*-r\d+" x="([\d.]+)"', svg)}
    cell = size * export.FONT_ASPECT_RATIO  # DejaVu Sans Mono's advance: runs meet, borders close
    assert all(abs(x - round(x / cell) * cell) <= 0.05 for x in xs) and len(xs) > 20  # 1 decimal


def test_html_has_a_title_and_no_network_url(tmp_path):
    page = write_run(tmp_path, "html")
    assert "<title>debugdemo run &lt;all&gt;</title>" in page
    assert URL.findall(page) == []
    assert "DejaVu Sans Mono" in page
