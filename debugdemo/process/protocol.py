"""What crosses the process boundary: the command lines that start children, and their messages.

Both sides import this module. A parent builds a child's command line with `command`, the
child reads it back with `parse_args`; every message crosses as one JSON line, written by
`encode` and read by `decode`, and the parent checks each one with `expect`. Anything
else that arrives raises `ProtocolError`, which quotes it.

The children, each started by its `_parent` module:
- worker_child (WorkerArgs): runs scenario functions in one mode, answering Request with
  Ready (once), then Started and Finished per request.
- pdb_child (PdbArgs): one debug session in the foreground; it answers with its exit code.
- probe_child (ProbeArgs): imports a framework for `doctor` and prints one ProbeAnswer.
"""

from __future__ import annotations

import dataclasses
import json
import signal
import sys
import typing
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from debugdemo.errors import DebugDemoError, ExitCode
from debugdemo.modes import Framework, Mode
from debugdemo.records import RunResult

_QUOTED = 200  # characters of a bad message or argument quoted in the error
STACK_SIGNAL = signal.SIGUSR1  # the runner sends it to a worker that timed out: dump the stack


class ProtocolError(DebugDemoError):
    """A child sent (or was started with) something this side does not expect."""

    exit_code = ExitCode.FAILED


def _quote(text: object) -> str:
    shown = repr(text)
    return shown if len(shown) <= _QUOTED else shown[:_QUOTED] + "…"


# --- messages -------------------------------------------------------------------------


class EventKind(str, Enum):
    """The `event` field of a message: which message it is."""

    REQUEST = "request"  # parent → worker: run one scenario function
    READY = "ready"  # worker → parent, once: its framework is loaded (or cannot be)
    STARTED = "started"  # worker → parent: the function is being called now
    FINISHED = "finished"  # worker → parent: the run record
    PROBED = "probed"  # probe → doctor: what importing the framework gave


@dataclass(frozen=True)
class Request:
    """Run `function` of the scenario `file`; `run_id` comes back on Started and Finished."""

    kind: ClassVar[EventKind] = EventKind.REQUEST
    run_id: str
    file: str
    function: str
    bug_lines: tuple[int, ...] = ()
    aid: bool = False


@dataclass(frozen=True)
class Ready:
    """The worker's framework is imported; or `unavailable` says why it cannot be."""

    kind: ClassVar[EventKind] = EventKind.READY
    startup_s: float = 0.0
    unavailable: str | None = None
    missing: bool = False  # not installed at all (as opposed to installed but broken)


@dataclass(frozen=True)
class Started:
    kind: ClassVar[EventKind] = EventKind.STARTED
    run_id: str


@dataclass(frozen=True)
class Finished:
    kind: ClassVar[EventKind] = EventKind.FINISHED
    run_id: str
    result: RunResult


@dataclass(frozen=True)
class ProbeAnswer:
    """A framework's version and, per mode, None when it can run or the reason it cannot."""

    kind: ClassVar[EventKind] = EventKind.PROBED
    framework: str
    version: str | None = None
    modes: dict[str, str | None] = field(default_factory=dict)
    unavailable: str | None = None
    missing: bool = False
    import_s: float | None = None


Message = Request | Ready | Started | Finished | ProbeAnswer
_BY_KIND: dict[EventKind, type[Message]] = {
    cls.kind: cls for cls in (Request, Ready, Started, Finished, ProbeAnswer)
}
M = TypeVar("M", Request, Ready, Started, Finished, ProbeAnswer)


def encode(message: Message) -> str:
    """One JSON line (newline included)."""
    body: dict[str, Any] = {"event": message.kind.value}
    for f in dataclasses.fields(message):
        value = getattr(message, f.name)
        body[f.name] = value.to_dict() if isinstance(value, RunResult) else value
    return json.dumps(body) + "\n"


