"""The built-in catalogue against live frameworks: every declared expectation must hold.

When a torch or TensorFlow upgrade changes what a scenario shows, this fails loudly
instead of letting the demo lie.
"""

from __future__ import annotations

import json

import pytest

from .conftest import BUILTIN, run_cli


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
