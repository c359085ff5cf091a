"""Record `breakpoint()` calls instead of stopping: hits, and what the locals were.

Installed as `sys.breakpointhook` in non-interactive workers. Tensors are recognised by
duck typing (`type(v).__module__`), so this module never imports a framework itself.
"""

from __future__ import annotations

import ast
import functools
import gc
import linecache
import os
import re
import sys
import types
from typing import Any

from debugdemo.process.extract import safe_repr, safe_str
from debugdemo.records import Breakpoint, LocalSummary, SourceLocation, ValueKind
from debugdemo.text import is_autograph_file, qualified_name

MAX_LOCALS = 16
PREVIEW_ITEMS = 6
PREVIEW_CHARS = 120
# AutoGraph's own bookkeeping in a converted function's frame, not the user's variables.
AUTOGRAPH_LOCALS = frozenset({"ag__", "fscope", "do_return", "retval_"})

_hits: dict[tuple[str, int, str], Breakpoint] = {}


def reset() -> None:
    _hits.clear()


def collected() -> list[Breakpoint]:
    return sorted(_hits.values(), key=lambda b: (b.file, b.line))


def hook(*args: Any, **kwargs: Any) -> None:
    """The `sys.breakpointhook`: count the hit and, the first time, summarise the locals."""
    try:
        frame = _caller(sys._getframe(1))
        key = (frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name)
        record = _hits.get(key)
        if record is None:
            record = _new_record(frame, *key)
            _hits[key] = record
        record.hits += 1
    except BaseException:  # noqa: BLE001 - the recorder must never fail the scenario
        pass


def install_jax_debugger() -> None:
    """Record `jax.debug.breakpoint()` too: JAX hands its debugger the frames with concrete values.

    Registered above JAX's own command-line debugger, which would wait for input. Only for
    workers that record; `debug --mode jax-jit` keeps JAX's real debugger.
    """
    core = sys.modules.get("jax._src.debugger.core")
    if core is None:
        import jax.debug  # noqa: F401 - registers JAX's debuggers

        core = sys.modules["jax._src.debugger.core"]
    if "debugdemo" not in core._debugger_registry:
        core.register_debugger("debugdemo", jax_debugger, 100)


def jax_debugger(frames: list[Any], thread_id: int | None = None, **kwargs: Any) -> None:
    """A JAX debugger backend: count the hit of `jax.debug.breakpoint()` like a `breakpoint()`."""
    try:
        frame = frames[0]  # innermost first, JAX's own frames already filtered out
        file, line = str(frame.filename), int(frame.lineno)
        key = (file, line, "")
        record = _hits.get(key)
        if record is None:
            record = Breakpoint(
                line=line,
                function=_function_at(file, line),
                hits=0,
                locals=summarise(frame.locals),
                file=file,
            )
            _hits[key] = record
        record.hits += 1
    except BaseException:  # noqa: BLE001 - the recorder must never fail the scenario
        pass


def _function_at(file: str, line: int) -> str:
    """The innermost function whose body holds `line` (JAX's frames carry no function name)."""
    try:
        tree = ast.parse("".join(linecache.getlines(file)))
    except (SyntaxError, ValueError):
        return "?"
    best = "<module>"
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
            if node.lineno <= line <= node.end_lineno:
                best = node.name  # ast.walk goes outside in: the last match is the innermost
    return best


def _caller(frame: types.FrameType) -> types.FrameType:
    """The frame that called breakpoint(), past any wrapper put around this hook."""
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(_WRAPPERS):
        frame = frame.f_back
    return frame


_WRAPPERS = ("torch._dynamo.", "debugdemo.")


# TorchDynamo resumes a function after a graph break in a generated function of this name.
_DYNAMO_RESUME = re.compile(r"^torch_dynamo_resume_in_(?P<function>\w+?)_at_\d+$")


def _new_record(frame: types.FrameType, file: str, line: int, function: str) -> Breakpoint:
    origin = autograph_origin(frame)
    if origin is None:
        resumed = _DYNAMO_RESUME.match(function)
        return Breakpoint(
            line=line,
            function=resumed["function"] if resumed else function,
            hits=0,
            locals=_mark_temporaries(summarise(frame.f_locals), file),
            file=file,
        )
    # tf.function: the hook runs in the code AutoGraph generated from the user's function.
    return Breakpoint(
        line=origin.line,
        function=origin.function,
        hits=0,
        locals=_mark_temporaries(summarise(frame.f_locals, skip=AUTOGRAPH_LOCALS), origin.file),
        file=origin.file,
        fired_in=SourceLocation(line, function, file),
    )


