"""The typer app: options in, logic from the other modules, renderables out.

Every command is a function that takes the two consoles and returns an exit code, or
raises a DebugDemoError; `command` registers it behind the one error boundary
(`boundary`), which makes the consoles, catches and maps exceptions to exit codes.
"""

# No `from __future__ import annotations` here: `command` and typer read the annotations
# of every command on every call (--help included), and from strings each is an eval()
# and a compile(), about a millisecond in all; written out, they cost next to nothing.

import atexit
import functools
import gc
import inspect
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, NoReturn, Optional, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from debugdemo import __version__
from debugdemo.errors import TRACEBACK_ENV, DebugDemoError, ExitCode, tracebacks_wanted
from debugdemo.modes import DEFAULT_MODES, Mode, parse_modes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from debugdemo.catalog import Catalog
    from debugdemo.process.worker_parent import Runner

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
    # Where run, report and check get their workers: fresh ones by default, a warm session's
    # inside `%debugdemo` (ipython.py). Called as Runner(modes, timeout=..., aid=...).
    runner_factory: ClassVar[Optional[Callable[..., "Runner"]]] = None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"debugdemo {__version__}")
        raise typer.Exit()


_PATH_HELP = "Extra scenario folder (repeatable); also DEBUGDEMO_PATH."
_PATH_OPTION = typer.Option("--path", metavar="DIR", help=_PATH_HELP)


