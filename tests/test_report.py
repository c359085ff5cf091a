"""`report` and `--export` from the command line; the live ones start torch and TF workers."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from rich.console import Console

from debugdemo.modes import Mode
from debugdemo.process.worker_parent import Event, Runner, Stage
from debugdemo.progress import WorkerStates, run_with_progress, run_with_spinner
from debugdemo.scenario import load_scenario

from .conftest import ASSET_SCENARIOS, BUILTIN, line_of, run_cli

ZERO = ASSET_SCENARIOS / "zero_division.py"
SUPPORTED = "Supported: .svg, .html, .md, .json, .txt."


@pytest.mark.parametrize("command", [["run", str(ZERO)], ["report"]])
def test_an_unknown_export_format_fails_before_anything_runs(tmp_path, command):
    target = tmp_path / "scores.pdf"
    proc = run_cli(*command, "--export", str(target), expect=2)
    assert f"Cannot export to {target}: extension '.pdf'. {SUPPORTED}" in " ".join(proc.stderr.split())
    assert "Traceback" not in proc.stderr
    assert proc.stdout == "" and not target.exists()


def test_report_with_no_matching_scenario_is_a_usage_error():
    proc = run_cli("report", "--tag", "no-such-tag", expect=2)
    assert "No scenario is tagged 'no-such-tag'." in proc.stderr


def test_progress_bar_counts_runs_on_a_terminal():
    scenario = load_scenario(ZERO)
    terminal = Console(file=io.StringIO(), force_terminal=True, width=150, color_system=None)
    runner = Runner([Mode.TORCH_EAGER, Mode.TF1_GRAPH], timeout=30, preload=False)
    [result] = run_with_progress(runner, [scenario], terminal)
    assert [r.exception.type for r in result.runs] == ["ZeroDivisionError", "ZeroDivisionError"]
    shown = terminal.file.getvalue()
    assert "0/2" in shown and "2/2" in shown
    assert "torch-eager: done · tf1-graph: done" in shown


def test_the_count_stays_on_screen_when_the_workers_states_are_wider_than_the_terminal():
    """Seven modes' states are longer than 60 columns: they end in "…", the count stays."""

    class SevenWorkers:
        modes = tuple(Mode)
        on_event = None

        def run(self, scenarios):
            for kind in (Stage.STARTING, Stage.RUNNING, Stage.DONE):
                for mode in self.modes:
                    self.on_event(Event(mode, kind, "breakpoint-in-training-loop"))
            return []

    terminal = Console(file=io.StringIO(), force_terminal=True, width=60, color_system=None)
    run_with_progress(SevenWorkers(), [load_scenario(ZERO)], terminal)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", terminal.file.getvalue())  # the live display's erases
    [last] = [line for line in shown.splitlines() if "7/7" in line][-1:]
    assert last.startswith("runs ━") and " 7/7 0:00:0" in last
    assert "torch-eager: done" in last and last.rstrip().endswith("…")


def test_spinner_says_what_each_worker_does_on_a_terminal():
    terminal = Console(file=io.StringIO(), force_terminal=True, width=150, color_system=None)
    runner = Runner([Mode.TORCH_EAGER, Mode.TF1_GRAPH], timeout=30, preload=False)
    [result] = run_with_spinner(runner, [load_scenario(ZERO)], terminal)
    assert [r.exception.type for r in result.runs] == ["ZeroDivisionError", "ZeroDivisionError"]
    assert "torch-eager: done · tf1-graph: done" in terminal.file.getvalue()


def test_worker_states_name_the_framework_loading_then_the_scenario():
    states = WorkerStates()
    assert states.update(Event(Mode.TORCH_EAGER, Stage.STARTING, "a")) == "torch-eager: loading torch"
    assert states.update(Event(Mode.TF1_GRAPH, Stage.STARTING, "a")) == (
        "torch-eager: loading torch · tf1-graph: loading tensorflow"
    )
    assert states.update(Event(Mode.TORCH_EAGER, Stage.RUNNING, "shape-mismatch")) == (
        "torch-eager: running shape-mismatch · tf1-graph: loading tensorflow"
    )
    assert states.update(Event(Mode.TORCH_EAGER, Stage.DONE, "shape-mismatch")).startswith(
        "torch-eager: done"
    )


def test_no_progress_bar_on_a_pipe():
    pipe = Console(file=io.StringIO(), width=150)
    runner = Runner([Mode.TORCH_EAGER], timeout=30, preload=False)
    [result] = run_with_progress(runner, [load_scenario(ZERO)], pipe)
    assert result.runs[0].status.value == "raised"
    assert pipe.file.getvalue() == ""


def totals_from_records(results: list[dict]) -> dict[str, tuple[int, int, int]]:
    """(raised, pointing at the bug, returned) per mode, counted straight from the JSON records."""
    counts: dict[str, list[int]] = {}
    for result in results:
        for run in result["runs"]:
            c = counts.setdefault(run["mode"], [0, 0, 0])
            c[0] += run["status"] == "raised"
            c[1] += run["status"] == "raised" and run["points_at_bug"] is True
            c[2] += run["status"] == "returned" and bool(run["bug_lines"])
    return {mode: (c[0], c[1], c[2]) for mode, c in counts.items()}


