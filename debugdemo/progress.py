"""A progress bar for long runs (`report`): runs done of scenarios × modes, and what each worker does."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from debugdemo.records import ScenarioResult
from debugdemo.runner import Event, Runner
from debugdemo.scenario import Scenario


def run_with_progress(
    runner: Runner, scenarios: Sequence[Scenario], console: Console
) -> list[ScenarioResult]:
    """Run with a progress bar on `console` when it is a terminal; silently otherwise."""
    if not console.is_terminal:
        return runner.run(scenarios)
    progress = Progress(
        TextColumn("[bold]runs"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[states]}", markup=False),  # scenario names are file names, not markup
        console=console,
        transient=True,
    )
    task = progress.add_task("runs", total=len(scenarios) * len(runner.modes), states="starting workers…")
    states: dict[str, str] = {}

    def on_event(event: Event) -> None:
        if event.kind == "starting":
            states[event.mode.value] = f"loading {event.mode.framework.value}"
        elif event.kind == "running":
            states[event.mode.value] = f"running {event.scenario}"
        else:
            states[event.mode.value] = "done"
            progress.advance(task)
        progress.update(task, states=" · ".join(f"{mode}: {what}" for mode, what in states.items()))

    runner.on_event = on_event
    with progress:
        return runner.run(scenarios)
