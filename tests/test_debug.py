"""`debugdemo debug`: real pdb sessions, piped and through a pseudo-terminal.

Framework-free assets keep most of these to a fraction of a second; the tests marked
`frameworks` drive pdb through the built-in shape-mismatch scenario in torch and TF1.
"""

from __future__ import annotations

import re
import shutil
import signal
from pathlib import Path

import pexpect
import pytest

from debugdemo.catalog import discover
from debugdemo.modes import Framework, Mode
from debugdemo.process.pdb_parent import needs_framework, plan

from .conftest import ASSET_SCENARIOS, BUILTIN, PROMPT, cli_env, line_of, run_cli, spawn

ZERO = ASSET_SCENARIOS / "zero_division.py"
SLEEPS = ASSET_SCENARIOS / "debug_sleeps.py"
RETURNS = ASSET_SCENARIOS / "debug_returns.py"
SHAPE = BUILTIN / "shape_mismatch.py"
NOISE = ("cudart_stub", "oneDNN", "absl::InitializeLog", "cpu_feature_guard", "cuda_platform")


def finish(child: pexpect.spawn) -> tuple[int, str]:
    """Wait for the end; the exit status and the whole transcript (newlines normalised)."""
    child.expect(pexpect.EOF)
    child.close()
    transcript = child.logfile_read.getvalue().replace("\r\n", "\n")
    assert child.signalstatus is None, transcript
    return child.exitstatus, transcript


def ask(child: pexpect.spawn, command: str) -> str:
    """Send a pdb command at the prompt; what it printed before the next prompt."""
    child.sendline(command)
    child.expect(PROMPT)
    answer = child.before.replace("\r\n", "\n")
    return answer.split("\n", 1)[1] if "\n" in answer else ""  # drop the terminal's echo


# --- the banner, read statically ---------------------------------------------------------


def scenario(path: Path):
    return discover([]).resolve(str(path))


NAMES = """\"\"\"Names near a breakpoint.\"\"\"


def tf1_graph():
    import tensorflow.compat.v1 as tf

    x, w = 1, 2
    breakpoint()  # try: p x
    y = tf.matmul(x, w) + len([x])  # BUG: why
    return y


def torch_eager():
    x = 1
    for i in range(2):
        breakpoint()
    return x
"""


def test_banner_names_the_stop_the_bug_and_mode_specific_commands(tmp_path):
    path = tmp_path / "names.py"
    path.write_text(NAMES)
    tf1 = plan(scenario(path), Mode.TF1_GRAPH, post_mortem=False)
    [stop] = tf1.stops
    bp, bug = line_of(path, "breakpoint()  # try"), line_of(path, "# BUG")
    assert (stop.function, stop.line, stop.next_line) == ("tf1_graph", bp, bug)
    assert stop.code == "breakpoint()  # try: p x"
    assert stop.next_code.startswith("y = tf.matmul(x, w)")
    assert stop.names == ("x", "w")  # not `tf` (an import) nor `len` (a builtin)
    assert [h.command for h in tf1.hints][:3] == ["p x", "p x.numpy()", "p x, w"]
    assert tf1.bug_lines == (bug,)
    assert tf1.loads is Framework.TENSORFLOW

    torch = plan(scenario(path), Mode.TORCH_EAGER, post_mortem=False)
    [stop] = torch.stops
    assert (stop.function, stop.line, stop.next_line, stop.names) == (
        "torch_eager",
        line_of(path, "breakpoint()", 2),
        None,
        (),
    )
    assert torch.hints[0].command == "pp locals()"
    assert torch.loads is None  # nothing imports torch: no framework to wait for


def test_eager_and_graph_modes_suggest_different_commands():
    tf1 = [h.command for h in plan(scenario(SHAPE), Mode.TF1_GRAPH, post_mortem=False).hints]
    torch = [h.command for h in plan(scenario(SHAPE), Mode.TORCH_EAGER, post_mortem=False).hints]
    assert any(c.endswith(".numpy()") for c in tf1) and not any(c.endswith(".numpy()") for c in torch)
    assert any(c.endswith(".shape") for c in torch)


