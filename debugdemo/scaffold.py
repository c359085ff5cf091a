"""`debugdemo new`: write a scenario skeleton that runs as written and passes `check`."""

from __future__ import annotations

import keyword
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from debugdemo.catalog import discover, env_paths, search_path
from debugdemo.errors import DebugDemoError
from debugdemo.modes import DEFAULT_MODES, Mode
from debugdemo.scenario import scenario_name

# A real bug in every mode, so the skeleton shows the demo's point before it is edited:
# x has 8 features, the weights expect 16. Each mode's part says what it shows, what a
# live run must hold (EXPECT) and the function; `new --modes` picks the parts.
HEADER = '''\
"""{title}

Replace this with your own bug. As written: x has 8 features but the weights expect 16.
{says}
"""

TAGS = ["mine"]

# What a live run must show; `debugdemo check {name}` compares it with one.
EXPECT = {{
{expect}}}
'''


@dataclass(frozen=True)
class _Part:
    says: str  # one sentence of the docstring
    expect: dict[str, object]
    function: str


_PARTS = {
    Mode.TORCH_EAGER: _Part(
        "PyTorch raises at the line that multiplies, and its breakpoint() sees concrete tensors.",
        {
            "raises": "RuntimeError",
            "points_at_bug": True,
            "breakpoint_values": "concrete",
            "breakpoint_hits": 1,
        },
        """\
def torch_eager():
    import torch

    x = torch.ones(4, 8)  # a batch of 4 examples with 8 features
    w = torch.ones(16, 32)  # a layer that expects 16 features
    breakpoint()  # `run` records x and w here; `debug` stops here
    h = x @ w  # BUG: x has 8 features, w expects 16
    return h.sum().item()
""",
    ),
    Mode.TF1_GRAPH: _Part(
        "TF1 builds the graph without complaint (the placeholder's feature count is unknown) and "
        "fails later, inside Session.run; its breakpoint() sees symbolic tensors.",
        {
            "raises": "InvalidArgumentError",
            "points_at_bug": False,
            "phase": "run",
            "breakpoint_values": "symbolic",
            "breakpoint_hits": 1,
        },
        """\
def tf1_graph():
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    x = tf.placeholder(tf.float32, shape=(None, None))  # features unknown until data is fed
    w = tf.ones((16, 32))  # a layer that expects 16 features
    breakpoint()  # hit once, while the graph is built: x and w have no values yet
    h = tf.matmul(x, w)  # BUG: the batch fed below has 8 features, w expects 16
    with tf.Session() as sess:
        return sess.run(tf.reduce_sum(h), feed_dict={x: [[1.0] * 8] * 4})
""",
    ),
    Mode.TF2_EAGER: _Part(
        "TF2 eager raises at the line that multiplies, with concrete tensors at the breakpoint().",
        {
            "raises": "InvalidArgumentError",
            "points_at_bug": True,
            "breakpoint_values": "concrete",
            "breakpoint_hits": 1,
        },
        """\
def tf2_eager():
    import tensorflow as tf

    x = tf.ones((4, 8))  # a batch of 4 examples with 8 features
    w = tf.ones((16, 32))  # a layer that expects 16 features
    breakpoint()  # `run` records x and w here; `debug` stops here
    h = x @ w  # BUG: x has 8 features, w expects 16
    return float(tf.reduce_sum(h))
""",
    ),
    Mode.TF_FUNCTION: _Part(
        "@tf.function finds it while tracing: the traceback ends at the call, the line is named in "
        "the message, and the breakpoint() fires once with symbolic tensors.",
        {
            "raises": "ValueError",
            "points_at_bug": False,
            "breakpoint_values": "symbolic",
            "breakpoint_hits": 1,
        },
        """\
def tf_function():
    import tensorflow as tf

    @tf.function
    def layer(x):
        w = tf.ones((16, 32))  # a layer that expects 16 features
        breakpoint()  # fires once, while tracing: x is symbolic
        h = x @ w  # BUG: x has 8 features, w expects 16
        return tf.reduce_sum(h)

    return float(layer(tf.ones((4, 8))))
""",
    ),
    Mode.TORCH_COMPILE: _Part(
        "torch.compile finds it on fake tensors while compiling: a TorchRuntimeError whose "
        "traceback ends at the call, with the line named in the message.",
        {"raises": "TorchRuntimeError", "points_at_bug": False},
        """\
def torch_compile():
    import torch

    @torch.compile(backend="eager")
    def layer(x, w):
        h = x @ w  # BUG: x has 8 features, w expects 16
        return h.sum()

    return layer(torch.ones(4, 8), torch.ones(16, 32)).item()
""",
    ),
    Mode.JAX_EAGER: _Part(
        "JAX op by op raises a TypeError at the line that multiplies, with concrete arrays at the "
        "breakpoint().",
        {"raises": "TypeError", "points_at_bug": True, "breakpoint_values": "concrete", "breakpoint_hits": 1},
        """\
def jax_eager():
    import jax.numpy as jnp

    x = jnp.ones((4, 8))  # a batch of 4 examples with 8 features
    w = jnp.ones((16, 32))  # a layer that expects 16 features
    breakpoint()  # `run` records x and w here; `debug` stops here
    h = x @ w  # BUG: x has 8 features, w expects 16
    return float(h.sum())
""",
    ),
    Mode.JAX_JIT: _Part(
        "Under jax.jit the same TypeError comes while tracing, still on the line (shapes are "
        "static); the breakpoint() fires once per trace, with tracers.",
        {"raises": "TypeError", "points_at_bug": True, "breakpoint_values": "symbolic", "breakpoint_hits": 1},
        """\
def jax_jit():
    import jax
    import jax.numpy as jnp

    @jax.jit
    def layer(x, w):
        breakpoint()  # fires once per trace: x and w are tracers
        h = x @ w  # BUG: x has 8 features, w expects 16
        return h.sum()

    return float(layer(jnp.ones((4, 8)), jnp.ones((16, 32))))
""",
    ),
}


