"""Scenario files that cannot be used: each error names file, line and how to fix it."""

from __future__ import annotations

import pytest

from debugdemo.catalog import discover
from debugdemo.scenario import ScenarioError, load_scenario

from .conftest import ASSET_SCENARIOS, ASSETS, run_cli

INVALID = ASSETS / "invalid_scenarios"


def error_of(name: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(INVALID / name)
    return caught.value


def line_of_text(name: str, fragment: str) -> int:
    lines = (INVALID / name).read_text().splitlines()
    [number] = [i for i, line in enumerate(lines, 1) if fragment in line]
    return number


@pytest.mark.parametrize(
    ("name", "line_fragment", "says"),
    [
        ("no_docstring.py", None, ["no docstring", "first statement of the file a docstring"]),
        (
            "mode_with_parameters.py",
            "def torch_eager(batch)",
            ["torch_eager() takes parameters", "write `def torch_eager():`", "inside the function"],
        ),
        (
            "expect_unknown_mode.py",
            '"tf1-grpah"',
            ["unknown mode 'tf1-grpah'", "Did you mean 'tf1-graph'?", "Mode ids: torch-eager"],
        ),
        (
            "expect_unknown_key.py",
            '"point_at_bug"',
            ["unknown key 'point_at_bug'", "Did you mean 'points_at_bug'?", "Known keys: raises"],
        ),
        (
            "bug_in_uncalled_helper.py",
            "# BUG: multiplies by zero",
            ["# BUG marker in scale()", "no mode function calls", "call scale() from a mode function"],
        ),
        (
            "misspelt_mode.py",
            "def torch_eagre",
            ["torch_eagre() looks like a misspelt mode", "torch_eager()"],
        ),
        (
            "expect_points_without_marker.py",
            '"points_at_bug": True',
            ["'points_at_bug' but no line of torch_eager()", "mark the buggy line, or drop the key"],
        ),
        (
            "expect_hits_without_breakpoint.py",
            '"breakpoint_hits": 1',
            ["'breakpoint_hits' but tf1_graph() has no breakpoint() call", "add one, or drop the key"],
        ),
    ],
)
def test_each_invalid_file_says_where_and_how_to_fix(name, line_fragment, says):
    error = error_of(name)
    expected_line = 1 if line_fragment is None else line_of_text(name, line_fragment)
    assert error.line == expected_line
    assert str(error).startswith(f"{INVALID / name}:{expected_line}: ")
    for fragment in says:
        assert fragment in error.message


def test_a_mode_function_with_only_keyword_parameters_is_rejected_too(tmp_path):
    path = tmp_path / "kwargs_mode.py"
    path.write_text('"""Title."""\n\n\ndef tf1_graph(**options):\n    return 1\n')
    with pytest.raises(ScenarioError, match="tf1_graph\\(\\) takes parameters") as caught:
        load_scenario(path)
    assert caught.value.line == 4


def test_invalid_files_are_problems_and_the_valid_ones_still_load():
    catalog = discover([INVALID, ASSET_SCENARIOS])
    assert set(catalog.invalid) == {p.stem.replace("_", "-") for p in INVALID.glob("*.py")}
    assert "zero-division" in catalog.scenarios
    assert any(p.startswith(f"{INVALID / 'expect_unknown_key.py'}:") for p in catalog.problems)


def test_list_shows_the_problems_and_run_refuses_an_invalid_scenario():
    listed = run_cli("--path", str(INVALID), "--path", str(ASSET_SCENARIOS), "list")
    assert "zero-division" in listed.stdout
    assert "expect_unknown_key.py:" in listed.stderr
    assert "Did you mean 'points_at_bug'?" in listed.stderr
    refused = run_cli("--path", str(INVALID), "run", "expect-unknown-key", expect=2)
    assert "is invalid" in refused.stderr
    assert "Known keys" in refused.stderr
    assert "Traceback" not in refused.stderr
