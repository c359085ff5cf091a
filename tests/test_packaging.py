"""The wheel a user installs carries the built-in scenarios, not only a source checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

from .conftest import ROOT


def test_installed_wheel_lists_the_builtin_scenarios(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = wheels.glob("debugdemo-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("debugdemo/_scenarios/"))
    assert shipped == sorted(p.name for p in (ROOT / "scenarios").glob("*.py"))

    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env = {k: v for k, v in os.environ.items() if k != "DEBUGDEMO_PATH"}
    env["PYTHONPATH"] = str(site)
    proc = subprocess.run(
        [sys.executable, "-m", "debugdemo", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,  # not the checkout: only the installed copy can be found
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    listed = json.loads(proc.stdout)["scenarios"]
    assert {s["name"] for s in listed} >= {"shape-mismatch", "uninitialized-variable"}
    assert all(s["file"].startswith(str(site / "debugdemo" / "_scenarios")) for s in listed)
