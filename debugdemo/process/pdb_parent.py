"""`debugdemo debug`: one mode of a scenario in the foreground, with the real pdb.

The banner is planned here from the static scenario (nothing is imported or run); the
session itself runs in a child interpreter (pdb_child.py, started with the command line of a
`protocol.PdbArgs`) that inherits the terminal's
stdin and stdout, so pdb is exactly the pdb the user would get in their own program.
Only the child's stderr passes through this process, line by line, to drop framework
start-up noise.
"""

from __future__ import annotations

import ast
import builtins
import os
import select
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO

from debugdemo.errors import DebugDemoError, ExitCode
from debugdemo.modes import Framework, Mode
from debugdemo.process import protocol
from debugdemo.process.capture import strip_noise
from debugdemo.process.environment import child_env
from debugdemo.scenario import Scenario
from debugdemo.text import source_line

# Modules whose import means the scenario really needs its framework loaded first.
_FRAMEWORK_MODULES = {
    Framework.TORCH: {"torch"},
    Framework.TENSORFLOW: {"tensorflow", "keras"},
    Framework.JAX: {"jax"},
}
PARTIAL_LINE_WAIT = 0.1  # seconds before an unfinished stderr line is passed on anyway


@dataclass(frozen=True)
class Stop:
    """A breakpoint() of the mode, and the line pdb stops at after it."""

    line: int
    function: str
    code: str
    next_line: int | None
    next_code: str
    names: tuple[str, ...]  # loaded on the next line: worth a `p`


@dataclass(frozen=True)
class Break:
    """A line the user asked pdb to stop at (`--break LINE`): a pdb breakpoint, set before the run."""

    line: int
    code: str
    function: str  # the function holding the line, "<module>" outside any


@dataclass(frozen=True)
class Hint:
    command: str
    says: str


@dataclass(frozen=True)
class Banner:
    scenario: str
    title: str
    file: Path
    mode: Mode
    post_mortem: bool
    stops: tuple[Stop, ...]
    bug_lines: tuple[int, ...]
    hints: tuple[Hint, ...]
    notes: tuple[str, ...]
    loads: Framework | None  # preloaded before the scenario runs: a few seconds
    breaks: tuple[Break, ...] = ()


def check_mode(scenario: Scenario, mode: Mode) -> None:
    """A mode the scenario does not define is a usage error."""
    if mode not in scenario.functions:
        defined = ", ".join(f"{m.value} ({m.alias})" for m in scenario.modes)
        raise DebugDemoError(
            f"Scenario {scenario.name!r} defines no {mode.function}(), so it has no {mode.value} mode. "
            f"Its modes: {defined}."
        )


def plan(scenario: Scenario, mode: Mode, post_mortem: bool, break_lines: Sequence[int] = ()) -> Banner:
    """What to tell the user before the first pdb prompt, read statically."""
    check_mode(scenario, mode)
    stops = tuple(_stops(scenario, mode))
    breaks = tuple(_breaks(scenario, mode, break_lines))
    notes: list[str] = []
    if breaks and mode in (Mode.TF_FUNCTION, Mode.TORCH_COMPILE):
        notes.append(
            f"In {mode.value}, a --break line inside the compiled function runs as generated code "
            "(AutoGraph's copy, or TorchDynamo's graph), not as your line: pdb stops there only "
            "where that code falls back to plain Python. Lines outside it stop as usual."
        )
    runs = [scenario.functions[mode], *scenario.helpers.values()]
    for brk in breaks:
        if not any(brk.line in span for span in runs):
            notes.append(
                f"Line {brk.line} is outside {mode.function}() and the helpers it calls: "
                "pdb stops there only if the run reaches it."
            )
    if post_mortem:
        hints = _post_mortem_hints()
        notes.append(
            "pdb opens where the exception was raised: the innermost frame, which may be the "
            "framework's code rather than yours. For an error raised by TF1's Session.run it is "
            "inside TensorFlow's session.py; `up` walks back to your own code."
        )
        if stops:
            notes.append("The scenario's breakpoint() calls are skipped in post-mortem mode.")
    elif stops or breaks:
        names = stops[0].names if stops else _names_at(scenario, breaks[0].line)
        jax_debugger = bool(stops) and _is_jax_breakpoint(stops[0].code)
        hints = _stop_hints(mode, names, jax_debugger=jax_debugger)
        notes.extend(_mode_notes(mode))
        if any(_is_jax_breakpoint(stop.code) for stop in stops):
            notes.append(
                "At jax.debug.breakpoint() JAX's own debugger (jdb) stops, not pdb: on that line, "
                "at every call, with values, even under jax.jit."
            )
    else:
        hints = ()
        notes.append(
            f"{mode.function}() has no breakpoint(), so pdb will not stop: the scenario runs to its "
            "end. Add --break LINE to stop at a line of the scenario file, or --post-mortem to open "
            "pdb where the exception is raised."
        )
    return Banner(
        scenario=scenario.name,
        title=scenario.title,
        file=scenario.path,
        mode=mode,
        post_mortem=post_mortem,
        stops=stops,
        bug_lines=scenario.bug_lines.get(mode, ()),
        hints=hints,
        notes=tuple(notes),
        loads=mode.framework if needs_framework(scenario, mode) else None,
        breaks=breaks,
    )


