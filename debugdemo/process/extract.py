"""Turn a live exception into records. Runs inside the worker; imports no framework."""

from __future__ import annotations

import linecache
import os
import re
import sysconfig
import types
from pathlib import Path
from typing import Any

from debugdemo.records import (
    ChainedException,
    ExceptionInfo,
    Frame,
    Origin,
    Phase,
    SourceLocation,
)
from debugdemo.text import is_autograph_file, qualified_name, site_relative

MAX_MESSAGE = 4000
MAX_FRAMES = 200  # deeper tracebacks keep their first and last MAX_FRAMES // 2
_PACKAGE_DIR = str(Path(__file__).resolve().parent.parent) + os.sep  # the whole debugdemo package
_STDLIB_DIRS = tuple(
    str(Path(p).resolve()) + os.sep
    for p in {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]}
)
_SESSION_FILE = os.path.join("tensorflow", "python", "client", "session.py")


def origin_of(filename: str, scenario_file: str) -> Origin:
    if filename == scenario_file:
        return Origin.SCENARIO
    if is_autograph_file(filename):
        return Origin.FRAMEWORK
    if filename.startswith(_PACKAGE_DIR):
        return Origin.DEBUGDEMO
    if site_relative(filename) is not None:
        return Origin.FRAMEWORK
    if filename.startswith("<frozen") or filename.startswith(_STDLIB_DIRS):
        return Origin.PYTHON
    if filename.startswith("<"):  # generated code: torch.fx, AutoGraph, eval
        return Origin.FRAMEWORK
    return Origin.PYTHON


def safe_str(obj: object, limit: int = MAX_MESSAGE) -> str:
    """str(obj), or a note of what went wrong: a scenario's __str__ may raise."""
    try:
        text = str(obj)
    except BaseException as exc:  # noqa: BLE001 - any failure is reported, never raised
        text = f"<unprintable {type(obj).__name__}: str() raised {type(exc).__name__}>"
    if len(text) > limit:
        text = text[:limit] + f"… [{len(text) - limit} more characters]"
    return text


def safe_repr(value: object, limit: int = 2000) -> str:
    """repr(value), cut to `limit` characters, or a note when repr() itself raises."""
    try:
        text = repr(value)
    except BaseException as exc:  # noqa: BLE001 - a scenario's __repr__ may raise anything
        return f"<repr() raised {type(exc).__name__}>"
    return text if len(text) <= limit else text[:limit] + "…"


def frames_of(tb: types.TracebackType | None, scenario_file: str) -> tuple[list[Frame], int]:
    """Frames of a traceback, outermost first, and how many were dropped from the middle."""
    entries: list[tuple[str, int, str]] = []
    while tb is not None:
        code = tb.tb_frame.f_code
        entries.append((code.co_filename, tb.tb_lineno or 0, code.co_name))
        tb = tb.tb_next
    omitted = 0
    if len(entries) > MAX_FRAMES:
        omitted = len(entries) - MAX_FRAMES
        entries = entries[: MAX_FRAMES // 2] + entries[-MAX_FRAMES // 2 :]
    frames = [
        Frame(
            file=filename,
            line=line,
            function=function,
            code=linecache.getline(filename, line).strip(),
            origin=origin_of(filename, scenario_file),
        )
        for filename, line, function in entries
    ]
    return frames, omitted


def scenario_frame_count(tb: types.TracebackType | None, scenario_file: str) -> int:
    """How many frames of a traceback run the scenario's code, recorded or not."""
    count = 0
    while tb is not None:
        count += tb.tb_frame.f_code.co_filename == scenario_file
        tb = tb.tb_next
    return count


def _class_names(exc: BaseException) -> tuple[str, str, list[str]]:
    cls = type(exc)
    bases = [c.__name__ for c in cls.__mro__[1:] if c is not object]
    return cls.__name__, qualified_name(cls), bases


def exception_info(exc: BaseException, scenario_file: str) -> ExceptionInfo:
    name, qualified, bases = _class_names(exc)
    chain: list[ChainedException] = []
    seen = {id(exc)}
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        if current.__cause__ is not None:
            nxt, relation = current.__cause__, "cause"
        elif current.__context__ is not None and not current.__suppress_context__:
            nxt, relation = current.__context__, "context"
        else:
            break
        if id(nxt) in seen:
            break
        seen.add(id(nxt))
        if type(nxt).__name__ == _JAX_UNFILTERED:
            current = nxt  # the same error again, with JAX's internal frames: read through it
            continue
        n_name, n_qualified, _ = _class_names(nxt)
        frames, omitted = frames_of(nxt.__traceback__, scenario_file)
        yours = scenario_frame_count(nxt.__traceback__, scenario_file)
        mine = sum(f.origin is Origin.SCENARIO for f in frames)
        chain.append(
            ChainedException(n_name, n_qualified, _message(nxt), relation, frames, omitted, yours - mine)
        )
        current = nxt
    chain.reverse()  # the way Python prints it: the first-raised first, outermost last
    return ExceptionInfo(name, qualified, _message(exc), bases, chain)


# With JAX_TRACEBACK_FILTERING=quiet_remove_frames, JAX chains the unfiltered copy of its
# error as the cause: not a second error.
_JAX_UNFILTERED = "UnfilteredStackTrace"


def _message(exc: BaseException) -> str:
    # TensorFlow quotes whole creation stacks, which start with the worker's own frames.
    return strip_harness_frames(safe_str(exc))


def surfaced_at(frames: list[Frame]) -> SourceLocation | None:
    """The innermost frame in the scenario file: where the user sees the error."""
    for frame in reversed(frames):
        if frame.origin is Origin.SCENARIO:
            return SourceLocation(frame.line, frame.function)
    return None


def phase_of(frames: list[Frame]) -> Phase:
    """TF1: raised inside Session.run (run), or while building the graph (build)."""
    if any(f.file.endswith(_SESSION_FILE) for f in frames):
        return Phase.RUN
    return Phase.BUILD


# Stacks that frameworks print as text, naming the user's lines:
# Python's own format, used by tf.function ("in user code:"), TorchDynamo ("from user code:"),
# TF's "Original stack trace" and torch's anomaly-detection warning.
_PYTHON_STACK_LINE = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<function>\S+)')
# JAX names the traced function it was tracing, "while tracing the function step at
# /path/file.py:41 for jit", and where a tracer was made, "created on line /path/file.py:12:8 (f)".
_JAX_TRACING = re.compile(r"tracing the function (?P<function>\S+) at (?P<file>\S+?):(?P<line>\d+)")
_JAX_LINE = re.compile(r"(?P<file>/\S+?\.py):(?P<line>\d+)(?::\d+)? \((?P<function>[^)\s]+)\)")
# tf.debugging.enable_check_numerics: "+ /path/file.py (L47) cross_entropy", long paths cut to "...tail".
_CHECK_NUMERICS_LINE = re.compile(
    r"^\s*\+ (?P<file><[^>]+>|\S+) \(L(?P<line>\d+)\) (?P<function>\S+)", re.MULTILINE
)