def test_post_mortem_banner_says_where_pdb_opens_and_skips_breakpoints():
    banner = plan(scenario(SHAPE), Mode.TF1_GRAPH, post_mortem=True)
    text = " ".join(banner.notes)
    assert "innermost frame" in text and "session.py" in text and "`up`" in text
    assert "breakpoint() calls are skipped" in text
    assert [h.command for h in banner.hints][:2] == ["where", "up"]


def test_frameworks_are_preloaded_only_for_scenarios_that_import_them():
    assert needs_framework(scenario(SHAPE), Mode.TF1_GRAPH)
    assert needs_framework(scenario(SHAPE), Mode.TORCH_EAGER)
    assert not needs_framework(scenario(ZERO), Mode.TORCH_EAGER)


# --- usage errors -------------------------------------------------------------------------


def test_a_mode_the_scenario_lacks_is_a_usage_error():
    proc = run_cli("debug", str(ZERO), "--mode", "tf2", expect=2)
    assert "defines no tf2_eager()" in proc.stderr
    assert "torch-eager (torch)" in proc.stderr and "tf1-graph (tf1)" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_an_unknown_mode_is_a_usage_error():
    proc = run_cli("debug", str(ZERO), "--mode", "tf3", expect=2)
    assert "Unknown mode 'tf3'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_unknown_scenario_is_a_usage_error():
    proc = run_cli("debug", "shape-mismach", "--mode", "torch", expect=2)
    assert "Did you mean 'shape-mismatch'" in proc.stderr


# --- piped standard input -----------------------------------------------------------------


def test_piped_commands_drive_pdb_through_every_hit_to_the_error():
    stdin = "p step\nc\np step, total\nc\nc\n"
    proc = run_cli("debug", str(ZERO), "--mode", "torch", stdin=stdin)
    out = proc.stdout
    bp = line_of(ZERO, "breakpoint()")
    assert f"pdb stops in torch_eager() just after the breakpoint() on line {bp}" in out
    # Commands from a pipe are echoed after the prompt, so the transcript reads like a terminal.
    assert "(Pdb) p step\n0\n" in out
    assert "(Pdb) p step, total\n(1, 6.0)\n" in out
    assert out.count("(Pdb) c\n") == 3
    assert "about to divide 12.0" in out
    err = proc.stderr
    assert "Traceback (most recent call last):" in err
    assert f'zero_division.py", line {line_of(ZERO, "return total / 0")}, in torch_eager' in err
    assert "ZeroDivisionError: float division by zero" in err
    assert "debugdemo/process/pdb_child.py" not in err  # the tool's own frames are not the user's traceback
    bug = line_of(ZERO, "return total / 0")
    assert f"it surfaced at line {bug} (torch_eager): the bug line itself" in err


def test_q_ends_the_session_cleanly():
    proc = run_cli("debug", str(ZERO), "--mode", "torch", stdin="p step\nq\n")
    assert "(Pdb) p step\n0\n(Pdb) q\n" in proc.stdout
    assert "about to divide" not in proc.stdout  # quitting aborts the scenario
    assert "Traceback" not in proc.stderr and "BdbQuit" not in proc.stderr
    assert proc.stderr == ""


def test_end_of_input_ends_the_session_cleanly():
    proc = run_cli("debug", str(ZERO), "--mode", "torch", stdin="")
    assert proc.stdout.count("(Pdb) ") == 1
    assert "Traceback" not in proc.stderr and "BdbQuit" not in proc.stderr


def test_a_mode_without_breakpoint_runs_through_and_suggests_post_mortem():
    proc = run_cli("debug", str(ZERO), "--mode", "tf1", stdin="")
    assert "tf1_graph() has no breakpoint(), so pdb will not stop" in proc.stdout
    assert "--post-mortem" in proc.stdout
    assert "(Pdb)" not in proc.stdout
    mean_line = line_of(ZERO, "return sum(values) / count")
    bug = line_of(ZERO, "count = 0  # BUG")
    assert "ZeroDivisionError: float division by zero" in proc.stderr
    assert f"it surfaced at line {mean_line} (mean): the bug is on line {bug}" in proc.stderr


