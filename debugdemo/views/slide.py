"""`--slide FILE`: a 16:9 picture for a talk, of one scenario's verdict (`run`) or of the
scoreboard's totals (`report`).

1920 × 1080, every letter at least 24 px high, so it reads from the back of a room when shown
full screen at 1080p. `run`: a panel per mode with the outcome, where the error surfaced
against where the bug is, those source lines, frames yours / total and what a breakpoint saw.
`report`: the totals per mode as bars. Everything comes from the run records (and the source
lines they name); nothing is loaded from the network.
"""

from __future__ import annotations

import linecache
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from debugdemo.messages import summarise
from debugdemo.records import RunResult, RunStatus, ScenarioResult, ValueKind
from debugdemo.scoreboard import Scoreboard
from debugdemo.text import lines_text, plural, visible
from debugdemo.views.chart import Measure, bar_rows, measures
from debugdemo.views.common import mode_label
from debugdemo.views.svg import (
    BACKGROUND,
    CYAN,
    DIM,
    FOREGROUND,
    GREEN,
    MONOSPACE,
    NAMESPACE,
    PURPLE,
    RED,
    YELLOW,
    esc,
    text_width,
)

WIDTH, HEIGHT = 1920, 1080
MIN_FONT = 24  # px: legible on a 1080p projector
MARGIN = 48
GAP = 32
HEADER = 150  # the title band
FOOTER = 60  # the command that made the slide

PANEL = "#333333"


SCALES = (1.4, 1.25, 1.1, 1.0)  # the largest whose text fits its panel is used
LEADING = 1.25


@dataclass(frozen=True)
class Line:
    """One line of a panel: text at a size (before scaling), in a colour."""

    text: str
    size: int
    fill: str = FOREGROUND
    bold: bool = False
    max_lines: int = 2  # wrapped at spaces into at most this many, the rest cut with …
    drop: int = 0  # when a panel is full: 1 goes first (message), then 2 (source); 0 stays


