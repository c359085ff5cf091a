"""The small text helpers every side shares (debugdemo/text.py)."""

from __future__ import annotations

import pytest

from debugdemo.records import Breakpoint, LocalSummary, RunResult, RunStatus, SourceLocation, ValueKind
from debugdemo.text import (
    is_autograph_file,
    lines_text,
    plural,
    qualified_name,
    short_path,
    site_relative,
    source_line,
)


@pytest.mark.parametrize(
    ("filename", "short", "inside"),
    [
        (
            "/venv/lib/python3.11/site-packages/torch/nn/functional.py",
            "torch/nn/functional.py",
            "torch/nn/functional.py",
        ),
        ("/usr/lib/python3/dist-packages/numpy/core.py", "numpy/core.py", "numpy/core.py"),
        ("/home/me/scenarios/shape.py", "/home/me/scenarios/shape.py", None),
        ("/home/me/not-site-packages/x.py", "/home/me/not-site-packages/x.py", None),
    ],
)
def test_short_path_drops_the_site_packages_prefix_only(filename, short, inside):
    assert short_path(filename) == short
    assert site_relative(filename) == inside


def test_autograph_files_are_recognised_by_name():
    assert is_autograph_file("/tmp/tmpab/__autograph_generated_filex1y2.py")
    assert not is_autograph_file("/tmp/__autograph_generated_file/x.py")  # only the file's own name counts


def test_source_line_is_stripped_and_empty_out_of_range():
    source = ["def f():", "    return 1 / 0  # BUG", ""]
    assert source_line(source, 2) == "return 1 / 0  # BUG"
    assert source_line(source, 0) == source_line(source, 4) == ""


def test_lines_text_and_plurals():
    assert lines_text((4,)) == "line 4"
    assert lines_text((4, 9)) == "lines 4, 9"
    assert plural(1, "frame") == "1 frame"
    assert plural(0, "frame") == "0 frames"
    assert plural(2, "mismatch", "mismatches") == "2 mismatches"


def test_qualified_name():
    assert qualified_name(ValueError) == "ValueError"
    assert qualified_name(SourceLocation) == "debugdemo.records.SourceLocation"


def _local(kind: ValueKind) -> LocalSummary:
    return LocalSummary(kind, "t")


def test_symbolic_wins_over_concrete_for_a_breakpoint_and_a_run():
    concrete = Breakpoint(3, "f", 1, {"x": _local(ValueKind.CONCRETE)})
    mixed = Breakpoint(5, "f", 1, {"x": _local(ValueKind.CONCRETE), "y": _local(ValueKind.SYMBOLIC)})
    other = Breakpoint(7, "f", 1, {"n": _local(ValueKind.OTHER)})
    assert (concrete.value_kind, mixed.value_kind, other.value_kind) == (
        ValueKind.CONCRETE,
        ValueKind.SYMBOLIC,
        None,
    )
    run = RunResult("tf1-graph", RunStatus.RETURNED, breakpoints=[concrete, other])
    assert run.breakpoint_values is ValueKind.CONCRETE
    run.breakpoints.append(mixed)
    assert run.breakpoint_values is ValueKind.SYMBOLIC
    assert run.to_dict()["breakpoint_values"] == "symbolic"


def test_one_location_type_keeps_each_json_shape():
    surfaced = SourceLocation(24, "torch_eager")
    defined = SourceLocation(11, "build", "/s/x.py")
    assert surfaced.to_dict() == {"line": 24, "function": "torch_eager"}
    assert defined.to_dict() == {"file": "/s/x.py", "line": 11, "function": "build"}
    assert SourceLocation.from_dict(surfaced.to_dict()) == surfaced
    assert SourceLocation.from_dict(defined.to_dict()) == defined
