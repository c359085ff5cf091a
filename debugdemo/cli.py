"""The typer app: options in, logic from the other modules, renderables out."""

from __future__ import annotations

import atexit
import json
import os
import shlex
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, ClassVar, NoReturn, Optional, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from debugdemo import __version__
from debugdemo.catalog import Catalog, discover, search_path
from debugdemo.errors import TRACEBACK_ENV, DebugDemoError, ExitCode
from debugdemo.modes import DEFAULT_MODES, Mode, UnknownModeError, parse_modes

_T = TypeVar("_T")

app = typer.Typer(
    name="debugdemo",
    help="Run the same deliberately buggy code in PyTorch eager and TF1 graph mode, side by side.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
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
        typer.Option(
            "--path", metavar="DIR", help="Extra scenario folder (repeatable); also DEBUGDEMO_PATH."
        ),
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


# Options about where the output goes, not about what a picture shows.
_NOT_IN_TITLE = frozenset({"export", "slide", "as_json"})


def _typed_command(ctx: typer.Context) -> str:
    """The command as the user typed it, for a picture's title: `debugdemo run NAME --modes all`.

    Rebuilt from what click parsed off the command line (so defaults stay out, and the tests'
    runner gets the same title as a shell): arguments first, then options as spelt in --help.
    """
    words = ["debugdemo", ctx.info_name or ""]
    for param in ctx.command.params:
        source = ctx.get_parameter_source(param.name or "")
        if param.name in _NOT_IN_TITLE or getattr(source, "name", "") != "COMMANDLINE":
            continue
        value = ctx.params[param.name or ""]
        values = [_typed(v) for v in value] if isinstance(value, list | tuple) else [_typed(value)]
        if param.param_type_name == "argument":
            words[2:2] = values
        elif value is True:
            words.append(param.opts[0])
        elif value is not False:
            words += [w for v in values for w in (param.opts[0], v)]
    return shlex.join(words)


def _typed(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


_MODES_OPTION = typer.Option(metavar="MODES", help="Comma-separated modes (ids or aliases), or 'all'.")
_TIMEOUT_OPTION = typer.Option(
    metavar="SECONDS", help="Seconds a mode may run before it is stopped.", min=0.1
)
_EXPORT_OPTION = typer.Option(
    "--export",
    metavar="FILE",
    help="Also write the results to FILE, format by extension: .svg, .html, .txt (the terminal view), "
    ".md (tables), .json (the records). An existing FILE is replaced.",
)

_SLIDE_OPTION = typer.Option(
    "--slide",
    metavar="FILE",
    help="Also draw a 16:9 slide to FILE (.svg, 1920×1080, text at least 24 px high): "
    "run: one scenario's verdict; report: the totals per mode.",
)


@app.command("list", short_help="List the scenarios (read statically: nothing runs).")
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
            err.print(render.problems_panel(catalog.problems), soft_wrap=True)


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


@app.command(short_help="Run scenarios side by side, each mode in its own worker.")
def run(
    ctx: typer.Context,
    names: Annotated[
        Optional[list[str]], typer.Argument(help="Scenario names or scenario file paths.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Run every scenario.")] = False,
    modes: Annotated[str, _MODES_OPTION] = ",".join(m.value for m in DEFAULT_MODES),
    full: Annotated[
        bool, typer.Option("--full", help="Show every frame, message line and output line.")
    ] = False,
    aid: Annotated[
        bool,
        typer.Option(
            "--aid",
            help="Switch on each framework's own debugging aid: anomaly detection (torch),"
            " check_numerics and unfiltered tracebacks (TensorFlow).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run records as JSON.")] = False,
    export: Annotated[Optional[Path], _EXPORT_OPTION] = None,
    slide: Annotated[Optional[Path], _SLIDE_OPTION] = None,
    timeout: Annotated[float, _TIMEOUT_OPTION] = 60.0,
) -> None:
    """Run scenarios in each mode, each mode in its own worker, and show them side by side."""
    from debugdemo import export as exporting
    from debugdemo.process.worker_parent import Runner

    out, err = _consoles()
    with _errors(err):
        if export is not None:
            exporting.export_format(export)  # a bad file name fails before any framework starts
        if slide is not None:
            exporting.slide_target(slide, export)
            if all_ or len(names or []) != 1:
                raise DebugDemoError("--slide draws one scenario's verdict: name exactly one scenario.")
        runner = Runner(parse_modes(modes), timeout=timeout, aid=aid)
        runner.start()  # frameworks load (seconds) while the scenarios are found and read
        from debugdemo import render
        from debugdemo.progress import run_with_spinner

        catalog = _catalog()
        if all_:
            scenarios = catalog.by_tag(None)
        elif names:
            scenarios = [catalog.resolve(n) for n in names]
        else:
            raise DebugDemoError("Name a scenario (see 'debugdemo list'), or use --all.")
        results = run_with_spinner(runner, scenarios, err)
        explanations = {s.name: s.explanation for s in scenarios}

        def views(width: int) -> list[Any]:
            return [render.scenario_view(r, width, explanations[r.scenario], full) for r in results]

        if as_json:
            _print_json(exporting.run_records(results))
        else:
            for view in views(out.width):
                out.print(view)
        if export is not None:
            width = exporting.export_width(out)
            exporting.export_run(export, results, views(width), width, _typed_command(ctx))
            err.print(Text(f"Exported to {export}", style="dim"))
        if slide is not None:
            exporting.export_slide(slide, results[0], _typed_command(ctx))
            err.print(Text(f"Slide drawn to {slide}", style="dim"))
        if not all(r.complete for r in results):
            raise typer.Exit(int(ExitCode.FAILED))


@app.command(short_help="Run every scenario: a scoreboard with totals per mode.")
def report(
    ctx: typer.Context,
    modes: Annotated[str, _MODES_OPTION] = ",".join(m.value for m in DEFAULT_MODES),
    tag: Annotated[Optional[str], typer.Option(help="Only scenarios with this tag.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the totals and every run record as JSON.")
    ] = False,
    export: Annotated[Optional[Path], _EXPORT_OPTION] = None,
    slide: Annotated[Optional[Path], _SLIDE_OPTION] = None,
    timeout: Annotated[float, _TIMEOUT_OPTION] = 60.0,
) -> None:
    """Run every scenario in each mode and print a scoreboard, with totals per mode."""
    from debugdemo import export as exporting
    from debugdemo.process.worker_parent import Runner

    out, err = _consoles()
    with _errors(err):
        if export is not None:
            exporting.export_format(export)  # a bad file name fails before any framework starts
        if slide is not None:
            exporting.slide_target(slide, export)
        runner = Runner(parse_modes(modes), timeout=timeout)
        runner.start()  # frameworks load (seconds) while the catalogue is read
        from debugdemo import render
        from debugdemo.progress import run_with_progress
        from debugdemo.scoreboard import Scoreboard

        catalog = _catalog()
        scenarios = catalog.by_tag(tag)
        if catalog.problems:
            err.print(render.problems_panel(catalog.problems), soft_wrap=True)
        if not scenarios:
            raise DebugDemoError(f"No scenarios{' tagged ' + repr(tag) if tag else ''} to run.")
        results = run_with_progress(runner, scenarios, err)
        board = Scoreboard.of(results)
        if as_json:
            _print_json(exporting.report_records(board, results))
        else:
            from debugdemo.views.chart import ScoreChart

            out.print(render.scoreboard_view(board, out.width))
            out.print()
            out.print(ScoreChart(board))
        if export is not None:
            width = exporting.export_width(out)
            exporting.export_report(
                export, board, results, render.scoreboard_view(board, width), width, _typed_command(ctx)
            )
            err.print(Text(f"Exported to {export}", style="dim"))
        if slide is not None:
            exporting.export_scoreboard_slide(slide, board, _typed_command(ctx))
            err.print(Text(f"Slide drawn to {slide}", style="dim"))
        if catalog.invalid or not all(r.complete for r in results):
            raise typer.Exit(int(ExitCode.FAILED))


@app.command(short_help="Real pdb at each breakpoint(), or post-mortem.")
def debug(
    name: Annotated[str, typer.Argument(help="Scenario name or scenario file path.")],
    mode: Annotated[str, typer.Option("--mode", help="The mode to debug (id or alias, e.g. torch, tf1).")],
    post_mortem: Annotated[
        bool, typer.Option("--post-mortem", help="Open pdb where the exception was raised.")
    ] = False,
) -> None:
    """Run one mode in the foreground with the real pdb at each breakpoint() (or post-mortem)."""
    from debugdemo.banner import debug_banner
    from debugdemo.modes import parse_mode
    from debugdemo.process import pdb_parent as interactive

    out, err = _consoles()
    with _errors(err):
        scenario = _catalog().resolve(name)
        banner = interactive.plan(scenario, parse_mode(mode), post_mortem)
        out.print(debug_banner(banner))
        sys.stdout.flush()
        code = interactive.run_session(scenario, banner.mode, post_mortem)
    raise typer.Exit(code)


@app.command(short_help="Compare every scenario's EXPECT with live runs.")
def check(
    names: Annotated[
        Optional[list[str]], typer.Argument(help="Scenario names or files; every scenario when omitted.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the checks as JSON.")] = False,
    timeout: Annotated[float, _TIMEOUT_OPTION] = 60.0,
) -> None:
    """Run scenarios in every mode they define and compare the live runs with their EXPECT."""
    from debugdemo import render
    from debugdemo.expectations import compare, mismatches
    from debugdemo.process.worker_parent import Runner
    from debugdemo.progress import run_with_spinner

    out, err = _consoles()
    with _errors(err):
        catalog = _catalog()
        scenarios = [catalog.resolve(n) for n in names] if names else catalog.by_tag(None)
        invalid = [] if names else [str(exc) for exc in catalog.invalid.values()]
        if not scenarios and not invalid:
            raise DebugDemoError("No scenarios to check (see 'debugdemo list').")
        modes = [m for m in Mode if any(m in s.modes for s in scenarios)]
        results = run_with_spinner(Runner(modes, timeout=timeout), scenarios, err) if modes else []
        checks = [c for s, r in zip(scenarios, results, strict=True) for c in compare(s, r)]
        failed = bool(mismatches(checks) or invalid)
        if as_json:
            _print_json({"ok": not failed, "checks": [c.to_dict() for c in checks], "invalid": invalid})
        else:
            out.print(render.check_table(checks))
            out.print(render.check_summary(checks, len(invalid)))
            if invalid:
                err.print(render.problems_panel(invalid), soft_wrap=True)
        if failed:
            raise typer.Exit(int(ExitCode.FAILED))


@app.command(short_help="Write a scenario skeleton that runs as written.")
def new(
    name: Annotated[str, typer.Argument(help="Scenario name, e.g. my-shape-bug (file my_shape_bug.py).")],
    folder: Annotated[
        Optional[Path],
        typer.Option(
            "--dir", help="Folder to write to [default: first --path / DEBUGDEMO_PATH entry, else .]"
        ),
    ] = None,
) -> None:
    """Write a scenario skeleton that runs as written: edit it into your own bug."""
    from debugdemo import render
    from debugdemo.scaffold import scaffold

    out, err = _consoles()
    with _errors(err):
        written = scaffold(name, folder, State.paths)
        out.print(render.scaffolded(written))
        if written.same_name is not None:
            err.print(render.same_name_note(written))


@app.command(short_help="Show a scenario's source per mode, bugs marked.")
def show(
    name: Annotated[str, typer.Argument(help="Scenario name or file path.")],
    mode: Annotated[
        Optional[str],
        typer.Option("--mode", help="Only this mode (id or alias); default: every mode it defines."),
    ] = None,
) -> None:
    """Show a scenario's source per mode, bug lines marked (read statically: nothing is run)."""
    from debugdemo import render
    from debugdemo.modes import parse_mode

    out, err = _consoles()
    with _errors(err):
        scenario = _catalog().resolve(name)
        modes = [parse_mode(mode)] if mode else list(scenario.modes)
        out.print(render.scenario_source(scenario, modes, out.width))


@app.command(short_help="Versions, and which modes can run here.")
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
        _exit_interrupted()
    except SystemExit as exc:
        if exc.code == ExitCode.INTERRUPTED:
            _exit_interrupted()
        raise


def _exit_interrupted() -> NoReturn:
    """Exit 130 after a Ctrl-C, and mean it.

    Once a KeyboardInterrupt has been raised inside a nested evaluation (an import in
    progress, say), CPython 3.11 ends the process by re-sending itself SIGINT at exit,
    whatever exit code was asked for, even though the interrupt was handled. So run the
    exit handlers (they stop any worker still running), flush, and leave directly.
    """
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(int(ExitCode.INTERRUPTED))
