"""The debug session: one mode of one scenario, in the foreground, under the real pdb.

Started by `debugdemo debug` (see pdb_parent.py) with the command line of a
`protocol.PdbArgs`, with the terminal's stdin and stdout, so pdb reads and writes them
as it would in the user's own program. Each `breakpoint()` opens pdb, and so does each
`--break` line (a pdb breakpoint set before the scenario runs); with --post-mortem,
breakpoints are skipped and pdb opens in the frame that raised the exception. After a
normal session the exception is printed the way Python prints it.

Exit codes: 0 when the session ran (the scenario returned, raised, or pdb was quit),
1 when it could not run (framework not installed, scenario could not be loaded),
130 on Ctrl-C outside pdb.
"""

from __future__ import annotations

import bdb
import os
import pdb
import sys
import traceback
import types
from pathlib import Path
from typing import IO, Any

from debugdemo.errors import ExitCode
from debugdemo.modes import Mode
from debugdemo.process import extract, protocol
from debugdemo.process import worker_child as worker
from debugdemo.process.environment import quiet
from debugdemo.records import Origin
from debugdemo.scenario import load_scenario
from debugdemo.text import lines_text, short_path

_PACKAGE_DIR = str(Path(__file__).resolve().parent.parent) + os.sep  # the whole debugdemo package


class Debugger(pdb.Pdb):
    """The standard pdb, which also echoes commands read from a pipe.

    Piped commands are not echoed by a terminal, so a transcript would show output
    under bare prompts; echoing them makes `printf 'p x\\nc\\n' | debugdemo debug ...`
    read like a terminal session.
    """

    quit_requested = False  # class-wide: any pdb of this session was quit

    def __init__(self, stdin: IO[str] | None = None, stdout: IO[str] | None = None) -> None:
        # Stepping off the scenario's function must not walk into debugdemo's own frames.
        super().__init__(stdin=stdin, stdout=stdout, skip=["debugdemo.*", "__main__", "runpy"])
        self._echo = not _isatty(stdin or sys.stdin)

    def get_stack(self, f: types.FrameType | None, t: types.TracebackType | None) -> tuple[Any, int]:
        """pdb's stack from the scenario on: the harness frames above it (runpy, this module) left out."""
        stack, index = super().get_stack(f, t)
        cut = 0
        while cut < index and _is_harness(stack[cut][0]):
            cut += 1
        return stack[cut:], index - cut

    def continue_with_breaks(self, frame: types.FrameType, lines: list[int], file: str) -> None:
        """Set pdb breakpoints on `lines` of `file` and trace from `frame` on, without stopping yet.

        What `set_trace` does, but continuing (`c`) instead of stepping: pdb stops at the
        first breakpoint the run reaches.
        """
        self.reset()
        for line in lines:
            error = self.set_break(file, line)
            if error:
                _say(f"debugdemo: {error}")
        while frame is not None:
            frame.f_trace = self.trace_dispatch
            self.botframe = frame
            frame = frame.f_back  # type: ignore[assignment]
        self.set_continue()
        sys.settrace(self.trace_dispatch)

    def precmd(self, line: str) -> str:
        if self._echo and line != "EOF":
            self.message(line.rstrip("\n"))
        return str(super().precmd(line))

    def set_quit(self) -> None:
        Debugger.quit_requested = True
        super().set_quit()


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _is_harness(frame: types.FrameType) -> bool:
    filename = frame.f_code.co_filename
    if filename.startswith(_PACKAGE_DIR) or "runpy" in filename:
        return True
    return frame.f_globals.get("__name__") == "__main__"


_session: list[Debugger] = []  # the session's debugger once --break set one up: it keeps the breakpoints


def stop_here(*args: Any, **kwargs: Any) -> None:
    """The `sys.breakpointhook`: pdb at the caller's line, as the default hook does."""
    if _session:
        # Already tracing for --break: set_trace would reset the debugger while its own trace
        # function runs, and pdb would stop inside bdb. Stop tracing first; set_trace restarts it.
        sys.settrace(None)
        _session[0].set_trace(sys._getframe(1))
        return
    Debugger().set_trace(sys._getframe(1))


def skip_breakpoint(*args: Any, **kwargs: Any) -> None:
    """The `sys.breakpointhook` for --post-mortem: pdb waits for the exception instead."""


def trimmed(tb: types.TracebackType | None) -> types.TracebackType | None:
    """The traceback without this package's outer frames: what Python shows for the user's code."""
    while tb is not None and tb.tb_frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        tb = tb.tb_next
    return tb


def _first_line(exc: BaseException) -> str:
    text = extract.safe_str(exc, 300).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def where_it_surfaced(exc: BaseException, scenario_file: str, bug_lines: tuple[int, ...]) -> str:
    """One line linking the traceback above to the scenario's bug marker."""
    frames, _ = extract.frames_of(exc.__traceback__, scenario_file)
    surfaced = extract.surfaced_at(frames)
    bug = lines_text(bug_lines)
    if surfaced is None:
        where = "no frame of the scenario file is in the traceback"
    else:
        where = f"it surfaced at line {surfaced.line} ({surfaced.function})"
    if not bug_lines:
        return f"debugdemo: the scenario raised {type(exc).__name__}; {where}."
    verdict = "the bug line itself" if surfaced and surfaced.line in bug_lines else f"the bug is on {bug}"
    return f"debugdemo: the scenario raised {type(exc).__name__}; {where}: {verdict}."


