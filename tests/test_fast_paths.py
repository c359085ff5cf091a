"""The fast commands never load a framework: `--help`, `list`, `show`, `new`.

Each runs in a subprocess under a wrapper that reports, at interpreter exit, which heavy
modules ended up in `sys.modules`. Not timed: benchmarks/bench.py measures the speed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from debugdemo.cli import app

from .conftest import ASSET_SCENARIOS, ROOT, cli_env

HEAVY = ("torch", "tensorflow", "numpy", "keras", "jax", "textual")  # textual: `studio` alone
MARK = "debugdemo-loaded-modules:"

# Runs `python -m debugdemo ARGS` in-process and writes the heavy modules it loaded at exit.
PROBE = f"""
import atexit, runpy, sys

def report():
    loaded = sorted({{name.partition(".")[0] for name in sys.modules}} & set({HEAVY!r}))
    sys.stderr.write("{MARK}" + ",".join(loaded) + "\\n")
    sys.stderr.flush()

atexit.register(report)
sys.argv = ["debugdemo", *sys.argv[1:]]
runpy.run_module("debugdemo", run_name="__main__", alter_sys=True)
"""


def loaded_heavy(*args: str, expect: int = 0) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == expect, proc.stderr[-3000:]
    [line] = [line for line in proc.stderr.splitlines() if line.startswith(MARK)]
    return [m for m in line.removeprefix(MARK).split(",") if m], proc


def commands() -> set[str]:
    return {c.name or c.callback.__name__ for c in app.registered_commands if c.callback is not None}


def test_the_probe_sees_a_framework_import():
    # The control: the same wrapper around a module that does import numpy reports it.
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.replace('"debugdemo", run_name', '"numpy.random", run_name')],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=120,
        check=False,
    )
    assert f"{MARK}numpy" in proc.stderr


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
