"""What every view shares: folding words, colours of the vocabulary, mode labels, grids.

Text that comes from a run reaches the views already sanitised (records.sanitised, applied
where records enter the parent process). Text read from scenario files here (titles,
explanations, source) goes through `visible()`. Either way it is wrapped in `Text(...)`,
never parsed as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from debugdemo.measures import LEGEND, Outcome, Reading, Tone
from debugdemo.modes import Mode
from debugdemo.records import visible

__all__ = ["visible"]

# The colour of each outcome: one meaning per colour (the symbols keep it without colour).
OUTCOME_STYLE = {
    Outcome.AT_BUG: "bold green",
    Outcome.ELSEWHERE: "bold red",
    Outcome.SILENT: "bold yellow",
    Outcome.WORKS: "bold blue",
    Outcome.NO_RESULT: "bold magenta",
    Outcome.UNDEFINED: "dim",
}
# The border of a mode's column: its outcome's colour, without the weight.
OUTCOME_BORDER = {o: s.replace("bold ", "") for o, s in OUTCOME_STYLE.items()}
TONE_STYLE = {
    Tone.PLAIN: "",
    Tone.NONE: "dim",
    Tone.GOOD: "green",
    Tone.BAD: "red",
    Tone.CONCRETE: "cyan",
    Tone.SYMBOLIC: "magenta",
}


def reading_text(reading: Reading, brief: bool = False) -> Words:
    """A measure's reading as a table cell, coloured by what it means."""
    text = reading.short if brief else reading.text
    if reading.outcome is not None:
        return Words(Text(text, style=OUTCOME_STYLE[reading.outcome]))
    return Words(Text(text, style=TONE_STYLE[reading.tone]))


def outcome_legend() -> Legend:
    """The five outcomes, each in its colour and with its symbol."""
    return Legend([Text(f"{o.symbol} {o.explains}", style=OUTCOME_STYLE[o]) for o in LEGEND])


@dataclass
class Legend:
    """Entries on as few lines as the width allows; an entry never wraps inside."""

    entries: Sequence[Text]
    gap: int = 2
    indent: int = 0

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = Text(" " * self.indent, no_wrap=True, overflow="ellipsis")
        for entry in self.entries:
            if line.plain.strip() and line.cell_len + self.gap + entry.cell_len > options.max_width:
                yield line
                line = Text(" " * self.indent, no_wrap=True, overflow="ellipsis")
            if line.plain.strip():
                line.append(" " * self.gap)
            line.append_text(entry)
        yield line


def alias(mode_id: str) -> str:
    try:
        return Mode(mode_id).alias
    except ValueError:
        return mode_id


def mode_label(mode_id: str) -> str:
    try:
        mode = Mode(mode_id)
    except ValueError:
        return mode_id
    return f"{mode.value} · {mode.label}"


def paragraphs(text: str) -> str:
    """Docstring prose reflowed: lines of one paragraph joined, paragraphs kept apart."""
    blocks = [" ".join(block.split()) for block in text.strip().split("\n\n")]
    return "\n\n".join(b for b in blocks if b)


def grid(panels: Sequence[RenderableType], slots: int) -> Table:
    """Panels side by side in `slots` equal columns (a short last row keeps the widths)."""
    table = Table.grid(expand=True, padding=(0, 1))
    for _ in range(slots):
        table.add_column(ratio=1)
    table.add_row(*panels, *([Text("")] * (slots - len(panels))))
    return table


# --- words that never break in the middle ---------------------------------------------

# A token ends after a run of break characters: "uninitialized-" "variable", "tf." "matmul".
# Only plain spaces and tabs separate words: a no-break space keeps its neighbours together.
# An outcome symbol stays with its word: "✔ RuntimeError".
_TOKEN = re.compile(r"[ \t]+|(?:[✔✘⚠○⊘] )?[^ \t\-_./,]+[\-_./,]*|[\-_./,]+")


def _is_gap(token: str) -> bool:
    return not token.strip(" \t")


def _lines(plain: str, width: int) -> list[tuple[int, int, bool]]:
    """Where `plain` breaks at `width`: (start, end, cut) per line; cut lines end in "…"."""
    width = max(1, width)
    lines: list[tuple[int, int, bool]] = []
    offset = 0
    for paragraph in plain.split("\n"):
        start = end = -1
        indent = len(paragraph) - len(paragraph.lstrip(" "))  # a paragraph's indent is kept
        for match in _TOKEN.finditer(paragraph):
            if _is_gap(match.group()):
                continue
            s, e = offset + match.start(), offset + match.end()
            if match.start() == indent and cell_len(plain[offset:e]) <= width:
                s = offset
            if start >= 0 and cell_len(plain[start:e]) <= width:
                end = e
                continue
            if start >= 0:
                lines.append((start, end, False))
            if cell_len(plain[s:e]) > width:  # one word wider than the column: cut it
                lines.append((s, s + width - 1, True))
                start = end = -1
            else:
                start, end = s, e
        if start >= 0 or not paragraph.strip():
            lines.append((start, end, False) if start >= 0 else (offset, offset, False))
        offset += len(paragraph) + 1
    return lines


@dataclass
class Words:
    """Text that wraps only between words: after "-", "_", ".", "/", "," or at spaces.

    A single word wider than the room it is given is cut with "…", never split across lines,
    so a scenario name, an exception type or a mode id stays readable in any table.
    """

    text: Text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        words = [m.group() for m in _TOKEN.finditer(plain) if not _is_gap(m.group())]
        widest_word = max((cell_len(w) for w in words), default=1)
        widest_line = max((cell_len(line) for line in plain.split("\n")), default=1)
        return Measurement(widest_word, max(widest_line, 1)).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        folded = Text(style=self.text.style, justify=self.text.justify, no_wrap=True, overflow="ellipsis")
        for i, (start, end, cut) in enumerate(_lines(self.text.plain, options.max_width)):
            if i:
                folded.append("\n")
            folded.append_text(self.text[start:end])
            if cut:
                folded.append("…")
        yield folded


def words(text: str | Text, style: str = "") -> Words:
    return Words(text if isinstance(text, Text) else Text(text, style=style))


def folding_table(table: Table, rows: Iterable[Sequence[str | Text]]) -> Table:
    """Add rows to `table`, every cell as `Words`."""
    for row in rows:
        table.add_row(*(words(cell) for cell in row))
    return table
