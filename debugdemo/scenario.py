"""Read a scenario file statically: parse it, never import or execute it."""

from __future__ import annotations

import ast
import difflib
import io
import re
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from debugdemo.modes import MODE_FUNCTIONS, Mode

BUG_MARKER = re.compile(r"#\s*BUG\b:?\s*(?P<why>.*)$")

EXPECT_KEYS: dict[str, str] = {
    "raises": "an exception class name, or None for 'returns normally'",
    "points_at_bug": "True or False",
    "phase": "'build' or 'run' (tf1-graph only)",
    "breakpoint_values": "'concrete' or 'symbolic'",
    "breakpoint_hits": "a whole number",
}


class ScenarioError(Exception):
    """A scenario file that cannot be used, with the place to fix it."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


def scenario_name(path: Path) -> str:
    return path.stem.replace("_", "-")


@dataclass(frozen=True)
class FunctionSpan:
    name: str
    first_line: int  # the `def` line (decorators excluded)
    last_line: int

    def __contains__(self, line: int) -> bool:
        return self.first_line <= line <= self.last_line


@dataclass
class Scenario:
    name: str
    path: Path
    title: str
    explanation: str
    tags: tuple[str, ...]
    functions: dict[Mode, FunctionSpan]
    bug_lines: dict[Mode, tuple[int, ...]]
    bug_notes: dict[int, str]  # line -> the text after "# BUG:"
    breakpoint_lines: dict[Mode, tuple[int, ...]]
    expect: dict[Mode, dict[str, Any]] = field(default_factory=dict)

    @property
    def modes(self) -> tuple[Mode, ...]:
        return tuple(m for m in Mode if m in self.functions)

    def source_lines(self) -> list[str]:
        return self.path.read_text(encoding="utf-8").splitlines()


def load_scenario(path: Path) -> Scenario:
    """Parse `path` into a Scenario, or raise ScenarioError naming file and line."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(path, f"cannot read the file: {exc}") from None
    try:
        module = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        raise ScenarioError(path, f"syntax error: {exc.msg}", exc.lineno) from None

    docstring = ast.get_docstring(module)
    if not docstring or not docstring.strip():
        raise ScenarioError(
            path, 'no docstring: start the file with """Title line.\\n\\nWhat to look for."""', 1
        )
    title, _, explanation = docstring.strip().partition("\n")

    top_functions = {
        node.name: node for node in module.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    functions: dict[Mode, FunctionSpan] = {}
    for name, node in top_functions.items():
        mode = Mode.from_function(name)
        if mode is None:
            _reject_misspelt_mode(path, node)
            continue
        if node.args.args or node.args.posonlyargs or node.args.kwonlyargs or node.args.vararg:
            raise ScenarioError(path, f"mode function {name}() must take no arguments", node.lineno)
        functions[mode] = FunctionSpan(name, node.lineno, node.end_lineno or node.lineno)
    if not functions:
        wanted = ", ".join(sorted(MODE_FUNCTIONS))
        raise ScenarioError(path, f"no mode function: define at least one of {wanted}")

    markers = _bug_markers(path, source)
    reachable = _helpers_reachable(top_functions, functions)
    bug_lines: dict[Mode, list[int]] = {m: [] for m in functions}
    for line in sorted(markers):
        owner = _owner(line, functions)
        if owner is not None:
            bug_lines[owner].append(line)
            continue
        helper = next(
            (n for n, node in top_functions.items() if node.lineno <= line <= (node.end_lineno or 0)),
            None,
        )
        if helper is not None and helper not in reachable:
            raise ScenarioError(
                path,
                f"# BUG marker in {helper}(), which no mode function calls: "
                "move it into a mode function or call the helper",
                line,
            )
        for lines in bug_lines.values():  # shared code: the bug belongs to every mode
            lines.append(line)

    breakpoint_lines: dict[Mode, list[int]] = {m: [] for m in functions}
    for call in ast.walk(module):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "breakpoint":
            owner = _owner(call.lineno, functions)
            for mode in [owner] if owner else list(functions):
                breakpoint_lines[mode].append(call.lineno)

    return Scenario(
        name=scenario_name(path),
        path=path,
        title=title.strip(),
        explanation=explanation.strip(),
        tags=_literal_tags(path, module),
        functions=functions,
        bug_lines={m: tuple(v) for m, v in bug_lines.items()},
        bug_notes=markers,
        breakpoint_lines={m: tuple(sorted(v)) for m, v in breakpoint_lines.items()},
        expect=_literal_expect(path, module, functions),
    )


def _owner(line: int, functions: Mapping[Mode, FunctionSpan]) -> Mode | None:
    return next((m for m, span in functions.items() if line in span), None)


def _reject_misspelt_mode(path: Path, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
    close = difflib.get_close_matches(node.name, sorted(MODE_FUNCTIONS), n=1, cutoff=0.8)
    if close:
        raise ScenarioError(
            path,
            f"function {node.name}() looks like a misspelt mode: did you mean {close[0]}()?",
            node.lineno,
        )


def _bug_markers(path: Path, source: str) -> dict[int, str]:
    markers: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                match = BUG_MARKER.match(tok.string)
                if match:
                    markers[tok.start[0]] = match["why"].strip()
    except (tokenize.TokenError, SyntaxError) as exc:
        raise ScenarioError(path, f"cannot tokenize: {exc}") from None
    return markers


def _helpers_reachable(
    top_functions: Mapping[str, ast.FunctionDef | ast.AsyncFunctionDef],
    functions: Mapping[Mode, FunctionSpan],
) -> set[str]:
    """Names of top-level helpers that some mode function calls, directly or not."""
    seen: set[str] = set()
    todo = [span.name for span in functions.values()]
    while todo:
        node = top_functions[todo.pop()]
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and sub.id in top_functions and sub.id not in seen:
                seen.add(sub.id)
                todo.append(sub.id)
    return seen


def _assigned(module: ast.Module, name: str) -> ast.Assign | None:
    for node in module.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return node
    return None


def _literal_tags(path: Path, module: ast.Module) -> tuple[str, ...]:
    node = _assigned(module, "TAGS")
    if node is None:
        return ()
    try:
        tags = ast.literal_eval(node.value)
    except ValueError:
        tags = None
    if not isinstance(tags, list | tuple) or not all(isinstance(t, str) for t in tags):
        raise ScenarioError(path, 'TAGS must be a literal list of strings, e.g. ["shapes"]', node.lineno)
    return tuple(tags)


def _literal_expect(
    path: Path, module: ast.Module, functions: Mapping[Mode, FunctionSpan]
) -> dict[Mode, dict[str, Any]]:
    node = _assigned(module, "EXPECT")
    if node is None:
        return {}
    try:
        raw = ast.literal_eval(node.value)
    except ValueError:
        raw = None
    if not isinstance(raw, dict):
        raise ScenarioError(path, "EXPECT must be a literal dict of mode id -> dict", node.lineno)
    expect: dict[Mode, dict[str, Any]] = {}
    for key, value in raw.items():
        mode = next((m for m in Mode if key in (m.value, m.alias)), None)
        if mode is None:
            close = difflib.get_close_matches(str(key), [m.value for m in Mode], n=1)
            hint = f": did you mean {close[0]!r}?" if close else ""
            raise ScenarioError(path, f"EXPECT names unknown mode {key!r}{hint}", node.lineno)
        if mode not in functions:
            raise ScenarioError(
                path,
                f"EXPECT has {mode.value!r} but the file defines no {mode.function}()",
                node.lineno,
            )
        if not isinstance(value, dict):
            raise ScenarioError(path, f"EXPECT[{key!r}] must be a dict", node.lineno)
        for k, v in value.items():
            _check_expect_value(path, node.lineno, mode, k, v)
        expect[mode] = dict(value)
    return expect


def _check_expect_value(path: Path, line: int, mode: Mode, key: str, value: Any) -> None:
    if key not in EXPECT_KEYS:
        close = difflib.get_close_matches(str(key), list(EXPECT_KEYS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        known = ", ".join(EXPECT_KEYS)
        raise ScenarioError(
            path, f"EXPECT[{mode.value!r}] has unknown key {key!r}{hint}; known keys: {known}", line
        )
    ok = {
        "raises": value is None or isinstance(value, str),
        "points_at_bug": isinstance(value, bool),
        "phase": value in ("build", "run") and mode.is_tf1,
        "breakpoint_values": value in ("concrete", "symbolic"),
        "breakpoint_hits": isinstance(value, int) and not isinstance(value, bool) and value >= 0,
    }[key]
    if not ok:
        raise ScenarioError(
            path, f"EXPECT[{mode.value!r}][{key!r}] = {value!r}: expected {EXPECT_KEYS[key]}", line
        )