def _fx_stack_traces(tb: types.TracebackType | None) -> str:
    """The user's stack recorded on the FX graph node that failed (torch.compile's generated code).

    An error inside a compiled graph surfaces in FX-generated `forward` code
    (`<eval_with_key>.N`); TorchDynamo records each node's `stack_trace`, and the module's
    `_lineno_map` says which node a generated line belongs to.
    """
    texts: list[str] = []
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.startswith("<eval_with_key>"):
            try:
                module: Any = tb.tb_frame.f_locals["self"]
                index = module._lineno_map.get((tb.tb_lineno or 0) - code.co_firstlineno)
                if index is not None:
                    texts.append(str(list(module.graph.nodes)[index].meta.get("stack_trace") or ""))
            except Exception:  # noqa: BLE001 - torch internals changed: no line recovered, no failure
                pass
        tb = tb.tb_next
    return "\n".join(texts)


def strip_harness_frames(text: str) -> str:
    """A stack printed as text, without the frames of the harness that ran the scenario.

    Drops the entries in runpy or in this package, with what belongs to each (its code
    line, check_numerics' "-> |" marker, TensorFlow's blank separator line), from stacks
    in Python's format and in check_numerics' "+ file (L12) function" format.
    """
    kept: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        match = _PYTHON_STACK_LINE.search(line) or _CHECK_NUMERICS_LINE.match(line)
        if match:
            skipping = _is_harness(match["file"])
            if skipping:
                continue
        elif skipping and (not line.strip() or line.startswith("    ") or line.lstrip().startswith("->")):
            continue
        else:
            skipping = False
        kept.append(line)
    return "".join(kept)


def _is_harness(named: str) -> bool:
    if named.startswith("<frozen runpy"):
        return True
    if named.startswith("..."):  # check_numerics cuts long paths to their last 50 characters
        return os.path.join(_PACKAGE_DIR, os.path.basename(named)).endswith(named[3:])
    return named.startswith(_PACKAGE_DIR)


def _same_file(named: str, scenario_file: str) -> bool:
    if named.startswith("..."):
        return len(named) > 3 and scenario_file.endswith(named[3:])
    return named == scenario_file


def defined_at(exc: BaseException, scenario_file: str, extra: str = "") -> list[SourceLocation]:
    """Where the framework says the failing op was created, kept to scenario frames.

    First TensorFlow's `OpError.op.traceback`; failing that, the stacks the framework wrote
    as text into the message (or the lines JAX names in its own words), or into `extra`
    (e.g. the warnings a debugging aid issued).
    """
    found: list[SourceLocation] = []
    try:
        op = getattr(exc, "op", None)
        stack = getattr(op, "traceback", None) if op is not None else None
        if stack:
            for fr in stack:
                filename = getattr(fr, "filename", None)
                if filename == scenario_file:
                    found.append(SourceLocation(int(fr.lineno), str(fr.name), filename))
    except Exception:  # noqa: BLE001 - an odd `op` or traceback object is not our failure
        found = []
    if not found:
        text = "\n".join((safe_str(exc, limit=20000), extra, _fx_stack_traces(exc.__traceback__)))
        for pattern in (_PYTHON_STACK_LINE, _CHECK_NUMERICS_LINE, _JAX_TRACING, _JAX_LINE):
            for match in pattern.finditer(text):
                if _same_file(match["file"], scenario_file):
                    loc = SourceLocation(int(match["line"]), match["function"], scenario_file)
                    if loc not in found:
                        found.append(loc)
    return found
