"""The scoreboard's totals per mode as bars: in the terminal, and as an SVG chart for posts.

`measures()` reads the numbers off the scoreboard (the same selection as its total lines);
`ScoreChart` draws them with block characters at whatever width it is given; `chart_svg()`
draws them with rectangles, hand-written SVG with no script and nothing from the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from debugdemo.scoreboard import Scoreboard
from debugdemo.views.svg import (
    BACKGROUND,
    DIM,
    FOREGROUND,
    GREEN,
    MONOSPACE,
    NAMESPACE,
    PURPLE,
    RED,
    esc,
    text_width,
)


class Tone(Enum):
    """What a longer bar means for the person debugging."""

    GOOD = "good"
    BAD = "bad"


_TERMINAL_STYLE = {Tone.GOOD: "green", Tone.BAD: "red"}
_SVG_FILL = {Tone.GOOD: GREEN, Tone.BAD: RED}
_TRACK_FILL = "#3c3c3c"


@dataclass(frozen=True)
class Bar:
    """One mode's count out of a total, e.g. 4 of 8 raised runs."""

    mode: str
    value: int
    of: int

    @property
    def fraction(self) -> float:
        return self.value / self.of if self.of else 0.0


@dataclass(frozen=True)
class Measure:
    """A group of bars, one per mode: what is counted, out of what."""

    name: str  # "points at the bug"
    out_of: str  # "of the runs that raised"
    joiner: str  # how value and total are written: "4 of 8", "2 / 7"
    tone: Tone
    bars: tuple[Bar, ...]

    def figure(self, bar: Bar) -> str:
        return f"{bar.value} {self.joiner} {bar.of}"


def measures(board: Scoreboard) -> tuple[Measure, ...]:
    """The per-mode totals worth a bar, counted by the scoreboard from the live runs.

    A mode a measure does not apply to is left out of it, as in the total lines: only TF1
    builds a graph before running, and only breakpoints that saw tensors have values. Points at
    the bug compares like with like, as the headline does: the scenarios where every mode has
    the bug and raises (none: no bars).
    """
    totals = [t for t in board.totals if t.defined]
    paired, pointing = len(board.paired_rows), board.paired_points_at_bug()
    found = [
        Measure(  # like with like: only the scenarios where every mode has its bug and raises
            "points at the bug",
            "where every mode raises its bug, of those scenarios",
            "of",
            Tone.GOOD,
            tuple(Bar(t.mode, pointing[t.mode], paired) for t in totals) if paired else (),
        ),
        Measure(
            "silent bugs",
            "returned normally, of the scenarios",
            "of",
            Tone.BAD,
            tuple(Bar(t.mode, t.silent, t.defined) for t in totals),
        ),
        Measure(
            "caught while building the graph",
            "of the runs that raised",
            "of",
            Tone.GOOD,
            tuple(Bar(t.mode, t.build_phase, t.raised) for t in totals if t.has_phases),
        ),
        Measure(
            "frames yours / total",
            "over the runs that raised, chained tracebacks included",
            "/",
            Tone.GOOD,
            tuple(Bar(t.mode, t.frames_yours, t.frames_total) for t in totals),
        ),
        Measure(
            "concrete values at the breakpoint",
            "of the breakpoints that saw tensors",
            "of",
            Tone.GOOD,
            tuple(Bar(t.mode, t.concrete, t.with_values) for t in totals if t.with_values),
        ),
    ]
    return tuple(m for m in found if m.bars)


# --- the terminal ---------------------------------------------------------------------

_EIGHTHS = " ▏▎▍▌▋▊▉"
MIN_BAR = 10  # narrower than this, the mode id goes on its own line above its bar
MAX_BAR = 60  # a longer bar shows nothing more and pushes its figure far from its name
TITLE = "totals per mode"