def post_mortem_note(exc: BaseException, scenario_file: str) -> list[str]:
    """Where pdb is about to open, and how far that is from the user's own code (live)."""
    entries: list[tuple[str, int, str]] = []
    tb = exc.__traceback__
    while tb is not None:
        entries.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno or 0, tb.tb_frame.f_code.co_name))
        tb = tb.tb_next
    lines = [f"Post-mortem: {_first_line(exc)}"]
    if not entries:
        return lines
    file, line, function = entries[-1]
    origin = extract.origin_of(file, scenario_file)
    if origin is Origin.SCENARIO:
        lines.append(f"pdb opens in your own code: {function}(), line {line}, the line that raised.")
    else:
        owner = {Origin.FRAMEWORK: "framework code", Origin.PYTHON: "Python's own code"}.get(origin, "")
        lines.append(
            f"pdb opens in {function}(), {short_path(file)} line {line}: {owner or 'not your file'}."
        )
        yours = [i for i, (f, _, _) in enumerate(entries) if f == scenario_file]
        if yours:
            ups = len(entries) - 1 - yours[-1]
            _, your_line, your_function = entries[yours[-1]]
            lines.append(f"Your last line, {your_function}() line {your_line}, is {ups} × `up` away.")
        else:
            lines.append("No frame of the scenario file is on this stack.")
    created = extract.defined_at(exc, scenario_file)
    if created:
        innermost, callers = created[-1], created[:-1]
        via = "".join(f", reached from line {loc.line} ({loc.function})" for loc in reversed(callers))
        if type(exc).__module__.split(".")[0] == "jax":
            lines.append(
                f"JAX's message names line {innermost.line} ({innermost.function}){via}: "
                "the function it was tracing when the error came up."
            )
        else:
            lines.append(
                f"TensorFlow says the failing op was created at line {innermost.line} "
                f"({innermost.function}){via}, while the graph was built: long before this stack."
            )
    return lines


def run(
    mode: Mode, path: Path, post_mortem: bool, preload: bool, break_lines: list[int] | None = None
) -> int:
    quiet(os.environ)
    try:
        if preload:
            worker.prepare(mode)
    except ImportError as exc:
        framework = mode.framework
        _say(
            f"debugdemo: {mode.value} needs {framework.value}, which is not installed here — "
            f"pip install {framework.pip_name} ({extract.safe_str(exc, 300)})"
        )
        return ExitCode.FAILED
    scenario = load_scenario(path)
    bug_lines = scenario.bug_lines.get(mode, ())
    scenario_file = str(path)
    worker.reset(mode)
    sys.path.insert(0, str(path.parent))
    try:
        function = worker.load_function(path, mode.function)
    except BaseException as exc:  # noqa: BLE001 - a broken scenario is reported, not our crash
        traceback.print_exception(type(exc), exc, trimmed(exc.__traceback__))
        _say(f"debugdemo: could not load {path.name}: {_first_line(exc)}")
        return ExitCode.FAILED
    if function is None:
        _say(f"debugdemo: {path.name} defines no {mode.function}()")
        return ExitCode.USAGE

    sys.breakpointhook = skip_breakpoint if post_mortem else stop_here
    if break_lines:
        _session.append(Debugger())
        _session[0].continue_with_breaks(sys._getframe(), break_lines, scenario_file)
    try:
        try:
            value = function()
        finally:
            sys.settrace(None)  # any --break tracing ends with the scenario
    except KeyboardInterrupt:
        if Debugger.quit_requested:
            return ExitCode.OK
        raise
    except bdb.BdbQuit:
        return ExitCode.OK
    except BaseException as exc:  # noqa: BLE001 - the scenario's error is what the session shows
        if Debugger.quit_requested:
            return ExitCode.OK  # pdb was quit inside framework code, which wrapped BdbQuit
        if post_mortem:
            sys.stdout.write("\n".join(post_mortem_note(exc, scenario_file)) + "\n")
            sys.stdout.flush()
            debugger = Debugger()
            debugger.reset()
            debugger.interaction(None, exc.__traceback__)
            return ExitCode.OK
        sys.stdout.flush()
        traceback.print_exception(type(exc), exc, trimmed(exc.__traceback__))
        _say(where_it_surfaced(exc, scenario_file, bug_lines))
        return ExitCode.OK
    sys.stdout.flush()
    _say(f"debugdemo: {mode.function}() returned normally: {extract.safe_repr(value, worker.MAX_REPR)}")
    if post_mortem:
        _say("debugdemo: nothing was raised, so there is no post-mortem to open.")
    return ExitCode.OK


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def main(argv: list[str]) -> int:
    args = protocol.parse_args(argv, protocol.PdbArgs)
    break_lines = [int(line) for line in args.breaks.split(",") if line.strip()]
    try:
        return run(args.mode, args.file.resolve(), args.post_mortem, args.preload, break_lines)
    except KeyboardInterrupt:
        _say("\nInterrupted.")
        return ExitCode.INTERRUPTED


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
