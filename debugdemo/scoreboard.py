"""The scoreboard over many scenarios: one row per scenario, a cell per mode, totals per mode.

Plain data computed from run records, so the terminal view, the exports and the tests all
read the same numbers. Nothing here knows typer or rich.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from debugdemo import measures
from debugdemo.measures import Outcome, Reading
from debugdemo.messages import headline
from debugdemo.records import FAILED_BEFORE_BUG, Phase, RunResult, RunStatus, ScenarioResult, ValueKind


@dataclass(frozen=True)
class Cell:
    """One scenario in one mode, reduced to the measures the scoreboard compares."""

    mode: str
    status: RunStatus
    outcome: str  # the exception's class name, or "silent", "works", "timeout", "not defined", ...
    message: str  # the exception message's informative lines as one, the returned repr, or why no result
    points_at_bug: bool | None
    surfaced_line: int | None
    bug_lines: tuple[int, ...]
    phase: Phase | None
    frames_yours: int | None  # None when nothing was raised
    frames_total: int | None
    breakpoint_hits: int
    breakpoint_values: ValueKind | None
    failed_before_bug: bool = False  # raised before any # BUG line ran: a mistake in the scenario
    constructed: str | None = None  # why the mode's code was constructed, not idiomatic
    kind: Outcome = Outcome.UNDEFINED  # the outcome's class: its colour and symbol in every view
    # Every measure of measures.MEASURES, read from the run, by key.
    readings: Mapping[str, Reading] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, run: RunResult) -> Cell:
        raised = run.status is RunStatus.RAISED and run.exception is not None
        if raised:
            assert run.exception is not None
            message = headline(run.exception.message)
        else:
            message = _first_line(run.returned if run.status is RunStatus.RETURNED else run.detail)
        return cls(
            mode=run.mode,
            status=run.status,
            outcome=measures.outcome_word(run),
            message=message,
            points_at_bug=run.points_at_bug if raised else None,
            surfaced_line=run.surfaced_at.line if raised and run.surfaced_at else None,
            bug_lines=tuple(run.bug_lines),
            phase=run.phase if raised else None,
            frames_yours=run.frames_yours if raised else None,
            frames_total=run.frames_total if raised else None,
            breakpoint_hits=run.breakpoint_hits,
            breakpoint_values=run.breakpoint_values,
            failed_before_bug=run.failed_before_bug,
            constructed=run.constructed,
            kind=Outcome.of(run),
            readings={m.key: m(run) for m in measures.MEASURES},
        )

    @property
    def raised(self) -> bool:
        return self.status is RunStatus.RAISED

    @property
    def raised_at_its_bug(self) -> bool:
        """Has a # BUG line, raised, and not before that line ran, in code written idiomatically."""
        return self.raised and bool(self.bug_lines) and not self.failed_before_bug and not self.constructed

    @property
    def works(self) -> bool:
        """Returned normally, and the mode has no # BUG line: the idiomatic code just works."""
        return self.status is RunStatus.RETURNED and not self.bug_lines


def _first_line(text: str | None) -> str:
    lines = (text or "").strip().splitlines()
    return lines[0].strip() if lines else ""


@dataclass(frozen=True)
class Row:
    scenario: str
    title: str
    cells: tuple[Cell, ...]  # in the order of Scoreboard.modes

    def paired(self, modes: Sequence[int]) -> bool:
        """Each of these modes (indexes) has the bug and raised: the headline compares like with like."""
        return bool(modes) and all(self.cells[i].raised_at_its_bug for i in modes)

    def only_in(self) -> tuple[str, ...]:
        """The modes that have the bug, when the others have none (their code works as written)."""
        buggy = tuple(c.mode for c in self.cells if c.bug_lines)
        if buggy and any(c.works for c in self.cells):
            return buggy
        return ()