def bar_text(fraction: float, width: int) -> tuple[str, str]:
    """The filled and the empty part of a bar `width` cells long, in eighths of a cell."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    filled = "█" * full + (_EIGHTHS[part] if part else "")
    return filled, "░" * (width - len(filled))


class ScoreChart:
    """The scoreboard's totals as bars, laid out for the width it is drawn at.

    A line per mode: its id, its bar and its figure ("4 of 8"); from 40 columns up the three
    share a line, narrower the id sits above the bar. No word is ever broken: headings wrap at
    spaces, ids and figures are never wrapped, the bar takes what is left.
    """

    def __init__(self, board: Scoreboard) -> None:
        self.measures = measures(board)

    def _columns(self) -> tuple[int, int]:
        bars = [(m, b) for m in self.measures for b in m.bars]
        label = max((len(b.mode) for _, b in bars), default=0)
        figure = max((len(m.figure(b)) for m, b in bars), default=0)
        return label, figure

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        _, figure = self._columns()  # narrowest: the mode above its bar, the figure beside
        return Measurement(min(options.max_width, figure + 2), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        label, figure = self._columns()
        beside = width - label - figure - 2 >= MIN_BAR
        bar_width = max(1, (width - label - figure - 2) if beside else (width - figure - 1))
        bar_width = min(bar_width, MAX_BAR)
        if not self.measures:  # no mode ran anything: nothing to draw
            return
        yield Text(TITLE, style="bold underline")
        for measure in self.measures:
            # wraps at its spaces when narrow
            yield Text.assemble((measure.name, "bold"), " ", (f"({measure.out_of})", "dim"))
            style = _TERMINAL_STYLE[measure.tone]
            for bar in measure.bars:
                filled, empty = bar_text(bar.fraction, bar_width)
                line = Text(no_wrap=True, overflow="ellipsis")
                if beside:
                    line.append(bar.mode.ljust(label) + " ", style="magenta")
                else:
                    yield Text(bar.mode, style="magenta", no_wrap=True, overflow="ellipsis")
                line.append(filled, style=style)
                line.append(empty, style="dim")
                line.append(" " + measure.figure(bar).rjust(figure))
                yield line


# --- SVG ------------------------------------------------------------------------------

FONT_SIZE = 16
PAD = 20
MODE_FILL = PURPLE


def bar_rows(
    found: Sequence[Measure], x: float, y: float, width: float, size: int
) -> tuple[list[str], float]:
    """SVG elements drawing `found` from (x, y) down, `width` px wide at font `size`; and their height.

    A heading per measure, then a line per mode: its id, a track with the bar, the figure.
    """
    row = size * 1.6
    modes = [b.mode for m in found for b in m.bars]
    figures = [m.figure(b) for m in found for b in m.bars]
    label_w = text_width(max(map(len, modes), default=0), size) + size * 0.75
    figure_w = text_width(max(map(len, figures), default=0), size) + size * 0.75
    track_w = max(width - label_w - figure_w, 2 * size)
    body: list[str] = []
    top = y
    for measure in found:
        y += row
        body.append(_text(x, y, measure.name, weight="bold", size=size))
        beside = text_width(len(measure.name) + 1, size)
        if beside + text_width(len(measure.out_of), size) > width:  # no room: on a line of its own
            y, beside = y + row, 0
        body.append(_text(x + beside, y, measure.out_of, fill=DIM, size=size))
        for bar in measure.bars:
            y += row
            figure = measure.figure(bar)
            body.append(f"<g><title>{esc(f'{bar.mode}: {measure.name}, {figure}')}</title>")
            body.append(_text(x, y, bar.mode, fill=MODE_FILL, size=size))
            left, bar_top, bar_h = x + label_w, y - size, size * 1.125
            body.append(_rect(left, bar_top, track_w, bar_h, _TRACK_FILL))
            if bar.value:
                body.append(_rect(left, bar_top, track_w * bar.fraction, bar_h, _SVG_FILL[measure.tone]))
            body.append(_text(x + width, y, figure, anchor="end", size=size))
            body.append("</g>")
        y += size * 0.4
    return body, y - top


def chart_svg(board: Scoreboard, width: float = 800, standalone: bool = True) -> str:
    """The totals as an SVG bar chart `width` px wide: a group of bars per measure.

    `standalone` adds the SVG namespace, which a file needs and HTML does not.
    """
    title = _text(PAD, PAD + FONT_SIZE, TITLE, weight="bold", size=FONT_SIZE + 2)
    body, height = bar_rows(measures(board), PAD, PAD + FONT_SIZE + 8, width - 2 * PAD, FONT_SIZE)
    height += 2 * PAD + FONT_SIZE + 8
    xmlns = f' xmlns="{NAMESPACE}"' if standalone else ""
    return "\n".join(
        [
            f'<svg class="debugdemo-chart" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
            f'height="{height:.0f}"{xmlns} xml:space="preserve" role="img" '
            f'font-family="{esc(MONOSPACE)}" font-size="{FONT_SIZE}">',
            f"<title>{esc(TITLE)}</title>",
            f'<rect width="100%" height="100%" rx="8" fill="{BACKGROUND}"/>',
            title,
            *body,
            "</svg>",
        ]
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    fill: str = FOREGROUND,
    weight: str = "normal",
    size: int = FONT_SIZE,
    anchor: str = "start",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" fill="{fill}" font-weight="{weight}" font-size="{size}" '
        f'text-anchor="{anchor}">{esc(text)}</text>'
    )


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" rx="3" fill="{fill}"/>'
