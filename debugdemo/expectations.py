"""Compare a scenario's declared EXPECT with what a live run showed, as plain data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from debugdemo.modes import Mode
from debugdemo.records import FAILED_BEFORE_BUG, RunResult, RunStatus, ScenarioResult
from debugdemo.scenario import EXPECT_KEYS, Scenario


class Outcome(str, Enum):
    HELD = "held"
    MISMATCH = "mismatch"
    NO_EXPECTATION = "no expectation"  # the scenario declares nothing for this mode: not a pass


@dataclass(frozen=True)
class Check:
    """One expectation of one scenario in one mode, and what the run showed."""

    scenario: str
    mode: Mode
    key: str | None  # None when the mode has no expectation at all
    expected: Any
    actual: Any
    outcome: Outcome
    note: str = ""  # why a mismatch happened, when the actual value alone does not say

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "mode": self.mode.value,
            "key": self.key,
            "expected": self.expected,
            "actual": self.actual,
            "outcome": self.outcome.value,
            "note": self.note,
        }


def compare(scenario: Scenario, result: ScenarioResult) -> list[Check]:
    """One Check per declared expectation (EXPECT_KEYS order) of every mode the scenario defines."""
    runs = {run.mode: run for run in result.runs}
    checks: list[Check] = []
    for mode in scenario.modes:
        run = runs.get(mode.value)
        if run is None:
            continue  # this mode was not requested
        expected = scenario.expect.get(mode)
        if not expected:
            checks.append(Check(scenario.name, mode, None, None, None, Outcome.NO_EXPECTATION))
        for key in EXPECT_KEYS:
            if expected and key in expected:
                checks.append(_check(scenario.name, mode, key, expected[key], run))
        if run.failed_before_bug:  # whatever EXPECT says, the run did not show the marked bug
            checks.append(
                Check(scenario.name, mode, "bug_reached", True, False, Outcome.MISMATCH, FAILED_BEFORE_BUG)
            )
    return checks


def _check(name: str, mode: Mode, key: str, expected: Any, run: RunResult) -> Check:
    if not run.status.is_result or run.status is RunStatus.UNDEFINED:
        note = f"no result: {run.status.value}" + (f" ({run.detail})" if run.detail else "")
        return Check(name, mode, key, expected, None, Outcome.MISMATCH, note)
    if key == "raises":
        return _check_raises(name, mode, expected, run)
    actual = _actual(key, run)
    held = actual == expected
    return Check(name, mode, key, expected, actual, Outcome.HELD if held else Outcome.MISMATCH)


def _check_raises(name: str, mode: Mode, expected: str | None, run: RunResult) -> Check:
    exc = run.exception
    actual = exc.type if exc is not None else None
    if expected is None:
        held = run.status is RunStatus.RETURNED
    else:
        held = exc is not None and exc.is_a(expected)
    note = exc.message.strip().splitlines()[0] if not held and exc and exc.message.strip() else ""
    return Check(name, mode, "raises", expected, actual, Outcome.HELD if held else Outcome.MISMATCH, note)


def _actual(key: str, run: RunResult) -> Any:
    if key == "points_at_bug":
        return run.points_at_bug
    if key == "phase":
        return run.phase.value if run.phase else None
    if key == "breakpoint_values":
        return run.breakpoint_values.value if run.breakpoint_values else None
    if key == "breakpoint_hits":
        return run.breakpoint_hits
    raise KeyError(key)


def mismatches(checks: Sequence[Check]) -> list[Check]:
    return [c for c in checks if c.outcome is Outcome.MISMATCH]


def suggested_expect(scenario: Scenario, result: ScenarioResult) -> dict[str, dict[str, Any]]:
    """The EXPECT a live run satisfies, per mode id, with only the keys the file can support.

    `points_at_bug` needs a # BUG marker, the breakpoint keys a breakpoint() call (the same
    rules `load_scenario` enforces), `phase` the tf1-graph mode. A mode without a result
    (timeout, crash, missing framework) gets no entry: there is nothing to expect from it.
    """
    runs = {run.mode: run for run in result.runs}
    suggested: dict[str, dict[str, Any]] = {}
    for mode in scenario.modes:
        run = runs.get(mode.value)
        if run is None or run.status not in (RunStatus.RAISED, RunStatus.RETURNED):
            continue
        entry: dict[str, Any] = {"raises": run.exception.type if run.exception else None}
        if run.status is RunStatus.RAISED and scenario.bug_lines.get(mode) and run.points_at_bug is not None:
            entry["points_at_bug"] = run.points_at_bug
        if mode.is_tf1 and run.phase is not None:
            entry["phase"] = run.phase.value
        if scenario.breakpoint_lines.get(mode):
            if run.breakpoint_values is not None and run.breakpoint_values.value in ("concrete", "symbolic"):
                entry["breakpoint_values"] = run.breakpoint_values.value
            entry["breakpoint_hits"] = run.breakpoint_hits
        suggested[mode.value] = entry
    return suggested


def expect_source(suggested: dict[str, dict[str, Any]]) -> str:
    """`EXPECT = {...}` as Python source, one mode per line, ready to paste into the file."""
    lines = ["EXPECT = {"]
    for mode, entry in suggested.items():
        body = ", ".join(f"{key!r}: {value!r}" for key, value in entry.items())
        lines.append(f"    {mode!r}: {{{body}}},")
    lines.append("}")
    return "\n".join(lines).replace("'", '"')
