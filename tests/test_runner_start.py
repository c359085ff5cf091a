"""Workers started ahead of the run, and what each worker reports about itself."""

from __future__ import annotations

import subprocess
import sys

import pytest

from debugdemo.modes import Mode
from debugdemo.process import worker_parent as runner_module
from debugdemo.process.worker_parent import Runner
from debugdemo.records import RunResult, RunStatus
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


def test_run_starts_workers_before_reading_scenarios_and_stops_them_on_an_unknown_name():
    # The frameworks load while the catalogue is read; an unknown name must not leave them loading.
    probe = (
        "import atexit, runpy, sys\n"
        "from debugdemo import catalog\nfrom debugdemo.process import worker_parent as runner\n"
        "started = []\n"
        "original_start, original_discover = runner.Runner.start, catalog.discover\n"
        "def start(self):\n"
        "    original_start(self)\n"
        "    started.extend(w.proc for w in self._started.values())\n"
        "def discover(folders):\n"
        "    print('workers started before the catalogue was read:', len(started))\n"
        "    return original_discover(folders)\n"
        "runner.Runner.start, catalog.discover = start, discover\n"
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
    assert "workers started before the catalogue was read: 2" in proc.stdout
    assert "alive: [] started: 2" in proc.stdout


@pytest.mark.frameworks
def test_each_worker_loads_only_its_own_framework():
    scenario = load_scenario(ASSETS / "speed" / "loaded_frameworks.py")
    [result] = Runner((Mode.TORCH_EAGER, Mode.TF1_GRAPH, Mode.JAX_EAGER), timeout=120).run([scenario])
    runs = {r.mode: r for r in result.runs}
    assert runs["torch-eager"].returned == "['torch']"
    assert runs["tf1-graph"].returned == "['tensorflow']"
    assert runs["jax-eager"].returned == "['jax']"
    assert runs["tf1-graph"].timings.peak_rss_mb > runs["torch-eager"].timings.peak_rss_mb > 50


def write_scenarios(folder, bodies):
    """One scenario file per (name, torch_eager body); returns the loaded scenarios in order."""
    scenarios = []
    for name, body in bodies:
        path = folder / f"{name}.py"
        path.write_text(
            f'"""{name}."""\n\nimport os\nimport random\nimport time\n\n\ndef torch_eager():\n{body}\n'
        )
        scenarios.append(load_scenario(path))
    return scenarios


def test_one_worker_serves_a_lane_and_is_replaced_after_a_crash_or_a_timeout(tmp_path):
    pid = "    return os.getpid()"
    scenarios = write_scenarios(
        tmp_path,
        [
            ("first", pid),
            ("second", "    return (os.getpid(), random.random())"),
            ("exits", "    os._exit(3)"),
            ("after-exit", pid),
            ("hangs", "    time.sleep(60)"),
            ("after-hang", "    return (os.getpid(), random.random())"),
        ],
    )
    results = Runner((Mode.TORCH_EAGER,), timeout=1.5, preload=False).run(scenarios)
    runs = {r.scenario: r.runs[0] for r in results}
    assert [runs[s.name].status for s in scenarios] == [
        RunStatus.RETURNED,
        RunStatus.RETURNED,
        RunStatus.CRASHED,
        RunStatus.RETURNED,
        RunStatus.TIMEOUT,
        RunStatus.RETURNED,
    ]
    assert "exited with code 3" in runs["exits"].detail
    first = int(runs["first"].returned)
    second_pid, second_random = eval(runs["second"].returned)
    after_exit = int(runs["after-exit"].returned)
    after_hang_pid, after_hang_random = eval(runs["after-hang"].returned)
    assert second_pid == first  # reused
    assert len({first, after_exit, after_hang_pid}) == 3  # a fresh worker after each loss
    assert second_random == after_hang_random  # seeds are reset before every scenario


@pytest.mark.frameworks
def test_state_is_reset_between_scenarios_in_one_worker(tmp_path):
    # The same TF1 variable name and the same seeded draw in two scenarios of one worker.
    body = (
        '"""{name}."""\n\n\n'
        "def torch_eager():\n"
        "    import torch\n\n"
        "    return (os_pid(), round(torch.randn(1).item(), 6))\n\n\n"
        "def tf1_graph():\n"
        "    import tensorflow.compat.v1 as tf\n\n"
        "    tf.disable_eager_execution()\n"
        '    w = tf.get_variable("w", [3])\n'
        "    with tf.Session() as sess:\n"
        "        sess.run(tf.global_variables_initializer())\n"
        "        values = [round(float(v), 6) for v in sess.run(w)]\n"
        "        return (os_pid(), len(tf.global_variables()), values)\n\n\n"
        "def os_pid():\n"
        "    import os\n\n"
        "    return os.getpid()\n"
    )
    scenarios = []
    for name in ("one", "two"):
        (tmp_path / f"{name}.py").write_text(body.format(name=name))
        scenarios.append(load_scenario(tmp_path / f"{name}.py"))
    one, two = Runner((Mode.TORCH_EAGER, Mode.TF1_GRAPH), timeout=120).run(scenarios)
    for mode in (0, 1):
        assert one.runs[mode].status is RunStatus.RETURNED, one.runs[mode].detail
        assert two.runs[mode].status is RunStatus.RETURNED, two.runs[mode].exception
        pid_one, *values_one = eval(one.runs[mode].returned)
        pid_two, *values_two = eval(two.runs[mode].returned)
        assert pid_one == pid_two  # the same worker ran both
        assert values_one == values_two  # a fresh graph (one variable, not "w already exists"), same seeds
    assert eval(two.runs[1].returned)[1] == 1


def test_torch_and_tensorflow_workers_refuse_to_import_jax():
    # TensorFlow's own import would load JAX (`from jax import jit`, in a try/except ImportError).
    probe = (
        "import sys\n"
        "from debugdemo.modes import Mode\n"
        "from debugdemo.process.worker_child import keep_jax_out\n"
        "keep_jax_out(Mode.TF1_GRAPH)\n"
        "keep_jax_out(Mode.TORCH_EAGER)\n"
        "try:\n"
        "    from jax import jit\n"
        "except ImportError as exc:\n"
        "    print(type(exc).__name__, exc.name, exc)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'jax'))\n"
        "print(sum(type(f).__name__ == '_KeepOut' for f in sys.meta_path))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=cli_env(), timeout=60, check=True
    )
    assert proc.stdout.splitlines() == [
        "ModuleNotFoundError jax debugdemo keeps JAX out of the tf1-graph worker",
        "[]",
        "1",
    ]
