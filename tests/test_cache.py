"""The catalogue's metadata cache: `list` reads unchanged files from it, nothing else trusts it.

Each test has the cache folder of the whole session (conftest.py); the tests here point
XDG_CACHE_HOME at a folder of their own when they inspect or break the cache file.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
import time
from pathlib import Path

import pytest

from debugdemo.cache import FILE_NAME, MetadataCache, cache_dir
from debugdemo.catalog import discover
from debugdemo.modes import Mode
from debugdemo.process.worker_parent import Runner
from debugdemo.scenario import Scenario, ScenarioError, ScenarioSummary, UnreadableScenarioError

from .conftest import cli_env, run_cli

# Two versions of one scenario file with the same size: another title, another exception.
ALPHA = '"""Alpha title."""\n\n\ndef torch_eager():\n    raise ValueError("a")  # BUG\n'
BRAVO = '"""Bravo title."""\n\n\ndef torch_eager():\n    raise KeyError("bbb")  # BUG\n'
SETTLED_NS = time.time_ns() - 3_600 * 10**9  # an hour ago: long settled, so it may be cached


def write(path: Path, text: str, mtime_ns: int = SETTLED_NS) -> Path:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


def listed(folder: Path, env: dict[str, str]) -> dict[str, dict]:
    """`list --json` over `folder` (and the built-ins): each scenario's record by name."""
    proc = run_cli("--path", str(folder), "list", "--json", env=env)
    assert proc.stderr == ""
    return {s["name"]: s for s in json.loads(proc.stdout)["scenarios"]}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return cli_env(XDG_CACHE_HOME=str(tmp_path / "cache"))


@pytest.fixture
def cache_file(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "debugdemo" / FILE_NAME


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "scenarios").mkdir()
    return tmp_path / "scenarios"


def test_list_fills_the_cache_and_reads_it_back(folder, env, cache_file):
    write(folder / "probe.py", ALPHA)
    assert listed(folder, env)["probe"]["title"] == "Alpha title."
    entries = json.loads(cache_file.read_text())["entries"]
    entry = entries[str(folder / "probe.py")]
    assert (entry["size"], entry["mtime_ns"]) == (len(ALPHA), SETTLED_NS)
    assert entry["scenario"]["title"] == "Alpha title."
    assert any(key.endswith("shape_mismatch.py") for key in entries)  # the built-ins too
    # A second `list` gives the same records, file paths included, from the cache.
    assert listed(folder, env) == listed(folder, cli_env(DEBUGDEMO_NO_CACHE="1"))


def test_a_stale_entry_is_refreshed_after_the_file_changes(folder, env, cache_file):
    probe = write(folder / "probe.py", ALPHA)
    assert listed(folder, env)["probe"]["title"] == "Alpha title."
    write(probe, ALPHA.replace("Alpha title.", "Alpha, longer title."))  # another size
    assert listed(folder, env)["probe"]["title"] == "Alpha, longer title."
    write(probe, BRAVO, mtime_ns=SETTLED_NS + 10**9)  # the same size, another mtime
    assert listed(folder, env)["probe"]["title"] == "Bravo title."
    # The refreshed entry is saved, and a file that became invalid is a problem, not a scenario.
    assert json.loads(cache_file.read_text())["entries"][str(probe)]["scenario"]["title"] == "Bravo title."
    write(probe, '"""Broken."""\n\ndef torch_eager(:\n')
    proc = run_cli("--path", str(folder), "list", "--json", env=env)
    data = json.loads(proc.stdout)
    assert "probe" not in {s["name"] for s in data["scenarios"]}
    assert any("probe.py:3: syntax error" in p for p in data["problems"])
    cached = run_cli("--path", str(folder), "list", "--json", env=env)  # the error, from the cache
    assert json.loads(cached.stdout)["problems"] == data["problems"]


