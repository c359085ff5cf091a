"""`debugdemo studio` on a real pseudo-terminal (pexpect): pdb through `d`, and quitting.

These run the command as a user does, so its workers load torch and TensorFlow in the
background (the scenarios themselves are framework-free); each test checks that no worker
process outlives the studio.
"""

from __future__ import annotations

import signal
import time

import pexpect
import pytest

from .conftest import ASSET_SCENARIOS, PROMPT, cli_env, run_cli, spawn
from .processes import alive, wait_until, worker_pids


def spawn_studio(name: str, lines: int = 24, columns: int = 80) -> pexpect.spawn:
    """`debugdemo --path ASSETS studio NAME` in an 80×24 terminal, its output kept in .logfile_read."""
    child = spawn(
        "--path",
        str(ASSET_SCENARIOS),
        "studio",
        name,
        timeout=180,
        env=cli_env(TERM="xterm-256color", NO_COLOR="", COLUMNS=str(columns), LINES=str(lines)),
        dimensions=(lines, columns),
    )
    child.expect("Quit")  # the footer: the app is on screen
    return child


def started_workers(child: pexpect.spawn) -> list[int]:
    """The studio's worker processes, which start with the app."""
    assert wait_until(lambda: len(worker_pids(child.pid)) == 2, timeout=30), worker_pids(child.pid)
    return worker_pids(child.pid)


def gone(pids: list[int]) -> bool:
    return wait_until(lambda: not any(alive(pid) for pid in pids), timeout=15)


def back_from_pdb(child: pexpect.spawn) -> None:
    """Quit pdb at its prompt and press Enter: the studio is on screen again."""
    child.sendline("q")
    child.expect("Press Enter to go back to the studio")
    child.send("\r")
    child.expect("Post-mortem")  # the footer again: the studio is back


def quit_studio(child: pexpect.spawn, workers: list[int]) -> None:
    """`q`: the studio exits 0 and no worker outlives it."""
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.logfile_read.getvalue()[-2000:]
    assert gone(workers)


def test_d_hands_the_terminal_to_pdb_and_the_studio_comes_back():
    child = spawn_studio("debug-returns")
    workers = started_workers(child)
    child.send("d")
    child.expect("which mode")
    child.send("\r")  # the first mode shown: torch-eager
    child.expect("debugdemo debug debug-returns")  # the banner `debugdemo debug` prints
    child.expect(PROMPT)
    child.sendline("p answer")
    child.expect("41")
    child.expect(PROMPT)
    back_from_pdb(child)
    assert all(alive(pid) for pid in workers)  # still warm after pdb
    quit_studio(child, workers)


def test_p_opens_pdb_post_mortem_where_the_exception_was_raised():
    child = spawn_studio("zero-division")
    workers = started_workers(child)
    child.send("p")
    child.expect("which mode")
    child.send("\r")
    child.expect("debugdemo post-mortem zero-division")
    child.expect(PROMPT)
    child.sendline("p total")
    child.expect("12.0")  # sum([1, 2, 3]) * 2, a real value where ZeroDivisionError was raised
    child.expect(PROMPT)
    back_from_pdb(child)
    quit_studio(child, workers)


@pytest.mark.parametrize(("how", "code"), [("ctrl-c", 130), ("sighup", 128 + signal.SIGHUP)])
def test_leaving_by_ctrl_c_or_a_closed_terminal_leaves_no_worker(how, code):
    child = spawn_studio("zero-division")
    workers = started_workers(child)
    if how == "ctrl-c":
        child.sendcontrol("c")
    else:
        child.kill(signal.SIGHUP)
    child.expect(pexpect.EOF)
    child.close()
    assert gone(workers)
    assert child.exitstatus == code or child.signalstatus == signal.SIGHUP, (
        child.exitstatus,
        child.signalstatus,
    )


@pytest.mark.frameworks
def test_shape_mismatch_live_run_then_pdb_then_quit():
    """The issue's "done when": r shows both exceptions and the verdict, d gives a real pdb."""
    child = spawn_studio("shape-mismatch", lines=50, columns=200)
    workers = started_workers(child)
    child.send("r")
    child.expect("Running shape-mismatch")
    shown_before = len(child.logfile_read.getvalue())
    child.expect("frames yours")  # a traceback section: the results are drawn
    child.expect(pexpect.TIMEOUT, timeout=1)  # the rest of the frame
    results = child.logfile_read.getvalue()[shown_before:]
    assert "RuntimeError" in results and "InvalidArgumentError" in results  # torch, tf1
    child.send("z")  # zoomed, the results pane has the keys: to its end, where the verdict is
    time.sleep(1)  # not timed: the zoom takes the focus once laid out
    child.send("\x1b[F")  # End
    child.expect("verdict")
    child.expect("points at the bug")
    child.send("z")
    child.send("d")
    child.expect("which mode")
    child.send("\r")  # torch-eager
    child.expect("debugdemo debug shape-mismatch")
    child.expect(PROMPT)
    child.sendline("p x.shape")
    child.expect(r"torch\.Size\(\[16, 10, 8\]\)")
    child.expect(PROMPT)
    back_from_pdb(child)
    quit_studio(child, workers)


def test_an_unknown_name_is_a_usage_error_before_any_worker_starts():
    child = spawn(
        "studio",
        "--path",
        str(ASSET_SCENARIOS),
        "zero-divison",
        timeout=60,
        env=cli_env(TERM="xterm-256color"),
        dimensions=(24, 80),
    )
    child.expect("Unknown scenario 'zero-divison'. Did you mean 'zero-division'")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2


def test_without_a_terminal_it_says_so():
    proc = run_cli("studio", "shape-mismatch", expect=2, stdin="")
    assert "debugdemo studio needs a terminal" in proc.stderr
    assert "Traceback" not in proc.stderr