@pytest.mark.frameworks
def test_report_totals_match_the_records_of_the_same_run(tmp_path):
    target = tmp_path / "shapes.json"
    proc = run_cli("report", "--tag", "shapes", "--export", str(target))
    data = json.loads(target.read_text())
    names = [r["scenario"] for r in data["results"]]
    assert len(names) >= 2 and "shape-mismatch" in names
    counts = totals_from_records(data["results"])
    # The headline pairs like with like: only scenarios where every mode has the bug and raised.
    paired = [
        r
        for r in data["results"]
        if all(
            run["status"] == "raised" and run["bug_lines"] and run["bug_reached"] is not False
            for run in r["runs"]
        )
    ]
    assert paired and [r["scenario"] for r in paired] == data["paired"]["scenarios"]
    pointing = {
        m: sum(run["points_at_bug"] is True for r in paired for run in r["runs"] if run["mode"] == m)
        for m in ("torch-eager", "tf1-graph")
    }
    expected = ", ".join(f"{m} {pointing[m]} of {len(paired)}" for m in ("torch-eager", "tf1-graph"))
    headline = f"points at the bug where every mode raises its bug: {expected}"
    assert headline in " ".join(proc.stdout.split())
    assert data["total_lines"][0] == headline
    silent = ", ".join(f"{m} {counts[m][2]} of {len(names)}" for m in ("torch-eager", "tf1-graph"))
    assert f"silent bug (returned normally): {silent}" in proc.stdout
    # The unpaired counts stay in the JSON totals.
    totals = {t["mode"]: t for t in data["totals"]}
    for m in ("torch-eager", "tf1-graph"):
        assert (totals[m]["raised"], totals[m]["points_at_bug"]) == counts[m][:2]
    # the same headline drawn as bars, under the scoreboard
    chart = proc.stdout[proc.stdout.index("totals per mode") :].splitlines()
    first = next(i for i, line in enumerate(chart) if line.startswith("points at the bug (where every"))
    bars = [line for line in chart[first + 1 :] if line.startswith(("torch-eager ", "tf1-graph "))][:2]
    for mode, line in zip(("torch-eager", "tf1-graph"), bars, strict=True):
        assert re.fullmatch(rf"{mode} +[█▏▎▍▌▋▊▉░]+ +{pointing[mode]} of {len(paired)}", line), line
    # shape-mismatch as its EXPECT declares (type, verdict, phase), straight from the same records
    expect = load_scenario(BUILTIN / "shape_mismatch.py").expect
    shape = next(r for r in data["results"] if r["scenario"] == "shape-mismatch")
    for run in shape["runs"]:
        declared = expect[Mode(run["mode"])]
        assert run["exception"]["type"] == declared["raises"]
        assert run["points_at_bug"] is declared["points_at_bug"]
        assert run["phase"] == declared.get("phase")
    for name in names:
        assert re.search(rf"^{re.escape(name)}\s", proc.stdout, flags=re.M), name
    assert f"Exported to {target}" in " ".join(proc.stderr.split())


@pytest.mark.frameworks
def test_run_json_and_svg_export_come_from_one_run(tmp_path):
    target = tmp_path / "shape.svg"
    proc = run_cli("run", "shape-mismatch", "--json", "--export", str(target))
    record = json.loads(proc.stdout)  # --json still owns stdout
    torch, tf1 = record["runs"]
    svg = target.read_text()
    assert "<script" not in svg
    shown = html.unescape("".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S))).replace(
        "\xa0", " "
    )
    assert torch["surfaced_at"]["line"] == line_of(BUILTIN / "shape_mismatch.py", "# BUG")
    for run in (torch, tf1):
        line = run["surfaced_at"]["line"]
        verdict = (
            f"✔ points at the bug (line {line})" if run["points_at_bug"] else f"✘ surfaced at line {line}"
        )
        assert verdict in shown
    assert torch["exception"]["type"] in shown and tf1["exception"]["type"] in shown
    assert "debugdemo run shape-mismatch" in shown  # the window title


@pytest.mark.frameworks
def test_an_invalid_scenario_file_fails_the_report_but_not_the_others(tmp_path):
    (tmp_path / "broken_syntax.py").write_text('"""Broken."""\n\ndef torch_eager(:\n    pass\n')
    proc = run_cli(
        "--path", str(ASSET_SCENARIOS), "--path", str(tmp_path), "report", "--tag", "test", expect=1
    )
    assert "broken_syntax.py" in proc.stderr and "Traceback" not in proc.stderr
    lines = proc.stdout.splitlines()
    [at] = [i for i, line in enumerate(lines) if line.startswith("zero-division")]
    assert lines[at + 1].split()[:3] == ["torch-eager", "✔", "ZeroDivisionError"]  # a block per scenario
    assert (
        "points at the bug where every mode raises its bug: torch-eager 1 of 1, tf1-graph 0 of 1"
        in proc.stdout
    )
