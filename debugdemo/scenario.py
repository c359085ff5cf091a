"""Read a scenario file statically: parse it, never import or execute it."""

from __future__ import annotations

import ast
import difflib
import io
import re
import sys
import tokenize
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from debugdemo.errors import DebugDemoError
from debugdemo.modes import MODE_FUNCTIONS, Mode

BUG_MARKER = re.compile(r"#\s*BUG\b:?\s*(?P<why>.*)$")
# A mode whose code is not what real code in that framework looks like, written so for a
# teaching contrast: `# CONSTRUCTED: why` anywhere inside the mode function.
CONSTRUCTED_MARKER = re.compile(r"#\s*CONSTRUCTED\b:?\s*(?P<why>.*)$")
# A string literal (skipped, so that a "#" inside one is no comment) or a comment.
_STRING_OR_COMMENT = re.compile(
    r"""(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")"""
    r"|(?P<comment>\#[^\n]*)",
    re.DOTALL,
)
_F_STRING = re.compile(r"(?i)\b(?:[rb]?f|f[rb])['\"]")

EXPECT_KEYS: dict[str, str] = {
    "raises": "an exception class name, or None for 'returns normally'",
    "points_at_bug": "True or False",
    "phase": "'build' or 'run' (tf1-graph only)",
    "breakpoint_values": "'concrete' or 'symbolic'",
    "breakpoint_hits": "a whole number",
}


