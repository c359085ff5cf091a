"""`report`: the scoreboard over many scenarios, its legend and the totals per mode.

`ReportView` picks a row per scenario when that fits the width it is drawn at, else a block
per scenario with a line per mode, else (narrowest) a list. Its parts (`table`, `totals`)
are separate so that a picture of the totals can be hung under the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from debugdemo import measures
from debugdemo.scoreboard import Scoreboard
from debugdemo.text import plural
from debugdemo.views.common import Legend, Words, unbounded_measure, words
from debugdemo.views.palette import outcome_legend, reading_text


def wide_table(board: Scoreboard) -> Table:
    """A row per scenario, a group of measure columns per mode."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(Words(Text("\nscenario")), style="bold cyan")
    for mode in board.modes:
        for i, measure in enumerate(measures.SCOREBOARD):
            head = Text(f"{mode}\n" if i == 0 else "\n", style="bold")
            head.append(measure.short, style="not bold")
            table.add_column(Words(head))
    for row in board.rows:
        cells: list[RenderableType] = [words(row.scenario)]
        for cell in row.cells:
            cells += [reading_text(cell.readings[m.key], brief=True) for m in measures.SCOREBOARD]
        table.add_row(*cells)
    return table


OUTCOME_MIN_WIDTH = 22  # "✘ InvalidArgumentError" whole; longer types may be cut in the tall table


def _table(widths: list[int], header: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_header=header)
    for i, width in enumerate(widths):
        table.add_column(width=width, style="bold" if i == 0 else "")
    return table


def _widest(cells: list[Words]) -> int:
    return max(cell_len(line) for cell in cells for line in cell.text.plain.split("\n"))


def tall_table(board: Scoreboard, width: int | None = None) -> Group:
    """A block per scenario: its name, then a line per mode. Fits narrow terminals and any
    number of modes, and leaves the width to the outcome (a long exception type stays whole).

    The blocks are tables with the same fixed column widths, so that their columns line up.
    """
    head = [words("mode"), *(words(m.short) for m in measures.SCOREBOARD)]
    blocks = [
        [
            [words(c.mode), *(reading_text(c.readings[m.key], brief=True) for m in measures.SCOREBOARD)]
            for c in row.cells
        ]
        for row in board.rows
    ]
    widths = [_widest([head[i], *(line[i] for block in blocks for line in block)]) for i in range(len(head))]
    if width is not None and _total(widths) > width:  # the rare very long type is cut with "…"
        widths[1] = max(OUTCOME_MIN_WIDTH, widths[1] - (_total(widths) - width))
    header = _table(widths, header=True)
    for column, title in zip(header.columns, head, strict=True):
        column.header = title
    parts: list[RenderableType] = [header]
    for row, block in zip(board.rows, blocks, strict=True):
        parts.append(words(row.scenario, "bold cyan"))
        table = _table(widths, header=False)
        for line in block:
            table.add_row(*line)
        parts.append(table)
    return Group(*parts)


def _total(widths: list[int]) -> int:
    """The columns a block table of these column widths takes (three between columns)."""
    return sum(widths) + 3 * (len(widths) - 1)


def tall_width(tall: Group) -> int:
    """The columns a tall table takes (more than the width it was laid out for: it does not fit)."""
    first = tall.renderables[0]
    assert isinstance(first, Table)
    return _total([c.width or 0 for c in first.columns])


def narrow_list(board: Scoreboard) -> Group:
    """For the narrowest terminals: per scenario, a line per mode and a line of its measures."""
    parts: list[RenderableType] = []
    for row in board.rows:
        parts.append(words(row.scenario, "bold cyan"))
        for cell in row.cells:
            line = Text(f"  {cell.mode} ", style="bold")
            parts.append(Words(line))
            outcome = cell.readings[measures.OUTCOME.key]
            line.append_text(reading_text(outcome, brief=True).text)
            rest = [
                (m.short, cell.readings[m.key])
                for m in measures.SCOREBOARD[1:]
                if cell.readings[m.key].text != measures.NONE
            ]
            if rest:
                entries = [
                    Text(f"{label} ", style="dim") + reading_text(r, brief=True).text for label, r in rest
                ]
                parts.append(Legend(entries, gap=3, indent=4))
    return Group(*parts)


def totals(board: Scoreboard) -> Text:
    """The totals per mode, a sentence each."""
    text = Text()
    for line in board.total_lines():
        label, _, rest = line.partition(": ")
        text.append(f"{label}: ", style="bold")
        text.append(rest + "\n")
    text.rstrip()
    return text


def legend() -> Group:
    return Group(Words(Text(measures.scoreboard_legend(), style="dim")), outcome_legend())


@dataclass
class ReportView:
    """The scoreboard: title, table (wide, tall or a list, for the width drawn at), legend, totals."""

    board: Scoreboard

    def title(self) -> Text:
        board = self.board
        return Text(
            f"scoreboard: {plural(len(board.rows), 'scenario')} × {plural(len(board.modes), 'mode')}",
            style="bold",
        )

    def table(self, console: Console, width: int) -> RenderableType:
        """The wide table when it fits `width`, else the tall one."""
        table = wide_table(self.board)
        if unbounded_measure(console, console.options, table).maximum <= width:
            return table
        tall = tall_table(self.board, width)
        if tall_width(tall) <= width:
            return tall
        return narrow_list(self.board)

    def parts(self, console: Console, width: int) -> list[RenderableType]:
        """What the view draws, top to bottom (a picture of the totals can go before them)."""
        if not self.board.rows:
            return [self.title(), Text("No scenarios to run.", style="dim")]
        return [self.title(), self.table(console, width), legend(), Text(""), totals(self.board)]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.parts(console, options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(40, options.max_width), options.max_width)