def _breaks(scenario: Scenario, mode: Mode, lines: Sequence[int]) -> Iterator[Break]:
    """The --break lines, each checked: a line of code in the scenario file (else a usage error)."""
    if not lines:
        return
    source = scenario.source_lines()
    module = ast.parse("\n".join(source), filename=str(scenario.path))
    starts = {node.lineno for node in ast.walk(module) if isinstance(node, ast.stmt)}
    for line in dict.fromkeys(lines):
        if not 0 < line <= len(source):
            raise DebugDemoError(
                f"--break {line}: {scenario.path.name} has {len(source)} lines. "
                f"Pick a line of {mode.function}() "
                f"(see 'debugdemo show {scenario.name} --mode {mode.alias}')."
            )
        if line not in starts:
            text = source[line - 1].strip()
            what = (
                "is blank" if not text else "is a comment" if text.startswith("#") else "starts no statement"
            )
            definitions = {
                n.lineno for n in ast.walk(module) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
            }
            near = sorted(starts - definitions, key=lambda n: (abs(n - line), n))[:1]
            hint = f" The nearest statement starts on line {near[0]}." if near else ""
            raise DebugDemoError(
                f"--break {line}: line {line} of {scenario.path.name} {what}, so pdb could never stop "
                f"there.{hint}"
            )
        definition = next(
            (
                n
                for n in ast.walk(module)
                if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and n.lineno == line
            ),
            None,
        )
        if definition is not None:  # it ran when the file was loaded; the body runs from its first line
            raise DebugDemoError(
                f"--break {line}: line {line} defines {definition.name}, which ran when the file was "
                f"loaded. Break on the first line of its body, line {definition.body[0].lineno}."
            )
        function, _ = _around(module, line)
        if function == "<module>":
            raise DebugDemoError(
                f"--break {line}: line {line} of {scenario.path.name} is module-level code, which runs "
                f"when the file is loaded, before pdb starts. Pick a line inside {mode.function}() "
                "or a function it calls."
            )
        yield Break(line, source_line(source, line), function)


