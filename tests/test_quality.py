"""The repository's own checks run with the tests: lint, format, types, README vs CI."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_is_clean(command):
    proc = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick)


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one():
    run_demo, run_tests = _readme_commands()
    assert run_demo.endswith("debugdemo run shape-mismatch")
    assert run_tests.endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert run_tests in ci, ".ci/run must run the README's test command as written"
    # The tests cover the jax modes, so the test command installs the optional extra.
    assert '-e ".[test,jax]"' in run_tests