def test_post_mortem_opens_in_the_raising_frame():
    proc = run_cli("debug", str(ZERO), "--mode", "tf1", "--post-mortem", stdin="p count\nup\np values\nq\n")
    out = proc.stdout
    mean_line = line_of(ZERO, "return sum(values) / count")
    assert "Post-mortem: ZeroDivisionError: float division by zero" in out
    assert f"pdb opens in your own code: mean(), line {mean_line}, the line that raised." in out
    assert f"zero_division.py({mean_line})mean()" in out
    assert "(Pdb) p count\n0\n" in out
    assert f"zero_division.py({line_of(ZERO, 'return mean([1.0, 2.0], count)')})tf1_graph()" in out
    assert "(Pdb) p values\n*** NameError" in out  # up in tf1_graph: `values` is mean()'s
    assert "Traceback" not in proc.stderr  # post-mortem shows the stack in pdb instead


def test_post_mortem_skips_breakpoints_and_says_when_nothing_raised():
    proc = run_cli("debug", str(RETURNS), "--mode", "torch", "--post-mortem", stdin="")
    assert "(Pdb)" not in proc.stdout
    assert "torch_eager() returned normally: 42" in proc.stderr
    assert "nothing was raised, so there is no post-mortem" in proc.stderr


def test_a_returning_scenario_ends_the_session_and_framework_noise_is_dropped():
    proc = run_cli("debug", str(RETURNS), "--mode", "torch", stdin="p answer\nn\np answer\nc\n")
    assert "(Pdb) p answer\n41\n" in proc.stdout
    assert "(Pdb) p answer\n42\n" in proc.stdout
    assert "torch_eager() returned normally: 42" in proc.stderr
    assert "the scenario's own warning" in proc.stderr
    assert "cudart_stub" not in proc.stderr


# --- a real terminal ------------------------------------------------------------------------


def test_on_a_terminal_pdb_stops_and_q_quits_cleanly():
    child = spawn("debug", str(ZERO), "--mode", "torch")
    child.expect(PROMPT)
    assert ask(child, "p step").strip() == "0"
    child.sendline("q")
    status, transcript = finish(child)
    assert status == 0
    assert "Traceback" not in transcript and "BdbQuit" not in transcript
    assert "(Pdb) q\n" in transcript  # the terminal's own echo, not ours


def test_on_a_terminal_ctrl_d_quits_cleanly():
    child = spawn("debug", str(ZERO), "--mode", "torch")
    child.expect(PROMPT)
    child.sendeof()
    status, transcript = finish(child)
    assert status == 0
    assert "Traceback" not in transcript and "BdbQuit" not in transcript
    assert "about to divide" not in transcript


def _sessions_running(path: Path) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"debugdemo.process.pdb_child" in cmdline and str(path).encode() in cmdline:
                pids.append(int(entry.name))
    return pids


def test_ctrl_c_while_the_scenario_runs_exits_130_and_leaves_no_process(tmp_path):
    asset = tmp_path / "debug_sleeps.py"
    shutil.copy(SLEEPS, asset)
    child = spawn("debug", str(asset), "--mode", "torch")
    child.expect("sleeping")
    assert _sessions_running(asset), "the session should be running now"
    child.sendintr()
    status, transcript = finish(child)
    assert status == 130
    assert "Interrupted." in transcript
    assert "Traceback" not in transcript and "woke up" not in transcript
    assert _sessions_running(asset) == []


def test_a_terminated_debugdemo_takes_its_session_along(tmp_path):
    asset = tmp_path / "debug_sleeps.py"
    shutil.copy(SLEEPS, asset)
    child = spawn("debug", str(asset), "--mode", "torch")
    child.expect("sleeping")
    child.kill(signal.SIGTERM)
    status, transcript = finish(child)
    assert status == 128 + signal.SIGTERM
    assert "Traceback" not in transcript
    assert _sessions_running(asset) == []


