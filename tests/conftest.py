"""Shared helpers: the CLI as a user runs it, and the test assets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "assets"
ASSET_SCENARIOS = ASSETS / "scenarios"
BUILTIN = ROOT / "scenarios"


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DEBUGDEMO_PATH", None)
    env.update({"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def run_cli(
    *args: str,
    expect: int = 0,
    env: dict[str, str] | None = None,
    timeout: float = 240,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m debugdemo ARGS`; fails loudly when the exit code is not `expect`."""
    proc = subprocess.run(
        [sys.executable, "-m", "debugdemo", *args],
        capture_output=True,
        text=True,
        env=env or cli_env(),
        timeout=timeout,
        input=stdin,
        cwd=ROOT,
    )
    assert proc.returncode == expect, (
        f"debugdemo {' '.join(args)} exited {proc.returncode}, expected {expect}\n"
        f"--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}"
    )
    return proc


def line_of(path: Path, fragment: str, occurrence: int = 1) -> int:
    """The 1-based number of the line of `path` containing `fragment` (nth occurrence)."""
    found = [i for i, line in enumerate(path.read_text().splitlines(), 1) if fragment in line]
    assert len(found) >= occurrence, f"{fragment!r} not found {occurrence}× in {path}"
    return found[occurrence - 1]


@pytest.fixture
def assets() -> Path:
    return ASSET_SCENARIOS
