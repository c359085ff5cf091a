"""The vocabulary: every per-run measure defined once, as data, with its words.

The terminal verdict table, the scoreboard, the Markdown export and the JSON totals all read
these definitions, so that they list the same measures with the same words. Nothing here
knows rich: a reading carries a `Tone`, and the views map tones to colours.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from debugdemo.modes import Mode
from debugdemo.records import RunResult, RunStatus, ValueKind

NONE = "—"  # a measure that does not apply to a run


class Outcome(str, Enum):
    """What a run amounted to, in the five words of the legend (and "not defined")."""

    AT_BUG = "raised at the bug"
    ELSEWHERE = "raised elsewhere"
    SILENT = "silent"
    WORKS = "works"
    NO_RESULT = "could not run"
    UNDEFINED = "not defined"

    @property
    def symbol(self) -> str:
        """A mark that keeps the meaning where colours are off (NO_COLOR, Markdown, print)."""
        return _SYMBOLS[self]

    @property
    def explains(self) -> str:
        return _EXPLAINS[self]

    @classmethod
    def of(cls, run: RunResult) -> Outcome:
        if run.status is RunStatus.RAISED:
            return cls.AT_BUG if run.points_at_bug else cls.ELSEWHERE
        if run.status is RunStatus.RETURNED:
            return cls.SILENT if run.silent_bug else cls.WORKS
        if run.status is RunStatus.UNDEFINED:
            return cls.UNDEFINED
        return cls.NO_RESULT


_SYMBOLS = {
    Outcome.AT_BUG: "✔",
    Outcome.ELSEWHERE: "✘",
    Outcome.SILENT: "⚠",
    Outcome.WORKS: "○",
    Outcome.NO_RESULT: "⊘",
    Outcome.UNDEFINED: "·",
}
_EXPLAINS = {
    Outcome.AT_BUG: "raised at the bug",
    Outcome.ELSEWHERE: "raised elsewhere",
    Outcome.SILENT: "silent bug",
    Outcome.WORKS: "works (no bug in that mode)",
    Outcome.NO_RESULT: "could not run",
    Outcome.UNDEFINED: "not defined",
}
# The outcomes a legend explains (a mode a scenario does not define explains itself).
LEGEND = (Outcome.AT_BUG, Outcome.ELSEWHERE, Outcome.SILENT, Outcome.WORKS, Outcome.NO_RESULT)

# The outcome word of a run that raised nothing: what the scoreboard and verdicts write.
_STATUS_WORD = {
    RunStatus.TIMEOUT: "timeout",
    RunStatus.CRASHED: "crashed",
    RunStatus.UNAVAILABLE: "not installed",
    RunStatus.INVALID: "invalid",
    RunStatus.UNDEFINED: "not defined",
}


def outcome_word(run: RunResult) -> str:
    """The exception's class name, or "silent", "works", "timeout", "not defined", …"""
    if run.status is RunStatus.RAISED and run.exception is not None:
        return run.exception.type
    if run.status is RunStatus.RETURNED:
        return "silent" if run.silent_bug else "works"
    return _STATUS_WORD.get(run.status, run.status.value)


class Tone(str, Enum):
    """What a reading means, for the colour a view gives it."""

    PLAIN = "plain"
    NONE = "none"  # the measure does not apply
    GOOD = "good"
    BAD = "bad"
    CONCRETE = "concrete"
    SYMBOLIC = "symbolic"


@dataclass(frozen=True)
class Reading:
    """One measure of one run: `text` for a verdict table, `brief` for a scoreboard cell."""

    text: str
    tone: Tone = Tone.PLAIN
    brief: str = ""
    outcome: Outcome | None = None  # set on the outcome measure: its colour and symbol

    @property
    def short(self) -> str:
        return self.brief or self.text


def _absent() -> Reading:
    return Reading(NONE, Tone.NONE)


MISTAKE = "‼"  # a run that failed before its # BUG line ran: the scenario's mistake, not an outcome


def _outcome(run: RunResult) -> Reading:
    kind = Outcome.of(run)
    text = f"{kind.symbol} {outcome_word(run)}"
    if run.failed_before_bug:
        text += f" {MISTAKE} scenario mistake"
    if run.constructed:
        text += " (constructed)"
    return Reading(text, outcome=kind)


def _points(run: RunResult) -> Reading:
    if run.points_at_bug is None or run.status is not RunStatus.RAISED:
        return _absent()
    where = run.surfaced_at
    if run.points_at_bug:
        return Reading(f"yes (line {where.line})" if where else "yes", Tone.GOOD, "✔ yes")
    bugs = ", ".join(str(n) for n in run.bug_lines)
    if where is None:
        text = f"no: never reached your code, bug at {bugs}" if bugs else "no: never reached your code"
    else:
        text = f"no: line {where.line}, bug at {bugs}" if bugs else f"no: line {where.line}"
    return Reading(text, Tone.BAD, "✘ no")


