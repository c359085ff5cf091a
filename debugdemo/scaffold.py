"""`debugdemo new`: write a scenario skeleton that runs as written and passes `check`."""

from __future__ import annotations

import keyword
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from debugdemo.catalog import discover, env_paths, search_path
from debugdemo.errors import DebugDemoError
from debugdemo.scenario import scenario_name

# A real bug in both modes, so the skeleton shows the demo's point before it is edited:
# torch raises at the marked line; TF1 builds the graph fine (the feature count is
# unknown until data is fed) and raises inside Session.run, away from the marked line.
TEMPLATE = '''\
"""{title}

Replace this with your own bug. As written: x has 8 features but the weights expect 16.
PyTorch raises at the line that multiplies; TF1 builds the graph without complaint (the
placeholder's feature count is unknown) and fails later, inside Session.run. The
breakpoint() sees concrete tensors in PyTorch and symbolic ones in TF1.
"""

TAGS = ["mine"]

# What a live run must show; `debugdemo check {name}` compares it with one.
EXPECT = {{
    "torch-eager": {{
        "raises": "RuntimeError",
        "points_at_bug": True,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 1,
    }},
    "tf1-graph": {{
        "raises": "InvalidArgumentError",
        "points_at_bug": False,
        "phase": "run",
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 1,
    }},
}}


def torch_eager():
    import torch

    x = torch.ones(4, 8)  # a batch of 4 examples with 8 features
    w = torch.ones(16, 32)  # a layer that expects 16 features
    breakpoint()  # `run` records x and w here; `debug` stops here
    h = x @ w  # BUG: x has 8 features, w expects 16
    return h.sum().item()


def tf1_graph():
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    x = tf.placeholder(tf.float32, shape=(None, None))  # features unknown until data is fed
    w = tf.ones((16, 32))  # a layer that expects 16 features
    breakpoint()  # hit once, while the graph is built: x and w have no values yet
    h = tf.matmul(x, w)  # BUG: the batch fed below has 8 features, w expects 16
    with tf.Session() as sess:
        return sess.run(tf.reduce_sum(h), feed_dict={{x: [[1.0] * 8] * 4}})
'''


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


def skeleton(name: str) -> str:
    """The scaffold's source for scenario NAME."""
    stem = module_stem(name)
    scenario = stem.replace("_", "-")
    title = stem.replace("_", " ").capitalize() + ": a shape mismatch to replace with your own bug."
    return TEMPLATE.format(title=title, name=scenario)


def write_scenario(name: str, folder: Path) -> Path:
    """Write the skeleton to FOLDER (created if missing); never overwrite a file."""
    path = folder / f"{module_stem(name)}.py"
    if path.exists():
        raise DebugDemoError(f"{path} already exists; not overwriting it. Choose another name or --dir.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:
            out.write(skeleton(name))
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


def scaffold(name: str, folder: Path | None, paths: Sequence[Path] = ()) -> Scaffolded:
    """Write scenario NAME to FOLDER (default: see default_folder) for `new`."""
    path = write_scenario(name, folder if folder is not None else default_folder(paths))
    here = path.parent.resolve()
    others = [d for d in search_path(paths) if d.resolve() != here]
    twin = discover(others).get(scenario_name(path))
    # Next time, without --path, only DEBUGDEMO_PATH and the built-in folder are searched.
    searched = {d.resolve() for d in search_path()}
    return Scaffolded(path, scenario_name(path), twin.path if twin else None, here not in searched)
