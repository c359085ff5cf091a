"""What the workers are doing, while they do it: a spinner (`run`, `check`) or a progress bar
(`report`, runs done of scenarios × modes). Terminals only; nothing on a pipe."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column
from rich.text import Text

from debugdemo.process.worker_parent import Event, Runner, Stage
from debugdemo.records import ScenarioResult
from debugdemo.scenario import Scenario


class WorkerStates:
    """One short phrase per mode ("loading torch", "running nan-loss", "done"), from events."""

    def __init__(self) -> None:
        self._states: dict[str, str] = {}

    def update(self, event: Event) -> str:
        if event.kind is Stage.STARTING:
            self._states[event.mode.value] = f"loading {event.mode.framework.value}"
        elif event.kind is Stage.RUNNING:
            self._states[event.mode.value] = f"running {event.scenario}"
        else:
            self._states[event.mode.value] = "done"
        return " · ".join(f"{mode}: {what}" for mode, what in self._states.items())


def run_with_spinner(runner: Runner, scenarios: Sequence[Scenario], console: Console) -> list[ScenarioResult]:
    """Run with a spinner that says which framework is loading (terminals only)."""
    if not console.is_terminal:
        return runner.run(scenarios)
    states = WorkerStates()
    status = console.status(Text("Starting workers…"))

    def on_event(event: Event) -> None:
        status.update(Text(states.update(event)))  # scenario names are file names, not markup

    runner.on_event = on_event
    with status:
        return runner.run(scenarios)


def run_with_progress(
    runner: Runner, scenarios: Sequence[Scenario], console: Console
) -> list[ScenarioResult]:
    """Run with a progress bar on `console` when it is a terminal; silently otherwise."""
    if not console.is_terminal:
        return runner.run(scenarios)
    # The bar, the count and the clock keep their width; the workers' states take what is
    # left and end in "…" (with seven modes they are longer than any terminal is wide).
    progress = Progress(
        TextColumn("[bold]runs", table_column=Column(no_wrap=True)),
        BarColumn(bar_width=20, table_column=Column(no_wrap=True)),
        MofNCompleteColumn(table_column=Column(no_wrap=True)),
        TimeElapsedColumn(table_column=Column(no_wrap=True)),
        TextColumn(
            "{task.fields[states]}",
            markup=False,  # scenario names are file names, not markup
            table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1),
        ),
        console=console,
        transient=True,
        expand=True,
    )
    task = progress.add_task("runs", total=len(scenarios) * len(runner.modes), states="starting workers…")
    states = WorkerStates()

    def on_event(event: Event) -> None:
        if event.kind is Stage.DONE:
            progress.advance(task)
        progress.update(task, states=states.update(event))

    runner.on_event = on_event
    with progress:
        return runner.run(scenarios)
