"""Every table at 40-100 columns, one vocabulary across views, and colours that mean one thing.

Framework-free: the built-in scenarios are read statically; runs are synthetic records.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from debugdemo import export, measures
from debugdemo.catalog import discover
from debugdemo.doctor import DoctorReport, FrameworkReport
from debugdemo.expectations import Check
from debugdemo.expectations import Outcome as CheckOutcome
from debugdemo.measures import Outcome
from debugdemo.modes import Framework, Mode
from debugdemo.records import ScenarioResult
from debugdemo.scoreboard import Scoreboard
from debugdemo.views.check import CheckView
from debugdemo.views.common import Words
from debugdemo.views.doctor import DoctorView
from debugdemo.views.listing import ListView
from debugdemo.views.palette import OUTCOME_STYLE
from debugdemo.views.report import ReportView
from debugdemo.views.run import RunView, verdict_table

from .records_factory import no_result, raised, returned, scenario

ROOT = Path(__file__).resolve().parent.parent
BUILT_IN = discover([ROOT / "scenarios"]).by_tag(None)
NAMES = [s.name for s in BUILT_IN]
# The longest names the tables must hold, as the runs give them.
TYPES = [
    "FailedPreconditionError",
    "InvalidArgumentError",
    "OperatorNotAllowedInGraphError",
    "UnboundLocalError",
]
MODE_IDS = [m.value for m in Mode]
WIDTHS = [40, 60, 80, 100]


def draw(renderable, width: int, no_color: bool = True) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, no_color=no_color)
    console.print(renderable)
    return console.file.getvalue()


def _all_modes_results() -> list[ScenarioResult]:
    results = []
    for i, name in enumerate(NAMES):
        runs = []
        for j, mode in enumerate(MODE_IDS):
            kind = (i + j) % 6
            if kind == 0:
                runs.append(returned(mode))
            elif kind == 1:
                runs.append(no_result(mode, "timeout"))
            else:
                runs.append(raised(mode, TYPES[kind - 2], points=kind % 2 == 0, phase="run"))
        results.append(scenario(name, *runs))
    return results


def _recorded_results() -> list[ScenarioResult]:
    """Every built-in scenario in the default modes, as a live run recorded them."""
    data = json.loads((Path(__file__).parent / "assets" / "recorded_all" / "default-modes.json").read_text())
    return [ScenarioResult.from_dict(d) for d in data]


def _pieces(word: str) -> list[str]:
    return re.findall(r"[^\-_./]+[\-_./]*|[\-_./]+", word)


def _fragments(word: str) -> set[str]:
    """What a fold may leave of `word` on one line: runs of whole pieces, with or without the break."""
    pieces = _pieces(word)
    found = set()
    for i in range(len(pieces)):
        for j in range(i + 1, len(pieces) + 1):
            fragment = "".join(pieces[i:j])
            found |= {fragment, fragment.rstrip("-_./")}
    return found


def assert_no_word_split(text: str, protected: list[str]) -> None:
    allowed = set().union(*(_fragments(w) for w in protected))
    for line in text.splitlines():
        for token in re.split(r"[\s│┃|·,:;()]+", line):
            if token.endswith("…"):  # cut, as allowed
                continue
            if len(token) < 3 or token in allowed:
                continue
            for word in protected:  # a split leaves a head on one line and a tail on the next
                split = word.startswith(token) or word.endswith(token)
                assert not split, f"{word!r} broken mid-word: {token!r} in {line!r}"


def _tables(width: int) -> dict[str, str]:
    results = _all_modes_results()
    board = Scoreboard.of(results)
    checks = [
        Check(name, mode, "raises", TYPES[0], TYPES[1], CheckOutcome.MISMATCH, note="a note")
        for name in NAMES[:4]
        for mode in Mode
    ]
    doctor = DoctorReport(
        "3.11.9",
        "/usr/bin/python3",
        "linux",
        "0.1.0",
        [
            FrameworkReport(
                Framework.TORCH,
                "torch",
                "2.13.0+cpu",
                "2.13.0+cpu",
                import_s=1.2,
                modes={Mode.TORCH_EAGER: None},
            ),
            FrameworkReport(
                Framework.TENSORFLOW,
                problem="ModuleNotFoundError: No module named 'tensorflow'",
                missing=True,
                modes={m: "tensorflow not installed" for m in Mode if m is not Mode.TORCH_EAGER},
            ),
        ],
    )
    recorded = _recorded_results()
    return {
        "recorded report": draw(ReportView(Scoreboard.of(recorded)), width),
        "recorded verdicts": "".join(draw(verdict_table(r), width) for r in recorded),
        "list": draw(ListView(BUILT_IN), width),
        "report": draw(ReportView(board), width),
        "verdict": draw(verdict_table(results[0]), width),
        "check": draw(CheckView(checks), width),
        "doctor": draw(DoctorView(doctor), width),
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_no_name_type_or_mode_id_is_split_mid_word(width):
    for name, text in _tables(width).items():
        assert max(len(line) for line in text.splitlines()) <= width, name
        live = [r.exception.type for result in _recorded_results() for r in result.runs if r.exception]
        assert_no_word_split(text, NAMES + TYPES + MODE_IDS + live)


def test_the_checker_catches_a_word_split_mid_word():
    with pytest.raises(AssertionError, match="uninitialized-variable"):
        assert_no_word_split("│ uninitializ │\n│ ed-variable │", ["uninitialized-variable"])
    assert_no_word_split("│ uninitialized- │\n│ variable │ FailedPrecond… │", NAMES + TYPES)


def test_words_fold_at_dashes_and_cut_a_long_word_with_an_ellipsis():
    assert draw(Words(Text("uninitialized-variable")), 16).splitlines() == ["uninitialized-", "variable"]
    assert draw(Words(Text("FailedPreconditionError")), 12).splitlines() == ["FailedPreco…"]


# --- one vocabulary -------------------------------------------------------------------


def _sample_runs() -> ScenarioResult:
    return scenario(
        "x",
        raised("torch-eager", "RuntimeError"),
        raised("tf1-graph", "InvalidArgumentError", points=False, phase="run", line=12),
        {**returned("torch-compile"), "bug_lines": []},
        {**returned("tf2-eager"), "aid": True, "aid_detail": "check_numerics", "bug_lines": []},
    )


def test_markdown_terminal_and_json_verdicts_carry_the_same_measures():
    result = _sample_runs()
    shown = measures.verdict_measures(result.runs)
    labels = [m.label for m in shown]
    assert {"graph breaks", "debugging aid"} <= set(labels)  # a torch-compile run, an aid on
    terminal = draw(verdict_table(result), 200)
    terminal_rows = [line.split("  ")[0].strip() for line in terminal.splitlines()[3:] if line.strip()]
    markdown = export.run_markdown([result])
    md_rows = [line.split("|")[1].strip() for line in markdown.splitlines() if line.startswith("| ")]
    assert terminal_rows == labels
    assert [r for r in md_rows if r not in ("measure", "message")] == labels
    record = json.loads(export.to_json(export.run_records([result])))
    for run in record["runs"]:
        assert {k for m in shown for k in m.json_keys} <= set(run)
    # the same words, cell by cell
    for measure in shown:
        row = next(line for line in markdown.splitlines() if line.startswith(f"| {measure.label} |"))
        for run in result.runs:
            assert export.md_escape(measure(run).text) in row
            assert measure(run).text.split()[0] in terminal


def test_scoreboard_columns_and_totals_use_the_vocabulary():
    board = Scoreboard.of([_sample_runs()])
    text = draw(ReportView(board), 300)
    for measure in measures.SCOREBOARD:
        assert measure.short in text
    assert measures.scoreboard_legend() in text
    totals = board.to_dict()["total_lines"]
    assert totals[0].startswith(measures.POINTS_AT_BUG.label + " ")
    assert any(line.startswith(measures.FRAMES.label) for line in totals)
    cell = board.rows[0].cells[0]
    assert cell.outcome == measures.outcome_word(_sample_runs().runs[0]) == "RuntimeError"


# --- colours that mean one thing ------------------------------------------------------


def test_each_outcome_has_its_own_colour_and_symbol():
    styles = [OUTCOME_STYLE[o] for o in measures.LEGEND]
    assert len(set(styles)) == len(styles)
    assert len({o.symbol for o in measures.LEGEND}) == len(measures.LEGEND)
    runs = _sample_runs().runs
    assert [Outcome.of(r) for r in runs] == [Outcome.AT_BUG, Outcome.ELSEWHERE, Outcome.WORKS, Outcome.WORKS]


def test_outcomes_read_without_colour():
    result = scenario(
        "x",
        raised("torch-eager", "RuntimeError"),
        raised("tf1-graph", "InvalidArgumentError", points=False),
        returned("tf2-eager"),
        {**returned("tf-function"), "bug_lines": []},
        no_result("torch-compile", "crashed"),
    )
    plain = draw(RunView(result), 200)  # NO_COLOR: no colour at all
    for line in ("✔ RuntimeError", "✘ InvalidArgumentError", "⚠ silent", "○ works", "⊘ crashed"):
        assert line in plain
    legend = plain.splitlines()[-1]
    assert legend.split("  ") == [f"{o.symbol} {o.explains}" for o in measures.LEGEND]
    coloured = io.StringIO()
    Console(file=coloured, width=200, color_system="truecolor", force_terminal=True).print(RunView(result))
    # works and silent no longer share a colour: yellow (33) for silent, blue (34) for works
    assert "\x1b[1;33m⚠ silent" in coloured.getvalue() and "\x1b[1;34m○ works" in coloured.getvalue()


def test_the_vocabulary_imports_no_rich():
    import subprocess
    import sys

    code = (
        "import sys, debugdemo.measures, debugdemo.scoreboard\n"
        "print(any(m.startswith('rich') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
