"""Finding scenarios (catalog.py): built-ins, --path, DEBUGDEMO_PATH, names and did-you-mean."""

from __future__ import annotations

import os
import shutil

import pytest

from debugdemo import catalog as catalog_module
from debugdemo.catalog import builtin_dir, discover, search_path
from debugdemo.errors import DebugDemoError, ExitCode

from .conftest import ASSET_SCENARIOS, BUILTIN


def test_search_path_order_path_then_env_then_builtin(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    dirs = search_path([a], environ={"DEBUGDEMO_PATH": str(b)})
    assert dirs == [a, b, builtin_dir()]
    assert builtin_dir().resolve() == BUILTIN.resolve()


def test_unknown_name_suggests_close_ones():
    catalog = discover([ASSET_SCENARIOS])
    with pytest.raises(DebugDemoError) as info:
        catalog.resolve("zero-divison")
    assert info.value.exit_code is ExitCode.USAGE
    assert "Did you mean 'zero-division'" in str(info.value)


def test_a_file_path_works_in_place_of_a_name():
    catalog = discover([])
    scenario = catalog.resolve(str(ASSET_SCENARIOS / "zero_division.py"))
    assert scenario.name == "zero-division"


def test_first_folder_wins_a_duplicate_name_and_says_so(tmp_path):
    shutil.copy(ASSET_SCENARIOS / "zero_division.py", tmp_path / "zero_division.py")
    catalog = discover([tmp_path, ASSET_SCENARIOS])
    assert catalog.scenarios["zero-division"].path == tmp_path / "zero_division.py"
    [problem] = [p for p in catalog.problems if "zero-division" in p]
    assert f"using {tmp_path / 'zero_division.py'}" in problem


def test_an_invalid_file_is_a_problem_not_a_failure(tmp_path):
    shutil.copy(ASSET_SCENARIOS / "zero_division.py", tmp_path / "zero_division.py")
    (tmp_path / "broken.py").write_text('"""Broken."""\ndef torch_eager(:\n')
    catalog = discover([tmp_path])
    assert list(catalog.scenarios) == ["zero-division"]
    assert any("broken.py:2" in p for p in catalog.problems)
    with pytest.raises(DebugDemoError, match="invalid"):
        catalog.resolve("broken")


def test_env_var_entries_are_split_on_pathsep(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    dirs = search_path([], environ={"DEBUGDEMO_PATH": f"{a}{os.pathsep}{b}"})
    assert dirs[:2] == [a, b]


def test_resolving_a_name_parses_only_that_file(monkeypatch):
    parsed = []
    real = catalog_module.load_scenario
    monkeypatch.setattr(catalog_module, "load_scenario", lambda path: parsed.append(path.name) or real(path))
    catalog = catalog_module.discover(catalog_module.search_path([ASSET_SCENARIOS]))
    assert parsed == []
    assert catalog.resolve("shape-mismatch").name == "shape-mismatch"
    assert parsed == ["shape_mismatch.py"]
    assert catalog.resolve("shape-mismatch").title  # parsed once, kept
    assert parsed == ["shape_mismatch.py"]
    assert catalog.get("zero-division").name == "zero-division"
    assert parsed == ["shape_mismatch.py", "zero_division.py"]
    assert catalog.get("no-such-scenario") is None
    assert "zero-division" in catalog.scenarios  # the whole catalogue, when asked for
    assert sorted(parsed) == sorted(set(parsed)) and len(parsed) == len(catalog.names())
