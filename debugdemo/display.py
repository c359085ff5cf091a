"""Objects that draw themselves: rich in a terminal, HTML in Jupyter, the CLI's own views.

`rich.print(obj)` calls `__rich__`; a notebook cell's value calls `_repr_html_`.
Both ask the subclass for the same renderable (`_view`), the one the CLI prints, so a
change to a view shows everywhere at once.
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

# rich's own width for a notebook cell (rich.console.JUPYTER_DEFAULT_COLUMNS), and its way to
# set another: JUPYTER_COLUMNS.
NOTEBOOK_WIDTH = 115
# How rich's Jupyter output wraps its HTML (rich/jupyter.py): a scrollable <pre>.
NOTEBOOK_HTML = (
    '<pre style="white-space:pre;overflow-x:auto;line-height:normal;'
    "font-family:Menlo,'DejaVu Sans Mono',consolas,'Courier New',monospace\">{code}</pre>\n"
)


def notebook_width() -> int:
    columns = os.environ.get("JUPYTER_COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else NOTEBOOK_WIDTH


def to_html(renderable: RenderableType, width: int) -> str:
    """`renderable` drawn at `width` columns, as an HTML fragment with inline colours."""
    from rich.console import Console

    console = Console(
        record=True,
        file=io.StringIO(),
        width=width,
        force_terminal=True,
        force_jupyter=False,
        color_system="truecolor",
        legacy_windows=False,
        highlight=False,
        emoji=False,
    )
    console.print(renderable)
    return console.export_html(inline_styles=True, code_format=NOTEBOOK_HTML)


class Displayable:
    """A mix-in: subclasses give their view (a renderable that lays itself out at any width)."""

    def _view(self) -> RenderableType:
        raise NotImplementedError

    def __rich__(self) -> RenderableType:
        return self._view()

    def _repr_html_(self) -> str:
        return to_html(self._view(), notebook_width())
