"""`check`: each declared expectation against the live run, as data and as a table."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from debugdemo.expectations import Outcome, compare, mismatches
from debugdemo.modes import Mode
from debugdemo.process.worker_parent import Runner
from debugdemo.records import RunResult, RunStatus, ScenarioResult
from debugdemo.scenario import load_scenario
from debugdemo.views import check as check_view

from .conftest import ASSET_SCENARIOS, ASSETS, cli_env, run_cli

CHECK_ASSETS = ASSETS / "check"
WRONG = CHECK_ASSETS / "wrong_expect.py"


def checks_of(path, modes=(Mode.TORCH_EAGER, Mode.TF1_GRAPH, Mode.TF2_EAGER)):
    scenario = load_scenario(path)
    [result] = Runner(modes, timeout=30.0, preload=False).run([scenario])
    return compare(scenario, result)


def by_key(checks):
    return {(c.mode.value, c.key): c for c in checks}


def render_plain(renderable, width=140):
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def test_a_wrong_expect_is_reported_key_by_key():
    checks = by_key(checks_of(WRONG))
    raises = checks[("torch-eager", "raises")]
    assert (raises.outcome, raises.expected, raises.actual) == (
        Outcome.MISMATCH,
        "ValueError",
        "ZeroDivisionError",
    )
    assert raises.note == "division by zero"
    assert checks[("torch-eager", "points_at_bug")].outcome is Outcome.HELD
    hits = checks[("torch-eager", "breakpoint_hits")]
    assert (hits.outcome, hits.expected, hits.actual) == (Outcome.MISMATCH, 2, 3)
    assert checks[("torch-eager", "breakpoint_values")].outcome is Outcome.HELD
    returns = checks[("tf1-graph", "raises")]
    assert (returns.outcome, returns.expected, returns.actual) == (Outcome.MISMATCH, None, "ValueError")
    assert "invalid literal for int()" in returns.note
    phase = checks[("tf1-graph", "phase")]
    assert (phase.outcome, phase.actual) == (Outcome.MISMATCH, "build")
    undeclared = checks[("tf2-eager", None)]
    assert undeclared.outcome is Outcome.NO_EXPECTATION  # a mode without EXPECT is not a pass
    # EXPECT_KEYS order inside a mode, modes in Mode order
    assert [k for m, k in checks if m == "torch-eager"] == [
        "raises",
        "points_at_bug",
        "breakpoint_values",
        "breakpoint_hits",
    ]


def test_matching_expectations_hold_including_base_classes_and_returns_normally():
    zero = checks_of(ASSET_SCENARIOS / "zero_division.py", modes=(Mode.TORCH_EAGER, Mode.TF1_GRAPH))
    assert zero and not mismatches(zero)
    assert all(c.outcome is Outcome.HELD for c in zero)
    arithmetic = by_key(zero)[("tf1-graph", "raises")]
    assert (arithmetic.expected, arithmetic.actual) == ("ArithmeticError", "ZeroDivisionError")

    silent_checks = checks_of(CHECK_ASSETS / "returns_normally.py", modes=(Mode.TORCH_EAGER,))
    silent = by_key(silent_checks)
    assert silent[("torch-eager", "raises")].outcome is Outcome.HELD
    assert silent[("torch-eager", "raises")].actual is None
    assert silent[("torch-eager", "breakpoint_hits")].actual == 0
    row = render_plain(check_view.check_table(silent_checks)).splitlines()[2]
    assert "None (returns normally)" in row and "returned normally" in row.split("normally)")[1]
    assert "✔ held" in row


def test_a_run_without_a_result_fails_every_expectation_of_its_mode():
    scenario = load_scenario(ASSET_SCENARIOS / "zero_division.py")
    result = ScenarioResult(
        scenario.name,
        str(scenario.path),
        scenario.title,
        [
            RunResult("torch-eager", RunStatus.TIMEOUT, detail="no result after 1 s"),
            RunResult("tf1-graph", RunStatus.UNAVAILABLE, detail="tensorflow not installed"),
        ],
    )
    checks = compare(scenario, result)
    assert {c.outcome for c in checks} == {Outcome.MISMATCH}
    assert by_key(checks)[("torch-eager", "raises")].note == "no result: timeout (no result after 1 s)"
    assert "tensorflow not installed" in by_key(checks)[("tf1-graph", "points_at_bug")].note


def test_only_the_requested_modes_are_compared():
    checks = checks_of(WRONG, modes=(Mode.TF1_GRAPH,))
    assert {c.mode for c in checks} == {Mode.TF1_GRAPH}


def test_the_table_says_what_held_and_what_did_not():
    checks = checks_of(WRONG)
    text = render_plain(check_view.check_table(checks))
    rows = text.splitlines()
    [raises_row] = [r for r in rows if "ValueError" in r and "torch-eager" in r]
    assert "ZeroDivisionError (division by zero)" in raises_row
    assert "✘ mismatch" in raises_row
    [held_row] = [r for r in rows if "points_at_bug" in r]
    assert "True" in held_row and "✔ held" in held_row
    [tf1_row] = [r for r in rows if "tf1-graph" in r and "raises" in r]
    assert "None (returns normally)" in tf1_row
    [undeclared_row] = [r for r in rows if "tf2-eager" in r]
    assert "– no expectation" in undeclared_row
    assert "held" not in undeclared_row.replace("no expectation", "")
    assert sum("wrong-expect" in r for r in rows) == 1  # the scenario named once, on its first row
    summary = render_plain(check_view.check_summary(checks))
    assert summary.strip() == "2 held, 4 mismatches across 1 scenario; 1 mode with no expectation"


@pytest.mark.frameworks
def test_check_command_exits_1_on_a_mismatch_and_0_when_all_hold():
    paths = ("--path", str(CHECK_ASSETS), "--path", str(ASSET_SCENARIOS))
    wide = cli_env(COLUMNS="200")
    failed = run_cli(*paths, "check", "wrong-expect", "zero-division", expect=1, env=wide)
    assert "✘ mismatch" in failed.stdout
    assert "ZeroDivisionError (division by zero)" in failed.stdout
    assert "– no expectation" in failed.stdout
    assert "7 held, 4 mismatches across 2 scenarios" in failed.stdout
    assert "Traceback" not in failed.stderr

    held = run_cli(*paths, "check", "zero-division", "--json")
    data = json.loads(held.stdout)
    assert data["ok"] is True and data["invalid"] == []
    assert {(c["mode"], c["key"], c["outcome"]) for c in data["checks"]} == {
        ("torch-eager", "raises", "held"),
        ("torch-eager", "points_at_bug", "held"),
        ("torch-eager", "breakpoint_hits", "held"),
        ("tf1-graph", "raises", "held"),
        ("tf1-graph", "points_at_bug", "held"),
    }


def test_check_names_an_unknown_scenario_with_exit_2():
    proc = run_cli("--path", str(CHECK_ASSETS), "check", "wrong-expec", expect=2)
    assert "Did you mean 'wrong-expect'" in proc.stderr


def test_checking_everything_counts_invalid_files_as_failures(monkeypatch):
    from typer.testing import CliRunner

    from debugdemo import catalog
    from debugdemo.cli import app

    monkeypatch.delenv("DEBUGDEMO_PATH", raising=False)
    monkeypatch.setattr(catalog, "builtin_dir", lambda: ASSETS / "invalid_scenarios")
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 1
    count = len(list((ASSETS / "invalid_scenarios").glob("*.py")))
    assert f"0 held, 0 mismatches across 0 scenarios; {count} invalid scenario files" in result.output
    assert "expect_unknown_key.py:" in result.output
