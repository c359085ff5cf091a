"""The execution modes a scenario can define, and the frameworks behind them."""

from __future__ import annotations

import difflib
from enum import Enum
from typing import NamedTuple

from debugdemo.errors import DebugDemoError


class Framework(str, Enum):
    TORCH = "torch"
    TENSORFLOW = "tensorflow"
    JAX = "jax"

    @property
    def pip_name(self) -> str:
        """What to `pip install` for it: JAX is the optional extra `debugdemo[jax]`."""
        return {"torch": "torch", "tensorflow": "tensorflow", "jax": "'debugdemo[jax]'"}[self.value]


class _ModeInfo(NamedTuple):  # a NamedTuple costs a fifth of a frozen dataclass to define
    alias: str
    function: str
    framework: Framework
    label: str
    aid: str  # the framework's own debugging aid that `run --aid` switches on


class Mode(str, Enum):
    """A way of running a scenario; the value is the stable mode id."""

    TORCH_EAGER = "torch-eager"
    TF1_GRAPH = "tf1-graph"
    TF2_EAGER = "tf2-eager"
    TF_FUNCTION = "tf-function"
    TORCH_COMPILE = "torch-compile"
    JAX_EAGER = "jax-eager"
    JAX_JIT = "jax-jit"

    @property
    def info(self) -> _ModeInfo:
        return _INFO[self]

    @property
    def alias(self) -> str:
        return self.info.alias

    @property
    def function(self) -> str:
        """Name of the scenario function that implements this mode."""
        return self.info.function

    @property
    def framework(self) -> Framework:
        return self.info.framework

    @property
    def label(self) -> str:
        return self.info.label

    @property
    def aid(self) -> str:
        return self.info.aid

    @property
    def is_tf1(self) -> bool:
        return self is Mode.TF1_GRAPH

    @classmethod
    def from_function(cls, name: str) -> Mode | None:
        return next((m for m in cls if m.function == name), None)


_ANOMALY = "anomaly detection (torch.autograd.detect_anomaly)"
_CHECK_NUMERICS = "tf.debugging.enable_check_numerics, traceback filtering off"
_DEBUG_NANS = "jax_debug_nans (a NaN raises FloatingPointError at the op that made it)"
_INFO = {
    Mode.TORCH_EAGER: _ModeInfo("torch", "torch_eager", Framework.TORCH, "PyTorch eager", _ANOMALY),
    Mode.TF1_GRAPH: _ModeInfo(
        "tf1",
        "tf1_graph",
        Framework.TENSORFLOW,
        "TF1 graph + Session.run",
        "check_numerics ops on every float op (tf.debugging.enable_check_numerics), traceback filtering off",
    ),
    Mode.TF2_EAGER: _ModeInfo("tf2", "tf2_eager", Framework.TENSORFLOW, "TF2 eager", _CHECK_NUMERICS),
    Mode.TF_FUNCTION: _ModeInfo(
        "tffn", "tf_function", Framework.TENSORFLOW, "TF2 @tf.function", _CHECK_NUMERICS
    ),
    Mode.TORCH_COMPILE: _ModeInfo("compile", "torch_compile", Framework.TORCH, "torch.compile", _ANOMALY),
    Mode.JAX_EAGER: _ModeInfo("jax", "jax_eager", Framework.JAX, "JAX eager (op by op)", _DEBUG_NANS),
    Mode.JAX_JIT: _ModeInfo("jit", "jax_jit", Framework.JAX, "JAX jax.jit", _DEBUG_NANS),
}

DEFAULT_MODES = (Mode.TORCH_EAGER, Mode.TF1_GRAPH)
MODE_FUNCTIONS = frozenset(m.function for m in Mode)


class UnknownModeError(DebugDemoError):
    """A mode id or alias that names no mode (a usage error)."""


def parse_mode(text: str, *, in_list: bool = False) -> Mode:
    """Return the mode named by an id (`tf1-graph`), alias (`tf1`) or function name.

    `in_list`: the text is part of a mode list, where 'all' is valid too (the error says so).
    """
    key = text.strip().lower()
    for mode in Mode:
        if key in (mode.value, mode.alias, mode.function):
            return mode
    names = [m.value for m in Mode] + [m.alias for m in Mode]
    close = difflib.get_close_matches(key, names, n=2)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    valid = ", ".join(f"{m.value} ({m.alias})" for m in Mode)
    also = ", or 'all'" if in_list else ""
    raise UnknownModeError(f"Unknown mode {text!r}.{hint} Valid modes: {valid}{also}.")


def parse_modes(text: str) -> tuple[Mode, ...]:
    """Parse a comma-separated mode list, or `all`; order kept, duplicates dropped."""
    if text.strip().lower() == "all":
        return tuple(Mode)
    modes: list[Mode] = []
    for part in text.split(","):
        if part.strip():
            mode = parse_mode(part, in_list=True)
            if mode not in modes:
                modes.append(mode)
    if not modes:
        raise UnknownModeError("No mode given. Use e.g. --modes torch,tf1 or --modes all.")
    return tuple(modes)