class ScenarioError(DebugDemoError):
    """A scenario file that cannot be used, with the place to fix it (a usage error)."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


class UnreadableScenarioError(ScenarioError):
    """A file the operating system would not read: a fact about the machine, not the file's
    content (permissions change without changing size or mtime), so it is never cached."""


def scenario_name(path: Path) -> str:
    return path.stem.replace("_", "-")


# FunctionSpan and ScenarioSummary are NamedTuples and Scenario a plain class: defining a
# dataclass costs up to a millisecond at import (its methods are compiled then), which
# every command pays.


class FunctionSpan(NamedTuple):
    name: str
    first_line: int  # the `def` line (decorators excluded)
    last_line: int

    def __contains__(self, line: object) -> bool:
        """Whether a line number falls inside the function (not: whether it is a field)."""
        return isinstance(line, int) and self.first_line <= line <= self.last_line


class Scenario:
    """A scenario file, read statically: its story, its mode functions and helpers, where the
    # BUG markers and breakpoint() calls are, and what it EXPECTs of each mode.

    Two Scenarios are equal when they are the same object.
    """

    def __init__(
        self,
        name: str,
        path: Path,
        title: str,
        explanation: str,
        tags: tuple[str, ...],
        functions: dict[Mode, FunctionSpan],
        bug_lines: dict[Mode, tuple[int, ...]],
        bug_notes: dict[int, str],  # line -> the text after "# BUG:"
        breakpoint_lines: dict[Mode, tuple[int, ...]],
        expect: dict[Mode, dict[str, Any]] | None = None,
        helpers: dict[str, FunctionSpan] | None = None,  # top-level code the modes call
        constructed: dict[Mode, str] | None = None,  # mode -> why (# CONSTRUCTED: why)
    ) -> None:
        self.name, self.path, self.title, self.explanation, self.tags = name, path, title, explanation, tags
        self.functions, self.bug_lines, self.bug_notes = functions, bug_lines, bug_notes
        self.breakpoint_lines = breakpoint_lines
        self.expect = expect or {}
        self.helpers = helpers or {}
        self.constructed = constructed or {}

    def __repr__(self) -> str:
        return f"Scenario(name={self.name!r}, path={str(self.path)!r})"

    @property
    def modes(self) -> tuple[Mode, ...]:
        return tuple(m for m in Mode if m in self.functions)

    def source_lines(self) -> list[str]:
        return self.path.read_text(encoding="utf-8").splitlines()

    def to_dict(self) -> dict[str, Any]:
        """The scenario as `list --json` prints it; the keys are stable."""
        return self.summary().to_dict()

    def summary(self) -> ScenarioSummary:
        return ScenarioSummary(
            name=self.name,
            path=self.path,
            title=self.title,
            explanation=self.explanation,
            tags=self.tags,
            modes=self.modes,
            bug_lines=self.bug_lines,
            breakpoint_lines=self.breakpoint_lines,
            expect=self.expect,
        )


class ScenarioSummary(NamedTuple):
    """What `list` shows of a scenario: its static metadata, nothing to run it with.

    The catalogue's metadata cache stores these, never a Scenario, so nothing read from the
    cache can reach a worker (which takes a Scenario, and reads the file itself anyway).
    """

    name: str
    path: Path
    title: str
    explanation: str
    tags: tuple[str, ...]
    modes: tuple[Mode, ...]
    bug_lines: Mapping[Mode, tuple[int, ...]]
    breakpoint_lines: Mapping[Mode, tuple[int, ...]]
    expect: Mapping[Mode, Mapping[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """The scenario as `list --json` prints it (stable keys); also the cache's entry."""
        return {
            "name": self.name,
            "title": self.title,
            "explanation": self.explanation,
            "file": str(self.path),
            "tags": list(self.tags),
            "modes": [m.value for m in self.modes],
            "bug_lines": {m.value: list(lines) for m, lines in self.bug_lines.items()},
            "breakpoint_lines": {m.value: list(lines) for m, lines in self.breakpoint_lines.items()},
            "expect": {m.value: dict(e) for m, e in self.expect.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScenarioSummary:
        """The inverse of `to_dict`; KeyError, TypeError or ValueError when `data` is not one."""

        def lines_of(key: str) -> dict[Mode, tuple[int, ...]]:
            if not all(isinstance(lines, list) for lines in data[key].values()):
                raise TypeError(f"{key} holds lists of line numbers")
            return {Mode(m): tuple(int(n) for n in lines) for m, lines in data[key].items()}

        texts, lists, maps = ("name", "title", "explanation", "file"), ("tags", "modes"), ("expect",)
        if not (
            all(isinstance(data[k], str) for k in texts)
            and all(isinstance(data[k], list) for k in lists)
            and all(isinstance(data[k], dict) for k in (*maps, "bug_lines", "breakpoint_lines"))
        ):
            raise TypeError("not a scenario summary")
        return cls(
            name=data["name"],
            path=Path(data["file"]),
            title=data["title"],
            explanation=data["explanation"],
            tags=tuple(str(t) for t in data["tags"]),
            modes=tuple(Mode(m) for m in data["modes"]),
            bug_lines=lines_of("bug_lines"),
            breakpoint_lines=lines_of("breakpoint_lines"),
            expect={Mode(m): dict(e) for m, e in data["expect"].items()},
        )


def load_scenario(path: Path) -> Scenario:
    """Parse `path` into a Scenario, or raise ScenarioError naming file and line."""
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UnreadableScenarioError(path, f"cannot read the file: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(path, f"cannot read the file: {exc}") from None
    try:
        module = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        raise ScenarioError(path, f"syntax error: {exc.msg}", exc.lineno) from None

    docstring = ast.get_docstring(module)
    if not docstring or not docstring.strip():
        raise ScenarioError(
            path,
            "no docstring: make the first statement of the file a docstring, its first line the "
            'title and the rest what to look for, e.g. """Shape mismatch.\\n\\nWhere does each mode '
            'report it?"""',
            1,
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
        if _has_parameters(node):
            raise ScenarioError(
                path,
                f"mode function {name}() takes parameters, but debugdemo calls it with none: "
                f"write `def {name}():` and build its inputs inside the function",
                node.lineno,
            )
        functions[mode] = FunctionSpan(name, node.lineno, node.end_lineno or node.lineno)
    if not functions:
        wanted = ", ".join(f"{m.function}()" for m in Mode)
        raise ScenarioError(path, f"no mode function: define at least one of {wanted}", 1)

    comments = _comments(path, source)
    markers = _markers(BUG_MARKER, comments)
    constructed: dict[Mode, str] = {}
    for line, why in _markers(CONSTRUCTED_MARKER, comments).items():
        owner = _owner(line, functions)
        if owner is None:
            raise ScenarioError(
                path,
                "# CONSTRUCTED marker outside every mode function: put it inside the mode function "
                "whose form was constructed for the contrast",
                line,
            )
        constructed[owner] = why or "constructed for the contrast"
    names_used, breakpoint_calls = _scan(module)
    reachable = _helpers_reachable(names_used, functions)
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
                f"# BUG marker in {helper}(), which no mode function calls, so no run can reach it: "
                f"call {helper}() from a mode function, or move the marker to the line that is run",
                line,
            )
        for lines in bug_lines.values():  # shared code: the bug belongs to every mode
            lines.append(line)

    breakpoint_lines: dict[Mode, list[int]] = {m: [] for m in functions}
    for call_line in breakpoint_calls:
        owner = _owner(call_line, functions)
        for mode in [owner] if owner else list(functions):
            breakpoint_lines[mode].append(call_line)

    bug_lines_of = {m: tuple(v) for m, v in bug_lines.items()}
    breakpoint_lines_of = {m: tuple(sorted(v)) for m, v in breakpoint_lines.items()}
    return Scenario(
        name=scenario_name(path),
        path=path,
        title=title.strip(),
        explanation=explanation.strip(),
        tags=_literal_tags(path, module),
        functions=functions,
        bug_lines=bug_lines_of,
        bug_notes=markers,
        breakpoint_lines=breakpoint_lines_of,
        expect=_literal_expect(path, module, bug_lines_of, breakpoint_lines_of),
        helpers={
            name: FunctionSpan(name, node.lineno, node.end_lineno or node.lineno)
            for name, node in top_functions.items()
            if name in reachable and Mode.from_function(name) is None
        },
        constructed=constructed,
    )


def _has_parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    args = node.args
    return bool(args.posonlyargs or args.args or args.vararg or args.kwonlyargs or args.kwarg)


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


def _markers(pattern: re.Pattern[str], comments: Sequence[tuple[int, str]]) -> dict[int, str]:
    markers: dict[int, str] = {}
    for line, comment in comments:
        match = pattern.match(comment)
        if match:
            markers[line] = match["why"].strip()
    return markers


def _comments(path: Path, source: str) -> list[tuple[int, str]]:
    """(line, text) of every comment of a file that parses.

    A regular expression that skips string literals finds them about 30 times faster than
    `tokenize` (which `list`, `show` and `report` would pay per file), with the same result
    on every file of the standard library. Python 3.12 lets an f-string nest its own
    quotes, which the expression cannot follow: such files are tokenized.
    """
    if sys.version_info >= (3, 12) and _F_STRING.search(source):
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        except (tokenize.TokenError, SyntaxError) as exc:
            raise ScenarioError(path, f"cannot tokenize: {exc}") from None
        return [(tok.start[0], tok.string) for tok in tokens if tok.type == tokenize.COMMENT]
    comments = []
    line, counted_to = 1, 0
    for match in _STRING_OR_COMMENT.finditer(source):
        if match["comment"] is not None:
            line += source.count("\n", counted_to, match.start())
            counted_to = match.start()
            comments.append((line, match["comment"]))
    return comments


def _is_breakpoint(func: ast.expr) -> bool:
    """`breakpoint()`, or JAX's `jax.debug.breakpoint()` (it stops at run time under jit)."""
    if isinstance(func, ast.Name):
        return func.id == "breakpoint"
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "breakpoint"
        and isinstance(func.value, ast.Attribute)
        and func.value.attr == "debug"
    )


def _scan(module: ast.Module) -> tuple[dict[str, set[str]], list[int]]:
    """One walk over the module: the names each top-level function uses, and breakpoint() lines.

    A walk of its own rather than `ast.walk`, whose generators take twice as long: `show`
    and `run` pay it for the file they name, `report` for every file.
    """
    names_used: dict[str, set[str]] = {}
    breakpoint_calls: list[int] = []
    for statement in module.body:
        names: set[str] = set()
        todo: list[ast.AST] = [statement]
        while todo:
            node = todo.pop()
            if isinstance(node, ast.Name):
                names.add(node.id)
                continue
            if isinstance(node, ast.Call) and _is_breakpoint(node.func):
                breakpoint_calls.append(node.lineno)
            for name in node._fields:
                value = getattr(node, name, None)
                if isinstance(value, list):
                    todo.extend(item for item in value if isinstance(item, ast.AST))
                elif isinstance(value, ast.AST):
                    todo.append(value)
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            names_used[statement.name] = names
    return names_used, breakpoint_calls


def _helpers_reachable(
    names_used: Mapping[str, set[str]], functions: Mapping[Mode, FunctionSpan]
) -> set[str]:
    """Names of top-level helpers that some mode function calls, directly or not."""
    seen: set[str] = set()
    todo = [span.name for span in functions.values()]
    while todo:
        for name in names_used[todo.pop()] & names_used.keys():
            if name not in seen:
                seen.add(name)
                todo.append(name)
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
    path: Path,
    module: ast.Module,
    bug_lines: Mapping[Mode, Sequence[int]],
    breakpoint_lines: Mapping[Mode, Sequence[int]],
) -> dict[Mode, dict[str, Any]]:
    """EXPECT as {Mode: {key: value}}; mode functions are the keys of `bug_lines`."""
    node = _assigned(module, "EXPECT")
    if node is None:
        return {}
    try:
        raw = ast.literal_eval(node.value)
    except ValueError:
        raw = None
    if not isinstance(raw, dict):
        raise ScenarioError(
            path,
            'EXPECT must be a literal dict of mode id -> dict, e.g. {"torch-eager": {"raises": '
            '"RuntimeError"}}',
            node.lineno,
        )
    expect: dict[Mode, dict[str, Any]] = {}
    for key, value in raw.items():
        line = _key_line(node.value, key, node.lineno)
        mode = next((m for m in Mode if key in (m.value, m.alias)), None)
        if mode is None:
            close = difflib.get_close_matches(str(key), [m.value for m in Mode], n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            known = ", ".join(m.value for m in Mode)
            raise ScenarioError(path, f"EXPECT names unknown mode {key!r}.{hint} Mode ids: {known}", line)
        if mode not in bug_lines:
            raise ScenarioError(
                path,
                f"EXPECT has {mode.value!r} but the file defines no {mode.function}(): "
                f"define it, or remove {mode.value!r} from EXPECT",
                line,
            )
        if not isinstance(value, dict):
            raise ScenarioError(
                path, f'EXPECT[{key!r}] must be a dict, e.g. {{"raises": "RuntimeError"}}', line
            )
        inner = _value_node(node.value, key)
        for k, v in value.items():
            key_line = _key_line(inner, k, line)
            _check_expect_value(path, key_line, mode, k, v)
            _check_evidence(path, key_line, mode, k, v, bug_lines[mode], breakpoint_lines[mode])
        expect[mode] = dict(value)
    return expect


def _value_node(node: ast.expr | None, key: Any) -> ast.expr | None:
    """The AST of `node[key]` when `node` is a dict display."""
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values, strict=True):
            if isinstance(k, ast.Constant) and k.value == key:
                return v
    return None


def _key_line(node: ast.expr | None, key: Any, default: int) -> int:
    """The line of `key` inside the dict display `node`, to point an error at it."""
    if isinstance(node, ast.Dict):
        for k in node.keys:
            if isinstance(k, ast.Constant) and k.value == key:
                return k.lineno
    return default


def _check_evidence(
    path: Path,
    line: int,
    mode: Mode,
    key: str,
    value: Any,
    bug_lines: Sequence[int],
    breakpoints: Sequence[int],
) -> None:
    """An expectation no run can show (no # BUG marker, no breakpoint) would fail every check."""
    fn = f"{mode.function}()"
    if key == "points_at_bug" and not bug_lines:
        raise ScenarioError(
            path,
            f"EXPECT[{mode.value!r}] has 'points_at_bug' but no line of {fn} (or of a helper it "
            "calls) carries a # BUG marker: mark the buggy line, or drop the key",
            line,
        )
    if (key == "breakpoint_values" or (key == "breakpoint_hits" and value)) and not breakpoints:
        raise ScenarioError(
            path,
            f"EXPECT[{mode.value!r}] has {key!r} but {fn} has no breakpoint() call: add one, or drop the key",
            line,
        )


def _check_expect_value(path: Path, line: int, mode: Mode, key: str, value: Any) -> None:
    if key not in EXPECT_KEYS:
        close = difflib.get_close_matches(str(key), list(EXPECT_KEYS), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        known = ", ".join(EXPECT_KEYS)
        raise ScenarioError(
            path, f"EXPECT[{mode.value!r}] has unknown key {key!r}.{hint} Known keys: {known}", line
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
