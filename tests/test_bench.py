"""The benchmark's own logic (the measurements themselves take minutes: run it by hand)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
assert spec is not None and spec.loader is not None
bench = importlib.util.module_from_spec(spec)
sys.modules["bench"] = bench  # dataclasses look their module up while the class is built
spec.loader.exec_module(bench)


def test_a_missing_command_is_told_apart_from_a_present_one(tmp_path):
    env = bench.cli_env(tmp_path)
    assert bench.has_command("list", env) is True
    assert bench.has_command("no-such-command", env) is False


def test_every_target_has_its_limit_and_baseline(tmp_path):
    targets = {t.name: t for t in bench.targets("shape-mismatch", rounds=2, scratch=tmp_path)}
    assert {name: t.limit for name, t in targets.items()} == {
        "--help": 1.3,
        "list": 1.3,
        "show shape-mismatch": 1.3,
        "new NAME --dir DIR": 1.3,
        "show shape-mismatch, vs frozen": 1.3,
        "list, 200 more files": 1.5,
        "run shape-mismatch": 1.25,
        "run shape-mismatch (bug lines traced)": 1.1,
        "report": 1.5,
        "report, 100 more scenarios": 0.3,
    }
    # Not a target: the same show against the baseline import with the collector frozen after it.
    informational = [name for name, t in targets.items() if t.informational]
    assert informational == ["show shape-mismatch, vs frozen"]
    frozen = targets["show shape-mismatch, vs frozen"]
    assert frozen.command() == targets["show shape-mismatch"].command()
    assert frozen.baseline()[-1].endswith("gc.freeze()")
    traced = targets["run shape-mismatch (bug lines traced)"]
    assert traced.baseline()[:2] == ["env", "DEBUGDEMO_NO_BUG_TRACE=1"]  # the same run, untraced
    assert traced.baseline()[-2:] == traced.command()[-2:] == ["run", "shape-mismatch"]
    assert targets["run shape-mismatch"].baseline()[-1] == "import tensorflow"
    assert targets["report"].baseline()[-2:] == ["run", "shape-mismatch"]
    first, second = targets["new NAME --dir DIR"].command(), targets["new NAME --dir DIR"].command()
    assert first[-1] != second[-1]  # `new` writes into a fresh folder each round
    # The scaling targets search folders of generated copies, against the built-in catalogue.
    [listed] = [
        targets["list, 200 more files"].command()[i + 1]
        for i, a in enumerate(targets["list, 200 more files"].command())
        if a == "--path"
    ]
    assert len(list(Path(listed).glob("*.py"))) == 200
    assert targets["list, 200 more files"].baseline()[-1] == "list"
    scaled = targets["report, 100 more scenarios"]
    assert scaled.per == 100 and scaled.baseline()[-1] == "report"


def test_a_per_item_target_reports_the_extra_cost_of_one_item():
    sample = lambda s: bench.Sample(s, s, 1.0, 0, "")  # noqa: E731
    target = bench.Target("t", list, "b", list, 0.3, 1, per=100)
    target.samples, target.base_samples = [sample(23.0)], [sample(3.0)]
    assert target.figure() == 0.2 and target.show(0.2) == "0.20 s each"
    ratio = bench.Target("t", list, "b", list, 1.3, 1)
    ratio.samples, ratio.base_samples = [sample(0.13)], [sample(0.1)]
    assert round(ratio.figure(), 6) == 1.3 and ratio.limit_text == "≤ 1.3×"


def test_an_informational_row_is_never_a_missed_target(capsys, monkeypatch, tmp_path):
    """A row over its limit counts as missed, unless it is only there for the reader."""
    sample = lambda s: bench.Sample(s, s, 1.0, 0, "")  # noqa: E731

    def measured(informational):
        target = bench.Target("t", list, "b", list, 1.3, 1, informational=informational)
        target.samples, target.base_samples = [sample(0.2)], [sample(0.1)]
        return target

    def fake_targets(scenario, rounds, scratch):
        return [measured(False), measured(True)]

    monkeypatch.setattr(bench, "targets", fake_targets)
    monkeypatch.setattr(bench, "measure", lambda target, env: None)
    monkeypatch.setattr(bench, "worker_rows", lambda *a: [])
    monkeypatch.setattr(bench, "run_once", lambda argv, env: sample(0.1))  # the baselines' peak RSS
    assert bench.main(["--only", "t"]) == 1
    out = capsys.readouterr().out
    assert "1 target(s) missed" in out
    assert [line.split()[-4] for line in out.splitlines() if line.startswith("t ")] == ["MISSED", "info"]


def test_the_commands_run_as_installed_with_a_cache_of_their_own(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("DEBUGDEMO_NO_CACHE", "1")
    env = bench.cli_env(tmp_path)
    assert "PYTHONDONTWRITEBYTECODE" not in env  # an install has its .pyc files
    assert "DEBUGDEMO_NO_CACHE" not in env
    assert env["XDG_CACHE_HOME"] == str(tmp_path / "cache")


def test_worker_numbers_are_found_wherever_the_json_nests_them():
    run = {"mode": "tf1-graph", "timings": {"startup_s": 2.0, "run_s": 0.1, "peak_rss_mb": 580.0}}
    single = {"scenario": "a", "runs": [run]}
    assert bench.scenario_records(single) == [single]
    assert bench.scenario_records([single, single]) == [single, single]
    assert bench.scenario_records({"totals": {}, "results": [single]}) == [single]


def test_the_warm_api_ratio_is_later_calls_over_the_first():
    # Two processes: each one's first call starts the workers, the later ones reuse them.
    first, later, ratio = bench.warm_ratio([[10.0, 1.0, 3.0], [12.0, 2.0, 2.0]])
    assert (first, later) == (11.0, 2.0)
    assert ratio == 2.0 / 11.0
    assert bench.WARM_LIMIT == 0.25
    assert "debugdemo.run(name)" in bench.WARM_PROBE


def test_the_studio_line_says_which_limit_held():
    numbers = {"median_s": 0.3, "workers_only_s": [0.2, 0.25, 0.2], "api_run_s": None}
    line, held = bench.studio_summary({**numbers, "limit": "≤ 0.5 s", "ok": True})
    assert held is True and line.endswith("limit ≤ 0.5 s: OK")
    assert "the warm workers alone" in line and "debugdemo.run()" not in line
    line, held = bench.studio_summary(
        {**numbers, "api_run_s": [0.1], "ratio": 3.0, "limit": "≤ 1.5×", "ok": False}
    )
    assert held is False and line.endswith("MISSED") and "a warm debugdemo.run() 100 ms (ratio 3.00×)" in line
