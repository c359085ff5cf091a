"""debugdemo: see how debuggable the same bug is in PyTorch eager and TF1 graph mode.

In Python (a script, a REPL, a notebook)::

    import debugdemo
    result = debugdemo.run("shape-mismatch")   # the records `run --json` prints
    result.runs[1].exception.type              # 'InvalidArgumentError'

`import debugdemo` imports no framework and almost nothing else: each function imports
what it needs when it is called. Workers stay warm between calls in one process, so only
the first run pays for importing torch and TensorFlow. In IPython or Jupyter,
`%load_ext debugdemo` adds the `%debugdemo` magic (the command-line tool in a cell).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    from debugdemo.api import CheckReport, Modes, Results, ScenarioList, ScenarioResult, Session, Target
    from debugdemo.errors import DebugDemoError

__version__ = "0.1.0"

__all__ = [
    "CheckReport",
    "DebugDemoError",
    "Results",
    "ScenarioList",
    "ScenarioResult",
    "Session",
    "__version__",
    "check",
    "run",
    "scenarios",
    "session",
]

_LAZY = {
    "CheckReport": "debugdemo.api",
    "Results": "debugdemo.api",
    "ScenarioList": "debugdemo.api",
    "ScenarioResult": "debugdemo.api",
    "Session": "debugdemo.api",
    "DebugDemoError": "debugdemo.errors",
}


def __getattr__(name: str) -> Any:
    """The API's classes, imported on first use (so `import debugdemo` stays cheap)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'debugdemo' has no attribute {name!r}")


@overload
def run(
    target: Target,
    *,
    modes: Modes = None,
    timeout: float = 60.0,
    aid: bool = False,
    paths: Sequence[str | os.PathLike[str]] = (),
) -> ScenarioResult: ...
@overload
def run(
    target: list[Target] | tuple[Target, ...],
    *,
    modes: Modes = None,
    timeout: float = 60.0,
    aid: bool = False,
    paths: Sequence[str | os.PathLike[str]] = (),
) -> Results: ...
def run(
    target: Any,
    *,
    modes: Modes = None,
    timeout: float = 60.0,
    aid: bool = False,
    paths: Sequence[str | os.PathLike[str]] = (),
) -> Any:
    """Run a scenario in each mode, each mode in its own (warm) worker process.

    Args:
        target: a scenario name ("shape-mismatch"), a scenario file's path, or a `Scenario`
            from `scenarios()`; a list of them gives a list of results (`Results`).
        modes: mode ids or aliases: "torch,tf1", "all", ["torch", "tf2"]; default
            torch-eager and tf1-graph.
        timeout: seconds a mode may run before its worker is stopped.
        aid: switch on each framework's own debugging aid (anomaly detection, check_numerics).
        paths: extra scenario folders, searched before DEBUGDEMO_PATH and the built-ins.

    Returns:
        A `ScenarioResult`: `to_dict()` is the object `debugdemo run --json` prints. A mode
        that times out or crashes is a run with that status, not an exception.

    Raises:
        DebugDemoError: an unknown scenario (with suggestions), an unknown mode, an invalid
            scenario file.
    """
    from debugdemo.api import default_session

    return default_session().run(target, modes=modes, timeout=timeout, aid=aid, paths=paths)


def scenarios(tag: str | None = None, paths: Sequence[str | os.PathLike[str]] = ()) -> ScenarioList:
    """The scenario catalogue, read statically (nothing is imported or run).

    Args:
        tag: only the scenarios with this tag.
        paths: extra scenario folders, searched before DEBUGDEMO_PATH and the built-ins.

    Returns:
        A list of `Scenario` (name, title, explanation, tags, modes, bug_lines, expect …)
        that displays as `debugdemo list`'s table; `.problems` lists broken files.
    """
    from debugdemo.api import default_session

    return default_session().scenarios(tag, paths)


def check(
    targets: Any = None, *, timeout: float = 60.0, paths: Sequence[str | os.PathLike[str]] = ()
) -> CheckReport:
    """Run scenarios in every mode they define and compare the live runs with their EXPECT.

    Args:
        targets: a scenario name, path or `Scenario`, or a list of them; default every
            scenario (invalid files are then listed in `.invalid`).
        timeout: seconds a mode may run before its worker is stopped.
        paths: extra scenario folders, searched before DEBUGDEMO_PATH and the built-ins.

    Returns:
        A `CheckReport`: `.checks` (one `Check` per expectation), `.mismatches`, `.ok`;
        `to_dict()` is what `debugdemo check --json` prints.
    """
    from debugdemo.api import default_session

    return default_session().check(targets, timeout=timeout, paths=paths)


def session(
    modes: Modes = None,
    *,
    timeout: float = 60.0,
    aid: bool = False,
    paths: Sequence[str | os.PathLike[str]] = (),
) -> Session:
    """A `Session` of your own: `with debugdemo.session(modes="all") as s: s.run(...)`.

    The workers of `modes` start at once (frameworks load while you go on) and stay warm
    until the `with` block ends or `close()` is called.
    """
    from debugdemo.api import Session

    started = Session(modes, timeout=timeout, aid=aid, paths=paths)
    started.start()
    return started


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext debugdemo`: adds the `%debugdemo` magic."""
    from debugdemo.ipython import load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """`%unload_ext debugdemo`: stops the warm workers."""
    from debugdemo.ipython import unload

    unload(ipython)
