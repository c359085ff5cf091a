"""`report`: the scoreboard over many scenarios, its legend and the totals per mode.

`ReportView` picks a row per scenario when that fits the width it is drawn at, else a line
per scenario and mode. Its parts (`table`, `totals`) are separate so that a picture of the
totals can be hung under the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from debugdemo import measures
from debugdemo.scoreboard import Scoreboard
from debugdemo.views.common import Words, count, outcome_legend, reading_text, words


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


def tall_table(board: Scoreboard) -> Table:
    """A line per scenario and mode: fits narrow terminals and any number of modes."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(words("scenario"), style="bold cyan")
    table.add_column(words("mode"), style="bold")
    for measure in measures.SCOREBOARD:
        table.add_column(words(measure.short))
    for row in board.rows:
        for i, cell in enumerate(row.cells):
            table.add_row(
                words(row.scenario if i == 0 else ""),
                words(cell.mode),
                *(reading_text(cell.readings[m.key], brief=True) for m in measures.SCOREBOARD),
                end_section=i == len(row.cells) - 1,
            )
    return table


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
    """The scoreboard: title, table (wide or tall, for the width drawn at), legend, totals."""

    board: Scoreboard

    def title(self) -> Text:
        board = self.board
        return Text(
            f"scoreboard: {count(len(board.rows), 'scenario')} × {count(len(board.modes), 'mode')}",
            style="bold",
        )

    def table(self, console: Console, width: int) -> Table:
        """The wide table when it fits `width`, else the tall one."""
        table = wide_table(self.board)
        if Measurement.get(console, console.options.update_width(10_000), table).maximum > width:
            table = tall_table(self.board)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.title()
        if not self.board.rows:
            yield Text("No scenarios to run.", style="dim")
            return
        yield self.table(console, options.max_width)
        yield legend()
        yield Text("")
        yield totals(self.board)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(40, options.max_width), options.max_width)