def _mark_temporaries(summary: dict[str, LocalSummary], file: str) -> dict[str, LocalSummary]:
    """Mark the locals whose names the source file never mentions: a framework made them."""
    try:
        names = _source_names(file, os.stat(file).st_mtime_ns)
    except OSError:
        return summary
    if names:
        for name, local in summary.items():
            local.temporary = name not in names
    return summary


@functools.lru_cache(maxsize=32)
def _source_names(file: str, mtime_ns: int) -> frozenset[str]:
    """Every identifier of a Python file; empty when it cannot be read or parsed."""
    try:
        tree = ast.parse(open(file, encoding="utf-8").read())
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return frozenset()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return frozenset(names)


def autograph_origin(frame: types.FrameType) -> SourceLocation | None:
    """The user's line that an AutoGraph-generated frame was converted from, if it is one.

    AutoGraph attaches a source map (`ag_source_map`: generated line → origin) to the
    function it generates; that function is found through its code object.
    """
    code = frame.f_code
    if not is_autograph_file(code.co_filename):
        return None
    for referrer in gc.get_referrers(code):
        source_map = getattr(referrer, "ag_source_map", None) if callable(referrer) else None
        if not source_map:
            continue
        for loc, origin in source_map.items():
            if loc.filename == code.co_filename and loc.lineno == frame.f_lineno:
                return SourceLocation(
                    int(origin.loc.lineno), str(origin.function_name), str(origin.loc.filename)
                )
    return None


def summarise(local_vars: dict[str, Any], skip: frozenset[str] = frozenset()) -> dict[str, LocalSummary]:
    summary: dict[str, LocalSummary] = {}
    for name, value in list(local_vars.items()):
        if name.startswith("__") or name in skip or _is_boring(value):
            continue
        if len(summary) >= MAX_LOCALS:
            break
        try:
            summary[name] = describe(value)
        except BaseException as exc:  # noqa: BLE001
            summary[name] = LocalSummary(
                ValueKind.OTHER, _type_name(value), value_error=f"{type(exc).__name__}: {safe_str(exc, 200)}"
            )
    return summary


def _is_boring(value: Any) -> bool:
    return isinstance(value, types.ModuleType | types.FunctionType | type | types.BuiltinFunctionType)


def _type_name(value: Any) -> str:
    return qualified_name(type(value))


def _root_module(value: Any) -> str:
    return type(value).__module__.split(".", 1)[0]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def describe(value: Any) -> LocalSummary:
    root = _root_module(value)
    if root == "torch" and hasattr(value, "shape") and hasattr(value, "dtype"):
        return _describe_torch(value)
    if root in ("tensorflow", "keras") and hasattr(value, "shape") and hasattr(value, "dtype"):
        return _describe_tf(value)
    if root in ("jax", "jaxlib") and hasattr(value, "shape") and hasattr(value, "dtype"):
        return _describe_jax(value)
    if root == "numpy" and hasattr(value, "shape"):
        return LocalSummary(
            ValueKind.CONCRETE,
            _type_name(value),
            str(tuple(value.shape)),
            str(value.dtype),
            _preview_items(_first_items(value), _size(value.shape)),
        )
    if isinstance(value, bool | int | float | complex):
        return LocalSummary(ValueKind.CONCRETE, _type_name(value), preview=_short(repr(value)))
    return LocalSummary(ValueKind.OTHER, _type_name(value), preview=_short(safe_repr(value)))


def _first_items(array: Any) -> Any:
    """The first few items of the first row: cheap even for a 10^8-element tensor."""
    while getattr(array, "ndim", 0) > 1:
        array = array[0]
    return array[:PREVIEW_ITEMS] if getattr(array, "ndim", 0) == 1 else array


def _size(shape: Any) -> int | None:
    """How many values a tensor of this shape holds; None when a dimension is unknown."""
    size = 1
    for dim in tuple(shape):
        if dim is None:
            return None
        size *= int(dim)
    return size


