"""debugdemo in a real Jupyter kernel: the `%debugdemo` magic, kernel restarts, the tour notebook.

Each test starts an ipykernel (jupyter_client / nbclient) in this checkout, so the kernel
imports this very package, and reads what the cells sent back.
"""

from __future__ import annotations

import json
import os
import re
from html import unescape
from typing import Any

import nbformat
import pytest
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient

from .conftest import ASSET_SCENARIOS, BUILTIN, ROOT, line_of
from .processes import alive, read_pids, wait_until, worker_pids

TOUR = ROOT / "docs" / "tour.ipynb"
pytestmark = pytest.mark.frameworks  # the kernels' workers import torch and TensorFlow


def kernel_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DEBUGDEMO_PATH", None)
    env.update({"PYTHONPATH": str(ROOT), "NO_COLOR": "1", **extra})
    return env


class Kernel:
    """A live ipykernel: `execute(code)` gives the cell's status and outputs."""

    def __init__(self, **env: str) -> None:
        self.manager, self.client = start_new_kernel(
            kernel_name="python3", cwd=str(ROOT), env=kernel_env(**env)
        )

    def execute(self, code: str, timeout: float = 240) -> tuple[str, list[dict[str, Any]]]:
        outputs: list[dict[str, Any]] = []

        def hook(msg: dict[str, Any]) -> None:
            if msg["msg_type"] in ("stream", "execute_result", "display_data", "error"):
                outputs.append({"output_type": msg["msg_type"], **msg["content"]})

        reply = self.client.execute_interactive(code, output_hook=hook, timeout=timeout)
        return reply["content"]["status"], outputs

    def value(self, expression: str) -> Any:
        status, outputs = self.execute(f"import json as _j; print(_j.dumps({expression}))")
        assert status == "ok", outputs
        return json.loads(stream(outputs))

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=False)


def stream(outputs: list[dict[str, Any]], name: str = "stdout") -> str:
    return "".join(o["text"] for o in outputs if o["output_type"] == "stream" and o["name"] == name)


def shown(outputs: list[dict[str, Any]]) -> str:
    """Everything a cell showed, as text: streams, and the text of HTML displays."""
    parts = []
    for o in outputs:
        if o["output_type"] == "stream":
            parts.append(o["text"])
        elif o["output_type"] in ("display_data", "execute_result"):
            html = o["data"].get("text/html")
            parts.append(unescape(re.sub(r"<[^>]+>", "", html)) if html else o["data"]["text/plain"])
    return "".join(parts)


@pytest.fixture
def kernel():
    k = Kernel()
    yield k
    k.stop()


def test_the_magic_in_a_real_kernel(kernel):
    assets = str(ASSET_SCENARIOS)
    status, out = kernel.execute("%load_ext debugdemo")
    assert status == "ok" and out == []

    status, out = kernel.execute(f"%debugdemo --path {assets} list --tag test")
    assert status == "ok" and "zero-division" in shown(out) and "Zero division in plain Python" in shown(out)

    status, out = kernel.execute("%debugdemo run shape-mismach")
    assert status == "ok"
    assert "Unknown scenario 'shape-mismach'. Did you mean 'shape-mismatch'" in shown(out)

    status, out = kernel.execute("%debugdemo run shape-mismatch --mdoes all")
    assert status == "ok"
    usage = stream(out, "stderr")
    assert "Usage: debugdemo run" in usage and "No such option: --mdoes" in usage

    status, out = kernel.execute("%debugdemo frobnicate")
    assert status == "ok" and "No such command 'frobnicate'" in stream(out, "stderr")

    status, out = kernel.execute("%debugdemo debug shape-mismatch --mode tf1")
    refusal = stream(out, "stderr")
    assert status == "ok" and refusal.count("\n") == 1  # one line
    assert "needs a terminal" in refusal and "debugdemo debug shape-mismatch --mode tf1" in refusal

    status, out = kernel.execute("%debugdemo --help")
    assert status == "ok" and "Usage: debugdemo" in shown(out) and "report" in shown(out)

    # A real run, on the kernel's warm workers: the records, as `run --json` prints them.
    status, out = kernel.execute(f"%debugdemo --path {assets} run zero-division --modes torch --json")
    assert status == "ok", out
    record = json.loads(stream(out))
    assert record["runs"][0]["exception"]["type"] == "ZeroDivisionError"
    assert record["runs"][0]["timings"]["startup_s"]  # the worker's first scenario reports its start-up
    # torch-eager and tf1-graph, started by `run shape-mismach` (they load while the name is
    # looked up) and kept warm since: no more.
    workers = worker_pids(kernel.value("__import__('os').getpid()"))
    assert len(workers) == 2
    # Again: the same worker, warm; and the API in the same kernel shares it.
    status, out = kernel.execute(f"%debugdemo --path {assets} run zero-division --modes torch --json")
    assert not json.loads(stream(out))["runs"][0]["timings"]["startup_s"]
    api = f"debugdemo.run('zero-division', modes='torch', paths=[{assets!r}]).runs[0].timings.startup_s"
    assert kernel.execute("import debugdemo")[0] == "ok"
    assert not kernel.value(api)
    assert worker_pids(kernel.value("__import__('os').getpid()")) == workers
    assert kernel.value("1 + 1") == 2  # the kernel lived through all of it


