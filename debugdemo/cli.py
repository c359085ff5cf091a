"""The typer app: options in, logic from the other modules, renderables out."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, ClassVar, Optional, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from debugdemo import __version__
from debugdemo.catalog import Catalog, discover, search_path
from debugdemo.errors import TRACEBACK_ENV, DebugDemoError, ExitCode
from debugdemo.modes import DEFAULT_MODES, UnknownModeError, parse_modes

_T = TypeVar("_T")

app = typer.Typer(
    name="debugdemo",
    help="Run the same deliberately buggy code in PyTorch eager and TF1 graph mode, side by side.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


class State:
    """Global options, set by the callback before any command runs."""

    paths: ClassVar[list[Path]] = []


def tracebacks_wanted() -> bool:
    """--traceback or DEBUGDEMO_TRACEBACK=1: show debugdemo's own tracebacks, for bug reports."""
    return os.environ.get(TRACEBACK_ENV, "") not in ("", "0")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"debugdemo {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    path: Annotated[
        Optional[list[Path]],
        typer.Option("--path", help="Extra scenario folder (repeatable); also DEBUGDEMO_PATH."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    show_traceback: Annotated[
        bool,
        typer.Option(
            "--traceback", help=f"Show debugdemo's own tracebacks, for bug reports; also {TRACEBACK_ENV}=1."
        ),
    ] = False,
) -> None:
    State.paths = list(path or [])
    if show_traceback:
        os.environ[TRACEBACK_ENV] = "1"  # workers inherit it


def _consoles() -> tuple[Console, Console]:
    return Console(), Console(stderr=True)


def _catalog() -> Catalog:
    return discover(search_path(State.paths))


@contextmanager
def _errors(err: Console) -> Iterator[None]:
    """Turn errors into a message and an exit code; a traceback only when asked for one."""
    try:
        yield
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise
    except (DebugDemoError, UnknownModeError) as exc:
        code = exc.exit_code if isinstance(exc, DebugDemoError) else ExitCode.USAGE
        _error(err, str(exc))
        if tracebacks_wanted():
            err.print(Text(traceback.format_exc(), style="dim"), soft_wrap=True)
        raise typer.Exit(int(code)) from None
    except KeyboardInterrupt:
        err.print("[yellow]Interrupted: all workers stopped.[/]")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except Exception as exc:
        if tracebacks_wanted():
            raise
        _error(
            err,
            f"debugdemo failed: {type(exc).__name__}: {exc}\n"
            f"This is a bug in debugdemo. Run again with --traceback (or {TRACEBACK_ENV}=1) "
            "and include what it prints in a bug report.",
        )
        raise typer.Exit(int(ExitCode.FAILED)) from None


def _error(err: Console, message: str) -> None:
    from debugdemo.render import visible

    # soft_wrap: a long path stays on one line, for copying.
    err.print(Text.assemble(("Error:", "bold red"), " ", visible(message)), soft_wrap=True)


def _with_status(err: Console, message: str, work: Callable[[], _T]) -> _T:
    """Run `work` under a spinner saying `message` (terminals only)."""
    if not err.is_terminal:
        return work()
    with err.status(message):
        return work()


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@app.command("list")
def list_scenarios(
    tag: Annotated[Optional[str], typer.Option(help="Only scenarios with this tag.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """List the scenarios (read statically: nothing is imported or run)."""
    from debugdemo import render

    out, err = _consoles()
    with _errors(err):
        catalog = _catalog()
        scenarios = catalog.by_tag(tag)
        if as_json:
            _print_json(
                {
                    "scenarios": [_scenario_json(s) for s in scenarios],
                    "problems": catalog.problems,
                }
            )
            return
        if scenarios:
            out.print(render.scenario_table(scenarios))
        else:
            out.print(f"No scenarios{' tagged ' + repr(tag) if tag else ''}.")
        if catalog.problems:
            err.print(render.problems_panel(catalog.problems))


def _scenario_json(s: Any) -> dict[str, Any]:
    return {
        "name": s.name,
        "title": s.title,
        "explanation": s.explanation,
        "file": str(s.path),
        "tags": list(s.tags),
        "modes": [m.value for m in s.modes],
        "bug_lines": {m.value: list(lines) for m, lines in s.bug_lines.items()},
        "breakpoint_lines": {m.value: list(lines) for m, lines in s.breakpoint_lines.items()},
        "expect": {m.value: e for m, e in s.expect.items()},
    }


@app.command()
def run(
    names: Annotated[
        Optional[list[str]], typer.Argument(help="Scenario names or scenario file paths.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Run every scenario.")] = False,
    modes: Annotated[str, typer.Option(help="Comma-separated modes (ids or aliases), or 'all'.")] = ",".join(
        m.value for m in DEFAULT_MODES
    ),
    full: Annotated[bool, typer.Option(help="Show every frame, message line and output line.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run records as JSON.")] = False,
    timeout: Annotated[
        float, typer.Option(help="Seconds a mode may run before it is stopped.", min=0.1)
    ] = 60.0,
) -> None:
    """Run scenarios in each mode, each mode in its own worker, and show them side by side."""
    from debugdemo.runner import Runner

    out, err = _consoles()
    with _errors(err):
        catalog = _catalog()
        if all_:
            scenarios = catalog.by_tag(None)
        elif names:
            scenarios = [catalog.resolve(n) for n in names]
        else:
            raise DebugDemoError("Name a scenario (see 'debugdemo list'), or use --all.")
        chosen = parse_modes(modes)
        runner = Runner(chosen, timeout=timeout)
        results = _run_with_status(runner, scenarios, err)
        if as_json:
            data = [r.to_dict() for r in results]
            _print_json(data[0] if len(data) == 1 else data)
        else:
            from debugdemo import render

            by_name = {s.name: s for s in scenarios}
            for result in results:
                out.print(render.scenario_view(result, out.width, by_name[result.scenario].explanation, full))
        if any(not run.status.is_result for r in results for run in r.runs):
            raise typer.Exit(int(ExitCode.FAILED))


def _run_with_status(runner: Any, scenarios: list[Any], err: Console) -> list[Any]:
    """Run with a spinner that says which framework is loading (terminals only)."""
    from debugdemo.runner import Event

    if not err.is_terminal:
        return runner.run(scenarios)
    states: dict[str, str] = {}
    status = err.status("Starting workers…")

    def on_event(event: Event) -> None:
        if event.kind == "starting":
            states[event.mode.value] = f"loading {event.mode.framework.value}"
        elif event.kind == "running":
            states[event.mode.value] = f"running {event.scenario}"
        else:
            states[event.mode.value] = "done"
        status.update(" · ".join(f"{mode}: {what}" for mode, what in states.items()))

    runner.on_event = on_event
    with status:
        return runner.run(scenarios)


@app.command()
def doctor(
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """Show the Python, torch and TensorFlow versions, and which modes can run here.

    Exits 1 when some mode cannot run.
    """
    from debugdemo.doctor import collect

    out, err = _consoles()
    with _errors(err):
        report = _with_status(err, "Importing torch and TensorFlow in probe processes…", collect)
        if as_json:
            _print_json(report.to_dict())
        else:
            from debugdemo import render

            out.print(render.doctor_view(report))
        if not report.all_ok:
            raise typer.Exit(int(ExitCode.FAILED))


def main() -> None:
    try:
        app(prog_name="debugdemo")
    except KeyboardInterrupt:  # outside a command, e.g. while Python imports typer and rich
        sys.stderr.write("Interrupted.\n")
        sys.exit(int(ExitCode.INTERRUPTED))
