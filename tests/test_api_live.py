"""The Python API on real torch and TensorFlow workers: the same records as `run --json`."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from debugdemo.api import Session
from debugdemo.modes import Mode

from .conftest import run_cli
from .processes import worker_pids

pytestmark = pytest.mark.frameworks


def without_timings(record: Any) -> Any:
    """A record with every `timings` object left out (the only values two runs may differ in)."""
    if isinstance(record, dict):
        return {k: without_timings(v) for k, v in record.items() if k != "timings"}
    if isinstance(record, list):
        return [without_timings(v) for v in record]
    return record


def keys(record: Any, prefix: str = "") -> set[str]:
    """Every key path of a record: runs[].exception.type …"""
    if isinstance(record, dict):
        return {p for k, v in record.items() for p in {prefix + k} | keys(v, prefix + k + ".")}
    if isinstance(record, list):
        return {p for v in record for p in keys(v, prefix.rstrip(".") + "[].")}
    return set()


def test_the_api_gives_the_records_run_json_prints():
    cli = json.loads(run_cli("run", "shape-mismatch", "--json").stdout)
    with Session() as session:
        first = session.run("shape-mismatch")
        second = session.run("shape-mismatch")  # warm workers: the same records again
    for api in (first.to_dict(), second.to_dict()):
        assert keys(api) == keys(cli)
        assert without_timings(api) == without_timings(cli)
    # The same exceptions, the same verdicts: as the CLI saw them.
    torch, tf1 = first.runs
    assert torch.exception is not None and torch.exception.type == "RuntimeError" and torch.points_at_bug
    assert tf1.exception is not None and tf1.exception.type == "InvalidArgumentError"
    assert tf1.points_at_bug is False
    # The first run paid each worker's start-up; the second ran on the same, warm, workers.
    assert all(run.timings.startup_s for run in first.runs)
    assert not any(run.timings.startup_s for run in second.runs)


def test_a_second_run_reuses_the_framework_workers():
    me = os.getpid()
    with Session("torch,tf1") as session:
        session.start()
        started = dict(session.started)
        assert set(started) == {Mode.TORCH_EAGER, Mode.TF1_GRAPH}
        session.run("shape-mismatch")
        session.run(["static-shape-mismatch", "silent-broadcast"])
        assert session.started == started
        assert sorted(worker_pids(me)) == sorted(started.values())
    assert worker_pids(me) == []
