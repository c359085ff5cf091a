"""A framework that is not installed (or broken): its columns say so, everything else works.

Stub packages put first on the workers' PYTHONPATH hide the real frameworks; with both
hidden, no test here imports torch or TensorFlow, so they take milliseconds.
"""

from __future__ import annotations

import json

import pytest

from debugdemo.modes import Mode
from debugdemo.process.worker_parent import Runner
from debugdemo.records import RunStatus
from debugdemo.scenario import load_scenario

from .conftest import ASSET_SCENARIOS, ASSETS, ROOT, cli_env, run_cli

WITHOUT_TF = ASSETS / "without_tensorflow"
WITHOUT_JAX = ASSETS / "without_jax"
EVERYWHERE = ASSETS / "everywhere" / "plain_everywhere.py"
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
    return cli_env(PYTHONPATH=f"{WITHOUT_TF}:{BROKEN_TORCH}:{WITHOUT_JAX}:{ROOT}")


def test_doctor_reports_versions_and_which_modes_cannot_run():
    proc = run_cli("doctor", "--json", env=hidden_env(), expect=1)
    report = json.loads(proc.stdout)
    torch, tf, jax = report["frameworks"]
    assert (torch["framework"], tf["framework"], jax["framework"]) == ("torch", "tensorflow", "jax")
    assert jax["installed"].startswith("0.") and jax["version"] is None and jax["missing"] is True
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
    for mode in ("jax-eager", "jax-jit"):
        assert modes[mode] == {
            "can_run": False,
            "problem": "jax not installed — pip install 'debugdemo[jax]'",
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
    [jit] = [line for line in lines if line.startswith("jax-jit")]
    assert "✘ jax not installed — pip install 'debugdemo[jax]'" in jit
    assert "0 of 7 modes can run here." in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_a_missing_jax_makes_the_jax_runs_unavailable():
    env = {"PYTHONPATH": str(WITHOUT_JAX)}
    [result] = Runner((Mode.JAX_EAGER, Mode.JAX_JIT), env=env).run([load_scenario(EVERYWHERE)])
    for run in result.runs:
        assert run.status is RunStatus.UNAVAILABLE
        assert run.detail == "jax not installed — pip install 'debugdemo[jax]'"


@pytest.mark.frameworks
def test_without_jax_its_columns_say_not_installed_and_the_rest_of_the_run_is_intact():
    env = cli_env(PYTHONPATH=f"{WITHOUT_JAX}:{ROOT}")
    # Exit code 1: not every mode gave a result.
    proc = run_cli("run", "shape-mismatch", "--modes", "torch,jax,jit", "--json", env=env, expect=1)
    runs = {run["mode"]: run for run in json.loads(proc.stdout)["runs"]}
    assert runs["torch-eager"]["status"] == "raised"
    assert runs["torch-eager"]["exception"]["type"] == "RuntimeError"
    assert runs["torch-eager"]["points_at_bug"] is True
    for mode in ("jax-eager", "jax-jit"):
        assert runs[mode]["status"] == "unavailable"
        assert runs[mode]["detail"] == "jax not installed — pip install 'debugdemo[jax]'"
    view = run_cli("run", "shape-mismatch", "--modes", "torch,jax,jit", env=env, expect=1).stdout
    assert view.count("UNAVAILABLE: jax not installed — pip install") == 2
    assert view.count("'debugdemo[jax]'") == 2
    assert "mat1 and mat2 shapes cannot be multiplied" in view
    assert "Traceback (most recent call last)" not in view