def test_ctrl_c_at_the_pdb_prompt_is_pdbs_own():
    child = spawn("debug", str(ZERO), "--mode", "torch")
    child.expect(PROMPT)
    child.sendintr()
    child.expect("--KeyboardInterrupt--")
    child.expect(PROMPT)
    assert ask(child, "p step").strip() == "0"  # still in the same session
    child.sendline("q")
    status, _ = finish(child)
    assert status == 0


# --- real frameworks --------------------------------------------------------------------------


def _no_noise(transcript: str) -> None:
    for noise in NOISE:
        assert noise not in transcript


def _shape(mode: Mode):
    """The shape-mismatch scenario read statically, and the first name the banner suggests."""
    found = scenario(SHAPE)
    return found, plan(found, mode, post_mortem=False).stops[0].names[0]


def _surfaced(transcript: str, function: str) -> int:
    return int(re.search(rf"it surfaced at line (\d+) \({function}\)", transcript)[1])


@pytest.mark.frameworks
def test_torch_eager_breakpoint_shows_concrete_values_and_c_reaches_the_bug():
    found, name = _shape(Mode.TORCH_EAGER)
    [bug] = found.bug_lines[Mode.TORCH_EAGER]
    child = spawn("debug", "shape-mismatch", "--mode", "torch")
    child.expect(PROMPT)
    assert re.search(r"shape_mismatch\.py\(\d+\)model\(\)", child.before)
    assert ask(child, f"p {name}.shape").strip().startswith("torch.Size([16, ")
    assert re.match(r"tensor\(\[.*-?\d+\.\d{4}", ask(child, f"p {name}").strip(), re.S)  # real numbers
    child.sendline("c")
    status, transcript = finish(child)
    assert status == 0
    assert "RuntimeError: mat1 and mat2 shapes cannot be multiplied" in transcript
    assert f"it surfaced at line {bug} (model): the bug line itself" in transcript
    _no_noise(transcript)


@pytest.mark.frameworks
def test_tf1_breakpoint_shows_a_symbolic_tensor_and_the_error_surfaces_at_session_run():
    found, name = _shape(Mode.TF1_GRAPH)
    [bug] = found.bug_lines[Mode.TF1_GRAPH]
    child = spawn("debug", "shape-mismatch", "--mode", "tf1")
    child.expect(PROMPT)
    assert re.search(r"shape_mismatch\.py\(\d+\)model\(\)", child.before)
    assert re.fullmatch(
        r"<tf\.Tensor '\w+:0' shape=\(.*None.*\) dtype=float32>", ask(child, f"p {name}").strip()
    )
    refused = ask(child, f"p {name}.numpy()").strip()
    assert refused == "*** AttributeError: 'SymbolicTensor' object has no attribute 'numpy'"
    child.sendline("c")
    status, transcript = finish(child)
    assert status == 0
    assert "InvalidArgumentError: Graph execution error:" in transcript
    assert "Matrix size-incompatible" in transcript
    surfaced = _surfaced(transcript, "tf1_graph")
    assert "sess.run(" in found.source_lines()[surfaced - 1]
    assert f'shape_mismatch.py", line {surfaced}, in tf1_graph' in transcript
    assert f"it surfaced at line {surfaced} (tf1_graph): the bug is on line {bug}" in transcript
    _no_noise(transcript)


@pytest.mark.frameworks
def test_tf1_post_mortem_lands_inside_tensorflow_and_up_walks_back_to_sess_run():
    found, _ = _shape(Mode.TF1_GRAPH)
    [bug] = found.bug_lines[Mode.TF1_GRAPH]
    child = spawn("debug", "shape-mismatch", "--mode", "tf1", "--post-mortem")
    child.expect(PROMPT)
    opened = child.before.replace("\r\n", "\n")
    assert re.search(r"> \S+/tensorflow/python/client/session\.py\(\d+\)_do_call\(\)", opened)
    last = re.search(r"Your last line, tf1_graph\(\) line (\d+), is (\d+) × `up` away", opened)
    run_line, ups = int(last[1]), int(last[2])
    assert "sess.run(" in found.source_lines()[run_line - 1]
    assert f"created at line {bug} (model)" in opened
    for _ in range(ups - 1):
        assert "shape_mismatch.py" not in ask(child, "up")
    assert f"shape_mismatch.py({run_line})tf1_graph()" in ask(child, "up")
    assert ask(child, "p type(sess).__name__").strip() == "'Session'"
    child.sendline("q")
    status, transcript = finish(child)
    assert status == 0
    assert "Traceback" not in transcript
    _no_noise(transcript)