def _names_at(scenario: Scenario, line: int) -> tuple[str, ...]:
    """Names the statement starting on `line` loads: worth a `p` when pdb stops before it."""
    module = ast.parse(scenario.path.read_text(encoding="utf-8"))
    statements = [n for n in ast.walk(module) if isinstance(n, ast.stmt) and n.lineno == line]
    if not statements:
        return ()
    innermost = min(statements, key=lambda n: (n.end_lineno or n.lineno) - n.lineno)
    if isinstance(innermost, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return ()
    return _loaded_names(innermost, _imported_names(module))


def _is_jax_breakpoint(code: str) -> bool:
    return code.startswith(("jax.debug.breakpoint(", "debug.breakpoint("))


def _stop_hints(mode: Mode, names: tuple[str, ...], jax_debugger: bool = False) -> tuple[Hint, ...]:
    hints: list[Hint] = []
    if names:
        name = names[0]
        if jax_debugger:
            hints += [Hint(f"p {name}", "a real value: jax.debug.breakpoint() runs with the compiled step")]
        elif mode is Mode.TF1_GRAPH:
            hints += [
                Hint(f"p {name}", "a graph tensor is symbolic: a name, a shape, a dtype, no values"),
                Hint(f"p {name}.numpy()", "refused for a graph tensor: nothing has run yet"),
            ]
        elif mode is Mode.TF_FUNCTION:
            hints += [Hint(f"p {name}", "while tf.function traces, tensors are symbolic")]
        elif mode is Mode.JAX_JIT:
            hints += [
                Hint(f"p {name}", "a tracer while jax.jit traces: a shape and a dtype, no values"),
                Hint(f"p {name}.tolist()", "refused for a tracer: nothing has run yet"),
            ]
        elif mode is Mode.JAX_EAGER:
            hints += [
                Hint(f"p {name}", "a concrete jax.Array, values and all"),
                Hint(f"p {name}.shape, {name}.dtype", "its shape and dtype"),
            ]
        elif mode is Mode.TF2_EAGER:
            hints += [
                Hint(f"p {name}", "an eager tensor, values and all"),
                Hint(f"p {name}.numpy()", "its values as a NumPy array"),
            ]
        else:
            hints += [
                Hint(f"p {name}", "a real tensor, values and all"),
                Hint(f"p {name}.shape", "its shape"),
            ]
        if len(names) > 1:
            hints.append(Hint(f"p {', '.join(names)}", "every name on the next line"))
    else:
        hints.append(Hint("pp locals()", "every local name and its value"))
    hints += [
        Hint("ll", "the whole function, the current line marked"),
        Hint("c", "continue: to the next breakpoint() hit, or on until the error surfaces"),
        Hint("q", "quit (Ctrl-D too)"),
    ]
    return tuple(hints)


def _post_mortem_hints() -> tuple[Hint, ...]:
    return (
        Hint("where", "the whole stack; '>' marks the frame you are in"),
        Hint("up", "one frame out, towards your code (repeat it)"),
        Hint("ll", "the source around the current frame's line"),
        Hint("p NAME", "any local of the current frame"),
        Hint("q", "quit (Ctrl-D too)"),
    )


def _mode_notes(mode: Mode) -> list[str]:
    if mode is Mode.TF_FUNCTION:
        return [
            "tf.function runs breakpoint() while it traces your function, and pdb may show "
            "AutoGraph's generated copy of it rather than your file."
        ]
    if mode is Mode.JAX_JIT:
        return [
            "jax.jit runs breakpoint() while it traces your function: once per trace, not per "
            "call, with tracers instead of values. jax.debug.breakpoint() stops at run time, "
            "with values, in JAX's own debugger."
        ]
    if mode is Mode.TORCH_COMPILE:
        return [
            "torch.compile breaks its graph at breakpoint(), and pdb may stop inside Dynamo's "
            "code: `where` and `up` find your line."
        ]
    return []


def _stops(scenario: Scenario, mode: Mode) -> Iterator[Stop]:
    lines = scenario.breakpoint_lines.get(mode, ())
    if not lines:
        return
    source = scenario.source_lines()
    module = ast.parse("\n".join(source), filename=str(scenario.path))
    imported = _imported_names(module)
    for line in lines:
        function, following = _around(module, line)
        names: tuple[str, ...] = ()
        next_line = None
        if following is not None:
            next_line = following.lineno
            names = _loaded_names(following, imported)
        yield Stop(
            line=line,
            function=function,
            code=source_line(source, line),
            next_line=next_line,
            next_code=source_line(source, next_line) if next_line else "",
            names=names,
        )


def _around(module: ast.Module, line: int) -> tuple[str, ast.stmt | None]:
    """The innermost function holding the breakpoint() on `line`, and the statement after it."""
    holders = [
        node
        for node in ast.walk(module)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.lineno <= line <= (node.end_lineno or node.lineno)
    ]
    function = max(holders, key=lambda node: node.lineno).name if holders else "<module>"
    for node in ast.walk(module):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if not isinstance(body, list):
                continue
            for index, stmt in enumerate(body):
                if isinstance(stmt, ast.Expr) and stmt.lineno == line and index + 1 < len(body):
                    return function, body[index + 1]
    return function, None


def _imported_names(module: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names)
    return names


def _loaded_names(stmt: ast.stmt, exclude: set[str]) -> tuple[str, ...]:
    called = {id(n.func) for n in ast.walk(stmt) if isinstance(n, ast.Call)}
    found = sorted(
        (
            n
            for n in ast.walk(stmt)
            if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)
            and id(n) not in called
            and n.id not in exclude
            and not hasattr(builtins, n.id)
        ),
        key=lambda n: (n.lineno, n.col_offset),
    )
    return tuple(dict.fromkeys(n.id for n in found))


