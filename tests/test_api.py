"""The Python API (debugdemo.run / scenarios / check / session), framework-free.

Workers run without preloading a framework (`preload=False`) on the framework-free test
scenarios, so these take well under a second each. tests/test_api_live.py compares the
API with the CLI on real torch and TensorFlow runs.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import threading
from html import unescape

import pytest
from rich.console import Console

import debugdemo
from debugdemo.api import CheckReport, Results, ScenarioList, ScenarioResult, Session
from debugdemo.errors import DebugDemoError
from debugdemo.expectations import Outcome
from debugdemo.modes import Mode, UnknownModeError
from debugdemo.views.run import RunView

from .conftest import ASSET_SCENARIOS, ASSETS, ROOT, cli_env, line_of
from .processes import alive, wait_until, worker_pids

HEAVY = ("torch", "tensorflow", "numpy", "keras", "jax")
ZERO_DIVISION = ASSET_SCENARIOS / "zero_division.py"


@pytest.fixture
def session():
    with Session("torch,tf1", preload=False, paths=[ASSET_SCENARIOS], timeout=10) as s:
        yield s


def plain(renderable, width=120):
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


# --- import ---------------------------------------------------------------------------


def test_import_debugdemo_loads_no_framework_and_little_else():
    probe = (
        "import sys, debugdemo; "
        "print(','.join(sorted({m.partition('.')[0] for m in sys.modules} & set(sys.argv[1:]))))"
        "; print(','.join(sorted(m for m in sys.modules if m.startswith('debugdemo'))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, *HEAVY, "rich", "typer"],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=ROOT,
        check=True,
    )
    heavy, ours = proc.stdout.splitlines()
    assert heavy == ""  # no framework, and not even rich or typer
    assert ours == "debugdemo"


def test_the_public_names_resolve_lazily():
    assert debugdemo.Session is Session and debugdemo.ScenarioResult is ScenarioResult
    assert debugdemo.DebugDemoError is DebugDemoError
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        debugdemo.nope  # noqa: B018


# --- results --------------------------------------------------------------------------


def test_a_run_gives_the_records(session):
    result = session.run("zero-division")
    assert isinstance(result, ScenarioResult)
    assert [r.mode for r in result.runs] == ["torch-eager", "tf1-graph"]
    torch, tf1 = result.runs
    assert torch.exception is not None and torch.exception.type == "ZeroDivisionError"
    assert torch.points_at_bug is True and torch.breakpoint_hits == 3
    assert tf1.surfaced_at is not None and tf1.surfaced_at.line == line_of(ZERO_DIVISION, "/ count")
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data  # what `run --json` prints: JSON, nothing more
    assert set(data) == {"scenario", "file", "title", "runs"}
    assert data["file"] == str(ZERO_DIVISION.resolve())
    assert repr(result) == (
        "<ScenarioResult zero-division (torch-eager: raised ZeroDivisionError,"
        " tf1-graph: raised ZeroDivisionError)>"
    )


def test_a_list_in_gives_a_list_out(session):
    results = session.run(["zero-division", ZERO_DIVISION], modes=["tf1"])
    assert isinstance(results, Results) and isinstance(results, list)
    assert [r.scenario for r in results] == ["zero-division", "zero-division"]
    assert [[run.mode for run in r.runs] for r in results] == [["tf1-graph"], ["tf1-graph"]]
    assert results.to_dicts() == [r.to_dict() for r in results]
    assert session.run([]) == []


def test_a_timeout_and_a_crash_are_results_not_exceptions(session):
    hung, crashed = session.run(["hang", "crash"], modes="torch", timeout=1)
    assert hung.runs[0].status.value == "timeout"
    assert "no result after 1 s" in (hung.runs[0].detail or "")
    assert crashed.runs[0].status.value == "crashed"
    # The lost workers are replaced: the next run has a result.
    again = session.run("zero-division", modes="torch")
    assert again.runs[0].exception is not None and again.runs[0].exception.type == "ZeroDivisionError"


# --- errors ---------------------------------------------------------------------------


def test_an_unknown_name_raises_with_a_suggestion():
    with pytest.raises(
        DebugDemoError, match=r"Unknown scenario 'shape-mismach'\. Did you mean 'shape-mismatch'"
    ):
        debugdemo.run("shape-mismach")


def test_an_unknown_mode_raises():
    with pytest.raises(UnknownModeError, match=r"Unknown mode 'tf3'\. Did you mean") as caught:
        debugdemo.run("shape-mismatch", modes="tf3")
    assert isinstance(caught.value, DebugDemoError)
    with pytest.raises(DebugDemoError, match="Unknown mode 'pytorch'"):
        debugdemo.run("shape-mismatch", modes=["torch", "pytorch"])
    with pytest.raises(DebugDemoError, match="No mode given"):
        debugdemo.run("shape-mismatch", modes=[])


def test_an_invalid_file_raises():
    invalid = ASSETS / "invalid_scenarios" / "no_docstring.py"
    with pytest.raises(DebugDemoError, match=r"Invalid scenario: .*no_docstring.py:1: no docstring"):
        debugdemo.run(invalid)
    with pytest.raises(DebugDemoError, match="No scenario file at"):
        debugdemo.run("no/such/file.py")
    with pytest.raises(DebugDemoError, match="Not a scenario name or file: 42"):
        debugdemo.run([42])  # type: ignore[list-item]


def test_errors_never_exit_and_start_no_worker():
    # A mistake costs no framework import: nothing started, in this process, for it.
    before = set(worker_pids(os.getpid()))
    for call in (
        lambda: debugdemo.run("nope"),
        lambda: debugdemo.run("zero-division", modes="nope", paths=[ASSET_SCENARIOS]),
        lambda: debugdemo.check("nope"),
    ):
        with pytest.raises(DebugDemoError):
            call()
    assert set(worker_pids(os.getpid())) == before


# --- the catalogue and check ----------------------------------------------------------


def test_scenarios_is_the_static_catalogue():
    found = debugdemo.scenarios(paths=[ASSET_SCENARIOS])
    assert isinstance(found, ScenarioList)
    names = [s.name for s in found]
    assert "zero-division" in names and "shape-mismatch" in names
    assert [s.name for s in debugdemo.scenarios(tag="test", paths=[ASSET_SCENARIOS])] == sorted(
        s.name for s in found if "test" in s.tags
    )
    shapes = debugdemo.scenarios(tag="shapes")
    assert all("shapes" in s.tags for s in shapes) and shapes
    assert repr(shapes).startswith("<ScenarioList: ")
    assert "zero-division" in plain(found)


def test_scenarios_lists_the_problems_of_a_folder():
    found = debugdemo.scenarios(paths=[ASSETS / "broken_folder"])
    assert any("syntax_error.py" in p for p in found.problems)
    assert "syntax_error.py:4: syntax error" in plain(found)


def test_check_is_data():
    with Session(preload=False, paths=[ASSETS / "check", ASSET_SCENARIOS]) as s:
        held = s.check("zero-division")
        wrong = s.check([ASSETS / "check" / "wrong_expect.py"])
    assert isinstance(held, CheckReport) and held.ok and not held.mismatches
    assert {(c.mode, c.key) for c in held.checks} >= {
        (Mode.TORCH_EAGER, "raises"),
        (Mode.TF1_GRAPH, "raises"),
    }
    assert all(c.outcome is Outcome.HELD for c in held.checks)
    assert not wrong.ok and wrong.mismatches
    data = wrong.to_dict()
    assert data["ok"] is False and data["invalid"] == []
    assert {c["outcome"] for c in data["checks"]} >= {"mismatch"}
    assert "mismatch" in plain(wrong)


# --- display --------------------------------------------------------------------------


def test_rich_print_draws_the_view_run_prints(session):
    result = session.run("zero-division")
    for width in (80, 120, 200):
        expected = plain(RunView(result, result.explanation), width)
        assert plain(result, width) == expected
    assert "A framework-free stand-in" in plain(result)  # the explanation, from the docstring


def html_text(html: str) -> str:
    """What an HTML fragment shows, tags dropped."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_a_result_in_a_notebook_is_html_of_the_same_view(session, monkeypatch):
    result = session.run("zero-division")
    html = result._repr_html_()
    assert html.startswith("<pre style=") and html.rstrip().endswith("</pre>")
    shown = html_text(html)
    # rich's notebook width, 115 columns: the view `run` prints at that width.
    assert shown.rstrip("\n") == plain(RunView(result, result.explanation), 115).rstrip("\n")
    assert "ZeroDivisionError: float division by zero" in shown
    assert "color: " in html  # with its colours
    monkeypatch.setenv("JUPYTER_COLUMNS", "60")
    narrow = html_text(result._repr_html_())
    assert narrow.rstrip("\n") == plain(RunView(result, result.explanation), 60).rstrip("\n")


