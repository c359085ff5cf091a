"""`--export FILE`: the results of `run` or `report` as SVG, HTML, Markdown, JSON or text.

The format follows the file's extension. SVG, HTML and text are what the terminal shows,
recorded through rich (which escapes every character it writes); Markdown is built from the
records with everything that came from a run escaped; JSON is what `--json` prints.

Pictures work offline and in every renderer: no font or script is loaded from the network
(a local monospace font stack replaces rich's Fira Code from a CDN), and the SVG keeps its
spaces (`xml:space="preserve"`), which librsvg needs to keep code indentation and borders.
"""

from __future__ import annotations

import html
import io
import json
import os
from collections.abc import Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from rich.console import Console, RenderableType

from debugdemo import measures
from debugdemo.errors import DebugDemoError, ExitCode
from debugdemo.records import ScenarioResult
from debugdemo.scoreboard import Cell, Scoreboard
from debugdemo.views.chart import ScoreChart, chart_svg
from debugdemo.views.slide import scoreboard_slide_svg, slide_svg
from debugdemo.views.svg import FONT_ASPECT_RATIO, MONOSPACE, stacked, svg_size

DEFAULT_WIDTH = 120  # columns of a picture exported from a pipe: wide enough for two columns


class ExportFormat(str, Enum):
    SVG = "svg"
    HTML = "html"
    MARKDOWN = "md"
    JSON = "json"
    TEXT = "txt"

    @property
    def recorded(self) -> bool:
        """True for the formats that record the terminal view."""
        return self in (ExportFormat.SVG, ExportFormat.HTML, ExportFormat.TEXT)


SUPPORTED = ", ".join(f".{f.value}" for f in ExportFormat)


def export_format(path: Path) -> ExportFormat:
    """The format a file name asks for, after checking the file can be written.

    Raises DebugDemoError (exit 2) before anything runs, so a typo costs no framework start-up.
    """
    suffix = path.suffix.lower().removeprefix(".")
    try:
        fmt = ExportFormat(suffix)
    except ValueError:
        what = f"extension {path.suffix!r}" if path.suffix else "no extension"
        raise DebugDemoError(f"Cannot export to {path}: {what}. Supported: {SUPPORTED}.") from None
    if path.is_dir():
        raise DebugDemoError(f"Cannot export to {path}: it is a folder.")
    parent = path.parent
    if not parent.is_dir():
        raise DebugDemoError(f"Cannot export to {path}: folder {parent} does not exist.")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise DebugDemoError(f"Cannot export to {path}: permission denied.")
    return fmt


def export_width(console: Console, environ: Mapping[str, str] | None = None) -> int:
    """The terminal's width; from a pipe, COLUMNS or DEFAULT_WIDTH (not rich's 80)."""
    if console.is_terminal:
        return console.width
    columns = (os.environ if environ is None else environ).get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else DEFAULT_WIDTH


def slide_target(path: Path, export: Path | None = None) -> None:
    """Check a `--slide FILE` before anything runs: an .svg file that can be written, and not
    the `--export` file too. Raises DebugDemoError (exit 2).
    """
    if path.suffix.lower() != ".svg":
        raise DebugDemoError(f"Cannot draw a slide to {path}: a slide is an .svg file.")
    if export is not None and path.resolve() == export.resolve():
        raise DebugDemoError(f"--slide and --export both name {path}: give each its own file.")
    export_format(path)  # the folder exists and can be written


def export_slide(path: Path, result: ScenarioResult, title: str) -> None:
    """Write the 16:9 slide of one scenario's runs."""
    write(path, slide_svg(result, title))


def export_scoreboard_slide(path: Path, board: Scoreboard, title: str) -> None:
    """Write the 16:9 slide of the scoreboard's totals per mode."""
    write(path, scoreboard_slide_svg(board, title))


# --- the records ----------------------------------------------------------------------


def run_records(results: Sequence[ScenarioResult]) -> Any:
    """What `run --json` prints: one object per scenario, a list when there are several."""
    data = [r.to_dict() for r in results]
    return data[0] if len(data) == 1 else data


def report_records(board: Scoreboard, results: Sequence[ScenarioResult]) -> dict[str, Any]:
    """What `report --json` prints: the records and the totals computed from them."""
    return {**board.to_dict(), "results": [r.to_dict() for r in results]}


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- recorded terminal views ----------------------------------------------------------

# rich places each run of text at x = column × FONT_ASPECT_RATIO × font size. librsvg ignores
# the textLength that would stretch a run to its slot, so with rich's default ratio (0.61,
# wider than the fonts we name) every run ended short of the next and borders showed gaps.

# rich's CONSOLE_SVG_FORMAT with the same placeholders, minus the web font it loads from a
# CDN (and its URL comment), plus xml:space="preserve" so that every renderer keeps the
# runs of spaces that indent code and align borders. The xmlns is a name, never fetched.
SVG_FORMAT = """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" width="{width}" height="{height}" \
xmlns="http://www.w3.org/2000/svg" xml:space="preserve">
    <!-- Generated with Rich, by debugdemo -->
    <style>
    .{unique_id}-matrix {{
        font-family: MONOSPACE;
        font-size: {char_height}px;
        line-height: {line_height}px;
        font-variant-east-asian: full-width;
    }}
    .{unique_id}-title {{
        font-size: 18px;
        font-weight: bold;
        font-family: Arial, Helvetica, 'DejaVu Sans', sans-serif;
    }}
    {styles}
    </style>
    <defs>
    <clipPath id="{unique_id}-clip-terminal">
      <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
    </clipPath>
    {lines}
    </defs>
    {chrome}
    <g transform="translate({terminal_x}, {terminal_y})" clip-path="url(#{unique_id}-clip-terminal)">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
""".replace("MONOSPACE", MONOSPACE)