@app.callback()
def main_options(
    path: Annotated[Optional[list[Path]], _PATH_OPTION] = None,
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
    State.paths = _folders(path)
    if show_traceback:
        os.environ[TRACEBACK_ENV] = "1"  # workers inherit it


def _folders(paths: Optional[list[Path]]) -> list[Path]:
    """The --path folders; one that is not a folder is a usage error (exit 2), not a warning."""
    for folder in paths or []:
        if not folder.expanduser().is_dir():
            what = "does not exist" if not folder.expanduser().exists() else "is not a folder"
            raise typer.BadParameter(
                f"{folder} {what}: give a folder of scenario files.", param_hint="'--path'"
            )
    return list(paths or [])


def _catalog() -> "Catalog":
    from debugdemo.catalog import discover, search_path  # not for --help

    return discover(search_path(State.paths))


def _cached_catalog() -> "Catalog":
    """The catalogue with the metadata cache, for `list` only: nothing it reads there runs."""
    from debugdemo.cache import MetadataCache
    from debugdemo.catalog import discover, search_path

    return discover(search_path(State.paths), MetadataCache.for_user())


def boundary(err: Console, body: Callable[[], int], workers: bool = False) -> int:
    """Run a command's body: its exit code, or the one an exception maps to, after a message.

    A DebugDemoError is the user's to act on (its own exit code); Ctrl-C is 130; anything
    else is a bug of ours, raised as is when tracebacks are wanted. `workers`: the command
    starts worker processes, which a Ctrl-C stops (and the message says so).
    """
    try:
        return body()
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise
    except DebugDemoError as exc:
        _error(err, str(exc))
        if tracebacks_wanted():
            err.print(Text(traceback.format_exc(), style="dim"), soft_wrap=True)
        return exc.exit_code
    except KeyboardInterrupt:
        err.print("[yellow]Interrupted: all workers stopped.[/]" if workers else "[yellow]Interrupted.[/]")
        return ExitCode.INTERRUPTED
    except Exception as exc:
        if tracebacks_wanted():
            raise
        _error(
            err,
            f"debugdemo failed: {type(exc).__name__}: {exc}\n"
            f"This is a bug in debugdemo. Run again with --traceback (or {TRACEBACK_ENV}=1) "
            "and include what it prints in a bug report.",
        )
        return ExitCode.FAILED


def command(
    name: str | None = None, *, short_help: str, reads_scenarios: bool = False, workers: bool = False
) -> Callable[[Callable[..., int]], Callable[..., None]]:
    """Register `body(out, err, **options) -> exit code` as a command, behind `boundary`.

    With `reads_scenarios`, the command also takes --path after its name; those folders
    are searched after the ones given before it. `workers`: it starts worker processes.
    """

    def register(body: Callable[..., int]) -> Callable[..., None]:
        signature = inspect.signature(body, eval_str=True)
        options = list(signature.parameters.values())[2:]  # out, err: made here
        if reads_scenarios:
            path_type = Annotated[Optional[list[Path]], _PATH_OPTION]
            options.append(
                inspect.Parameter("path", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=path_type)
            )

        @functools.wraps(body)
        def run_command(**given: Any) -> None:
            State.paths = [*State.paths, *_folders(given.pop("path", None))]
            out, err = Console(), Console(stderr=True)
            code = boundary(err, lambda: body(out, err, **given), workers)
            if code != ExitCode.OK:
                raise typer.Exit(code)

        run_command.__signature__ = signature.replace(parameters=options, return_annotation=None)  # type: ignore[attr-defined]
        run_command.__annotations__ = {}  # the signature above has them, evaluated
        app.command(name, short_help=short_help)(run_command)
        return run_command

    return register


def _error(err: Console, message: str) -> None:
    from debugdemo.views.common import visible

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
    import shlex

    before = _typed_params(ctx.parent) if ctx.parent is not None else []  # e.g. --path DIR run
    return shlex.join(["debugdemo", *before, ctx.info_name or "", *_typed_params(ctx)])


def _typed_params(ctx: Any) -> list[str]:  # a click Context: the parent is not a typer one
    """The parameters of one command level that came from the command line, arguments first."""
    arguments: list[str] = []
    options: list[str] = []
    for param in ctx.command.params:
        source = ctx.get_parameter_source(param.name or "")
        if param.name in _NOT_IN_TITLE or getattr(source, "name", "") != "COMMANDLINE":
            continue
        value = ctx.params[param.name or ""]
        values = [_typed(v) for v in value] if isinstance(value, list | tuple) else [_typed(value)]
        if param.param_type_name == "argument":
            arguments += values
        elif value is True:
            options.append(param.opts[0])
        elif value is not False:
            options += [w for v in values for w in (param.opts[0], v)]
    return arguments + options


def _typed(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _print_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _started_runner(
    modes: str, timeout: float, export: Path | None, aid: bool = False, slide: Path | None = None
) -> "Runner":
    """Workers for `run` and `report`, started now: frameworks load (seconds) while scenarios are read.

    A bad --export or --slide file name fails first, before any framework starts.
    """
    from debugdemo import export as exporting

    if export is not None:
        exporting.export_format(export)
    if slide is not None:
        exporting.slide_target(slide, export)
    runner = _runner(parse_modes(modes), timeout=timeout, aid=aid)
    runner.start()
    return runner


def _runner(modes: "Sequence[Mode]", timeout: float, aid: bool = False) -> "Runner":
    from debugdemo.process.worker_parent import Runner

    return (State.runner_factory or Runner)(modes, timeout=timeout, aid=aid)


def _exported(err: Console, export: Path) -> None:
    err.print(Text(f"Exported to {export}", style="dim"))


def _none_found(tag: str | None) -> str:
    return f"No scenarios{' tagged ' + repr(tag) if tag else ''}"


_MODES_OPTION = typer.Option(metavar="MODES", help="Comma-separated modes (ids or aliases), or 'all'.")
_DEFAULT_MODES_TEXT = ",".join(m.value for m in DEFAULT_MODES)  # --modes of run, report and new
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


@command("list", short_help="List the scenarios (read statically: nothing runs).", reads_scenarios=True)
def list_scenarios(
    out: Console,
    err: Console,
    tag: Annotated[Optional[str], typer.Option(help="Only scenarios with this tag.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> int:
    """List the scenarios (read statically: nothing is imported or run)."""
    catalog = _cached_catalog()
    scenarios = catalog.summaries(tag)
    if as_json:
        _print_json({"scenarios": [s.to_dict() for s in scenarios], "problems": catalog.problems})
        return ExitCode.OK
    from debugdemo.views.listing import ListView, problems_panel

    if scenarios:
        out.print(ListView(scenarios))
    else:
        out.print(_none_found(tag) + ".")
    if catalog.problems:
        err.print(problems_panel(catalog.problems), soft_wrap=True)
    return ExitCode.OK


@command(
    short_help="Run scenarios side by side, each mode in its own worker.", reads_scenarios=True, workers=True
)
def run(
    out: Console,
    err: Console,
    ctx: typer.Context,
    names: Annotated[
        Optional[list[str]], typer.Argument(help="Scenario names or scenario file paths.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Run every scenario.")] = False,
    modes: Annotated[str, _MODES_OPTION] = _DEFAULT_MODES_TEXT,
    full: Annotated[
        bool, typer.Option("--full", help="Show every frame, message line and output line.")
    ] = False,
    aid: Annotated[
        bool,
        typer.Option(
            "--aid",
            help="Switch on each framework's own debugging aid: anomaly detection (torch),"
            " check_numerics and unfiltered tracebacks (TensorFlow), jax_debug_nans (JAX).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run records as JSON.")] = False,
    export: Annotated[Optional[Path], _EXPORT_OPTION] = None,
    slide: Annotated[Optional[Path], _SLIDE_OPTION] = None,
    timeout: Annotated[float, _TIMEOUT_OPTION] = 60.0,
) -> int:
    """Run scenarios in each mode, each mode in its own worker, and show them side by side."""
    if slide is not None and (all_ or len(names or []) != 1):
        raise DebugDemoError("--slide draws one scenario's verdict: name exactly one scenario.")
    runner = _started_runner(modes, timeout, export, aid, slide)
    from debugdemo import export as exporting
    from debugdemo.progress import run_with_spinner
    from debugdemo.views.run import RunView

    catalog = _catalog()
    if all_:
        scenarios = catalog.by_tag(None)
    elif names:
        scenarios = [catalog.resolve(n) for n in names]
    else:
        raise DebugDemoError("Name a scenario (see 'debugdemo list'), or use --all.")
    results = run_with_spinner(runner, scenarios, err)
    explanations = {s.name: s.explanation for s in scenarios}
    views = [RunView(r, explanations[r.scenario], full) for r in results]
    if as_json:
        _print_json(exporting.run_records(results))
    else:
        for view in views:
            out.print(view)
    if export is not None:
        width = exporting.export_width(out)
        exporting.export_run(export, results, views, width, _typed_command(ctx))
        _exported(err, export)
    if slide is not None:
        exporting.export_slide(slide, results[0], _typed_command(ctx))
        err.print(Text(f"Slide drawn to {slide}", style="dim"))
    return ExitCode.OK if all(r.complete for r in results) else ExitCode.FAILED


@command(
    short_help="Run every scenario: a scoreboard with totals per mode.", reads_scenarios=True, workers=True
)
def report(
    out: Console,
    err: Console,
    ctx: typer.Context,
    modes: Annotated[str, _MODES_OPTION] = _DEFAULT_MODES_TEXT,
    tag: Annotated[Optional[str], typer.Option(help="Only scenarios with this tag.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the totals and every run record as JSON.")
    ] = False,
    export: Annotated[Optional[Path], _EXPORT_OPTION] = None,
    slide: Annotated[Optional[Path], _SLIDE_OPTION] = None,
    timeout: Annotated[float, _TIMEOUT_OPTION] = 60.0,
) -> int:
    """Run every scenario in each mode and print a scoreboard, with totals per mode."""
    runner = _started_runner(modes, timeout, export, slide=slide)
    from debugdemo import export as exporting
    from debugdemo.progress import run_with_progress
    from debugdemo.scoreboard import Scoreboard
    from debugdemo.views.chart import ScoreChart
    from debugdemo.views.listing import problems_panel
    from debugdemo.views.report import ReportView

    catalog = _catalog()
    scenarios = catalog.by_tag(tag)
    if catalog.problems:
        err.print(problems_panel(catalog.problems), soft_wrap=True)
    if not scenarios:
        raise DebugDemoError(_none_found(tag) + " to run.")
    results = run_with_progress(runner, scenarios, err)
    board = Scoreboard.of(results)
    if as_json:
        _print_json(exporting.report_records(board, results))
    else:
        out.print(ReportView(board))
        out.print()
        out.print(ScoreChart(board))
    if export is not None:
        width = exporting.export_width(out)
        exporting.export_report(export, board, results, ReportView(board), width, _typed_command(ctx))
        _exported(err, export)
    if slide is not None:
        exporting.export_scoreboard_slide(slide, board, _typed_command(ctx))
        err.print(Text(f"Slide drawn to {slide}", style="dim"))
    complete = not catalog.invalid and all(r.complete for r in results)
    return ExitCode.OK if complete else ExitCode.FAILED


@command(short_help="Real pdb at each breakpoint() or --break line, or post-mortem.", reads_scenarios=True)
def debug(
    out: Console,
    err: Console,
    name: Annotated[str, typer.Argument(help="Scenario name or scenario file path.")],
    mode: Annotated[
        str,
        typer.Option("--mode", "--modes", help="The one mode to debug (id or alias, e.g. torch, tf1)."),
    ],
    post_mortem: Annotated[
        bool, typer.Option("--post-mortem", help="Open pdb where the exception was raised.")
    ] = False,
    break_lines: Annotated[
        Optional[list[int]],
        typer.Option(
            "--break",
            metavar="LINE",
            help="Also stop at this line of the scenario file, with a pdb breakpoint (repeatable).",
        ),
    ] = None,
) -> int:
    """Run one mode in the foreground with the real pdb at each breakpoint() (or post-mortem)."""
    from debugdemo.process import pdb_parent
    from debugdemo.views.banner import debug_banner

    scenario = _catalog().resolve(name)
    banner = pdb_parent.plan(scenario, _one_mode(mode, scenario), post_mortem, break_lines or ())
    out.print(debug_banner(banner))
    sys.stdout.flush()
    return pdb_parent.run_session(scenario, banner.mode, post_mortem, break_lines=break_lines or ())


def _one_mode(text: str, scenario: Any) -> Mode:
    """The single mode `debug` runs; a list, or 'all', is refused naming the modes it accepts."""
    from debugdemo.modes import UnknownModeError, parse_mode

    accepted = ", ".join(f"{m.value} ({m.alias})" for m in scenario.modes)
    if "," in text or text.strip().lower() == "all":
        raise DebugDemoError(
            f"debug runs one mode at a time, under pdb: got {text!r}. "
            f"Pick one of {scenario.name}'s modes: {accepted}."
        )
    try:
        return parse_mode(text)
    except UnknownModeError:
        import difflib

        names = [n for m in scenario.modes for n in (m.value, m.alias)]
        close = difflib.get_close_matches(text.strip().lower(), names, n=2)
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise DebugDemoError(f"Unknown mode {text!r}.{hint} {scenario.name}'s modes: {accepted}.") from None


@command(short_help="Compare every scenario's EXPECT with live runs.", reads_scenarios=True, workers=True)
def check(
    out: Console,
    err: Console,
    names: Annotated[
        Optional[list[str]], typer.Argument(help="Scenario names or files; every scenario when omitted.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the checks as JSON.")] = False,
    suggest: Annotated[
        bool,
        typer.Option(
            "--suggest", help="Print the EXPECT dict the live runs satisfy, ready to paste into the file."
        ),
    ] = False,
    timeout: Annotated[float, _TIMEOUT_OPTION] = 60.0,
) -> int:
    """Run scenarios in every mode they define and compare the live runs with their EXPECT."""
    from debugdemo.api import CheckReport, modes_defined
    from debugdemo.progress import run_with_spinner
    from debugdemo.views.check import CheckView
    from debugdemo.views.listing import problems_panel

    catalog = _catalog()
    scenarios = [catalog.resolve(n) for n in names] if names else catalog.by_tag(None)
    invalid = [] if names else [str(exc) for exc in catalog.invalid.values()]
    if not scenarios and not invalid:
        raise DebugDemoError("No scenarios to check (see 'debugdemo list').")
    modes = modes_defined(scenarios)
    results = run_with_spinner(_runner(modes, timeout=timeout), scenarios, err) if modes else []
    if suggest:
        return _print_suggestions(out, err, scenarios, results)
    report = CheckReport.of(scenarios, results, invalid)
    if as_json:
        _print_json(report.to_dict())
    else:
        out.print(CheckView(report.checks, len(invalid)))
        if invalid:
            err.print(problems_panel(invalid), soft_wrap=True)
    return ExitCode.OK if report.ok else ExitCode.FAILED


def _print_suggestions(out: Console, err: Console, scenarios: Any, results: Any) -> int:
    """`check --suggest`: an EXPECT per scenario on stdout; what makes it doubtful on stderr."""
    from debugdemo.expectations import expect_source, suggested_expect
    from debugdemo.records import FAILED_BEFORE_BUG

    doubtful = False
    for scenario, result in zip(scenarios, results, strict=True):
        if len(scenarios) > 1:
            out.print(Text(f"# {scenario.name} ({scenario.path})"), soft_wrap=True)
        out.print(Text(expect_source(suggested_expect(scenario, result))), soft_wrap=True)
        for run in result.runs:
            if run.failed_before_bug:
                doubtful = True
                err.print(Text(f"{scenario.name} {run.mode}: {FAILED_BEFORE_BUG}"), soft_wrap=True)
            elif not run.status.is_result:
                doubtful = True
                err.print(Text(f"{scenario.name} {run.mode}: no result ({run.status.value}), no expectation"))
    return ExitCode.FAILED if doubtful else ExitCode.OK


@command(short_help="Write a scenario skeleton that runs as written.", reads_scenarios=True)
def new(
    out: Console,
    err: Console,
    name: Annotated[str, typer.Argument(help="Scenario name, e.g. my-shape-bug (file my_shape_bug.py).")],
    folder: Annotated[
        Optional[Path],
        typer.Option(
            "--dir", help="Folder to write to [default: first --path / DEBUGDEMO_PATH entry, else .]"
        ),
    ] = None,
    modes: Annotated[str, _MODES_OPTION] = _DEFAULT_MODES_TEXT,
) -> int:
    """Write a scenario skeleton that runs as written: edit it into your own bug."""
    from debugdemo.scaffold import scaffold
    from debugdemo.views.new import same_name_note, scaffolded

    written = scaffold(name, folder, State.paths, parse_modes(modes))
    out.print(scaffolded(written))
    if written.same_name is not None:
        err.print(same_name_note(written))
    return ExitCode.OK


@command(short_help="Show a scenario's source per mode, bugs marked.", reads_scenarios=True)
def show(
    out: Console,
    err: Console,
    name: Annotated[str, typer.Argument(help="Scenario name or file path.")],
    modes_text: Annotated[
        Optional[str],
        typer.Option(
            "--modes",
            "--mode",
            metavar="MODES",
            help="Only these modes (comma-separated ids or aliases, or 'all'); default: all it defines.",
        ),
    ] = None,
) -> int:
    """Show a scenario's source per mode, bug lines marked (read statically: nothing is run)."""
    from debugdemo.views.show import scenario_source

    scenario = _catalog().resolve(name)
    if not modes_text or modes_text.strip().lower() == "all":  # 'all': all it defines
        modes = list(scenario.modes)
    else:
        modes = list(parse_modes(modes_text))
    out.print(scenario_source(scenario, modes, out.width), crop=False)
    return ExitCode.OK


@command(short_help="Versions, and which modes can run here.", workers=True)
def doctor(
    out: Console,
    err: Console,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> int:
    """Show the Python, torch, TensorFlow and JAX versions, and which modes can run here.

    Exits 1 when some mode cannot run.
    """
    from debugdemo.doctor import collect

    report = _with_status(err, "Importing torch, TensorFlow and JAX in probe processes…", collect)
    if as_json:
        _print_json(report.to_dict())
    else:
        from debugdemo.views.doctor import DoctorView

        out.print(DoctorView(report))
    return ExitCode.OK if report.all_ok else ExitCode.FAILED


@command(
    short_help="A Textual app: browse, run with warm workers, pdb, export, present.",
    reads_scenarios=True,
    workers=True,
)
def studio(
    out: Console,
    err: Console,
    name: Annotated[Optional[str], typer.Argument(help="Scenario name or file path to start on.")] = None,
    timeout: Annotated[float, _TIMEOUT_OPTION] = 60.0,
) -> int:
    """Browse the scenarios, run them in warm workers, drop into pdb, export, present.

    Keys are shown at the bottom; ? lists them all.
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise DebugDemoError("debugdemo studio needs a terminal (stdin and stdout are not one).")
    catalog = _catalog()
    start = catalog.resolve(name) if name else None
    from debugdemo.studio import run_studio

    return run_studio(catalog, start, timeout)


def main() -> None:
    # Everything imported so far lives until exit: freeze it, so that no collection walks
    # those objects again, nor the one at exit (show: 5 % fewer instructions, benchmarks/).
    gc.freeze()
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
    os._exit(ExitCode.INTERRUPTED)