def test_lists_and_checks_display_too(session):
    results = session.run(["zero-division", "recursion"], modes="tf1")
    drawn = plain(results)
    assert "zero-division — Zero division" in drawn and "recursion" in drawn
    assert "RecursionError" in html_text(results._repr_html_())
    report = session.check("zero-division")
    assert "held" in plain(report) and "✔ held" in html_text(report._repr_html_())
    assert "zero-division" in html_text(debugdemo.scenarios(paths=[ASSET_SCENARIOS])._repr_html_())


def test_text_from_a_run_is_escaped_in_html(session):
    result = session.run("hostile-text")
    html = result._repr_html_()
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    shown = html_text(html)
    assert "with <b>HTML</b> and escape codes" in shown  # the title: text, not markup
    assert "Text [bold]that looks like markup[/bold]" in shown


# --- warm workers ---------------------------------------------------------------------


def test_workers_stay_warm_between_runs():
    me = os.getpid()
    session = Session(preload=False, paths=[ASSET_SCENARIOS])  # no modes given: nothing starts yet
    assert worker_pids(me) == [] and session.started == {}
    cold: list[str] = []
    session.run("zero-division", on_event=lambda e: cold.append(f"{e.mode.alias} {e.kind.value}"))
    first = sorted(worker_pids(me))
    assert len(first) == 2 and sorted(session.started.values()) == first
    warm: list[str] = []
    session.run("zero-division", on_event=lambda e: warm.append(f"{e.mode.alias} {e.kind.value}"))
    assert sorted(cold) == [
        "tf1 done",
        "tf1 running",
        "tf1 starting",
        "torch done",
        "torch running",
        "torch starting",
    ]
    assert sorted(warm) == ["tf1 done", "tf1 running", "torch done", "torch running"]  # nothing starts
    session.run(["zero-division", "zero-division"], modes="tf1")
    assert sorted(worker_pids(me)) == first  # the same two processes, no new one
    session.close()
    assert worker_pids(me) == [] and session.started == {}
    assert not any(alive(pid) for pid in first)
    session.run("zero-division", modes="tf1")  # a closed session starts afresh
    assert len(worker_pids(me)) == 1
    session.close()


