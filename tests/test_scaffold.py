"""`debugdemo new`: a skeleton that runs as written, lists, runs and passes `check`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from debugdemo.errors import DebugDemoError
from debugdemo.modes import Mode
from debugdemo.scaffold import default_folder, module_stem, write_scenario
from debugdemo.scenario import load_scenario

from .conftest import cli_env, line_of, run_cli


@pytest.mark.parametrize(
    ("name", "stem"), [("my-bug", "my_bug"), ("my_bug", "my_bug"), ("shape2-bug.py", "shape2_bug")]
)
def test_names_become_python_file_stems(name, stem):
    assert module_stem(name) == stem


@pytest.mark.parametrize("name", ["2fast", "class", "_hidden", "my bug", "a.b", "", "-x"])
def test_unusable_names_are_refused(name):
    with pytest.raises(DebugDemoError, match="Cannot name a scenario"):
        module_stem(name)


def test_default_folder_is_first_path_then_env_then_cwd(tmp_path, monkeypatch):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    env = {"DEBUGDEMO_PATH": os.pathsep.join([str(b), str(c)])}
    assert default_folder([a], env) == a
    assert default_folder([], env) == b
    monkeypatch.chdir(tmp_path)
    assert default_folder([], {}) == tmp_path


def test_the_skeleton_is_a_valid_scenario_with_markers_breakpoints_and_expect(tmp_path):
    path = write_scenario("my-bug", tmp_path / "new-folder")
    assert path == tmp_path / "new-folder" / "my_bug.py"
    scenario = load_scenario(path)
    assert scenario.name == "my-bug"
    assert scenario.title == "My bug: a shape mismatch to replace with your own bug."
    assert "fails later, inside Session.run" in scenario.explanation
    assert scenario.tags == ("mine",)
    assert scenario.modes == (Mode.TORCH_EAGER, Mode.TF1_GRAPH)
    assert scenario.bug_lines[Mode.TORCH_EAGER] == (line_of(path, "h = x @ w  # BUG"),)
    assert scenario.bug_lines[Mode.TF1_GRAPH] == (line_of(path, "h = tf.matmul(x, w)  # BUG"),)
    assert scenario.breakpoint_lines[Mode.TORCH_EAGER] == (line_of(path, "    breakpoint()  #", 1),)
    assert scenario.breakpoint_lines[Mode.TF1_GRAPH] == (line_of(path, "    breakpoint()  #", 2),)
    assert scenario.expect[Mode.TF1_GRAPH]["phase"] == "run"
    assert scenario.expect[Mode.TORCH_EAGER]["raises"] == "RuntimeError"


def test_new_refuses_to_overwrite(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text("# my own work\n")
    with pytest.raises(DebugDemoError, match="already exists; not overwriting"):
        write_scenario("mine", tmp_path)
    assert path.read_text() == "# my own work\n"


def test_new_command_says_where_it_wrote_and_how_to_run_it(tmp_path):
    proc = run_cli("--path", str(tmp_path), "new", "my-bug")
    assert f"Wrote {tmp_path / 'my_bug.py'} (scenario my-bug)." in proc.stdout
    assert f"debugdemo --path {tmp_path} run my-bug" in proc.stdout
    assert f"debugdemo --path {tmp_path} check my-bug" in proc.stdout

    again = run_cli("--path", str(tmp_path), "new", "my_bug", expect=2)
    assert "already exists; not overwriting it" in again.stderr
    assert "Traceback" not in again.stderr

    via_env = run_cli("new", "other", env=cli_env(DEBUGDEMO_PATH=str(tmp_path)))
    assert f"Wrote {tmp_path / 'other.py'}" in via_env.stdout
    assert "Try it:  debugdemo run other" in via_env.stdout  # DEBUGDEMO_PATH finds it next time

    elsewhere = tmp_path / "elsewhere"
    explicit = run_cli("--path", str(tmp_path), "new", "third", "--dir", str(elsewhere))
    assert (elsewhere / "third.py").is_file()
    assert not (tmp_path / "third.py").exists()
    assert f"--path {elsewhere} run third" in explicit.stdout


def test_new_refuses_a_bad_name_with_exit_2_and_writes_nothing(tmp_path):
    proc = run_cli("new", "2fast", "--dir", str(tmp_path), expect=2)
    assert "Cannot name a scenario '2fast'" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_notes_a_name_another_folder_already_uses(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    run_cli("new", "twin", "--dir", str(first))
    proc = run_cli("--path", str(first), "new", "twin", "--dir", str(second))
    assert "another scenario is also called 'twin'" in proc.stderr
    assert str(first / "twin.py") in proc.stderr


@pytest.mark.frameworks
def test_scaffold_lists_runs_and_checks_through_path_and_env(tmp_path):
    run_cli("new", "my-first-bug", "--dir", str(tmp_path))
    path = tmp_path / "my_first_bug.py"

    for listed in (
        run_cli("--path", str(tmp_path), "list", "--json"),
        run_cli("list", "--json", env=cli_env(DEBUGDEMO_PATH=str(tmp_path))),
    ):
        data = json.loads(listed.stdout)
        [entry] = [s for s in data["scenarios"] if s["name"] == "my-first-bug"]
        assert entry["file"] == str(path)
        assert entry["modes"] == ["torch-eager", "tf1-graph"]
        assert entry["tags"] == ["mine"]

    ran = run_cli("--path", str(tmp_path), "run", "my-first-bug", "--json")
    runs = {r["mode"]: r for r in json.loads(ran.stdout)["runs"]}
    eager, graph = runs["torch-eager"], runs["tf1-graph"]
    assert eager["exception"]["type"] == "RuntimeError"
    assert "4x8 and 16x32" in eager["exception"]["message"]
    assert eager["surfaced_at"]["line"] == line_of(path, "h = x @ w  # BUG")
    assert eager["points_at_bug"] is True
    assert eager["breakpoints"][0]["locals"]["x"]["kind"] == "concrete"
    assert graph["exception"]["type"] == "InvalidArgumentError"
    assert graph["surfaced_at"]["line"] == line_of(path, "return sess.run(")
    assert graph["points_at_bug"] is False
    assert graph["phase"] == "run"
    assert [d["line"] for d in graph["defined_at"]] == [line_of(path, "h = tf.matmul(x, w)  # BUG")]
    assert graph["breakpoints"][0]["locals"]["x"]["kind"] == "symbolic"
    assert graph["breakpoint_hits"] == 1

    checked = run_cli("check", "my-first-bug", env=cli_env(DEBUGDEMO_PATH=str(tmp_path), COLUMNS="200"))
    assert "9 held, 0 mismatches across 1 scenario" in checked.stdout
    assert "mismatch " not in checked.stdout.replace("0 mismatches", "")


def test_the_skeleton_template_is_filled_in(tmp_path):
    text = Path(write_scenario("x-ray", tmp_path)).read_text()
    assert "{{" not in text and "{title}" not in text and "{name}" not in text
    assert "`debugdemo check x-ray` compares it with one" in text


def test_new_modes_writes_a_function_and_an_expectation_per_mode(tmp_path):
    proc = run_cli("new", "everywhere", "--modes", "all", "--dir", str(tmp_path), env=cli_env(COLUMNS="300"))
    path = tmp_path / "everywhere.py"
    scenario = load_scenario(path)
    assert scenario.modes == tuple(Mode)
    assert set(scenario.expect) == set(Mode)
    for mode in Mode:
        assert len(scenario.bug_lines[mode]) == 1, mode
    assert scenario.breakpoint_lines[Mode.JAX_JIT] == (line_of(path, "breakpoint()  # fires once per trace"),)
    assert scenario.expect[Mode.JAX_JIT]["breakpoint_values"] == "symbolic"
    assert "Under jax.jit the same TypeError comes while tracing" in " ".join(scenario.explanation.split())
    assert (
        "run everywhere --modes torch-eager,tf1-graph,tf2-eager,tf-function,torch-compile,jax-eager,jax-jit\n"
        in proc.stdout
    )


def test_new_with_an_unknown_mode_is_a_usage_error_and_writes_nothing(tmp_path):
    proc = run_cli("new", "mine", "--modes", "jx", "--dir", str(tmp_path), expect=2)
    assert "Unknown mode 'jx'" in proc.stderr and "jax-jit (jit)" in proc.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.frameworks
def test_a_jax_skeleton_runs_and_passes_check(tmp_path):
    run_cli("new", "my-jax-bug", "--modes", "jax,jit", "--dir", str(tmp_path))
    path = tmp_path / "my_jax_bug.py"
    env = cli_env(DEBUGDEMO_PATH=str(tmp_path), COLUMNS="200")
    ran = run_cli("run", "my-jax-bug", "--modes", "jax,jit", "--json", env=env)
    runs = {r["mode"]: r for r in json.loads(ran.stdout)["runs"]}
    for mode, kind in (("jax-eager", "concrete"), ("jax-jit", "symbolic")):
        assert runs[mode]["exception"]["type"] == "TypeError"
        assert runs[mode]["surfaced_at"]["line"] == line_of(path, "h = x @ w  # BUG", 1 + (mode == "jax-jit"))
        assert runs[mode]["breakpoints"][0]["locals"]["x"]["kind"] == kind
    checked = run_cli("check", "my-jax-bug", env=env)
    assert "8 held, 0 mismatches across 1 scenario" in checked.stdout