def slide_svg(result: ScenarioResult, command: str) -> str:
    """The slide for one scenario's runs, as a standalone SVG document."""
    runs = result.runs
    cols = len(runs) if len(runs) <= 3 else 2 if len(runs) == 4 else 3
    rows = max(1, math.ceil(len(runs) / cols))
    panel_w = (WIDTH - 2 * MARGIN - GAP * (cols - 1)) / cols
    panel_h = (HEIGHT - HEADER - FOOTER - GAP * (rows - 1)) / rows
    body: list[str] = []
    title = f"{result.scenario} — {visible(result.title)}"
    body += _lines([Line(title, 48, bold=True, max_lines=1)], MARGIN, 36, WIDTH - 2 * MARGIN, HEADER - 36)
    panels = [panel_lines(run, result.file) for run in runs]
    pad = 28
    inner_w, inner_h = panel_w - 2 * pad, panel_h - 2 * pad
    # one scale for every panel, so that the modes compare at a glance
    scale = next((s for s in SCALES if all(_fits(p, inner_w, inner_h, s) for p in panels)), None)
    if scale is None:  # the smallest text does not fit: the verdict stays, details go
        scale = SCALES[-1]
        panels = [_trimmed(p, inner_w, inner_h, scale) for p in panels]
    for i, lines in enumerate(panels):
        x = MARGIN + (i % cols) * (panel_w + GAP)
        y = HEADER + (i // cols) * (panel_h + GAP)
        size = f'width="{panel_w:.0f}" height="{panel_h:.0f}"'
        body.append(f'<rect x="{x:.0f}" y="{y:.0f}" {size} rx="12" fill="{PANEL}"/>')
        body += _lines(lines, x + pad, y + pad, inner_w, inner_h, scale)
    footer = [Line(visible(command), MIN_FONT, DIM)]
    body += _lines(footer, MARGIN, HEIGHT - FOOTER + 4, WIDTH - 2 * MARGIN, FOOTER)
    return _document(title, body)


def _document(title: str, body: Sequence[str]) -> str:
    return "\n".join(
        [
            f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" xmlns="{NAMESPACE}" '
            f'xml:space="preserve" font-family="{esc(MONOSPACE)}">',
            f"<title>{esc(title)}</title>",
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>',
            *body,
            "</svg>\n",
        ]
    )


# The largest text first, one column before two; the last is used when nothing fits.
_CHART_LAYOUTS = ((32, 1), (28, 1), (32, 2), (28, 2), (24, 1), (24, 2))


def scoreboard_slide_svg(board: Scoreboard, command: str) -> str:
    """The scoreboard's totals per mode as bars on a slide: a column of measures, or two."""
    title = f"scoreboard: {plural(len(board.rows), 'scenario')} × {plural(len(board.modes), 'mode')}"
    body = _lines([Line(title, 48, bold=True, max_lines=1)], MARGIN, 36, WIDTH - 2 * MARGIN, HEADER - 36)
    found = measures(board)
    top = HEADER - 40  # the bars' headings have room above them already
    room = HEIGHT - FOOTER - top
    for size, cols in _CHART_LAYOUTS:
        columns = _split(found, cols, size)
        col_w = (WIDTH - 2 * MARGIN - GAP * 2 * (cols - 1)) / cols
        drawn = [bar_rows(group, 0, 0, col_w, size) for group in columns]
        if max((h for _, h in drawn), default=0) <= room:
            break
    for i, group in enumerate(columns):
        elements, _ = bar_rows(group, MARGIN + i * (col_w + 2 * GAP), top, col_w, size)
        body += elements
    footer = [Line(visible(command), MIN_FONT, DIM)]
    body += _lines(footer, MARGIN, HEIGHT - FOOTER + 4, WIDTH - 2 * MARGIN, FOOTER)
    return _document(title, body)


def _split(found: Sequence[Measure], cols: int, size: int) -> list[Sequence[Measure]]:
    """`found` in `cols` runs of measures, as even in height as a cut between measures allows."""
    if cols == 1 or len(found) < 2:
        return [found]
    heights = [bar_rows([m], 0, 0, 10_000, size)[1] for m in found]
    cut = min(range(1, len(found)), key=lambda k: max(sum(heights[:k]), sum(heights[k:])))
    return [found[:cut], found[cut:]]


def panel_lines(run: RunResult, file: str) -> list[Line]:
    """What a mode's panel says, most important first (the end is dropped when space runs out)."""
    head, text, code = 30, 26, MIN_FONT
    lines = [Line(mode_label(run.mode), head, CYAN, bold=True)]
    bugs = lines_text(run.bug_lines) if run.bug_lines else ""  # "line 31", "lines 31, 40"
    if run.status is RunStatus.RAISED and run.exception is not None:
        lines.append(Line(visible(run.exception.type), text, RED, bold=True))
        lines += [Line(m, MIN_FONT, DIM, drop=1) for m in message_lines(run.exception.message)]
        where = run.surfaced_at
        if where is None:
            lines.append(
                Line(f"✘ never reached the scenario; bug at {bugs or 'no # BUG line'}", text, RED, bold=True)
            )
        elif run.points_at_bug:
            lines.append(Line(f"✔ points at the bug (line {where.line})", text, GREEN, bold=True))
        else:
            at_bug = f", bug at {bugs}" if bugs else " (no # BUG marker)"
            lines.append(Line(f"✘ surfaced at line {where.line}{at_bug}", text, RED, bold=True))
        lines += _source(run, file, code)
        lines.append(Line(f"frames yours / total: {run.frames_yours} / {run.frames_total}", text))
        if run.phase is not None:
            lines.append(Line(f"phase: {run.phase.value}", text))
    elif run.status is RunStatus.RETURNED:
        if run.silent_bug:
            lines.append(Line("returned normally — silent bug", text, YELLOW, bold=True))
            lines.append(Line(f"no error at all; bug at {bugs}", text, YELLOW))
        else:
            lines.append(Line("returned normally — works (no # BUG here)", text, GREEN, bold=True))
        if run.returned:
            lines.append(Line(f"returned {visible(run.returned)}", MIN_FONT, DIM))
        lines += _source(run, file, code)
    elif run.status is RunStatus.UNDEFINED:
        lines.append(Line("not defined in this scenario", text, DIM))
    else:
        lines.append(Line(run.status.value, text, PURPLE, bold=True))
        if run.detail:
            lines.append(Line(visible(run.detail), MIN_FONT, DIM))
    values = run.breakpoint_values
    if values is not None:
        seen = "concrete values" if values is ValueKind.CONCRETE else "symbolic tensors, no values"
        lines.append(Line(f"breakpoint(): {plural(run.breakpoint_hits, 'hit')}, {seen}", text))
    return lines


def _source(run: RunResult, file: str, size: int) -> list[Line]:
    """The surfaced line and the # BUG lines, each once, with its number and what it is."""
    surfaced = run.surfaced_at.line if run.surfaced_at and run.status is RunStatus.RAISED else None
    numbers = sorted({*run.bug_lines, *([surfaced] if surfaced else [])})
    if not numbers:
        return []
    recorded = {f.line: f.code for f in run.user_frames}  # what the traceback itself showed
    lines = []
    for number in numbers:
        code = (recorded.get(number) or linecache.getline(file, number)).strip()
        marks = [
            m for m, hit in (("surfaced here", number == surfaced), ("# BUG", number in run.bug_lines)) if hit
        ]
        fill = GREEN if len(marks) == 2 else RED if number == surfaced else YELLOW
        lines.append(Line(f"line {number} · {' & '.join(marks)}", MIN_FONT, fill, drop=2))
        if code:
            lines.append(Line("  " + visible(code), size, FOREGROUND, drop=2))
    return lines


def message_lines(message: str, count: int = 2) -> list[str]:
    """The first lines of a message that say something: no blanks, stack listings or headings.

    TensorFlow opens with "Graph execution error:" and a stack; the size mismatch comes later.
    """
    summary = summarise(visible(message), limit=len(message))
    lines = [line.strip() for i, line in enumerate(summary.lines) if i not in summary.markers]
    said = [line for line in lines if not line.endswith(":")]
    return said[:count] or lines[:1]


def fit(text: str, chars: int, max_lines: int) -> list[str]:
    """`text` wrapped at spaces into at most `max_lines` lines of `chars`; the rest cut with `…`."""
    indent = text[: len(text) - len(text.lstrip(" "))]
    wrapped = textwrap.wrap(
        text,
        chars,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
        drop_whitespace=True,
    ) or [""]
    wrapped = [indent + wrapped[0].lstrip(" "), *wrapped[1:]]
    if len(wrapped) > max_lines:
        wrapped = wrapped[:max_lines]
        wrapped[-1] = wrapped[-1][: max(chars - 1, 0)].rstrip() + "…"
    return [w if len(w) <= chars else w[: max(chars - 1, 0)] + "…" for w in wrapped]


def _wrapped(lines: Sequence[Line], width: float, scale: float) -> list[tuple[Line, int, str]]:
    """(line, its scaled size, one wrapped part of it) for every row `lines` take at `width`."""
    rows = []
    for line in lines:
        size = max(MIN_FONT, round(line.size * scale))
        chars = max(int(width // text_width(1, size)), 1)
        rows += [(line, size, part) for part in fit(line.text, chars, line.max_lines)]
    return rows


def _trimmed(lines: Sequence[Line], width: float, height: float, scale: float) -> list[Line]:
    """`lines` without the details that can go (message, then source) until they fit."""
    kept = list(lines)
    for level in (1, 2):
        if _fits(kept, width, height, scale):
            break
        kept = [line for line in kept if line.drop != level]
    return kept


def _fits(lines: Sequence[Line], width: float, height: float, scale: float) -> bool:
    return sum(size * LEADING for _, size, _ in _wrapped(lines, width, scale)) <= height


def _lines(
    lines: Sequence[Line], x: float, y: float, width: float, height: float, scale: float = 1.0
) -> list[str]:
    """<text> elements for `lines` from (x, y) down, wrapped to `width`, within `height`.

    Rows that do not fit are left out, and the last row shown ends with … to say so.
    """
    rows = _wrapped(lines, width, scale)
    placed: list[tuple[Line, int, str, float]] = []  # ..., the row's bottom
    bottom = y
    for line, size, part in rows:
        if bottom + size * LEADING > y + height:
            break
        bottom += size * LEADING
        placed.append((line, size, part, bottom))
    if len(placed) < len(rows) and placed:
        line, size, part, baseline = placed[-1]
        chars = max(int(width // text_width(1, size)), 1)
        placed[-1] = (line, size, part[: chars - 2].rstrip() + " …", baseline)
    out = []
    for line, size, part, baseline in placed:
        weight = ' font-weight="bold"' if line.bold else ""
        out.append(
            f'<text x="{x:.0f}" y="{baseline - size * 0.3:.0f}" font-size="{size}" '
            f'fill="{line.fill}"{weight}>{esc(part)}</text>'
        )
    return out
