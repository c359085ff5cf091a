"""`check`: every expectation of EXPECT against what the live run showed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from debugdemo.expectations import Check, Outcome
from debugdemo.measures import MISTAKE
from debugdemo.text import plural
from debugdemo.views.common import Words, expect_value, unbounded_measure, words

_OUTCOME_CELLS = {
    Outcome.HELD: ("✔ held", "bold green"),
    Outcome.MISMATCH: ("✘ mismatch", "bold red"),
    Outcome.NO_EXPECTATION: ("– no expectation", "dim"),
}
NOTE_WIDTH = 80


def check_table(checks: Sequence[Check]) -> Table:
    """Every expectation checked: what EXPECT said, what the run showed, whether it held."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name, style in (
        ("scenario", "bold cyan"),
        ("mode", "magenta"),
        ("expectation", ""),
        ("expected", ""),
        ("actual", ""),
        ("result", ""),
    ):
        table.add_column(words(name), style=style)
    previous = None
    for check in checks:
        label, style = _OUTCOME_CELLS[check.outcome]
        actual = Text()
        if check.outcome is not Outcome.NO_EXPECTATION:
            if check.actual is not None:
                actual.append(expect_value(check.key, check.actual))
            else:
                actual.append("returned normally" if check.key == "raises" and not check.note else "—")
        if check.note and check.key != "bug_reached":  # that note is a sentence under the table
            note = check.note if len(check.note) <= NOTE_WIDTH else check.note[: NOTE_WIDTH - 1] + "…"
            actual.append(f" ({note})", style="dim")
        table.add_row(
            words(check.scenario if check.scenario != previous else ""),
            words(check.mode.value),
            words(check.key or "—"),
            words(expect_value(check.key, check.expected)),
            Words(actual),
            words(label, style),
        )
        previous = check.scenario
    return table


def check_summary(checks: Sequence[Check], invalid: int = 0) -> Text:
    """One line: how many expectations held, failed, or were never declared."""
    counts = {outcome: sum(1 for c in checks if c.outcome is outcome) for outcome in Outcome}
    held, failed, undeclared = counts[Outcome.HELD], counts[Outcome.MISMATCH], counts[Outcome.NO_EXPECTATION]
    scenarios = len({c.scenario for c in checks})
    text = Text()
    text.append(
        f"{held} held, {plural(failed, 'mismatch', 'mismatches')}",
        style="bold red" if failed or invalid else "bold green",
    )
    text.append(f" across {plural(scenarios, 'scenario')}")
    if undeclared:
        text.append(f"; {plural(undeclared, 'mode')} with no expectation", style="yellow")
    if invalid:
        text.append(f"; {plural(invalid, 'invalid scenario file')}", style="bold red")
    for check in checks:
        if check.key == "bug_reached" and check.outcome is Outcome.MISMATCH:
            text.append(
                f"\n{MISTAKE} {check.scenario} {check.mode.value}: {check.note}", style="bold magenta"
            )
    return text


def check_list(checks: Sequence[Check]) -> Group:
    """The checks for a narrow terminal: per scenario, a line per expectation."""
    parts: list[RenderableType] = []
    previous = None
    for check in checks:
        if check.scenario != previous:
            parts.append(words(check.scenario, "bold cyan"))
            previous = check.scenario
        label, style = _OUTCOME_CELLS[check.outcome]
        line = Text(f"  {check.mode.value} ", style="magenta")
        line.append(label, style=style)
        if check.key is not None:
            line.append(f" {check.key}: {expect_value(check.key, check.expected)}")
            if check.outcome is Outcome.MISMATCH:
                line.append(f" → {expect_value(check.key, check.actual)}", style="bold")
        if check.note and check.key != "bug_reached":
            line.append(f" ({check.note[:NOTE_WIDTH]})", style="dim")
        parts.append(Words(line))
    return Group(*parts)


@dataclass
class CheckView:
    """The checks table (a list when its columns cannot hold their words) and a summary line."""

    checks: Sequence[Check]
    invalid: int = 0

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = check_table(self.checks)
        if unbounded_measure(console, options, table).minimum <= options.max_width:
            yield table
        else:
            yield check_list(self.checks)
        yield check_summary(self.checks, self.invalid)
