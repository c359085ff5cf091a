"""The `%debugdemo` magic in terminal IPython (pexpect), and how it reads its arguments.

tests/test_notebook.py drives the same magic in a Jupyter kernel.
"""

from __future__ import annotations

import sys

import pexpect

from debugdemo.ipython import in_notebook, subcommand

from .conftest import ASSET_SCENARIOS, ROOT, cli_env, line_of


def test_the_subcommand_is_found_after_the_global_options():
    assert subcommand(["--path", "debug", "debug", "x"]) == "debug"  # a folder called "debug"
    assert subcommand(["--traceback", "run", "x"]) == "run"
    assert subcommand(["--help"]) is None
    assert subcommand([]) is None


def test_outside_a_kernel_is_not_a_notebook():
    assert in_notebook() is False


def test_debug_runs_pdb_in_terminal_ipython():
    # Terminal IPython has a terminal: `%debugdemo debug` runs the real pdb, as the CLI does,
    # and IPython carries on afterwards.
    child = pexpect.spawn(
        sys.executable,
        ["-m", "IPython", "--no-banner", "--colors=NoColor", "--simple-prompt"],
        env=cli_env(TERM="xterm"),
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 150),
    )
    try:
        child.expect(r"In \[1\]:")
        child.sendline("%load_ext debugdemo")
        child.expect(r"In \[2\]:")
        child.sendline(f"%debugdemo --path {ASSET_SCENARIOS} debug zero-division --mode torch")
        child.expect(r"\(Pdb\) ")
        child.sendline("p values")
        child.expect(r"\[1\.0, 2\.0, 3\.0\]")
        child.sendline("c")
        child.expect(r"\(Pdb\) ")
        child.sendline("c")
        child.expect(r"\(Pdb\) ")
        child.sendline("c")
        child.expect("ZeroDivisionError: float division by zero")
        bug = line_of(ASSET_SCENARIOS / "zero_division.py", "# BUG: divides by zero")
        child.expect(rf"surfaced at line {bug} \(torch_eager\): the bug line itself")
        child.expect(r"In \[3\]:")
        child.sendline("6 * 7")
        child.expect(r"Out\[3\]: 42")
        child.sendline("exit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
