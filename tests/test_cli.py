"""The CLI as a user runs it: python -m debugdemo in a subprocess."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from debugdemo import catalog, cli
from debugdemo.errors import DebugDemoError, ExitCode
from debugdemo.modes import UnknownModeError
from debugdemo.process.protocol import ProtocolError
from debugdemo.process.worker_parent import Runner
from debugdemo.scenario import ScenarioError

from .conftest import ASSET_SCENARIOS, ASSETS, cli_env, line_of, run_cli

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


@pytest.mark.frameworks
def test_run_a_b_runs_both_reusing_one_worker_per_mode():
    proc = run_cli("--path", str(ASSETS / "workers"), "run", "which-worker-a", "which-worker-b", "--json")
    a, b = json.loads(proc.stdout)
    assert (a["scenario"], b["scenario"]) == ("which-worker-a", "which-worker-b")
    pids = {(r["scenario"], run["mode"]): int(run["stdout"]) for r in (a, b) for run in r["runs"]}
    assert pids["which-worker-a", "torch-eager"] == pids["which-worker-b", "torch-eager"]
    assert pids["which-worker-a", "tf1-graph"] == pids["which-worker-b", "tf1-graph"]
    assert pids["which-worker-a", "torch-eager"] != pids["which-worker-a", "tf1-graph"]
    assert all(run["status"] == "returned" for r in (a, b) for run in r["runs"])


# --- --path before and after the command ---------------------------------------------------

# Every command that reads scenarios, with the arguments it needs to get that far.
READS_SCENARIOS = {
    "list": [],
    "show": ["zero-division"],
    "run": ["zero-division"],
    "report": [],
    "check": [],
    "debug": ["zero-division", "--mode", "torch"],
}


@pytest.fixture
def searched(monkeypatch):
    """The folders each command searched; the search then stops it (no worker starts)."""
    folders: list[list[Path]] = []

    def discover(found, cache=None):
        folders.append(list(found))
        raise DebugDemoError("stopped after the search")

    monkeypatch.setattr(catalog, "discover", discover)  # cli imports it when a command needs it
    monkeypatch.setattr(Runner, "start", lambda self: None)
    monkeypatch.delenv("DEBUGDEMO_PATH", raising=False)
    return folders


@pytest.mark.parametrize("command", sorted(READS_SCENARIOS))
def test_path_is_accepted_before_and_after_every_command_that_reads_scenarios(searched, tmp_path, command):
    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    after.mkdir()
    args = READS_SCENARIOS[command]
    for argv in (
        ["--path", str(before), command, *args],
        [command, *args, "--path", str(after)],
        ["--path", str(before), command, "--path", str(after), *args],
    ):
        result = CliRunner().invoke(cli.app, argv)
        assert "No such option" not in result.output
        assert "stopped after the search" in result.output
        assert result.exit_code == ExitCode.USAGE
    alone_before, alone_after, both = searched
    assert alone_before[0] == before and after not in alone_before
    assert alone_after[0] == after and before not in alone_after
    assert both[:2] == [before, after]  # the folders before the command are searched first


def test_path_after_the_command_end_to_end(tmp_path):
    listed = run_cli("list", "--path", str(ASSET_SCENARIOS), "--path", str(tmp_path), "--json")
    assert "zero-division" in [s["name"] for s in json.loads(listed.stdout)["scenarios"]]
    shown = run_cli("show", "zero-division", "--path", str(ASSET_SCENARIOS), "--mode", "tf1")
    assert "count = 0" in shown.stdout
    refused = run_cli("debug", "zero-division", "--mode", "tf2", "--path", str(ASSET_SCENARIOS), expect=2)
    assert "Scenario 'zero-division' defines no tf2_eager()" in refused.stderr
    missing = run_cli("show", "zero-division", expect=2)  # without the folder it is not found
    assert "Unknown scenario 'zero-division'" in missing.stderr


def test_new_writes_to_the_first_path_given_after_the_command_too(tmp_path):
    proc = run_cli("new", "my-bug", "--path", str(tmp_path))
    assert (tmp_path / "my_bug.py").is_file()
    assert "my_bug.py" in proc.stdout


def test_debugdemo_path_still_adds_folders_with_path_after_the_command(tmp_path):
    env = cli_env(DEBUGDEMO_PATH=str(ASSET_SCENARIOS))
    data = json.loads(run_cli("list", "--path", str(ASSETS / "workers"), "--json", env=env).stdout)
    names = {s["name"] for s in data["scenarios"]}
    assert {"zero-division", "which-worker-a"} <= names


# --- one error boundary ------------------------------------------------------------------------


def test_every_project_exception_is_a_debugdemo_error():
    for cls in (ScenarioError, UnknownModeError, ProtocolError):
        assert issubclass(cls, DebugDemoError)
    assert ScenarioError(Path("x.py"), "bad").exit_code is ExitCode.USAGE
    assert UnknownModeError("tf9").exit_code is ExitCode.USAGE
    assert ProtocolError("garbage").exit_code is ExitCode.FAILED


def _boundary(body, workers=False):
    err = Console(file=io.StringIO(), width=200, color_system=None)
    return cli.boundary(err, body, workers), err.file.getvalue()


def test_the_boundary_maps_results_and_exceptions_to_exit_codes(monkeypatch):
    monkeypatch.setenv("DEBUGDEMO_TRACEBACK", "0")
    assert _boundary(lambda: ExitCode.FAILED) == (ExitCode.FAILED, "")

    def usage():
        raise UnknownModeError("Unknown mode 'tf9'.")

    code, said = _boundary(usage)
    assert (code, said) == (ExitCode.USAGE, "Error: Unknown mode 'tf9'.\n")

    def interrupted():
        raise KeyboardInterrupt

    code, said = _boundary(interrupted, workers=True)
    assert code == ExitCode.INTERRUPTED == 130
    assert "Interrupted: all workers stopped." in said
    code, said = _boundary(interrupted)  # a command that starts no workers
    assert (code, said) == (ExitCode.INTERRUPTED, "Interrupted.\n")

    def bug():
        raise KeyError("oops")

    code, said = _boundary(bug)
    assert code == ExitCode.FAILED
    assert "debugdemo failed: KeyError: 'oops'" in said and "This is a bug in debugdemo" in said


def test_list_json_keys_are_those_of_scenario_to_dict():
    data = json.loads(run_cli("--path", str(ASSET_SCENARIOS), "list", "--json").stdout)
    assert set(data) == {"scenarios", "problems"}
    assert set(data["scenarios"][0]) == {
        "name",
        "title",
        "explanation",
        "file",
        "tags",
        "modes",
        "bug_lines",
        "breakpoint_lines",
        "expect",
    }
