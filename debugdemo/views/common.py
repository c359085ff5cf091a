"""What the views share: control characters made visible, mode labels, prose, grids.

Light on purpose: `list`, `show` and `new` import it, and must cost about what importing
typer and rich costs. Run text arrives sanitised (records.sanitised, applied once where a
record enters the parent); text read from a scenario file passes through `visible()`. Both
are wrapped in `Text(...)`, never parsed as markup. `Words` folds a table cell only between
words, so no name, type or mode id is ever split in the middle.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from debugdemo.modes import Mode
from debugdemo.text import visible

__all__ = ["visible"]  # the views import it from here


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


def expect_value(key: str | None, value: object) -> str:
    """A value of EXPECT (or what a run showed for its key) as `check` and `show` write it."""
    if key is None:
        return "—"
    if key == "raises" and value is None:
        return "None (returns normally)"
    if key == "bug_reached":
        return "bug line ran" if value else "bug line never ran"
    return value if isinstance(value, str) else repr(value)


def grid(panels: Sequence[RenderableType], slots: int) -> Table:
    """Panels side by side in `slots` equal columns (a short last row keeps the widths)."""
    table = Table.grid(expand=True, padding=(0, 1))
    for _ in range(slots):
        table.add_column(ratio=1)
    table.add_row(*panels, *([Text("")] * (slots - len(panels))))
    return table


def unbounded_measure(console: Console, options: ConsoleOptions, table: Table) -> Measurement:
    """The widths `table` asks for when no width limits it (its own measure is capped at the width)."""
    return Measurement.get(console, options.update_width(10_000), table)


# Legend and Words are plain classes: a dataclass costs half a millisecond at import (its
# methods are compiled then), and `list`, `show` and `new` import this module.


class Legend:
    """Entries on as few lines as the width allows; an entry never wraps inside."""

    def __init__(self, entries: Sequence[Text], gap: int = 2, indent: int = 0) -> None:
        self.entries, self.gap, self.indent = entries, gap, indent

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


class Words:
    """Text that wraps only between words: after "-", "_", ".", "/", "," or at spaces.

    A single word wider than the room it is given is cut with "…", never split across lines,
    so a scenario name, an exception type or a mode id stays readable in any table.
    """

    def __init__(self, text: Text) -> None:
        self.text = text

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
