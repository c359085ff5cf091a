"""Honest numbers on live runs (issue 18): frame totals, a scenario's own mistake, --suggest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from debugdemo.modes import Mode
from debugdemo.process.worker_parent import Runner
from debugdemo.records import FAILED_BEFORE_BUG, RunStatus
from debugdemo.scenario import load_scenario

from .conftest import ASSETS, BUILTIN, cli_env, line_of, run_cli

pytestmark = pytest.mark.frameworks

TYPO = ASSETS / "typo" / "typo_before_bug.py"

# Runs a scenario's tf1_graph() in a fresh interpreter and counts the frames of every
# traceback Python prints for it (chained ones included), as traceback.format_exception
# lays them out, leaving out this script's own frame (debugdemo's harness plays its part).
_COUNT_FRAMES = """
import importlib.util, sys, traceback
import tensorflow as tf
tf.compat.v1.disable_eager_execution()
spec = importlib.util.spec_from_file_location("scenario", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
try:
    module.tf1_graph()
except Exception as exc:
    printed = "".join(traceback.format_exception(exc))
    te = traceback.TracebackException.from_exception(exc)
    stacks = []
    while te is not None:
        stacks.append(te.stack)
        te = te.__cause__ or (None if te.__suppress_context__ else te.__context__)
    frames = [f for stack in stacks for f in stack if f.filename != "<string>"]
    assert all(f'File "{f.filename}", line {f.lineno}, in {f.name}' in printed for f in frames)
    print(len(frames), sum(f.filename == sys.argv[1] for f in frames))
"""


def test_frame_totals_are_every_frame_python_prints_for_tf1_shape_mismatch():
    path = BUILTIN / "shape_mismatch.py"
    [result] = Runner((Mode.TF1_GRAPH,)).run([load_scenario(path)])
    [run] = result.runs
    assert run.status is RunStatus.RAISED and run.exception is not None
    assert run.exception.chain, "TF1 raises during handling of another InvalidArgumentError"
    counted = subprocess.run(
        [sys.executable, "-c", _COUNT_FRAMES, str(path.resolve())],
        capture_output=True,
        text=True,
        env=cli_env(PYTHONBREAKPOINT="0"),  # the scenario's breakpoint() must not stop here
        check=True,
        timeout=240,
    )
    total, yours = map(int, counted.stdout.split())
    assert (run.frames_total, run.frames_yours) == (total, yours)
    assert total > run.raised_frames_total  # the chained traceback is counted too
    per = run.to_dict()["frames_by_exception"]
    assert sum(p["frames_total"] for p in per) == total
    assert per[-1]["relation"] is None and per[0]["relation"] == "context"


def test_a_typo_before_the_bug_line_is_flagged_as_the_scenarios_mistake():
    shown = json.loads(run_cli("run", str(TYPO), "--modes", "torch", "--json").stdout)
    [run] = (shown[0] if isinstance(shown, list) else shown)["runs"]
    assert run["exception"]["type"] == "AttributeError"
    assert run["surfaced_at"]["line"] == line_of(TYPO, "x = torch.onse")
    assert run["bug_reached"] is False
    text = run_cli("run", str(TYPO), "--modes", "torch").stdout
    assert FAILED_BEFORE_BUG in " ".join(text.split()).replace("│ ", "")
    checked = run_cli("check", str(TYPO), expect=1)
    assert "bug_reached" in checked.stdout
    assert FAILED_BEFORE_BUG in " ".join(checked.stdout.split())
    data = json.loads(run_cli("check", str(TYPO), "--json", expect=1).stdout)
    [mistake] = [c for c in data["checks"] if c["key"] == "bug_reached"]
    assert (mistake["outcome"], mistake["actual"], mistake["note"]) == ("mismatch", False, FAILED_BEFORE_BUG)


def test_the_bug_line_ran_in_a_scenario_that_shows_its_bug():
    [result] = Runner((Mode.TORCH_EAGER,)).run([load_scenario(BUILTIN / "shape_mismatch.py")])
    assert result.runs[0].bug_reached is True


SUGGEST_ME = '''"""A scenario without EXPECT, for --suggest."""


def torch_eager():
    import torch

    x = torch.ones(2, 3)
    breakpoint()
    return x @ torch.ones(4, 2)  # BUG: 3 and 4 differ


def tf1_graph():
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    x = tf.ones((2, 3))
    breakpoint()
    y = tf.matmul(x, tf.ones((4, 2)))  # BUG: 3 and 4 differ
    with tf.Session() as sess:
        return sess.run(y)
'''


def test_suggest_prints_an_expect_that_check_then_holds(tmp_path: Path):
    path = tmp_path / "suggest_me.py"
    path.write_text(SUGGEST_ME)
    suggested = run_cli("check", str(path), "--suggest").stdout
    assert suggested.startswith("EXPECT = {")
    assert '"torch-eager": {"raises": "RuntimeError", "points_at_bug": True' in suggested
    path.write_text(SUGGEST_ME.replace('"""\n\n\n', '"""\n\n' + suggested + "\n\n", 1))
    assert load_scenario(path).expect  # pasted where the file reads it
    checked = run_cli("check", str(path)).stdout
    assert "mismatch" not in checked.replace("0 mismatches", "")
    assert "no expectation" not in checked