# rich's CONSOLE_HTML_FORMAT with a <title>; filled with the escaped title before rich fills
# it, hence the doubled braces.
HTML_FORMAT = """\
<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<title>{{title}}</title>
<style>
{stylesheet}
body {{
    color: {foreground};
    background-color: {background};
}}
</style>
</head>
<body>
    <pre style="font-family:MONOSPACE"><code style="font-family:inherit">{code}</code></pre>
</body>
</html>
""".replace("MONOSPACE", MONOSPACE)


def recorded(renderables: Sequence[RenderableType], fmt: ExportFormat, width: int, title: str) -> str:
    """Print to a recording console of `width` columns and export as SVG, HTML or text."""
    console = Console(
        record=True,
        file=io.StringIO(),
        width=width,
        force_terminal=True,
        color_system="truecolor",
        no_color=False,  # a picture keeps its colours even when NO_COLOR is set for the terminal
        legacy_windows=False,
        highlight=False,
        emoji=False,
    )
    for renderable in renderables:
        console.print(renderable)
    if fmt is ExportFormat.SVG:
        return console.export_svg(title=title, code_format=SVG_FORMAT, font_aspect_ratio=FONT_ASPECT_RATIO)
    if fmt is ExportFormat.HTML:
        safe_title = html.escape(title).replace("{", "{{").replace("}", "}}")
        return console.export_html(code_format=HTML_FORMAT.replace("{{title}}", safe_title))
    return console.export_text(styles=False)


# --- Markdown -------------------------------------------------------------------------

_MD_ESCAPES = [
    ("\\", "\\\\"),
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ("|", "\\|"),
    ("`", "\\`"),
    ("*", "\\*"),
    ("_", "\\_"),
    ("[", "\\["),
    ("]", "\\]"),
]


def md_escape(text: str) -> str:
    """Text that renders as itself in a Markdown table cell: no HTML, links, code or emphasis."""
    text = " ".join(text.split())  # a cell is one line
    for raw, escaped in _MD_ESCAPES:
        text = text.replace(raw, escaped)
    return text


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(md_escape(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def run_markdown(results: Sequence[ScenarioResult]) -> str:
    """A heading and a verdict table (measures × modes) per scenario, read from the vocabulary.

    The same measures, with the same words, as the terminal's verdict table; and the message.
    """
    parts = []
    for result in results:
        runs = result.runs
        cells = [Cell.of(run) for run in runs]
        rows = [[m.label, *(c.readings[m.key].text for c in cells)] for m in measures.verdict_measures(runs)]
        rows.insert(1, ["message", *(c.message or measures.NONE for c in cells)])
        heading = f"## {md_escape(result.scenario)} — {md_escape(result.title)}\n\n"
        parts.append(heading + md_table(["measure", *(run.mode for run in runs)], rows))
    return "\n".join(parts)


def report_markdown(board: Scoreboard) -> str:
    """The scoreboard as one table (a row per scenario) and the totals as a list."""
    header = ["scenario"]
    for mode in board.modes:
        header += [mode if i == 0 else m.short for i, m in enumerate(measures.SCOREBOARD)]
    rows = []
    for row in board.rows:
        line = [row.scenario]
        for cell in row.cells:
            line += [cell.readings[m.key].short for m in measures.SCOREBOARD]
        rows.append(line)
    modes = " × ".join(board.modes)
    title = f"## debugdemo scoreboard: {len(board.rows)} scenarios, {md_escape(modes)}\n\n"
    legend = f"{md_escape(measures.scoreboard_legend())}  \n{md_escape(measures.outcome_legend())}\n\n"
    totals = "".join(f"- {md_escape(line)}\n" for line in board.total_lines())
    return title + md_table(header, rows) + "\n" + legend + totals


# --- writing --------------------------------------------------------------------------


def write(path: Path, content: str) -> None:
    """Write the export, replacing an existing file of that name (it was named explicitly)."""
    try:
        path.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise DebugDemoError(f"Could not write {path}: {exc.strerror or exc}", ExitCode.FAILED) from None


def export_run(
    path: Path,
    results: Sequence[ScenarioResult],
    views: Sequence[RenderableType],
    width: int,
    title: str,
) -> None:
    """Write `run`'s results: `views` are the renderables the terminal shows, one per scenario."""
    fmt = export_format(path)
    if fmt.recorded:
        content = recorded(views, fmt, width, title)
    elif fmt is ExportFormat.MARKDOWN:
        content = run_markdown(results)
    else:
        content = to_json(run_records(results))
    write(path, content)


def export_report(
    path: Path,
    board: Scoreboard,
    results: Sequence[ScenarioResult],
    view: RenderableType,
    width: int,
    title: str,
) -> None:
    """Write `report`'s scoreboard: `view` is the scoreboard the terminal shows, without its bars.

    The text export draws the totals as the terminal does; SVG and HTML draw them as a chart.
    """
    fmt = export_format(path)
    if fmt is ExportFormat.SVG:
        picture = recorded([view], fmt, width, title)
        content = stacked([picture, chart_svg(board, width=svg_size(picture)[0])], gap=12)
    elif fmt is ExportFormat.HTML:
        page = recorded([view], fmt, width, title)
        chart = f'<figure style="margin:1em 0">\n{chart_svg(board, standalone=False)}\n</figure>\n'
        content = page.replace("</body>", chart + "</body>", 1)
    elif fmt is ExportFormat.TEXT:
        content = recorded([view, ScoreChart(board)], fmt, width, title)
    elif fmt is ExportFormat.MARKDOWN:
        content = report_markdown(board)
    else:
        content = to_json(report_records(board, results))
    write(path, content)
