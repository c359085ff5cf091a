"""The docs' examples work as written: docs/writing-scenarios.md's worked example is a valid
scenario that `check` confirms; the README's Python example prints what its comment says."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from debugdemo.modes import Mode
from debugdemo.scenario import EXPECT_KEYS, load_scenario

from .conftest import ROOT, cli_env, line_of, run_cli

GUIDE = ROOT / "docs" / "writing-scenarios.md"


def worked_example(tmp_path):
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## A worked example", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert code is not None, "the worked example's code block is missing"
    path = tmp_path / "one_hot_depth.py"
    path.write_text(code.group(1), encoding="utf-8")
    return path


def test_the_worked_example_is_a_valid_scenario(tmp_path):
    scenario = load_scenario(worked_example(tmp_path))
    assert scenario.name == "one-hot-depth"
    assert scenario.modes == (Mode.TORCH_EAGER, Mode.TF1_GRAPH)
    assert all(scenario.bug_lines[m] for m in scenario.modes)


def test_the_guide_documents_every_expect_key():
    text = GUIDE.read_text(encoding="utf-8")
    for key in EXPECT_KEYS:
        assert f"| `{key}`" in text


@pytest.mark.frameworks
def test_the_worked_example_behaves_as_the_guide_says(tmp_path):
    path = worked_example(tmp_path)
    checked = run_cli("--path", str(tmp_path), "check", "one-hot-depth", env=cli_env(COLUMNS="200"))
    assert "5 held, 0 mismatches across 1 scenario" in checked.stdout
    ran = run_cli("--path", str(tmp_path), "run", "one-hot-depth", env=cli_env(COLUMNS="200"))
    assert "RuntimeError: Class values must be smaller than num_classes." in ran.stdout
    assert f"points at the bug (line {line_of(path, 'F.one_hot(')})" in ran.stdout
    assert "returned normally — silent bug" in ran.stdout


@pytest.mark.frameworks
def test_the_readme_python_example_works_as_written(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In Python and Jupyter", 1)[1]
    example = re.search(r"```pycon\n(.*?)```", section, re.DOTALL)
    assert example is not None, "the README's Python example is missing"
    session = example.group(1)
    assert [line for line in session.splitlines() if line.startswith(">>> ")] == [
        ">>> import debugdemo",
        '>>> result = debugdemo.run("shape-mismatch")',
        ">>> result.runs[1].exception.type",
    ]
    # Run as a doctest in a fresh interpreter: each line typed in, each output compared.
    (tmp_path / "example.txt").write_text(session, encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, "-m", "doctest", "-v", "example.txt"],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=tmp_path,
        timeout=240,
    )
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert "3 passed and 0 failed" in ran.stdout
