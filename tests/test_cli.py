"""The CLI as a user runs it: python -m debugdemo in a subprocess."""

from __future__ import annotations

import json

import pytest

from .conftest import ASSET_SCENARIOS, cli_env, line_of, run_cli

ZERO = ASSET_SCENARIOS / "zero_division.py"


def test_list_shows_scenarios_from_path():
    out = run_cli("--path", str(ASSET_SCENARIOS), "list", env=cli_env(COLUMNS="220")).stdout
    assert "zero-division" in out
    assert "Zero division in plain Python." in out
    assert "torch tf1" in out


def test_list_json_and_tag_filter():
    data = json.loads(run_cli("--path", str(ASSET_SCENARIOS), "list", "--tag", "test", "--json").stdout)
    names = [s["name"] for s in data["scenarios"]]
    assert names == ["zero-division"]  # shared-helper has no "test" tag
    [zero] = data["scenarios"]
    assert zero["modes"] == ["torch-eager", "tf1-graph"]
    assert zero["bug_lines"]["tf1-graph"] == [line_of(ZERO, "count = 0")]


def test_list_reads_debugdemo_path_too():
    out = run_cli("list", env=cli_env(DEBUGDEMO_PATH=str(ASSET_SCENARIOS))).stdout
    assert "zero-division" in out


def test_unknown_scenario_is_a_usage_error_with_suggestions():
    proc = run_cli("--path", str(ASSET_SCENARIOS), "run", "zero-divisio", expect=2)
    assert "Unknown scenario 'zero-divisio'" in proc.stderr
    assert "Did you mean 'zero-division'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_mode_is_a_usage_error():
    proc = run_cli("run", str(ZERO), "--modes", "torch,tf9", expect=2)
    assert "Unknown mode 'tf9'" in proc.stderr


def test_version():
    from debugdemo import __version__

    assert run_cli("--version").stdout.strip() == f"debugdemo {__version__}"


@pytest.mark.frameworks
def test_run_json_records_the_live_run():
    data = json.loads(run_cli("run", str(ZERO), "--json").stdout)
    assert data["scenario"] == "zero-division"
    eager, graph = data["runs"]
    assert (eager["mode"], eager["status"], eager["exception"]["type"]) == (
        "torch-eager",
        "raised",
        "ZeroDivisionError",
    )
    assert eager["surfaced_at"]["line"] == line_of(ZERO, "return total / 0")
    assert eager["points_at_bug"] is True
    assert eager["breakpoints"][0]["hits"] == 3
    assert eager["timings"]["startup_s"] > 0  # the worker really loaded torch
    assert graph["points_at_bug"] is False
    assert graph["phase"] == "build"


@pytest.mark.frameworks
def test_run_view_piped_is_plain_text():
    out = run_cli("run", str(ZERO)).stdout
    assert "\x1b[" not in out
    assert f"✔ points at the bug (line {line_of(ZERO, 'return total / 0')})" in out
    assert "✘ surfaced at line 15" in out
    assert "frames yours / total" in out
