"""The renderables the studio shows: `run`'s and `show`'s views, at the pane's width.

The one place the studio reaches into debugdemo/views/: the renderables the CLI prints.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from debugdemo.modes import Mode
from debugdemo.records import RunStatus, ScenarioResult
from debugdemo.scenario import Scenario
from debugdemo.views import show
from debugdemo.views.common import visible
from debugdemo.views.run import RunView


def result_view(result: ScenarioResult, width: int, explanation: str, full: bool) -> RenderableType:
    """What `debugdemo run` prints for one scenario: header, a column per mode, the verdict.

    The view lays itself out for the pane's width when drawn; `width` is not needed.
    """
    return RunView(result, explanation, full)


def _surfaced(result: ScenarioResult | None, scenario: Scenario) -> dict[str, dict[int, str]]:
    """Per mode id: line of the scenario file → what surfaced there (exception type or status)."""
    marks: dict[str, dict[int, str]] = {}
    if result is None or result.file != str(scenario.path.resolve()):
        return marks  # no run yet, or a run of another file
    for run in result.runs:
        where = run.surfaced_at
        if where is None or run.status is RunStatus.UNDEFINED:
            continue
        what = run.exception.type if run.exception else run.status.value
        marks.setdefault(run.mode, {})[where.line] = visible(what)
    return marks


def _marked(lines: Sequence[Text], marks: dict[int, str]) -> dict[int, Text]:
    """The lines by number (as `show`'s panels take them), with what surfaced on each."""
    marked = dict(enumerate(lines, 1))
    for number, what in marks.items():
        if number in marked:
            line = marked[number].copy()
            line.append(f"  ◀ {what} surfaced here", style="bold red")
            marked[number] = line
    return marked


@functools.lru_cache(maxsize=64)
def _highlighted_file(path: Path, mtime_ns: int) -> list[Text]:
    return show.highlighted_lines(path.read_text(encoding="utf-8"))


def _highlighted(path: Path) -> list[Text]:
    """The file's highlighted lines, highlighted once per version of the file."""
    return _highlighted_file(path, path.stat().st_mtime_ns)


def source_view(
    scenario: Scenario, modes: Sequence[Mode], width: int, result: ScenarioResult | None = None
) -> RenderableType:
    """`show`'s view: the story, each mode's function side by side (✗ bug, ● breakpoint), and,
    after a run, ◀ where each mode's error surfaced."""
    lines = _highlighted(scenario.path)
    marks = _surfaced(result, scenario)
    panels = [show.mode_source(scenario, mode, _marked(lines, marks.get(mode.value, {}))) for mode in modes]
    parts: list[RenderableType] = [show.story_panel(scenario), show.side_by_side(panels, width)]
    shared_bugs, shared_stops = show.shared_lines(scenario)
    helper_marks = {line: what for per_mode in marks.values() for line, what in per_mode.items()}
    for name, span in sorted(scenario.helpers.items(), key=lambda item: item[1].first_line):
        rows = show.source_rows(
            _marked(lines, {n: w for n, w in helper_marks.items() if n in span}),
            span.first_line,
            span.last_line,
            shared_bugs,
            shared_stops,
        )
        title = Text(f"{name}() — called by the modes", style="bold")
        parts.append(show.SourcePanel(title, rows, None, border="dim"))
    legend = "   ✗ # BUG   ● breakpoint()" + ("   ◀ surfaced" if marks else "")
    parts.append(Text(visible(str(scenario.path)) + legend, style="dim"))
    return Group(*parts)


def invalid_view(name: str, error: str) -> RenderableType:
    """An invalid scenario file: its error, in place of the story and source."""
    return Panel(
        Text(visible(error)),
        title=Text(f"{visible(name)} — invalid scenario file", style="bold"),
        title_align="left",
        border_style="red",
    )


def running_view(scenario: Scenario, modes: Sequence[Mode], aid: bool) -> RenderableType:
    text = Text()
    text.append(f"Running {visible(scenario.name)} in ", style="bold")
    text.append(", ".join(m.value for m in modes))
    if aid:
        text.append(" with the debugging aid on")
    text.append(" …")
    return text


def scenario_line(name: str, title: str, tags: Sequence[str], invalid: bool = False) -> Text:
    """One entry of the scenario list: the name, then the title and tags, never markup."""
    text = Text()
    text.append(visible(name), style="bold red" if invalid else "bold cyan")
    text.append("\n")
    text.append(visible(title), style="red" if invalid else "")
    if tags:
        text.append("\n")
        text.append(" ".join(f"#{visible(t)}" for t in tags), style="dim")
    return text
