"""One spelling for options, coherent errors, and `debug --break` (issue 18, items 6, 7, 9)."""

from __future__ import annotations

import io
import re
import shutil
import signal
import subprocess
import sys
import time

import pexpect
import pytest
from rich.console import Console

from debugdemo.doctor import DoctorReport, FrameworkReport
from debugdemo.modes import Framework, Mode
from debugdemo.views.doctor import DoctorView

from .conftest import ASSET_SCENARIOS, PROMPT, ROOT, cli_env, line_of, run_cli, spawn

ZERO = ASSET_SCENARIOS / "zero_division.py"


def test_debug_break_stops_at_that_line_with_a_pdb_breakpoint():
    line = line_of(ZERO, "return sum(values) / count")  # in mean(), which tf1_graph() calls
    child = spawn("debug", str(ZERO), "--mode", "tf1", "--break", str(line), timeout=60)
    child.expect(rf"at line {line}, before it runs \(--break {line}")
    child.expect(rf"zero_division\.py\({line}\)mean\(\)")
    child.expect(PROMPT)
    child.sendline("p values, count")
    child.expect(r"\(\[1\.0, 2\.0\], 0\)")
    child.expect(PROMPT)
    child.sendline("where")
    child.expect(PROMPT)
    stack = child.before.replace("\r\n", "\n")
    first_frame = stack.split("where", 1)[1].strip().splitlines()[0]
    assert first_frame.endswith("zero_division.py(29)tf1_graph()")  # the stack starts at the scenario
    assert "runpy" not in stack and "pdb_child" not in stack
    child.sendline("c")
    child.expect("ZeroDivisionError")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_where_at_a_breakpoint_starts_at_the_scenario():
    proc = run_cli("debug", str(ZERO), "--mode", "torch", stdin="where\nq\n")
    stack = proc.stdout.split("(Pdb) where", 1)[1].split("(Pdb)", 1)[0]
    first = stack.strip().splitlines()[0]
    assert re.search(r"zero_division\.py\(\d+\)torch_eager\(\)$", first), stack
    assert "runpy" not in stack and "pdb_child" not in stack and "<module>" not in stack


@pytest.mark.parametrize(
    ("line", "says"),
    [
        (200, "--break 200: zero_division.py has 29 lines."),
        (13, "--break 13: line 13 of zero_division.py is blank, so pdb could never stop there."),
        (9, "--break 9: line 9 of zero_division.py starts no statement"),
        (7, "--break 7: line 7 of zero_division.py is module-level code"),
        (14, "--break 14: line 14 defines mean, which ran when the file was loaded."),
    ],
)
def test_a_break_line_pdb_could_never_stop_at_is_a_usage_error(line, says):
    proc = run_cli("debug", str(ZERO), "--mode", "tf1", "--break", str(line), expect=2)
    assert says in " ".join(proc.stderr.split())
    assert "Traceback" not in proc.stderr and "(Pdb)" not in proc.stdout


def test_debug_without_breakpoint_points_at_break():
    proc = run_cli("debug", str(ZERO), "--mode", "tf1", stdin="")
    said = " ".join(proc.stdout.replace("│", " ").split())
    assert "Add --break LINE to stop at a line of the scenario file" in said


def test_debug_takes_one_mode_under_either_spelling():
    proc = run_cli("debug", str(ZERO), "--modes", "tf1", stdin="")
    assert "tf1-graph · TF1 graph" in proc.stdout
    for modes in ("torch,tf1", "all"):
        proc = run_cli("debug", str(ZERO), "--modes", modes, expect=2)
        said = " ".join(proc.stderr.split())
        assert f"debug runs one mode at a time, under pdb: got '{modes}'." in said
        assert "zero-division's modes: torch-eager (torch), tf1-graph (tf1)." in said
        assert "'all'" not in said.replace(f"got '{modes}'", "")


def test_an_unknown_mode_for_debug_lists_only_what_debug_accepts():
    proc = run_cli("debug", str(ZERO), "--mode", "tf3", expect=2)
    said = " ".join(proc.stderr.split())
    assert "Unknown mode 'tf3'. Did you mean" in said
    assert said.endswith("zero-division's modes: torch-eager (torch), tf1-graph (tf1).")
    assert "or 'all'" not in said


