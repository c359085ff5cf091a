"""Did a run reach its `# BUG` line? Line events of the scenario file only, so it stays cheap.

A run that raised before any bug line ran shows a mistake in the scenario (a typo two lines
above the bug), not the framework's behaviour. Python 3.12+ has `sys.monitoring`: a LINE
callback that disables itself for every code object outside the scenario file. Python 3.11
uses `sys.settrace`, whose global function declines (returns None) every frame of another
file, so only the scenario's frames are traced line by line. Runs inside the worker.
"""

from __future__ import annotations

import ast
import os
import sys
import types
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

OFF_ENV = "DEBUGDEMO_NO_BUG_TRACE"  # "1": no tracing, bug_reached null (benchmarks/bench.py compares)


class Reach:
    """Set to True once a line event fired on one of the watched lines."""

    def __init__(self) -> None:
        self.reached = False


def statement_lines(path: Path, bug_lines: Iterable[int]) -> frozenset[int]:
    """The lines whose line event means a bug line runs: each marked line, and the first line
    of the innermost statement holding it (a marker on the second line of a long call)."""
    wanted = set(bug_lines)
    try:
        module = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return frozenset(wanted)
    for line in list(wanted):
        starts = [
            node.lineno
            for node in ast.walk(module)
            if isinstance(node, ast.stmt) and node.lineno <= line <= (node.end_lineno or node.lineno)
        ]
        if starts:
            wanted.add(max(starts))  # the innermost: the statement that starts last
    return frozenset(wanted)


def enabled() -> bool:
    return os.environ.get(OFF_ENV, "") in ("", "0")


@contextmanager
def watching(scenario_file: str, lines: frozenset[int]) -> Iterator[Reach]:
    """Watch the scenario file's line events while the block runs, for any of `lines`."""
    reach = Reach()
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is not None:
        with _monitored(monitoring, scenario_file, lines, reach):
            yield reach
        return
    with _traced(scenario_file, lines, reach):
        yield reach


@contextmanager
def _traced(scenario_file: str, lines: frozenset[int], reach: Reach) -> Iterator[None]:
    def local(frame: types.FrameType, event: str, arg: Any) -> Any:
        if event == "line" and frame.f_lineno in lines:
            reach.reached = True
            sys.settrace(None)  # no more calls to look at: the answer is known
            return None
        return local

    def on_call(frame: types.FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename != scenario_file:
            return None  # no line events for this frame: the cost is one call per call
        return local(frame, event, arg)

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        yield
    finally:
        sys.settrace(previous)


@contextmanager
def _monitored(monitoring: Any, scenario_file: str, lines: frozenset[int], reach: Reach) -> Iterator[None]:
    tool = next((i for i in range(6) if monitoring.get_tool(i) is None), None)
    if tool is None:  # every tool id taken (a profiler, a debugger...): fall back to settrace
        with _traced(scenario_file, lines, reach):
            yield
        return
    event = monitoring.events.LINE

    def on_line(code: types.CodeType, line: int) -> Any:
        if code.co_filename != scenario_file:
            return monitoring.DISABLE  # this code location never calls again
        if line in lines:
            reach.reached = True
            monitoring.set_events(tool, 0)
        return None

    monitoring.use_tool_id(tool, "debugdemo bug lines")
    try:
        monitoring.register_callback(tool, event, on_line)
        monitoring.set_events(tool, event)
        yield
    finally:
        monitoring.set_events(tool, 0)
        monitoring.register_callback(tool, event, None)
        monitoring.free_tool_id(tool)
        monitoring.restart_events()  # the locations disabled above trace again for the next run
