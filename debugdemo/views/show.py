"""`show`: a scenario's source, each mode's function side by side, bugs and breakpoints marked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from debugdemo.modes import Mode
from debugdemo.scenario import Scenario
from debugdemo.views.check import expect_value
from debugdemo.views.common import grid, mode_label, paragraphs, visible

SYNTAX_THEME = "ansi_dark"  # the terminal's own colours: readable on dark and light backgrounds
COLUMN_MIN_WIDTH = 58


def highlighted_lines(source: str) -> list[Text]:
    """The file's lines, syntax-highlighted as a whole (so multi-line strings stay right)."""
    from rich.syntax import Syntax

    syntax = Syntax(visible(source), "python", theme=SYNTAX_THEME, background_color="default")
    lines = list(syntax.highlight(visible(source)).split("\n", allow_blank=True))
    for line in lines:
        line.style = ""  # the theme's base style: background "default" would still be printed
    return lines


def source_block(
    lines: Sequence[Text], first: int, last: int, bugs: Iterable[int], stops: Iterable[int]
) -> Table:
    """Lines first..last with numbers; ✗ marks a # BUG line, ● a breakpoint()."""
    bugs, stops = set(bugs), set(stops)
    width = len(str(last))
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for number in range(first, last + 1):
        code = lines[number - 1].copy() if number <= len(lines) else Text()
        if number in bugs:
            gutter = Text(f"{number:>{width}} ✗", style="bold yellow")
            code.stylize("bold")
        elif number in stops:
            gutter = Text(f"{number:>{width}} ●", style="bold magenta")
        else:
            gutter = Text(f"{number:>{width}}  ", style="dim")
        table.add_row(gutter, code)
    return table


def _expect_line(expected: dict[str, object]) -> Text:
    text = Text("EXPECT ", style="dim bold")
    text.append(", ".join(f"{k}={expect_value(k, v)}" for k, v in expected.items()), style="dim")
    return text


def mode_source(scenario: Scenario, mode: Mode, lines: Sequence[Text]) -> Panel:
    title = Text(mode_label(mode.value), style="bold")
    span = scenario.functions.get(mode)
    if span is None:
        body: RenderableType = Text(f"not defined in this scenario ({mode.function})", style="dim")
        return Panel(body, title=title, border_style="dim")
    parts: list[RenderableType] = [
        source_block(
            lines, span.first_line, span.last_line, scenario.bug_lines[mode], scenario.breakpoint_lines[mode]
        )
    ]
    if mode in scenario.expect:
        parts.append(_expect_line(scenario.expect[mode]))
    return Panel(Group(*parts), title=title, border_style="blue")


def side_by_side(panels: Sequence[RenderableType], width: int) -> RenderableType:
    """Panels in columns when each gets COLUMN_MIN_WIDTH, else stacked."""
    if len(panels) > 1 and width >= COLUMN_MIN_WIDTH * len(panels):
        return grid(panels, len(panels))
    return Group(*panels)


@dataclass
class ShowView:
    """The title, each mode's function (side by side when each gets COLUMN_MIN_WIDTH), helpers."""

    scenario: Scenario
    modes: Sequence[Mode]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        scenario = self.scenario
        lines = highlighted_lines(scenario.path.read_text(encoding="utf-8"))
        head = Text(paragraphs(visible(scenario.explanation)))
        if scenario.tags:
            head.append(f"\ntags: {', '.join(visible(t) for t in scenario.tags)}", style="dim")
        yield Panel(
            head,
            title=Text(f"{visible(scenario.name)} — {visible(scenario.title)}", style="bold"),
            title_align="left",
            border_style="blue",
        )
        yield side_by_side([mode_source(scenario, mode, lines) for mode in self.modes], options.max_width)
        shared_bugs = set.intersection(*(set(v) for v in scenario.bug_lines.values()))
        shared_stops = set.intersection(*(set(v) for v in scenario.breakpoint_lines.values()))
        for name, span in sorted(scenario.helpers.items(), key=lambda item: item[1].first_line):
            block = source_block(lines, span.first_line, span.last_line, shared_bugs, shared_stops)
            yield Panel(
                block, title=Text(f"{name}() — called by the modes", style="bold"), border_style="dim"
            )
        yield Text(f"{visible(str(scenario.path))}   ✗ # BUG   ● breakpoint()", style="dim")
