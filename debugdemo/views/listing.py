"""`list`: the scenarios found, and the problems in scenario files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from debugdemo.scenario import Scenario
from debugdemo.text import plural
from debugdemo.views.common import Words, visible, words

PROBLEMS_SHOWN = 10
WIDE = 80  # from this width, modes and tags get columns of their own


@dataclass
class ListView:
    """A row per scenario: name, title, modes, tags. Names fold at "-", never mid-word."""

    scenarios: Sequence[Scenario]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        wide = options.max_width >= WIDE
        # The title gets the room; modes and tags are short words that may stack. Narrow:
        # modes and tags go under the title, and a long name folds at its dashes.
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
        table.add_column(words("name"), style="bold cyan", max_width=None if wide else options.max_width // 3)
        table.add_column(words("title"), ratio=1)
        if wide:
            table.add_column(words("modes"), style="magenta", max_width=14)
            table.add_column(words("tags"), style="dim", max_width=16)
        for s in self.scenarios:
            modes = " ".join(m.alias for m in s.modes)
            tags = visible(" ".join(s.tags))
            if wide:
                table.add_row(words(visible(s.name)), words(visible(s.title)), words(modes), words(tags))
                continue
            title = Text(visible(s.title))
            title.append(f"\n{modes}", style="magenta")
            if tags:
                title.append(f" · {tags}", style="dim")
            table.add_row(words(visible(s.name)), Words(title))
        yield table


def problems_panel(problems: Sequence[str]) -> Text:
    """The first PROBLEMS_SHOWN problems, one unbroken line each: a file:line stays whole to copy."""
    text = Text(f"{plural(len(problems), 'problem')} in scenario files:\n", style="bold yellow")
    lines = [f"• {visible(p)}" for p in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(f"… and {len(problems) - PROBLEMS_SHOWN} more ('debugdemo list --json' lists them all)")
    text.append("\n".join(lines))
    return text