def _phase(run: RunResult) -> Reading:
    return Reading(run.phase.value) if run.phase and run.exception else _absent()


def _frames(run: RunResult) -> Reading:
    if run.exception is None:
        return _absent()
    return Reading(f"{run.frames_yours} / {run.frames_total}")


def _names_line(run: RunResult) -> Reading:
    lines = run.defined_lines
    return Reading(", ".join(str(n) for n in lines)) if lines else _absent()


def _hits(run: RunResult) -> Reading:
    return Reading(str(run.breakpoint_hits)) if run.breakpoints else _absent()


def _values(run: RunResult) -> Reading:
    kind = run.breakpoint_values
    if kind is None:
        return _absent()
    return Reading(kind.value, Tone.CONCRETE if kind is ValueKind.CONCRETE else Tone.SYMBOLIC)


def _graph_breaks(run: RunResult) -> Reading:
    if run.mode != Mode.TORCH_COMPILE.value or not run.status.is_result:
        return _absent()
    lines = list(dict.fromkeys(str(g.line) for g in run.graph_breaks if g.line is not None))
    count = str(len(run.graph_breaks))
    return Reading(f"{count} (line {', '.join(lines)})" if lines else count, brief=count)


def _aid(run: RunResult) -> Reading:
    return Reading("on" if run.aid_detail else "off")


def _always(runs: Sequence[RunResult]) -> bool:
    return True


@dataclass(frozen=True)
class Measure:
    """One thing a run is measured by, in every view that shows it."""

    key: str
    label: str  # the row of a verdict table (terminal and Markdown)
    short: str  # the column of the scoreboard
    explains: str  # the scoreboard legend
    json_keys: tuple[str, ...]  # the keys of a run's `--json` record this measure reads
    read: Callable[[RunResult], Reading]
    applies: Callable[[Sequence[RunResult]], bool] = _always  # shown only for such runs

    def __call__(self, run: RunResult) -> Reading:
        return self.read(run)


OUTCOME = Measure(
    "outcome",
    "outcome",
    "outcome",
    "the exception, or how the run ended",
    ("status", "exception"),
    _outcome,
)
POINTS_AT_BUG = Measure(
    "points_at_bug",
    "points at the bug",
    "at bug",
    "the error surfaced on a # BUG line",
    ("points_at_bug", "surfaced_at", "bug_lines"),
    _points,
)
PHASE = Measure("phase", "phase", "phase", "TF1 graph build or Session.run", ("phase",), _phase)
FRAMES = Measure(
    "frames",
    "frames yours / total",
    "frames",
    "yours / total, chained tracebacks included",
    ("frames_yours", "frames_total"),
    _frames,
)
NAMES_LINE = Measure(
    "defined_at",
    "framework names line",
    "names line",
    "where the framework says the op was defined",
    ("defined_at",),
    _names_line,
)
BREAKPOINT_HITS = Measure(
    "breakpoint_hits", "breakpoint hits", "hits", "breakpoint() hits", ("breakpoint_hits",), _hits
)
BREAKPOINT_VALUES = Measure(
    "breakpoint_values",
    "values at breakpoint",
    "values",
    "the values a breakpoint() saw",
    ("breakpoint_values",),
    _values,
)
GRAPH_BREAKS = Measure(
    "graph_breaks",
    "graph breaks",
    "graph breaks",
    "where torch.compile fell back to Python",
    ("graph_breaks",),
    _graph_breaks,
    applies=lambda runs: any(r.mode == Mode.TORCH_COMPILE.value for r in runs),
)
AID = Measure(
    "aid",
    "debugging aid",
    "aid",
    "the framework's own debugging aid (--aid)",
    ("aid",),
    _aid,
    applies=lambda runs: any(r.aid_detail for r in runs),
)

# Every per-run measure, in the order verdict tables list them.
MEASURES = (
    OUTCOME,
    POINTS_AT_BUG,
    FRAMES,
    NAMES_LINE,
    PHASE,
    BREAKPOINT_HITS,
    BREAKPOINT_VALUES,
    GRAPH_BREAKS,
    AID,
)
# The measures the scoreboard compares across many scenarios, a column each.
SCOREBOARD = (OUTCOME, POINTS_AT_BUG, PHASE, FRAMES, BREAKPOINT_VALUES)


def verdict_measures(runs: Sequence[RunResult]) -> list[Measure]:
    """The measures a verdict over these runs lists (graph breaks only with torch.compile, …)."""
    return [m for m in MEASURES if m.applies(runs)]


def scoreboard_legend() -> str:
    """One line that says what each scoreboard column measures."""
    return " · ".join(f"{m.short}: {m.explains}" for m in SCOREBOARD[1:])


def outcome_legend() -> str:
    return "  ".join(f"{o.symbol} {o.explains}" for o in LEGEND)