def needs_framework(scenario: Scenario, mode: Mode) -> bool:
    """Whether the scenario file imports the mode's framework (else it is not preloaded)."""
    module = ast.parse(scenario.path.read_text(encoding="utf-8"))
    wanted = _FRAMEWORK_MODULES[mode.framework]
    for node in ast.walk(module):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] in wanted for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in wanted:
            return True
    return False


def session_command(
    scenario: Scenario, mode: Mode, post_mortem: bool, break_lines: Sequence[int] = ()
) -> list[str]:
    # A framework-free scenario does not wait for its framework to load.
    args = protocol.PdbArgs(
        mode,
        scenario.path.resolve(),
        post_mortem,
        needs_framework(scenario, mode),
        breaks=",".join(str(line) for line in break_lines),
    )
    return protocol.command(args)


class NoiseFilter(threading.Thread):
    """Passes the session's stderr on line by line, without framework start-up noise.

    A line still unfinished after PARTIAL_LINE_WAIT is passed on as it is, so a prompt
    written to stderr is never held back.
    """

    def __init__(self, source: IO[bytes], target: IO[bytes]) -> None:
        super().__init__(daemon=True)
        self._fd = source.fileno()
        self._target = target

    def run(self) -> None:
        pending = b""
        while True:
            ready, _, _ = select.select([self._fd], [], [], PARTIAL_LINE_WAIT if pending else None)
            if not ready:
                self._write(pending)
                pending = b""
                continue
            chunk = os.read(self._fd, 65536)
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            kept = [line + b"\n" for line in lines if _keep(line)]
            self._write(b"".join(kept))
        self._write(pending)

    def _write(self, data: bytes) -> None:
        if not data:
            return
        try:
            self._target.write(data)
            self._target.flush()
        except (OSError, ValueError):
            pass


def _keep(line: bytes) -> bool:
    text = line.decode("utf-8", "replace")
    return bool(strip_noise(text + "\n"))


def run_session(
    scenario: Scenario,
    mode: Mode,
    post_mortem: bool,
    stderr: IO[bytes] | None = None,
    env: dict[str, str] | None = None,
    break_lines: Sequence[int] = (),
) -> int:
    """Run the session in the foreground; its exit code (ExitCode values)."""
    check_mode(scenario, mode)
    target = stderr if stderr is not None else sys.stderr.buffer
    # Ctrl-C reaches the child too (same process group): at a pdb prompt pdb handles it,
    # elsewhere the child stops with 130. So this process only waits, and never leaves it behind.
    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        child = subprocess.Popen(
            session_command(scenario, mode, post_mortem, break_lines),
            stdin=None,  # the terminal (or the pipe of commands): pdb reads it directly
            stdout=None,
            stderr=subprocess.PIPE,
            env=child_env(env),
        )
        assert child.stderr is not None
        noise_filter = NoiseFilter(child.stderr, target)
        noise_filter.start()
        try:
            code = child.wait()
        except _Stop as stop:
            code = stop.code
        finally:
            if child.poll() is None:
                _end(child)
            noise_filter.join(timeout=5)
            child.stderr.close()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return _exit_code(code)


class _Stop(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if signum == signal.SIGTERM:
        raise _Stop(128 + signum)
    # SIGINT: the child got it as well and decides; waiting goes on.


def _end(child: subprocess.Popen[bytes]) -> None:
    child.terminate()
    try:
        child.wait(timeout=3)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _exit_code(code: int) -> int:
    if code == -signal.SIGINT:
        return ExitCode.INTERRUPTED
    if code < 0:
        sys.stderr.write(f"debugdemo: the session's interpreter {protocol.how_it_ended(code)}\n")
        return ExitCode.FAILED
    return code
