"""Workers started ahead of the run, and what each worker reports about itself."""

from __future__ import annotations

import subprocess
import sys

import pytest

from debugdemo import runner as runner_module
from debugdemo.modes import Mode
from debugdemo.records import RunResult, RunStatus
from debugdemo.runner import Runner
from debugdemo.scenario import load_scenario

from .conftest import ASSET_SCENARIOS, ASSETS, cli_env, line_of

ZERO = ASSET_SCENARIOS / "zero_division.py"


def test_started_workers_are_the_ones_that_run(monkeypatch):
    spawned: list[runner_module.Worker] = []

    class CountingWorker(runner_module.Worker):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            spawned.append(self)

    monkeypatch.setattr(runner_module, "Worker", CountingWorker)
    runner = Runner((Mode.TORCH_EAGER, Mode.TF1_GRAPH), timeout=30, preload=False)
    runner.start()
    assert [w.mode for w in spawned] == [Mode.TORCH_EAGER, Mode.TF1_GRAPH]
    [result] = runner.run([load_scenario(ZERO)])
    runs = {r.mode: r for r in result.runs}
    assert len(spawned) == 2  # run() reused them, it started none of its own
    assert runs["torch-eager"].surfaced_at.line == line_of(ZERO, "return total / 0")
    assert runs["tf1-graph"].exception.type == "ZeroDivisionError"
    assert all(w.proc.returncode is not None for w in spawned)  # none left behind


def test_a_started_worker_no_scenario_needs_is_stopped(monkeypatch):
    runner = Runner((Mode.TORCH_EAGER, Mode.TF2_EAGER), timeout=30, preload=False)
    runner.start()
    unneeded = runner._started[Mode.TF2_EAGER]
    [result] = runner.run([load_scenario(ZERO)])
    assert [r.status for r in result.runs] == [RunStatus.RAISED, RunStatus.UNDEFINED]
    assert unneeded.proc.returncode is not None


def test_stop_before_run_leaves_no_worker():
    runner = Runner((Mode.TORCH_EAGER, Mode.TF1_GRAPH), preload=False)
    runner.start()
    workers = list(runner._started.values())
    runner.stop()
    assert [w.proc.returncode is not None for w in workers] == [True, True]


def test_each_run_reports_its_workers_peak_memory():
    [result] = Runner((Mode.TORCH_EAGER,), timeout=30, preload=False).run([load_scenario(ZERO)])
    [run] = result.runs
    assert run.timings.peak_rss_mb is not None
    assert 5 < run.timings.peak_rss_mb < 500  # a bare interpreter: MiB, not KiB or bytes
    again = RunResult.from_dict(run.to_dict())
    assert again.timings.peak_rss_mb == run.timings.peak_rss_mb
    assert run.to_dict()["timings"]["peak_rss_mb"] == run.timings.peak_rss_mb


def test_run_stops_its_started_workers_when_the_scenario_is_unknown():
    # `run` starts the workers first; an unknown name must not leave them loading frameworks.
    probe = (
        "import atexit, runpy, sys\n"
        "from debugdemo import runner\n"
        "started = []\n"
        "original = runner.Runner.start\n"
        "def start(self):\n"
        "    original(self)\n"
        "    started.extend(w.proc for w in self._started.values())\n"
        "runner.Runner.start = start\n"
        "def report():\n"
        "    print('alive:', [p.pid for p in started if p.poll() is None], 'started:', len(started))\n"
        "atexit.register(report)\n"  # runs after the runner's own exit handler (LIFO)
        "sys.argv = ['debugdemo', 'run', 'no-such-scenario']\n"
        "runpy.run_module('debugdemo', run_name='__main__')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=cli_env(), timeout=60, check=False
    )
    assert proc.returncode == 2, proc.stderr
    assert "Unknown scenario 'no-such-scenario'" in proc.stderr
    assert "alive: [] started: 2" in proc.stdout


@pytest.mark.frameworks
def test_each_worker_loads_only_its_own_framework():
    scenario = load_scenario(ASSETS / "speed" / "loaded_frameworks.py")
    [result] = Runner((Mode.TORCH_EAGER, Mode.TF1_GRAPH), timeout=120).run([scenario])
    runs = {r.mode: r for r in result.runs}
    assert runs["torch-eager"].returned == "['torch']"
    assert runs["tf1-graph"].returned == "['tensorflow']"
    assert runs["tf1-graph"].timings.peak_rss_mb > runs["torch-eager"].timings.peak_rss_mb > 50
