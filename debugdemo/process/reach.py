"""Did a run reach its `# BUG` line? Line events of the scenario file only, so it stays cheap.

A run that raised before any bug line ran shows a mistake in the scenario (a typo two lines
above the bug), not the framework's behaviour. Python 3.12+ has `sys.monitoring`: a LINE
callback that disables itself for every code object outside the scenario file. Python 3.11
uses `sys.settrace`, whose global function declines (returns None) every frame of another
file, so only the scenario's frames are traced line by line. Runs inside the worker.

Compiled modes run the scenario's lines as other code. tf.function runs AutoGraph's
converted copy: its lines count through the source map AutoGraph attaches to it.
torch.compile's TorchDynamo traces the lines symbolically into a graph: a line Dynamo
traced counts as run (it reports each through `TracingContext.set_current_loc`).
"""

from __future__ import annotations

import ast
import gc
import os
import sys
import types
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from debugdemo.text import AUTOGRAPH_PREFIX

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
    generated = _GeneratedLines(scenario_file, lines)
    monitoring = getattr(sys, "monitoring", None)
    with _dynamo_traced(scenario_file, lines, reach):
        if monitoring is not None:
            with _monitored(monitoring, scenario_file, lines, generated, reach):
                yield reach
            return
        with _traced(scenario_file, lines, generated, reach):
            yield reach


class _GeneratedLines:
    """Per AutoGraph-generated code object: its lines that were converted from a watched line."""

    def __init__(self, scenario_file: str, lines: frozenset[int]) -> None:
        self.scenario_file = scenario_file
        self.lines = lines
        self._known: dict[types.CodeType, frozenset[int]] = {}

    def of(self, code: types.CodeType) -> frozenset[int] | None:
        """The watched generated lines of `code`; None when `code` is not AutoGraph's."""
        # Not text.is_autograph_file: under settrace this runs at every call, and basename is 4× cheaper.
        if not os.path.basename(code.co_filename).startswith(AUTOGRAPH_PREFIX):
            return None
        if code not in self._known:
            self._known[code] = self._lookup(code)
        return self._known[code]

    def _lookup(self, code: types.CodeType) -> frozenset[int]:
        # AutoGraph attaches its source map (generated line → origin) to the function it made.
        for referrer in gc.get_referrers(code):
            source_map = getattr(referrer, "ag_source_map", None) if callable(referrer) else None
            if not source_map:
                continue
            return frozenset(
                loc.lineno
                for loc, origin in source_map.items()
                if loc.filename == code.co_filename
                and str(origin.loc.filename) == self.scenario_file
                and int(origin.loc.lineno) in self.lines
            )
        return frozenset()


@contextmanager
def _traced(
    scenario_file: str, lines: frozenset[int], generated: _GeneratedLines, reach: Reach
) -> Iterator[None]:
    def watch(wanted: frozenset[int]) -> Any:
        def local(frame: types.FrameType, event: str, arg: Any) -> Any:
            if event == "line" and frame.f_lineno in wanted:
                reach.reached = True
                sys.settrace(None)  # no more calls to look at: the answer is known
                return None
            return local

        return local

    in_scenario = watch(lines)

    def on_call(frame: types.FrameType, event: str, arg: Any) -> Any:
        code = frame.f_code
        if code.co_filename == scenario_file:
            return in_scenario(frame, event, arg)
        converted = generated.of(code)
        if converted:
            return watch(converted)(frame, event, arg)
        return None  # no line events for this frame: the cost is one call per call

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        yield
    finally:
        sys.settrace(previous)


@contextmanager
def _monitored(
    monitoring: Any, scenario_file: str, lines: frozenset[int], generated: _GeneratedLines, reach: Reach
) -> Iterator[None]:
    tool = next((i for i in range(6) if monitoring.get_tool(i) is None), None)
    if tool is None:  # every tool id taken (a profiler, a debugger...): fall back to settrace
        with _traced(scenario_file, lines, generated, reach):
            yield
        return
    event = monitoring.events.LINE

    def on_line(code: types.CodeType, line: int) -> Any:
        wanted = lines if code.co_filename == scenario_file else generated.of(code)
        if not wanted or line not in wanted:
            return monitoring.DISABLE  # this code location never calls again
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


@contextmanager
def _dynamo_traced(scenario_file: str, lines: frozenset[int], reach: Reach) -> Iterator[None]:
    """Count the lines TorchDynamo traces into a graph (torch.compile), when torch is loaded."""
    guards = sys.modules.get("torch._guards")
    context = getattr(guards, "TracingContext", None)
    original = getattr(context, "set_current_loc", None)
    if context is None or original is None:
        yield
        return

    def set_current_loc(filename: str, lineno: int, *args: Any, **kwargs: Any) -> Any:
        if filename == scenario_file and lineno in lines:
            reach.reached = True
        return original(filename, lineno, *args, **kwargs)

    context.set_current_loc = staticmethod(set_current_loc)
    try:
        yield
    finally:
        context.set_current_loc = staticmethod(original)