def test_a_file_changed_moments_ago_is_not_cached_yet(folder, env, cache_file):
    # Within the same mtime tick it could change again without changing size or mtime.
    write(folder / "fresh.py", ALPHA, mtime_ns=time.time_ns())
    assert listed(folder, env)["fresh"]["title"] == "Alpha title."
    assert str(folder / "fresh.py") not in json.loads(cache_file.read_text())["entries"]


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff not json at all",
        b'{"format": 1, "parser": "x", "entries": {',  # cut short
        b"[1, 2, 3]",
        b'{"format": 1, "entries": []}',
        "\u00e9t\u00e9".encode("latin-1"),  # not UTF-8
    ],
    ids=["binary", "truncated", "a-list", "entries-not-a-mapping", "not-utf8"],
)
def test_a_corrupt_cache_file_is_ignored(folder, env, cache_file, content):
    write(folder / "probe.py", ALPHA)
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(content)
    assert listed(folder, env)["probe"]["title"] == "Alpha title."  # and not a word on stderr
    assert json.loads(cache_file.read_text())["entries"]  # replaced by a sound one


def forged(path: Path, **changes: object) -> dict:
    """A cache document whose entry for `path` matches its size and mtime but lies."""
    entry = {
        "size": path.stat().st_size,
        "mtime_ns": path.stat().st_mtime_ns,
        "scenario": {
            "name": "probe",
            "title": "Forged title.",
            "explanation": "",
            "tags": [],
            "modes": ["torch-eager"],
            "bug_lines": {"torch-eager": [5]},
            "breakpoint_lines": {"torch-eager": []},
            "expect": {},
        },
    }
    document = {"format": 1, "parser": MetadataCache(Path("unused"))._fingerprint, "entries": {}}
    document.update(changes)
    document["entries"] = {str(path): entry, **document["entries"]}
    return document


def test_a_forged_entry_is_believed_only_in_the_current_format(folder, env, cache_file):
    """The control for the next test: a well-formed entry is used as it is."""
    probe = write(folder / "probe.py", ALPHA)
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text(json.dumps(forged(probe)))
    assert listed(folder, env)["probe"]["title"] == "Forged title."


@pytest.mark.parametrize(
    "changes",
    [{"format": 999}, {"parser": "debugdemo 0.0.1 written by another version"}],
    ids=["another-format", "another-debugdemo"],
)
def test_a_cache_of_another_version_is_ignored(folder, env, cache_file, changes):
    probe = write(folder / "probe.py", ALPHA)
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text(json.dumps(forged(probe, **changes)))
    assert listed(folder, env)["probe"]["title"] == "Alpha title."


@pytest.mark.parametrize(
    "broken",
    [{"modes": ["torch-eagle"]}, {"tags": "not-a-list"}, {"title": 7}, {"bug_lines": {"torch-eager": 5}}],
    ids=["unknown-mode", "tags", "title", "bug-lines"],
)
def test_an_entry_this_version_cannot_read_is_parsed_again(folder, env, cache_file, broken):
    probe = write(folder / "probe.py", ALPHA)
    document = forged(probe)
    document["entries"][str(probe)]["scenario"].update(broken)
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text(json.dumps(document))
    assert listed(folder, env)["probe"]["title"] == "Alpha title."


def test_an_unwritable_cache_folder_does_not_fail_the_command(folder, tmp_path):
    write(folder / "probe.py", ALPHA)
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("the cache folder cannot be made under a file\n")
    env = cli_env(XDG_CACHE_HOME=str(not_a_folder))
    assert listed(folder, env)["probe"]["title"] == "Alpha title."
    out = run_cli("--path", str(folder), "list", env=env)
    assert "Alpha title." in out.stdout and out.stderr == ""
    # A cache file that cannot be replaced (it is a folder) is no error either.
    blocked = tmp_path / "blocked"
    (blocked / "debugdemo" / FILE_NAME).mkdir(parents=True)
    assert listed(folder, cli_env(XDG_CACHE_HOME=str(blocked)))["probe"]["title"] == "Alpha title."
    assert not list((blocked / "debugdemo").glob(".*.tmp"))  # no temporary file left behind


def test_no_cache_turns_it_off(folder, tmp_path, cache_file):
    probe = write(folder / "probe.py", ALPHA)
    off = cli_env(XDG_CACHE_HOME=str(tmp_path / "cache"), DEBUGDEMO_NO_CACHE="1")
    assert listed(folder, off)["probe"]["title"] == "Alpha title."
    assert not cache_file.exists()  # not written
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text(json.dumps(forged(probe)))
    assert listed(folder, off)["probe"]["title"] == "Alpha title."  # not read