def _preview_items(items: Any, size: int | None) -> str:
    """The values shown, ending in `…` whenever the tensor holds more (or an unknown number)."""
    values = items.tolist()
    if not isinstance(values, list):
        return _short(repr(values))
    text = ", ".join(f"{v:.4g}" if isinstance(v, float) else repr(v) for v in values)
    partial = size is None or size > len(values)
    return _short(f"[{text}, …]" if partial else f"[{text}]")


def _describe_torch(t: Any) -> LocalSummary:
    shape = str(tuple(t.shape))
    dtype = str(t.dtype).removeprefix("torch.")
    type_name = _type_name(t)
    if "Fake" in type(t).__name__ or "Functional" in type(t).__name__ or t.device.type == "meta":
        return LocalSummary(
            ValueKind.SYMBOLIC,
            type_name,
            shape,
            dtype,
            value_error=_value_error(lambda: t.detach().tolist()),
        )
    try:
        preview = _preview_items(_first_items(t.detach()), t.numel())
    except BaseException as exc:  # noqa: BLE001 - e.g. a tensor on an unavailable device
        return _unreadable(type_name, shape, dtype, exc)
    return LocalSummary(ValueKind.CONCRETE, type_name, shape, dtype, preview)


def _unreadable(type_name: str, shape: str | None, dtype: str | None, exc: BaseException) -> LocalSummary:
    """A tensor whose values could not be read: kind OTHER, with what reading them raised."""
    return LocalSummary(
        ValueKind.OTHER, type_name, shape, dtype, value_error=f"{type(exc).__name__}: {safe_str(exc, 200)}"
    )


def _describe_tf(t: Any) -> LocalSummary:
    try:
        shape = str(t.shape)
    except BaseException:  # noqa: BLE001
        shape = None
    dtype = getattr(getattr(t, "dtype", None), "name", None) or safe_str(getattr(t, "dtype", ""), 40)
    type_name = _type_name(t)
    try:
        # Slice an eager tensor before asking for values, so a huge one is never copied whole.
        array = (_first_items(t) if type(t).__name__ == "EagerTensor" else t).numpy()
    except BaseException as exc:  # noqa: BLE001 - graph tensors have no value: that is the point
        return LocalSummary(
            ValueKind.SYMBOLIC,
            type_name,
            shape,
            dtype,
            preview=_short(safe_repr(t)),
            value_error=f"{type(exc).__name__}: {safe_str(exc, 200)}",
        )
    if hasattr(array, "shape"):
        size = _size(t.shape) if hasattr(t, "shape") else None
        return LocalSummary(
            ValueKind.CONCRETE, type_name, shape, dtype, _preview_items(_first_items(array), size)
        )
    return LocalSummary(ValueKind.CONCRETE, type_name, shape, dtype, _short(repr(array)))


def _describe_jax(a: Any) -> LocalSummary:
    """A concrete `jax.Array`, or a tracer: under `jax.jit` the function runs on abstract values."""
    shape = str(tuple(a.shape))
    dtype = safe_str(a.dtype, 40)
    type_name = _type_name(a)
    # Under jax.grad without jit, a tracer carries a concrete primal: the values are there.
    primal = a
    while "Tracer" in type(primal).__name__ and hasattr(primal, "primal"):
        primal = primal.primal
    if primal is not a and "Tracer" not in type(primal).__name__:
        return LocalSummary(
            ValueKind.CONCRETE, type_name, shape, dtype, _preview_items(_first_items(primal), _size(a.shape))
        )
    if "Tracer" in type(a).__name__:
        return LocalSummary(
            ValueKind.SYMBOLIC,
            type_name,
            shape,
            dtype,
            preview=_short(safe_repr(a)),
            value_error=_value_error(lambda: a.tolist()),
        )
    try:
        preview = _preview_items(_first_items(a), _size(a.shape))
    except BaseException as exc:  # noqa: BLE001 - e.g. a deleted (donated) buffer
        return _unreadable(type_name, shape, dtype, exc)
    return LocalSummary(ValueKind.CONCRETE, type_name, shape, dtype, preview)


def _value_error(ask: Any) -> str | None:
    try:
        ask()
    except BaseException as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {safe_str(exc, 200)}"
    return None
