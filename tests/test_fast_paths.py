"""The fast commands never load a framework: `--help`, `list`, `show`, `new`.

Each runs in a subprocess under a wrapper that reports, at interpreter exit, which heavy
modules ended up in `sys.modules`. Not timed: benchmarks/bench.py measures the speed.
Nor do they load what only other commands need: `list` neither the run view nor
pygments, `show` no pygments (it colours source with one regular expression).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from debugdemo.cli import app

from .conftest import ASSET_SCENARIOS, ASSETS, ROOT, cli_env

HEAVY = ("torch", "tensorflow", "numpy", "keras", "jax", "textual")  # textual: `studio` alone
# The modules that draw a run (on either side of the render.py -> views/ split), and the
# highlighter rich's Syntax would bring.
RUN_VIEW = ("debugdemo.render", "debugdemo.views.run")
HIGHLIGHTER = ("pygments", "rich.syntax")
MARK = "debugdemo-loaded-modules:"

# Runs `python -m debugdemo ARGS` in-process and writes the modules it loaded at exit.
PROBE = f"""
import atexit, runpy, sys

def report():
    sys.stderr.write("{MARK}" + ",".join(sorted(sys.modules)) + "\\n")
    sys.stderr.flush()

atexit.register(report)
sys.argv = ["debugdemo", *sys.argv[1:]]
runpy.run_module("debugdemo", run_name="__main__", alter_sys=True)
"""


def run_probe(script: str, *args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Run `script` (PROBE or a variant of it); the modules it reported at exit, and the process."""
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    reports = [line for line in proc.stderr.splitlines() if line.startswith(MARK)]
    assert len(reports) == 1, proc.stderr[-3000:]
    return set(reports[0].removeprefix(MARK).split(",")), proc


def loaded_modules(*args: str, expect: int = 0) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Every module `debugdemo ARGS` had loaded when it exited."""
    loaded, proc = run_probe(PROBE, *args)
    assert proc.returncode == expect, proc.stderr[-3000:]
    return loaded, proc


def among(loaded: set[str], packages: tuple[str, ...]) -> list[str]:
    """The loaded modules that are one of `packages` or inside one."""
    return sorted(m for m in loaded if m in packages or m.startswith(tuple(p + "." for p in packages)))


def loaded_heavy(*args: str, expect: int = 0) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    loaded, proc = loaded_modules(*args, expect=expect)
    return sorted({m.partition(".")[0] for m in among(loaded, HEAVY)}), proc


def commands() -> set[str]:
    return {c.name or c.callback.__name__ for c in app.registered_commands if c.callback is not None}


def test_the_probe_sees_a_framework_import():
    # The control: the same wrapper around a module that does import numpy reports it.
    loaded, _ = run_probe(PROBE.replace('"debugdemo", run_name', '"numpy.random", run_name'))
    assert "numpy" in loaded


def test_help_loads_no_framework():
    loaded, proc = loaded_heavy("--help")
    assert "Usage" in proc.stdout and "list" in proc.stdout
    assert loaded == []


def test_list_loads_no_framework():
    loaded, proc = loaded_heavy("--path", str(ASSET_SCENARIOS), "list", "--json")
    assert "zero-division" in proc.stdout
    assert loaded == []


@pytest.mark.parametrize("command", sorted(commands()))
def test_every_command_help_loads_no_framework(command):
    loaded, proc = loaded_heavy(command, "--help")
    assert "Usage" in proc.stdout
    assert loaded == []


def fast_invocations(tmp: Path) -> dict[str, list[str]]:
    """The fast commands this checkout has, with arguments that make each do its real work."""
    assets = ["--path", str(ASSET_SCENARIOS)]
    known = {
        "list": [*assets, "list"],
        "show": [*assets, "show", "zero-division"],
        "new": ["new", "probe-bug", "--dir", str(tmp)],
    }
    return {name: argv for name, argv in known.items() if name in commands()}


def test_fast_commands_load_no_framework(tmp_path):
    invocations = fast_invocations(tmp_path)
    assert "list" in invocations  # `show` and `new` join as soon as they exist
    for name, argv in invocations.items():
        loaded, proc = loaded_heavy(*argv)
        assert proc.stdout.strip() or list(tmp_path.iterdir()), f"{name} did nothing"
        assert loaded == [], f"debugdemo {name} imported {loaded}"


def test_the_probe_sees_the_run_view_and_pygments():
    # The control: the same wrapper around an import of the run view and of rich's Syntax
    # reports both, and the run view is found under one of the names the tests look for.
    present = [name for name in RUN_VIEW if importlib.util.find_spec(name) is not None]
    assert present, f"none of {RUN_VIEW} exists: update RUN_VIEW"
    script = PROBE.replace(
        'runpy.run_module("debugdemo", run_name="__main__", alter_sys=True)',
        f"import {present[0]}, rich.syntax",
    )
    loaded, _ = run_probe(script)
    assert among(loaded, RUN_VIEW) and among(loaded, HIGHLIGHTER)


def test_list_loads_neither_the_run_view_nor_pygments():
    for argv in (["list"], ["list", "--json"], ["--path", str(ASSETS / "broken_folder"), "list"]):
        loaded, proc = loaded_modules(*argv)
        assert "shape-mismatch" in proc.stdout
        assert among(loaded, RUN_VIEW) == [], argv
        assert among(loaded, HIGHLIGHTER) == [], argv


def test_show_and_new_load_neither_the_run_view_nor_pygments(tmp_path):
    for argv in (["show", "shape-mismatch"], ["new", "probe-bug", "--dir", str(tmp_path)]):
        loaded, proc = loaded_modules(*argv)
        assert proc.stdout.strip()
        assert among(loaded, RUN_VIEW) == [], argv
        assert among(loaded, HIGHLIGHTER) == [], argv


def test_the_jax_modes_load_no_framework_in_the_fast_commands(tmp_path):
    for argv in (
        ["show", "shape-mismatch", "--mode", "jit"],
        ["show", "breakpoint-in-training-loop"],
        ["new", "jax-probe", "--modes", "jax,jit", "--dir", str(tmp_path)],
        ["list", "--json"],
    ):
        loaded, proc = loaded_heavy(*argv)
        assert "jax" in proc.stdout, argv  # it did its work, JAX modes included
        assert loaded == [], f"debugdemo {' '.join(argv)} imported {loaded}"


def test_the_command_freezes_what_it_imported_and_the_library_leaves_the_collector_alone():
    """`debugdemo` freezes the garbage collector once its imports are done (benchmarks/bench.py
    shows the saving); importing the package, the CLI module included, as the notebook magic
    does, changes nothing in the user's process."""
    probe = (
        "import gc, sys\n"
        "import debugdemo, debugdemo.cli\n"
        "print(gc.get_freeze_count(), gc.isenabled())\n"
        "sys.argv = ['debugdemo', '--version']\n"
        "try:\n"
        "    debugdemo.cli.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(gc.get_freeze_count() > 1000, gc.isenabled())\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=cli_env(), cwd=ROOT, timeout=60
    )
    assert proc.stdout.splitlines()[0] == "0 True", proc.stderr[-2000:]
    assert proc.stdout.splitlines()[-1] == "True True"  # frozen, and still collecting new garbage