def swap_keeping_size_and_mtime(path: Path, text: str) -> None:
    before = path.stat()
    assert len(text.encode()) == before.st_size
    write(path, text, mtime_ns=before.st_mtime_ns)
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_the_cache_is_never_used_to_run_code(folder, env):
    """A cached entry that lies (the file changed, size and mtime did not) fools `list` only.

    `list` shows the stale entry: the control, proving the cache is in use. Whatever runs
    or is shown from source comes from the file itself: `resolve` and `scenarios` parse it
    (a catalogue that holds the stale entry too), `show` prints its source, and the worker
    runs the function it reads from the file, so the exception is the new one.
    """
    probe = write(folder / "probe.py", ALPHA)
    listed(folder, env)  # fills the cache
    swap_keeping_size_and_mtime(probe, BRAVO)

    assert listed(folder, env)["probe"]["title"] == "Alpha title."  # stale, from the cache

    shown = run_cli("--path", str(folder), "show", "probe", env=env).stdout
    assert "Bravo title." in shown and 'raise KeyError("bbb")' in shown
    assert "Alpha" not in shown and "ValueError" not in shown

    os.environ["XDG_CACHE_HOME"], saved = env["XDG_CACHE_HOME"], os.environ["XDG_CACHE_HOME"]
    try:
        catalog = discover([folder], MetadataCache.for_user())
        [summary] = [s for s in catalog.summaries() if s.name == "probe"]
        assert summary.title == "Alpha title."  # this catalogue holds the stale entry...
        scenario = catalog.resolve("probe")  # ...and still reads the file to run it
    finally:
        os.environ["XDG_CACHE_HOME"] = saved
    assert isinstance(scenario, Scenario) and not isinstance(summary, Scenario)
    assert scenario.title == "Bravo title." and catalog.scenarios["probe"].title == "Bravo title."
    [result] = Runner([Mode.TORCH_EAGER], timeout=30.0, preload=False).run([scenario])
    [run] = result.runs
    assert run.exception is not None and run.exception.type == "KeyError"
    assert run.surfaced_at is not None and run.surfaced_at.line == 5


@pytest.mark.frameworks
def test_run_runs_the_file_not_the_cached_entry(folder, env):
    """The same through the command line: `run` starts a real torch worker."""
    probe = write(folder / "probe.py", ALPHA)
    listed(folder, env)
    swap_keeping_size_and_mtime(probe, BRAVO)
    assert listed(folder, env)["probe"]["title"] == "Alpha title."
    proc = run_cli("--path", str(folder), "run", "probe", "--modes", "torch", "--json", env=env)
    data = json.loads(proc.stdout)
    assert data["title"] == "Bravo title."
    assert data["runs"][0]["exception"]["type"] == "KeyError"


def test_an_unreadable_file_is_not_cached(tmp_path):
    """Permissions change without changing size or mtime: "cannot read" is asked again each time."""
    probe = write(tmp_path / "probe.py", ALPHA)
    cache = MetadataCache(tmp_path / "cache.json")
    assert cache.lookup(probe) is None
    cache.store(probe, UnreadableScenarioError(probe, "cannot read the file: [Errno 13] Permission denied"))
    cache.store(probe, UnreadableScenarioError(probe, "unused"))
    cache.save()
    assert not (tmp_path / "cache.json").exists()  # nothing to save
    cache.store(probe, ScenarioError(probe, "syntax error: invalid syntax", 3))  # the content's fault
    cache.save()
    again = MetadataCache(tmp_path / "cache.json")
    assert str(again.lookup(probe)) == f"{probe}:3: syntax error: invalid syntax"


def test_summaries_hold_nothing_to_run_with():
    """What the cache stores is a ScenarioSummary: no function spans or helpers a runner needs."""
    fields = set(ScenarioSummary._fields)
    assert not {"functions", "helpers"} & fields
    assert fields <= set(inspect.signature(Scenario).parameters) | {"modes"}


def test_the_cache_folder_follows_the_platform(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    assert cache_dir({"XDG_CACHE_HOME": "/x/cache"}) == Path("/x/cache/debugdemo")
    assert cache_dir({"XDG_CACHE_HOME": "relative/cache"}) == tmp_path / ".cache" / "debugdemo"
    assert cache_dir({}) == tmp_path / ".cache" / "debugdemo"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert cache_dir({}) == tmp_path / "Library" / "Caches" / "debugdemo"
    monkeypatch.setattr(sys, "platform", "win32")
    assert cache_dir({"LOCALAPPDATA": str(tmp_path / "Local")}) == tmp_path / "Local" / "debugdemo"
