"""A --path folder holding broken scenario files: each is named with its file and line; the rest works.

tests/assets/broken_folder holds files that are no scenario at all, and a name that clashes
with tests/assets/scenarios; tests/assets/invalid_scenarios (test_validation.py) holds files
that each break one rule of a scenario file.
"""

from __future__ import annotations

import shutil

import pytest

from debugdemo.catalog import discover
from debugdemo.errors import DebugDemoError
from debugdemo.modes import Mode
from debugdemo.process.worker_parent import Runner
from debugdemo.records import RunStatus
from debugdemo.scenario import load_scenario

from .conftest import ASSET_SCENARIOS, ASSETS, line_of, run_cli

BROKEN_FOLDER = ASSETS / "broken_folder"
MISSPELT = ASSETS / "invalid_scenarios" / "misspelt_mode.py"


@pytest.fixture
def folders(tmp_path):
    """The broken folder, a file that breaks a rule, and files git cannot hold: not UTF-8, a dangling link."""
    broken = tmp_path / "broken"
    shutil.copytree(BROKEN_FOLDER, broken)
    shutil.copy(MISSPELT, broken)
    (broken / "not_utf8.py").write_bytes(b'"""Latin-1: caf\xe9."""\n')
    (broken / "dangling.py").symlink_to(tmp_path / "nowhere.py")
    return [broken, ASSET_SCENARIOS]


def test_discover_lists_the_valid_scenarios_and_one_problem_per_broken_file(folders):
    broken, good = folders
    catalog = discover(folders)
    assert "zero-division" in catalog.scenarios and "hang" in catalog.scenarios
    assert not {"syntax-error", "no-mode", "misspelt-mode", "not-utf8", "dangling"} & set(catalog.scenarios)
    problems = "\n".join(catalog.problems)
    assert f"{broken / 'syntax_error.py'}:4: syntax error: invalid syntax" in problems
    assert f"{broken / 'no_mode.py'}:1: no mode function: define at least one of torch_eager()" in problems
    assert (
        f"{broken / 'misspelt_mode.py'}:{line_of(MISSPELT, 'def torch_eagre')}: "
        "function torch_eagre() looks like a misspelt mode: "
        "did you mean torch_eager()?"
    ) in problems
    assert f"{broken / 'not_utf8.py'}: cannot read the file: 'utf-8' codec can't decode" in problems
    assert f"{broken / 'dangling.py'}: cannot read the file: [Errno 2] No such file" in problems
    # The same name in two folders: the earlier folder wins, and the problem says so.
    assert catalog.scenarios["zero-division"].path == broken / "zero_division.py"
    assert (
        f"{good / 'zero_division.py'}: name 'zero-division' is also defined in "
        f"{broken / 'zero_division.py'}; using {broken / 'zero_division.py'} (earlier in the search path)"
    ) in problems
    assert len(catalog.problems) == 6


def test_list_shows_the_valid_scenarios_and_a_short_list_of_problems(folders):
    broken, good = folders
    proc = run_cli("--path", str(broken), "--path", str(good), "list")
    assert "hang" in proc.stdout and "hostile-values" in proc.stdout
    assert "misspelt-mode" not in proc.stdout
    assert "6 problems in scenario files" in proc.stderr
    assert "did you mean torch_eager()?" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_list_keeps_a_long_problem_list_short(tmp_path):
    for i in range(14):
        (tmp_path / f"broken_{i:02}.py").write_text("def torch_eager(:\n")
    proc = run_cli("--path", str(tmp_path), "--path", str(ASSET_SCENARIOS), "list")
    assert "14 problems in scenario files" in proc.stderr
    assert "broken_09.py" in proc.stderr and "broken_10.py" not in proc.stderr
    assert "… and 4 more ('debugdemo list --json' lists them all)" in proc.stderr
    assert "hang" in proc.stdout  # the valid ones are still listed


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("syntax-error", "syntax_error.py:4: syntax error: invalid syntax"),
        ("misspelt-mode", "function torch_eagre() looks like a misspelt mode"),
        ("no-mode", "no_mode.py:1: no mode function"),
        ("not-utf8", "not_utf8.py: cannot read the file"),
    ],
)
def test_run_of_a_broken_scenario_exits_2_with_the_message(folders, name, message):
    broken, _ = folders
    proc = run_cli("--path", str(broken), "run", name, expect=2)
    assert f"Scenario '{name}' is invalid: {broken}" in proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_run_of_a_broken_scenario_file_by_path_exits_2(folders):
    broken, _ = folders
    proc = run_cli("run", str(broken / "syntax_error.py"), expect=2)
    assert f"Invalid scenario: {broken / 'syntax_error.py'}:4: syntax error" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_catalog_resolve_names_the_winner_of_a_duplicate(folders):
    catalog = discover(folders)
    assert catalog.resolve("zero-division").path == folders[0] / "zero_division.py"
    with pytest.raises(DebugDemoError, match="Did you mean 'zero-division'"):
        catalog.resolve("zero-divison")


def test_a_scenario_whose_module_code_fails_is_invalid_in_the_worker():
    path = ASSET_SCENARIOS / "module_error.py"
    [result] = Runner((Mode.TORCH_EAGER,), preload=False).run([load_scenario(path)])
    [run] = result.runs
    assert run.status is RunStatus.INVALID
    assert run.detail == (
        "could not load the scenario: ModuleNotFoundError: No module named 'not_a_real_module_debugdemo'"
    )
    assert run.surfaced_at.line == line_of(path, "import not_a_real_module_debugdemo")
    assert not run.status.is_result
