"""`list`: the scenarios of the catalogue as a table, and the files that are not scenarios."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from debugdemo.scenario import ScenarioSummary
from debugdemo.text import plural
from debugdemo.views.common import Words, visible

PROBLEMS_SHOWN = 10
MODES_WIDTH, TAGS_WIDTH = 14, 16  # short words that may stack
TITLE_MIN_WIDTH = 24  # narrower than this, the columns are laid out by rich's Table
GAP = "   "  # between columns, as rich's SIMPLE_HEAD box draws them

_HEADERS = ("name", "title", "modes", "tags")
_STYLES = ("bold cyan", "", "magenta", "dim")


class ListView:
    """A row per scenario: name, title, modes, tags; the title gets the room.

    It lays itself out in one pass, each cell wrapped only when it is wider than its
    column: a rich Table measures and renders every cell through several layers, about
    0.4 ms a row, which a catalogue of a few hundred files would feel. Too narrow for a
    readable title, it hands the rows to a rich Table, which shares out any width.
    """

    def __init__(self, scenarios: Sequence[ScenarioSummary]) -> None:
        self.rows = [
            (
                visible(s.name).replace("\t", " "),
                visible(s.title).replace("\t", " "),
                " ".join(m.alias for m in s.modes),
                visible(" ".join(s.tags)).replace("\t", " "),
            )
            for s in scenarios
        ]

    def _widths(self, total: int) -> tuple[int, int, int, int]:
        name, _, modes, tags = (
            max((cell_len(row[i]) for row in self.rows), default=0) for i in range(len(_HEADERS))
        )
        name = max(name, len("name"))
        modes = min(MODES_WIDTH, max(modes, len("modes")))
        tags = min(TAGS_WIDTH, max(tags, len("tags")))
        return name, total - name - modes - tags - 3 * len(GAP), modes, tags

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self._widths(options.max_width)
        if widths[1] < TITLE_MIN_WIDTH:
            yield self._narrow(options.max_width)
            return
        yield from _line(console, [Text(h, style="bold") for h in _HEADERS], widths)
        yield Segment("─" * options.max_width)
        yield Segment.line()
        for row in self.rows:
            cells = [
                _wrapped(console, Text(cell, style=style), width, no_wrap=i == 0)
                for i, (cell, style, width) in enumerate(zip(row, _STYLES, widths, strict=True))
            ]
            for i in range(max(len(c) for c in cells)):
                yield from _line(console, [c[i] if i < len(c) else Text() for c in cells], widths)

    def _table(self) -> Table:
        """The same rows as rich's Table lays them out (what the one-pass layout reproduces)."""
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
        table.add_column(Text("name"), style="bold cyan", no_wrap=True)
        table.add_column(Text("title"), ratio=1)
        table.add_column(Text("modes"), style="magenta", max_width=MODES_WIDTH)
        table.add_column(Text("tags"), style="dim", max_width=TAGS_WIDTH)
        for row in self.rows:
            table.add_row(*(Text(cell) for cell in row))
        return table

    def _narrow(self, width: int) -> Table:
        """Narrow: two columns, modes and tags under the title; names fold at their dashes."""
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
        # Headers as Text: a str header is read as markup with emoji codes (rich then imports
        # its table of 4,000 emoji names, a few ms).
        table.add_column(Text("name"), style="bold cyan", max_width=max(12, width // 3))
        table.add_column(Text("title"), ratio=1)
        for name, title, modes, tags in self.rows:
            about = Text(title)
            about.append(f"\n{modes}", style="magenta")
            if tags:
                about.append(f" · {tags}", style="dim")
            table.add_row(Words(Text(name)), Words(about))
        return table


def _wrapped(console: Console, text: Text, width: int, no_wrap: bool = False) -> list[Text]:
    if "\n" not in text.plain and (no_wrap or cell_len(text.plain) <= width):
        return [text]
    return list(text.wrap(console, width, overflow="fold", no_wrap=no_wrap))


def _line(console: Console, cells: Sequence[Text], widths: Iterable[int]) -> RenderResult:
    """One screen line: each cell padded to its column, the last one not."""
    last = len(cells) - 1
    for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        if cell.plain:
            yield Segment(cell.plain, console.get_style(cell.style) if cell.style else None)
        if i < last:
            yield Segment(" " * (width - cell_len(cell.plain)) + GAP)
    yield Segment.line()


def problems_panel(problems: Sequence[str]) -> Text:
    """The first PROBLEMS_SHOWN problems, one unbroken line each: a file:line stays whole to copy."""
    text = Text(f"{plural(len(problems), 'problem')} in scenario files:\n", style="bold yellow")
    lines = [f"• {visible(p)}" for p in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(f"… and {len(problems) - PROBLEMS_SHOWN} more ('debugdemo list --json' lists them all)")
    text.append("\n".join(lines))
    return text
