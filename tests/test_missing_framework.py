"""A framework that is not installed (or broken): its columns say so, everything else works.

Stub packages put first on the workers' PYTHONPATH hide the real frameworks; with both
hidden, no test here imports torch or TensorFlow, so they take milliseconds.
"""

from __future__ import annotations

import json

from debugdemo.modes import Mode
from debugdemo.process.worker_parent import Runner
from debugdemo.records import RunStatus
from debugdemo.scenario import load_scenario

from .conftest import ASSET_SCENARIOS, ASSETS, ROOT, cli_env, run_cli

WITHOUT_TF = ASSETS / "without_tensorflow"
BROKEN_TORCH = ASSETS / "broken_torch"
ZERO = ASSET_SCENARIOS / "zero_division.py"
HANG = ASSET_SCENARIOS / "hang.py"


def test_a_missing_framework_makes_its_runs_unavailable():
    runner = Runner((Mode.TF1_GRAPH, Mode.TF2_EAGER), env={"PYTHONPATH": str(WITHOUT_TF)})
    zero, hang = runner.run([load_scenario(ZERO), load_scenario(HANG)])
    for result in (zero, hang):
        graph, eager = result.runs
        assert graph.status is RunStatus.UNAVAILABLE
        assert graph.detail == "tensorflow not installed — pip install tensorflow"
        assert eager.status is RunStatus.UNDEFINED  # a mode the scenario lacks stays "not defined"
    assert not RunStatus.UNAVAILABLE.is_result


def test_a_broken_framework_says_what_its_import_raised():
    [result] = Runner((Mode.TORCH_EAGER,), env={"PYTHONPATH": str(BROKEN_TORCH)}).run([load_scenario(ZERO)])
    [run] = result.runs
    assert run.status is RunStatus.UNAVAILABLE
    assert run.detail == (
        "torch is installed but cannot be imported: "
        "OSError: libtorch_cpu.so: cannot open shared object file: No such file or directory"
    )


def hidden_env() -> dict[str, str]:
    return cli_env(PYTHONPATH=f"{WITHOUT_TF}:{BROKEN_TORCH}:{ROOT}")


def test_doctor_reports_versions_and_which_modes_cannot_run():
    proc = run_cli("doctor", "--json", env=hidden_env(), expect=1)
    report = json.loads(proc.stdout)
    torch, tf = report["frameworks"]
    assert (torch["framework"], tf["framework"]) == ("torch", "tensorflow")
    # Metadata still finds the installed distributions; the workers cannot import them.
    assert torch["installed"].startswith("2.") and tf["installed"].startswith("2.")
    assert torch["version"] is None and tf["version"] is None
    assert tf["missing"] is True and torch["missing"] is False
    modes = report["modes"]
    for mode in ("tf1-graph", "tf2-eager", "tf-function"):
        assert modes[mode] == {
            "can_run": False,
            "problem": "tensorflow not installed — pip install tensorflow",
        }
    for mode in ("torch-eager", "torch-compile"):
        assert modes[mode]["can_run"] is False
        assert modes[mode]["problem"].startswith("torch is installed but cannot be imported: OSError")
    assert report["python"].count(".") == 2


def test_doctor_view_names_each_mode_and_its_problem():
    proc = run_cli("doctor", env=hidden_env(), expect=1)
    lines = proc.stdout.splitlines()
    [tf1] = [line for line in lines if line.startswith("tf1-graph")]
    assert "✘ tensorflow not installed — pip install tensorflow" in tf1
    assert "0 of 5 modes can run here." in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