@dataclass(frozen=True)
class ModeTotals:
    """What one mode did over all the scenarios."""

    mode: str
    defined: int  # scenarios that define this mode
    raised: int
    points_at_bug: int  # of the raised runs
    silent: int  # returned normally, though the mode has a # BUG line: a silent bug
    works: int  # returned normally, and the mode has no # BUG line: nothing to find
    no_result: int  # timeout, crash, missing framework, invalid scenario
    build_phase: int  # raised while the TF1 graph was built, before any data flowed
    run_phase: int
    frames_yours: int  # summed over the raised runs
    frames_total: int
    with_values: int  # runs whose breakpoint saw tensor values (concrete or symbolic)
    concrete: int
    symbolic: int

    @classmethod
    def of(cls, mode: str, cells: Sequence[Cell]) -> ModeTotals:
        raised = [c for c in cells if c.raised]
        return cls(
            mode=mode,
            defined=sum(c.status is not RunStatus.UNDEFINED for c in cells),
            raised=len(raised),
            points_at_bug=sum(c.points_at_bug is True for c in raised),
            silent=sum(c.status is RunStatus.RETURNED and bool(c.bug_lines) for c in cells),
            works=sum(c.status is RunStatus.RETURNED and not c.bug_lines for c in cells),
            no_result=sum(not c.status.is_result for c in cells),
            build_phase=sum(c.phase is Phase.BUILD for c in raised),
            run_phase=sum(c.phase is Phase.RUN for c in raised),
            frames_yours=sum(c.frames_yours or 0 for c in raised),
            frames_total=sum(c.frames_total or 0 for c in raised),
            with_values=sum(c.breakpoint_values is not None for c in cells),
            concrete=sum(c.breakpoint_values is ValueKind.CONCRETE for c in cells),
            symbolic=sum(c.breakpoint_values is ValueKind.SYMBOLIC for c in cells),
        )

    @property
    def has_phases(self) -> bool:
        return bool(self.build_phase or self.run_phase)

    def to_dict(self) -> dict[str, int | str]:
        return {
            "mode": self.mode,
            "defined": self.defined,
            "raised": self.raised,
            "points_at_bug": self.points_at_bug,
            "silent": self.silent,
            "works": self.works,
            "no_result": self.no_result,
            "build_phase": self.build_phase,
            "run_phase": self.run_phase,
            "frames_yours": self.frames_yours,
            "frames_total": self.frames_total,
            "breakpoint_concrete": self.concrete,
            "breakpoint_symbolic": self.symbolic,
        }