def test_a_kernel_restart_leaves_no_worker_behind(kernel):
    assets = str(ASSET_SCENARIOS)
    status, out = kernel.execute(
        f"import debugdemo\nr = debugdemo.run('zero-division', modes='torch,tf1', paths=[{assets!r}])"
    )
    assert status == "ok", out
    kernel_pid = kernel.value("__import__('os').getpid()")
    workers = worker_pids(kernel_pid)
    assert len(workers) == 2
    # A second run in the kernel reuses them.
    assert kernel.value(f"debugdemo.run('zero-division', paths=[{assets!r}]).runs[1].mode") == "tf1-graph"
    assert sorted(worker_pids(kernel_pid)) == sorted(workers)
    kernel.manager.restart_kernel(now=False)  # what Jupyter's "Restart kernel" does
    assert wait_until(lambda: not any(alive(pid) for pid in workers), 15)
    kernel.client.wait_for_ready(timeout=60)
    assert kernel.value("1 + 1") == 2


def test_interrupting_a_run_stops_its_workers_and_the_kernel_goes_on(tmp_path):
    assets, pidfile = str(ASSET_SCENARIOS), tmp_path / "pids"
    kernel = Kernel(DEBUGDEMO_TEST_PIDFILE=str(pidfile))  # the hang scenario writes its pids there
    try:
        kernel_pid = kernel.value("__import__('os').getpid()")
        status, out = kernel.execute(f"import debugdemo\ndebugdemo.run('zero-division', paths=[{assets!r}])")
        assert status == "ok", out
        warm = worker_pids(kernel_pid)
        assert len(warm) == 2
        # A scenario that hangs (with a child process of its own), interrupted the way
        # Jupyter's stop button does it: SIGINT to the kernel.
        msg_id = kernel.client.execute(
            f"debugdemo.run('hang', modes='torch', timeout=300, paths=[{assets!r}])"
        )
        assert wait_until(lambda: len(read_pids(pidfile)) == 2, 60)
        kernel.manager.interrupt_kernel()
        reply = kernel.client.get_shell_msg(timeout=60)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
        gone = [*warm, *read_pids(pidfile)]
        assert wait_until(lambda: not any(alive(pid) for pid in gone), 15)
        assert worker_pids(kernel_pid) == []
        # The kernel goes on, and the next run starts afresh.
        raised = f"debugdemo.run('zero-division', modes='tf1', paths=[{assets!r}]).runs[0].exception.type"
        assert kernel.value(raised) == "ZeroDivisionError"
    finally:
        kernel.stop()


def test_the_tour_notebook_runs_end_to_end():
    notebook = nbformat.read(TOUR, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    ).execute(env=kernel_env())
    cells = {cell.source.splitlines()[0]: cell for cell in notebook.cells if cell.cell_type == "code"}

    def output(first_line: str) -> str:
        return shown(cells[first_line].outputs)

    for cell in cells.values():
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source

    shape = BUILTIN / "shape_mismatch.py"
    torch_bug, tf1_bug = line_of(shape, "# BUG", 1), line_of(shape, "# BUG", 2)
    tf1_surfaced = line_of(shape, "sess.run([loss, train_op]")
    # 1. the result displays as `run`'s view; the verdict lines come from its records.
    view = output('result = debugdemo.run("shape-mismatch")')
    assert "RuntimeError: mat1 and mat2 shapes cannot be" in view and "InvalidArgumentError" in view
    assert f"points at the bug (line {torch_bug})" in view
    assert output("def verdicts(result):").splitlines() == [
        f"torch-eager: RuntimeError, points at the bug (line {torch_bug})",
        f"tf1-graph: InvalidArgumentError, surfaced at line {tf1_surfaced}, bug on line {tf1_bug}",
    ]
    assert output("for run in result.runs:").splitlines() == [
        "torch-eager 1 hit(s), concrete values",
        "tf1-graph 1 hit(s), symbolic values",
    ]
    # 2. graph mode catches the static shape at build time, on the buggy line.
    static = BUILTIN / "static_shape_mismatch.py"
    assert output('static = debugdemo.run("static-shape-mismatch")').splitlines() == [
        f"torch-eager: RuntimeError, points at the bug (line {line_of(static, '# BUG', 1)})",
        f"tf1-graph: ValueError, points at the bug (line {line_of(static, '# BUG', 2)})",
        "tf1-graph phase: build",
    ]
    # 3. nothing raises.
    silent = output('silent = debugdemo.run("silent-broadcast")').splitlines()
    assert [line.split(":")[0] for line in silent] == ["torch-eager", "tf1-graph"]
    assert all("returned normally" in line and "a silent bug" in line for line in silent)
    # The checks, as data and as check's table.
    checks = output('report = debugdemo.check(["static-shape-mismatch", "silent-broadcast"])')
    assert "all expectations held: True" in checks and "0 mismatches across 2 scenarios" in checks
    # The magic, on the same kernel.
    assert "InvalidArgumentError" not in output("%debugdemo show static-shape-mismatch --mode tf1")
    assert "tf.matmul" in output("%debugdemo show static-shape-mismatch --mode tf1")
    assert "returned normally" in output("%debugdemo run silent-broadcast --modes torch,tf1")
    assert "needs a terminal" in output("%debugdemo debug shape-mismatch --mode tf1")
