"""What the views share: control characters made visible, mode labels, prose, grids.

Light on purpose: `list`, `show` and `new` import it, and must cost about what importing
typer and rich costs. Text read from a scenario file or produced by a run passes through
`visible()` (or `literal()` for a whole record) and is wrapped in `Text(...)`, never
parsed as markup, so control characters (ANSI escape sequences above all) are shown, not
obeyed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any, TypeVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from debugdemo.modes import Mode

COLUMN_MIN_WIDTH = 58

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides
# that can make source read differently from what runs.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_T = TypeVar("_T")


def visible(text: str) -> str:
    """`text` with every control character written as its Python escape (`\\x1b`, `\\r`)."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text.replace("\r\n", "\n"))


def literal(record: _T) -> _T:
    """A copy of a record (dataclass, list, dict or str) whose strings are all `visible()`."""
    value: Any = record
    if type(value) is str:  # not the str-valued enums
        value = visible(value)
    elif isinstance(value, tuple) and hasattr(value, "_fields"):  # a NamedTuple
        value = type(value)(*(literal(v) for v in value))
    elif isinstance(value, list | tuple):
        value = type(value)(literal(v) for v in value)
    elif isinstance(value, dict):
        value = {literal(k): literal(v) for k, v in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: literal(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        value = dataclasses.replace(value, **changed)
    return value  # type: ignore[no-any-return]


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