@pytest.mark.frameworks
def test_torch_post_mortem_lands_on_the_bug_line():
    found, name = _shape(Mode.TORCH_EAGER)
    [bug] = found.bug_lines[Mode.TORCH_EAGER]
    child = spawn("debug", "shape-mismatch", "--mode", "torch", "--post-mortem")
    child.expect(PROMPT)
    opened = child.before
    assert f"pdb opens in your own code: model(), line {bug}, the line that raised." in opened
    assert f"shape_mismatch.py({bug})model()" in opened
    assert ask(child, f"p {name}.shape").strip().startswith("torch.Size([16, ")
    child.sendeof()
    status, transcript = finish(child)
    assert status == 0
    assert "Traceback" not in transcript


@pytest.mark.frameworks
def test_run_still_records_breakpoints_instead_of_stopping():
    env = cli_env(PYTHONBREAKPOINT="pdb.set_trace")
    proc = run_cli("run", str(ZERO), "--modes", "torch", "--json", env=env, stdin="q\n")
    assert '"hits": 3' in proc.stdout
    assert "(Pdb)" not in proc.stdout


@pytest.mark.frameworks
def test_jax_jit_breakpoint_stops_while_tracing_with_a_tracer_and_the_error_is_on_the_line():
    found, name = _shape(Mode.JAX_JIT)
    [bug] = found.bug_lines[Mode.JAX_JIT]
    banner = plan(found, Mode.JAX_JIT, post_mortem=False)
    assert banner.loads is Framework.JAX
    assert any("once per trace" in note for note in banner.notes)
    child = spawn("debug", "shape-mismatch", "--mode", "jit")
    child.expect(PROMPT)
    assert re.search(r"shape_mismatch\.py\(\d+\)model\(\)", child.before)  # your own file, not JAX's
    assert re.fullmatch(r"\w*Tracer\(float32\[16,10,8\]\)", ask(child, f"p {name}").strip())
    assert ask(child, f"p {name}.shape").strip() == "(16, 10, 8)"  # shapes are known while tracing
    refused = ask(child, f"p {name}.tolist()").strip()
    assert refused.startswith("*** jax.errors.ConcretizationTypeError: Abstract tracer value")
    child.sendline("c")
    status, transcript = finish(child)
    assert status == 0
    assert "TypeError: dot_general requires contracting dimensions to have the same shape" in transcript
    assert f"it surfaced at line {bug} (model): the bug line itself" in transcript
    _no_noise(transcript)


def test_a_jax_debug_breakpoint_banner_says_jaxs_own_debugger_stops_with_values():
    found = scenario(BUILTIN / "breakpoint_in_training_loop.py")
    banner = plan(found, Mode.JAX_JIT, post_mortem=False)
    [stop] = banner.stops
    assert stop.code == "jax.debug.breakpoint()"
    assert banner.hints[0].command == "p loss" and "a real value" in banner.hints[0].says
    assert any("JAX's own debugger (jdb) stops, not pdb" in note for note in banner.notes)


@pytest.mark.frameworks
def test_jax_debug_breakpoint_under_jit_stops_every_step_in_jdb_with_values():
    proc = run_cli(
        "debug", "breakpoint-in-training-loop", "--mode", "jit", stdin="p loss\nc\nc\nc\nc\n", timeout=180
    )
    assert proc.stdout.count("Entering jdb:") == 4  # once per step, not once per trace
    assert re.search(r"\(jdb\) Array\(\d+\.\d+, dtype=float32\)", proc.stdout)  # a value, not a tracer
    assert "jax_jit() returned normally" in proc.stderr
