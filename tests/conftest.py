"""Shared helpers: the CLI as a user runs it, and the test assets."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pexpect
import pytest

from debugdemo.cache import NO_CACHE_ENV

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "assets"
ASSET_SCENARIOS = ASSETS / "scenarios"
BUILTIN = ROOT / "scenarios"
PROMPT = r"\(Pdb\) "


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


def spawn(
    *args: str,
    timeout: float = 120,
    env: dict[str, str] | None = None,
    dimensions: tuple[int, int] = (50, 120),
) -> pexpect.spawn:
    """`python -m debugdemo ARGS` on a pseudo-terminal, everything it prints kept in .logfile_read."""
    child = pexpect.spawn(
        sys.executable,
        ["-m", "debugdemo", *args],
        env=env or cli_env(),
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=timeout,
        dimensions=dimensions,
    )
    child.logfile_read = io.StringIO()
    return child


def line_of(path: Path, fragment: str, occurrence: int = 1) -> int:
    """The 1-based number of the line of `path` containing `fragment` (nth occurrence)."""
    found = [i for i, line in enumerate(path.read_text().splitlines(), 1) if fragment in line]
    assert len(found) >= occurrence, f"{fragment!r} not found {occurrence}× in {path}"
    return found[occurrence - 1]


def panel_tops(text: str) -> list[tuple[int, int]]:
    """(line number, column) of each panel's top-left corner in drawn text."""
    return [(n, col) for n, line in enumerate(text.splitlines()) for col, ch in enumerate(line) if ch == "╭"]


def pytest_configure(config: pytest.Config) -> None:
    """Every test, and every CLI a test starts, keeps its metadata cache in a temporary
    folder (set before collection): the tests never read or write the user's own cache."""
    folder = tempfile.mkdtemp(prefix="debugdemo-test-cache-")
    saved = {name: os.environ.get(name) for name in ("XDG_CACHE_HOME", NO_CACHE_ENV)}
    os.environ["XDG_CACHE_HOME"] = folder
    os.environ.pop(NO_CACHE_ENV, None)  # the cache is on, as for a user, unless a test says not

    def restore() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    config.add_cleanup(restore)


@pytest.fixture
def assets() -> Path:
    return ASSET_SCENARIOS