def decode(line: str | bytes) -> Message:
    """The message a line holds; ProtocolError, quoting the line, when it holds none."""
    try:
        body = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"not a JSON message: {_quote(line)} ({exc})") from None
    if not isinstance(body, dict):
        raise ProtocolError(f"not a message object: {_quote(line)}")
    try:
        cls = _BY_KIND[EventKind(body.pop("event", None))]
    except ValueError:
        raise ProtocolError(f"unknown event in message {_quote(line)}") from None
    try:
        if cls is Finished:
            return Finished(run_id=str(body["run_id"]), result=RunResult.from_dict(body["result"]))
        if cls is Request:
            body["bug_lines"] = tuple(int(n) for n in body.get("bug_lines", ()))
        return cls(**body)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ProtocolError(
            f"malformed {cls.kind.value!r} message {_quote(line)}: {type(exc).__name__}: {exc}"
        ) from None


def expect(message: Message, cls: type[M], run_id: str | None = None) -> M:
    """`message` as a `cls`, for `run_id` when given; ProtocolError naming what arrived instead."""
    if not isinstance(message, cls):
        raise ProtocolError(f"expected a {cls.kind.value!r} message, got {_quote(encode(message).strip())}")
    got = getattr(message, "run_id", None)
    if run_id is not None and got != run_id:
        raise ProtocolError(f"expected a {cls.kind.value!r} message for run {run_id!r}, got one for {got!r}")
    return message


# --- command lines ---------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerArgs:
    module: ClassVar[str] = "debugdemo.process.worker_child"
    mode: Mode
    request_fd: int
    response_fd: int
    token: str  # makes the sentinel that ends each request's output
    preload: bool = True  # import the framework at start (False: framework-free test scenarios)


@dataclass(frozen=True)
class PdbArgs:
    module: ClassVar[str] = "debugdemo.process.pdb_child"
    mode: Mode
    file: Path
    post_mortem: bool = False
    preload: bool = True
    breaks: str = ""  # the `debug --break` lines, comma-separated: pdb breakpoints in `file`


@dataclass(frozen=True)
class ProbeArgs:
    module: ClassVar[str] = "debugdemo.process.probe_child"
    framework: Framework


Args = WorkerArgs | PdbArgs | ProbeArgs
A = TypeVar("A", WorkerArgs, PdbArgs, ProbeArgs)


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def command(args: Args) -> list[str]:
    """The command line that starts the child `args` is for: `--name value`, booleans as flags."""
    # -u: a worker's output reaches its parent as it is written, in order with its sentinel.
    argv = [sys.executable, *(["-u"] if isinstance(args, WorkerArgs) else []), "-m", args.module]
    for f in dataclasses.fields(args):
        value = getattr(args, f.name)
        if isinstance(value, bool):
            argv += [_option(f.name)] if value else [_option("no_" + f.name)]
        else:
            argv += [_option(f.name), value.value if isinstance(value, Enum) else str(value)]
    return argv


def parse_args(argv: list[str], cls: type[A]) -> A:
    """What `command` wrote into argv (sys.argv[1:]); ProtocolError naming what is wrong."""
    types = typing.get_type_hints(cls)
    hints = {f.name: types[f.name] for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    rest = list(argv)
    while rest:
        option = rest.pop(0)
        name = option.removeprefix("--").replace("-", "_")
        flag = name.removeprefix("no_")
        if option.startswith("--") and hints.get(flag) is bool:
            values[flag] = not name.startswith("no_")
            continue
        if not option.startswith("--") or name not in hints or not rest:
            raise ProtocolError(f"{cls.module}: unexpected argument {_quote(option)} in {_quote(argv)}")
        text = rest.pop(0)
        try:
            values[name] = hints[name](text)
        except ValueError:
            raise ProtocolError(f"{cls.module}: bad value {_quote(text)} for {option}") from None
    try:
        return cls(**values)
    except TypeError:
        missing = [_option(f.name) for f in dataclasses.fields(cls) if f.name not in values]
        raise ProtocolError(f"{cls.module}: missing {', '.join(missing)} in {_quote(argv)}") from None


def sentinel(token: str) -> bytes:
    """What ends one request's output on a worker's stdout and stderr."""
    return f"\0debugdemo-end-{token}\0".encode()


# --- how a child ended ---------------------------------------------------------------------


def how_it_ended(returncode: int | None) -> str:
    """How a process ended, from its return code: "was killed by SIGKILL", "exited with code 1"."""
    if returncode is not None and returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"was killed by {name}"
    return f"exited with code {returncode}"