def test_start_starts_the_workers_without_waiting():
    me = os.getpid()
    with Session("torch,tf1", preload=False) as s:
        assert s.started == {}  # making a session starts nothing
        s.start()
        assert set(s.started) == {Mode.TORCH_EAGER, Mode.TF1_GRAPH}
        assert sorted(worker_pids(me)) == sorted(s.started.values())
        s.start("torch,tf2")  # the torch worker is already there: only tf2 joins
        assert set(s.started) == {Mode.TORCH_EAGER, Mode.TF1_GRAPH, Mode.TF2_EAGER}
    assert worker_pids(me) == []


def test_debugdemo_session_starts_its_workers_at_once(monkeypatch):
    monkeypatch.setattr(debugdemo.api.Session, "__init__", _framework_free_init(Session.__init__))
    me = os.getpid()
    with debugdemo.session(modes="tf1") as s:
        assert list(s.started) == [Mode.TF1_GRAPH] and worker_pids(me) == list(s.started.values())
    assert worker_pids(me) == []


def _framework_free_init(init):
    def framework_free(self, *args, **kwargs):
        init(self, *args, **kwargs, preload=False)

    return framework_free


def test_a_session_runs_from_a_background_thread_and_closes_from_another():
    running = threading.Event()
    results: list[object] = []

    def on_event(event):
        if event.kind == "running":
            running.set()

    session = Session(preload=False, paths=[ASSET_SCENARIOS], on_event=on_event)
    thread = threading.Thread(target=lambda: results.append(session.run("hang", modes="torch", timeout=60)))
    thread.start()
    assert running.wait(20)
    [pid] = session.started.values()
    assert alive(pid) and worker_pids(os.getpid()) == [pid]
    session.close()  # while the scenario hangs: the run ends, its worker stopped
    thread.join(10)
    assert not thread.is_alive()
    assert wait_until(lambda: not alive(pid), 5)
    [hung] = results
    assert isinstance(hung, ScenarioResult) and hung.runs[0].status.value == "crashed"
    assert session.started == {}


def test_restart_starts_again_the_workers_a_run_lost():
    me = os.getpid()
    with Session("torch,tf1", preload=False, paths=[ASSET_SCENARIOS], restart=True) as s:
        s.start()
        before = dict(s.started)
        crashed = s.run("crash")  # both modes kill their interpreter
        assert [r.status.value for r in crashed.runs] == ["crashed", "crashed"]
        after = dict(s.started)  # started again at once: the next run is warm
        assert set(after) == {Mode.TORCH_EAGER, Mode.TF1_GRAPH}
        assert not set(after.values()) & set(before.values()) and all(alive(p) for p in after.values())
        s.run("zero-division")
        assert s.started == after  # the run took the restarted workers
    assert worker_pids(me) == []
    with Session("torch", preload=False, paths=[ASSET_SCENARIOS]) as s:  # the default: no restart
        s.run("crash")
        assert s.started == {}


def test_restart_starts_nothing_after_close_stopped_the_run():
    running = threading.Event()
    session = Session(
        preload=False,
        paths=[ASSET_SCENARIOS],
        restart=True,
        on_event=lambda e: running.set() if e.kind == "running" else None,
    )
    thread = threading.Thread(target=lambda: session.run("hang", modes="torch", timeout=60))
    thread.start()
    assert running.wait(20)
    session.close()  # the run's worker is lost to close(), not to the scenario: nothing restarts
    thread.join(10)
    assert not thread.is_alive() and session.started == {} and worker_pids(os.getpid()) == []


EXITING = """
import sys
from debugdemo.api import Session
s = Session("torch,tf1", preload=False, paths=[sys.argv[1]])
s.run("zero-division")
print(" ".join(str(pid) for pid in s.started.values()), flush=True)
"""


def test_workers_end_with_the_interpreter():
    proc = subprocess.run(
        [sys.executable, "-c", EXITING, str(ASSET_SCENARIOS)],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    pids = [int(p) for p in proc.stdout.split()]
    assert len(pids) == 2
    assert wait_until(lambda: not any(alive(pid) for pid in pids), 5)
