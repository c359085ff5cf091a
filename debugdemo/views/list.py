"""`list`: the scenarios of the catalogue as a table, and the files that are not scenarios."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from debugdemo.scenario import ScenarioSummary
from debugdemo.views.common import visible

PROBLEMS_SHOWN = 10


def scenario_table(scenarios: Sequence[ScenarioSummary]) -> Table:
    # The title gets the room; modes and tags are short words that may stack.
    # Headers as Text: a str header is read as markup with emoji codes (rich then imports
    # its table of 4,000 emoji names, a few ms).
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column(Text("name"), style="bold cyan", no_wrap=True)
    table.add_column(Text("title"), ratio=1)
    table.add_column(Text("modes"), style="magenta", max_width=14)
    table.add_column(Text("tags"), style="dim", max_width=16)
    for s in scenarios:
        table.add_row(
            Text(visible(s.name)),
            Text(visible(s.title)),
            Text(" ".join(m.alias for m in s.modes)),
            Text(visible(" ".join(s.tags))),
        )
    return table


def problems_panel(problems: Sequence[str]) -> Text:
    """The first PROBLEMS_SHOWN problems, one unbroken line each: a file:line stays whole to copy."""
    text = Text(f"{len(problems)} problem(s) in scenario files:\n", style="bold yellow")
    lines = [f"• {visible(p)}" for p in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(f"… and {len(problems) - PROBLEMS_SHOWN} more ('debugdemo list --json' lists them all)")
    text.append("\n".join(lines))
    return text
