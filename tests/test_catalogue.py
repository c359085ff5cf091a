"""The built-in catalogue against live frameworks: every declared expectation must hold.

When a torch or TensorFlow upgrade changes what a scenario shows, this fails loudly
instead of letting the demo lie.
"""

from __future__ import annotations

import json

import pytest

from .conftest import ASSETS, BUILTIN, run_cli


@pytest.mark.frameworks
def test_check_holds_for_every_builtin_scenario():
    proc = run_cli("check", "--json", timeout=600)
    data = json.loads(proc.stdout)
    files = sorted(BUILTIN.glob("[!_]*.py"))
    assert len(files) >= 16
    checked = {c["scenario"] for c in data["checks"]}
    assert checked == {f.stem.replace("_", "-") for f in files}
    assert data["invalid"] == []
    undeclared = [(c["scenario"], c["mode"]) for c in data["checks"] if c["outcome"] == "no expectation"]
    assert undeclared == [], "every mode a scenario defines needs an EXPECT"
    failed = [c for c in data["checks"] if c["outcome"] != "held"]
    assert failed == []
    assert data["ok"] is True


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