def test_show_takes_a_mode_list():
    both = run_cli("show", str(ZERO), "--modes", "torch,tf1").stdout
    assert "torch_eager" in both and "tf1_graph" in both
    one = run_cli("show", str(ZERO), "--mode", "tf1").stdout
    assert "tf1_graph" in one and "def torch_eager" not in one
    every = run_cli("show", str(ZERO), "--modes", "all").stdout
    assert "torch_eager" in every and "tf1_graph" in every


def test_a_misspelt_tag_gets_a_suggestion():
    proc = run_cli("list", "--tag", "shape", expect=2)
    said = " ".join(proc.stderr.split())
    assert "No scenario is tagged 'shape'. Did you mean 'shapes'?" in said
    assert proc.stdout == ""


def test_a_path_that_is_not_a_folder_is_a_usage_error(tmp_path):
    for bad in ("/nonexistent", str(ZERO)):
        for argv in (["--path", bad, "list"], ["list", "--path", bad]):  # before and after the command
            proc = run_cli(*argv, expect=2)
            said = " ".join(proc.stderr.split())
            assert "Invalid value for '--path'" in said and bad in said
            assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_ctrl_c_during_list_says_nothing_of_workers(tmp_path):
    for i in range(3000):  # a long list, so that the interrupt lands while it is read
        shutil.copy(ZERO, tmp_path / f"zero_{i}.py")
    proc = subprocess.Popen(
        [sys.executable, "-m", "debugdemo", "--path", str(tmp_path), "list"],
        env=cli_env(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Interrupted" in err and "workers" not in err


def test_doctor_names_each_framework_once():
    def modes(framework: Framework) -> dict[Mode, str | None]:
        return {m: None for m in Mode if m.framework is framework}

    torch = FrameworkReport(
        Framework.TORCH, "torch", "2.13.0+cpu", "2.13.0+cpu", modes=modes(Framework.TORCH)
    )
    tf = FrameworkReport(
        Framework.TENSORFLOW, "tensorflow-cpu", "2.21.0", "2.21.0", modes=modes(Framework.TENSORFLOW)
    )
    jax = FrameworkReport(Framework.JAX, "jax", "0.10.2", "0.10.2", modes=modes(Framework.JAX))
    report = DoctorReport("3.11.7", "/venv/bin/python", "Linux", "0.1", [torch, tf, jax])
    buffer = io.StringIO()
    Console(file=buffer, width=120, color_system=None).print(DoctorView(report))
    text = buffer.getvalue()
    assert "torch torch" not in text
    [torch_row] = [line for line in text.splitlines() if line.startswith("torch ")]
    assert torch_row.split()[:2] == ["torch", "2.13.0+cpu"]
    assert "2.21.0 (as tensorflow-cpu)" in text
    assert "jax jax" not in text


def test_break_and_breakpoint_calls_stop_in_turn():
    line = line_of(ZERO, 'print("about to divide", total)')
    proc = run_cli("debug", str(ZERO), "--mode", "torch", "--break", str(line), stdin="c\nc\nc\np total\nc\n")
    stops = [s for s in proc.stdout.splitlines() if s.startswith("> ")]
    assert len(stops) == 4, proc.stdout  # three breakpoint() hits in the loop, then the --break line
    assert all("zero_division.py" in s for s in stops)  # never inside bdb or debugdemo
    assert stops[-1].endswith(f"zero_division.py({line})torch_eager()")
    assert "(Pdb) p total\n12.0" in proc.stdout


def test_break_in_a_compiled_mode_says_what_to_expect():
    from debugdemo.catalog import discover
    from debugdemo.process.pdb_parent import plan

    from .conftest import BUILTIN

    scenario = discover([BUILTIN]).resolve("shape-mismatch")
    line = line_of(scenario.path, "h = torch.relu(x.mean(dim=2) @ w1 + b1)")
    banner = plan(scenario, Mode.TORCH_COMPILE, False, [line])
    assert [b.line for b in banner.breaks] == [line]
    assert any("runs as generated code" in note for note in banner.notes)
    eager = plan(scenario, Mode.TORCH_EAGER, False, [scenario.bug_lines[Mode.TORCH_EAGER][0]])
    assert not any("runs as generated code" in n for n in eager.notes)
