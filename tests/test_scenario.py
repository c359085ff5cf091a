"""Reading scenario files statically: metadata, markers, and errors that say where."""

from __future__ import annotations

import pytest

from debugdemo.modes import Mode
from debugdemo.scenario import ScenarioError, load_scenario

from .conftest import ASSET_SCENARIOS, line_of

ZERO = ASSET_SCENARIOS / "zero_division.py"
SHARED = ASSET_SCENARIOS / "shared_helper.py"


def test_metadata_from_docstring_tags_and_expect():
    s = load_scenario(ZERO)
    assert s.name == "zero-division"
    assert s.title == "Zero division in plain Python."
    assert s.explanation.startswith("A framework-free stand-in")
    assert s.tags == ("test",)
    assert s.modes == (Mode.TORCH_EAGER, Mode.TF1_GRAPH)
    assert s.expect[Mode.TORCH_EAGER]["breakpoint_hits"] == 3
    assert s.expect[Mode.TF1_GRAPH]["raises"] == "ArithmeticError"


def test_bug_markers_belong_to_the_mode_function_they_sit_in():
    s = load_scenario(ZERO)
    assert s.bug_lines[Mode.TORCH_EAGER] == (line_of(ZERO, "return total / 0"),)
    assert s.bug_lines[Mode.TF1_GRAPH] == (line_of(ZERO, "count = 0"),)
    assert s.bug_notes[line_of(ZERO, "count = 0")] == "the count should be len(values)"
    assert s.breakpoint_lines[Mode.TORCH_EAGER] == (line_of(ZERO, "breakpoint()"),)
    assert s.breakpoint_lines[Mode.TF1_GRAPH] == ()


def test_a_marker_in_a_shared_helper_belongs_to_every_mode():
    s = load_scenario(SHARED)
    helper_line = line_of(SHARED, "v * 0")
    assert s.bug_lines[Mode.TORCH_EAGER] == (helper_line,)
    assert s.bug_lines[Mode.TF1_GRAPH] == (helper_line,)


def test_reading_never_executes_the_file(tmp_path):
    path = tmp_path / "explodes.py"
    path.write_text(
        '"""Boom.\n\nWould exit if run."""\nraise SystemExit(3)\n\ndef torch_eager():\n    pass\n'
    )
    assert load_scenario(path).name == "explodes"


@pytest.mark.parametrize(
    ("source", "line", "fragment"),
    [
        ('"""T."""\ndef torch_eager(:\n', 2, "syntax error"),
        ("def torch_eager():\n    pass\n", 1, "no docstring"),
        ('"""T."""\ndef helper():\n    pass\n', 1, "no mode function"),
        ('"""T."""\ndef torch_eagr():\n    pass\n', 2, "did you mean torch_eager()"),
        ('"""T."""\ndef tf1_graph(x):\n    pass\n', 2, "takes parameters"),
        ('"""T."""\nEXPECT = {"torch": {"raise": "X"}}\ndef torch_eager():\n    pass\n', 2, "'raises'"),
        ('"""T."""\nEXPECT = {"tf3": {}}\ndef torch_eager():\n    pass\n', 2, "unknown mode 'tf3'"),
        ('"""T."""\nEXPECT = {"tf1-graph": {}}\ndef torch_eager():\n    pass\n', 2, "defines no tf1_graph()"),
        (
            '"""T."""\ndef unused():\n    return 1  # BUG\ndef torch_eager():\n    pass\n',
            3,
            "no mode function calls",
        ),
    ],
)
def test_malformed_files_name_file_line_and_fix(tmp_path, source, line, fragment):
    path = tmp_path / "bad.py"
    path.write_text(source)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.line == line
    assert fragment in str(info.value)
    assert str(path) in str(info.value)


TRICKY = r"""'''Markers in strings are not markers.

A docstring may say # BUG: like this, on a line of its own.
'''

NOTE = "# BUG: inside a string"
PATTERN = r'\\'  # BUG: a raw string ending in a backslash pair, then a real marker
QUOTED = 'it\'s # BUG: still the string'
BLOCK = '''
x = 1  # BUG: inside a triple-quoted string
\''' # BUG: an escaped quote does not end it
'''


def torch_eager():
    label = "#" + '#'  # BUG: after two strings holding "#"
    text = f"{label} # BUG: in an f-string"
    return text  #BUG
"""


def test_bug_markers_are_comments_only_never_text_inside_strings(tmp_path):
    path = tmp_path / "tricky.py"
    path.write_text(TRICKY)
    scenario = load_scenario(path)
    expected = {
        line_of(path, "PATTERN = "): "a raw string ending in a backslash pair, then a real marker",
        line_of(path, 'label = "#"'): 'after two strings holding "#"',
        line_of(path, "return text"): "",
    }
    assert scenario.bug_notes == expected
    assert scenario.bug_lines[Mode.TORCH_EAGER] == tuple(sorted(expected))  # a top-level one: every mode's