def _expect_entry(mode: Mode, expect: dict[str, object]) -> str:
    one_line = f"    {mode.value!r}: {{{', '.join(f'{k!r}: {v!r}' for k, v in expect.items())}}},\n"
    if len(one_line) <= 100:
        return one_line.replace("'", '"')
    inner = "".join(f"        {k!r}: {v!r},\n" for k, v in expect.items())
    return f"    {mode.value!r}: {{\n{inner}    }},\n".replace("'", '"')


def module_stem(name: str) -> str:
    """The file stem for scenario NAME (`my-bug` → `my_bug`); DebugDemoError when unusable."""
    stem = name.removesuffix(".py").replace("-", "_")
    if not stem.isidentifier() or keyword.iskeyword(stem) or stem.startswith("_"):
        raise DebugDemoError(
            f"Cannot name a scenario {name!r}: use letters, digits, '-' and '_', starting with a "
            "letter (e.g. 'my-shape-bug'); the name becomes a Python file name."
        )
    return stem


def default_folder(paths: Sequence[Path], environ: Mapping[str, str] | None = None) -> Path:
    """Where `new` writes without --dir: the first --path, else the first DEBUGDEMO_PATH, else ."""
    candidates = [*paths, *env_paths(environ)]
    return candidates[0].expanduser() if candidates else Path.cwd()


def skeleton(name: str, modes: Sequence[Mode] = DEFAULT_MODES) -> str:
    """The scaffold's source for scenario NAME, with a function for each of MODES."""
    stem = module_stem(name)
    scenario = stem.replace("_", "-")
    title = stem.replace("_", " ").capitalize() + ": a shape mismatch to replace with your own bug."
    parts = [_PARTS[m] for m in modes]
    says = textwrap.fill(" ".join(p.says for p in parts), width=88)
    expect = "".join(_expect_entry(m, _PARTS[m].expect) for m in modes)
    header = HEADER.format(title=title, name=scenario, says=says, expect=expect)
    return header + "".join("\n\n" + p.function for p in parts)


def write_scenario(name: str, folder: Path, modes: Sequence[Mode] = DEFAULT_MODES) -> Path:
    """Write the skeleton to FOLDER (created if missing); never overwrite a file."""
    path = folder / f"{module_stem(name)}.py"
    if path.exists():
        raise DebugDemoError(f"{path} already exists; not overwriting it. Choose another name or --dir.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:
            out.write(skeleton(name, modes))
    except FileExistsError:
        raise DebugDemoError(f"{path} already exists; not overwriting it.") from None
    except OSError as exc:
        raise DebugDemoError(f"Cannot write {path}: {exc.strerror or exc}") from None
    return path


@dataclass(frozen=True)
class Scaffolded:
    """What `new` wrote, and what the user needs to know to use it."""

    path: Path
    name: str
    same_name: Path | None  # another searched folder's scenario with this name
    needs_path: bool  # the folder is not searched unless --path names it
    modes: tuple[Mode, ...] = DEFAULT_MODES  # the modes it has a function for


def scaffold(
    name: str, folder: Path | None, paths: Sequence[Path] = (), modes: Sequence[Mode] = DEFAULT_MODES
) -> Scaffolded:
    """Write scenario NAME, with a function per mode, to FOLDER (default: see default_folder)."""
    path = write_scenario(name, folder if folder is not None else default_folder(paths), modes)
    here = path.parent.resolve()
    others = [d for d in search_path(paths) if d.resolve() != here]
    twin = discover(others).get(scenario_name(path))
    # Next time, without --path, only DEBUGDEMO_PATH and the built-in folder are searched.
    searched = {d.resolve() for d in search_path()}
    return Scaffolded(
        path, scenario_name(path), twin.path if twin else None, here not in searched, tuple(modes)
    )