@dataclass(frozen=True)
class Scoreboard:
    modes: tuple[str, ...]
    rows: tuple[Row, ...]
    totals: tuple[ModeTotals, ...]  # in the order of `modes`

    @classmethod
    def of(cls, results: Sequence[ScenarioResult]) -> Scoreboard:
        """Build the scoreboard; every result must hold the same modes in the same order."""
        modes = tuple(r.mode for r in results[0].runs) if results else ()
        rows = []
        for result in results:
            got = tuple(r.mode for r in result.runs)
            if got != modes:
                raise ValueError(f"{result.scenario}: modes {got} differ from {modes}")
            rows.append(Row(result.scenario, result.title, tuple(Cell.of(r) for r in result.runs)))
        totals = tuple(ModeTotals.of(mode, [row.cells[i] for row in rows]) for i, mode in enumerate(modes))
        return cls(modes, tuple(rows), totals)

    def total_lines(self) -> list[str]:
        """The totals as sentences, e.g. "points at the bug: torch-eager 9 of 13 raised, ..."."""
        totals = [t for t in self.totals if t.defined]  # "0 of 0" says nothing

        def joined(parts: list[str]) -> str:
            return ", ".join(parts)

        lines = [self._paired_line(totals)]
        lines += self._only_in_lines()
        lines.append(
            "silent bug (returned normally): "
            + joined([f"{t.mode} {t.silent} of {t.defined}" for t in totals])
        )
        working = [t for t in totals if t.works]
        if working:
            lines.append(
                "works as written (no # BUG in that mode): "
                + joined([f"{t.mode} {t.works} of {t.defined}" for t in working])
            )
        phased = [t for t in totals if t.has_phases]
        if phased:
            lines.append(
                "caught while building the graph: "
                + joined([f"{t.mode} {t.build_phase} of {t.raised} raised" for t in phased])
            )
        lines.append(
            f"{measures.FRAMES.label}, chained tracebacks included: "
            + joined([f"{t.mode} {t.frames_yours} / {t.frames_total}" for t in totals])
        )
        seen = [t for t in totals if t.with_values]
        if seen:
            lines.append(
                "breakpoint sees concrete values: "
                + joined([f"{t.mode} {t.concrete} of {t.with_values}" for t in seen])
            )
        failed = [t for t in totals if t.no_result]
        if failed:
            lines.append("no result: " + joined([f"{t.mode} {t.no_result}" for t in failed]))
        absent = [t.mode for t in self.totals if not t.defined]
        if absent:
            lines.append("not defined in any scenario: " + joined(absent))
        mistakes = self._cells_where(lambda c: c.failed_before_bug)
        if mistakes:
            lines.append(f"{FAILED_BEFORE_BUG}: {mistakes}")
        constructed = self._cells_where(lambda c: c.constructed is not None)
        if constructed:
            lines.append(f"constructed for a teaching contrast, not idiomatic code: {constructed}")
        return lines

    @property
    def paired_rows(self) -> tuple[Row, ...]:
        """The rows where every mode some scenario defines has the bug and raised."""
        compared = [i for i, t in enumerate(self.totals) if t.defined]
        return tuple(row for row in self.rows if row.paired(compared))

    def paired_points_at_bug(self) -> dict[str, int]:
        """Per mode, how many paired rows it pointed at the bug in."""
        return {
            mode: sum(row.cells[i].points_at_bug is True for row in self.paired_rows)
            for i, mode in enumerate(self.modes)
        }

    def _paired_line(self, totals: Sequence[ModeTotals]) -> str:
        """The headline: only the scenarios where every mode has the bug and raises (like with like)."""
        paired = len(self.paired_rows)
        if not paired:
            return f"{measures.POINTS_AT_BUG.label} where every mode raises its bug: no such scenario"
        counts = self.paired_points_at_bug()
        return f"{measures.POINTS_AT_BUG.label} where every mode raises its bug: " + ", ".join(
            f"{t.mode} {counts[t.mode]} of {paired}" for t in totals
        )

    def _only_in_lines(self) -> list[str]:
        """Bugs only some modes have (the others work as written), counted apart, per mode group."""
        groups: dict[tuple[str, ...], list[Row]] = {}
        for row in self.rows:
            if row.only_in():
                groups.setdefault(row.only_in(), []).append(row)
        lines = []
        for modes, rows in groups.items():
            cells = [c for row in rows for c in row.cells if c.mode in modes]
            raised = [c for c in cells if c.raised]
            at_bug = sum(c.points_at_bug is True for c in raised)
            lines.append(
                f"bug only in {' and '.join(modes)} (the others work as written): "
                f"{', '.join(row.scenario for row in rows)}; "
                f"{len(raised)} of {len(cells)} raised, {at_bug} at the bug"
            )
        return lines

    def _cells_where(self, wanted: Any) -> str:
        """'scenario (mode, mode), ...' for the cells that `wanted` holds for."""
        parts = []
        for row in self.rows:
            modes = [c.mode for c in row.cells if wanted(c)]
            if modes:
                parts.append(f"{row.scenario} ({', '.join(modes)})")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, object]:
        return {
            "modes": list(self.modes),
            "totals": [t.to_dict() for t in self.totals],
            "total_lines": self.total_lines(),
            "paired": {
                "scenarios": [row.scenario for row in self.paired_rows],
                "points_at_bug": self.paired_points_at_bug(),
            },
            "only_in": {row.scenario: list(row.only_in()) for row in self.rows if row.only_in()},
            "failed_before_bug": {
                row.scenario: [c.mode for c in row.cells if c.failed_before_bug]
                for row in self.rows
                if any(c.failed_before_bug for c in row.cells)
            },
            "constructed": {
                row.scenario: {c.mode: c.constructed for c in row.cells if c.constructed}
                for row in self.rows
                if any(c.constructed for c in row.cells)
            },
        }
