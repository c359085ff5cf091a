"""Plain records of what a run captured: the worker fills them, the CLI draws them.

Every record converts to and from the JSON that `--json` prints; the keys are stable.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from debugdemo.text import visible

_T = TypeVar("_T")


def sanitised(record: _T) -> _T:
    """A copy of a record (dataclass, list, dict or str) whose strings are all `visible()`.

    The parent applies it once, where a run's record enters it (process.worker_parent): from
    then on, no view, export or API user can be made to obey an escape sequence a scenario wrote.
    """
    value: Any = record
    if type(value) is str:  # not the str-valued enums
        value = visible(value)
    elif isinstance(value, list | tuple):
        value = type(value)(sanitised(v) for v in value)
    elif isinstance(value, dict):
        value = {sanitised(k): sanitised(v) for k, v in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: sanitised(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        value = dataclasses.replace(value, **changed)
    return value  # type: ignore[no-any-return]


# What run, check and report say of a run that raised before any # BUG line ran.
FAILED_BEFORE_BUG = "the scenario failed before its marked bug ran: probably a mistake in the scenario"


class RunStatus(str, Enum):
    RAISED = "raised"
    RETURNED = "returned"
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    UNAVAILABLE = "unavailable"
    INVALID = "invalid"
    UNDEFINED = "undefined"

    @property
    def is_result(self) -> bool:
        """True when the run produced a result (its deliberate bug counts as one)."""
        return self in (RunStatus.RAISED, RunStatus.RETURNED, RunStatus.UNDEFINED)


class Origin(str, Enum):
    SCENARIO = "scenario"
    FRAMEWORK = "framework"
    PYTHON = "python"
    DEBUGDEMO = "debugdemo"


class Phase(str, Enum):
    BUILD = "build"
    RUN = "run"


class ValueKind(str, Enum):
    CONCRETE = "concrete"
    SYMBOLIC = "symbolic"
    OTHER = "other"


@dataclass
class Frame:
    file: str
    line: int
    function: str
    code: str
    origin: Origin

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "function": self.function,
            "code": self.code,
            "origin": self.origin.value,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Frame:
        return cls(d["file"], d["line"], d["function"], d["code"], Origin(d["origin"]))


@dataclass
class ChainedException:
    """A cause or context of the raised exception."""

    type: str
    qualified_type: str
    message: str
    relation: str  # "cause" (raise ... from) or "context" (during handling of)
    frames: list[Frame] = field(default_factory=list)
    frames_omitted: int = 0  # frames dropped from the middle of a very deep traceback
    frames_omitted_yours: int = 0

    @property
    def frames_yours(self) -> int:
        return sum(f.origin is Origin.SCENARIO for f in self.frames) + self.frames_omitted_yours

    @property
    def frames_total(self) -> int:
        return _printed(self.frames) + self.frames_omitted

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "qualified_type": self.qualified_type,
            "message": self.message,
            "relation": self.relation,
            "frames": [f.to_dict() for f in self.frames],
            "frames_omitted": self.frames_omitted,
            "frames_omitted_yours": self.frames_omitted_yours,
            "frames_yours": self.frames_yours,
            "frames_total": self.frames_total,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ChainedException:
        frames = [Frame.from_dict(f) for f in d.get("frames", [])]
        return cls(
            d["type"],
            d["qualified_type"],
            d["message"],
            d["relation"],
            frames,
            d.get("frames_omitted", 0),
            d.get("frames_omitted_yours", 0),
        )


def _printed(frames: list[Frame]) -> int:
    """Frames of a traceback as Python prints it, without debugdemo's own (the harness)."""
    return sum(f.origin is not Origin.DEBUGDEMO for f in frames)


@dataclass
class ExceptionInfo:
    type: str
    qualified_type: str
    message: str
    bases: list[str] = field(default_factory=list)  # class names of the MRO, own class first
    chain: list[ChainedException] = field(default_factory=list)  # outermost last

    def is_a(self, name: str) -> bool:
        """True when the exception's class or one of its bases is called `name`."""
        return name in (self.type, self.qualified_type, *self.bases)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "qualified_type": self.qualified_type,
            "message": self.message,
            "bases": list(self.bases),
            "chain": [c.to_dict() for c in self.chain],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ExceptionInfo:
        chain = [ChainedException.from_dict(c) for c in d.get("chain", [])]
        return cls(d["type"], d["qualified_type"], d["message"], list(d.get("bases", [])), chain)


@dataclass
class SourceLocation:
    """A line of a function; no `file` where the file goes without saying (the scenario's)."""

    line: int
    function: str
    file: str = ""

    def to_dict(self) -> dict[str, Any]:
        where: dict[str, Any] = {"file": self.file} if self.file else {}
        return {**where, "line": self.line, "function": self.function}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SourceLocation:
        return cls(d["line"], d["function"], d.get("file", ""))


def first_kind(kinds: set[ValueKind | None]) -> ValueKind | None:
    """Symbolic if any value was symbolic, else concrete if any was concrete, else None."""
    for kind in (ValueKind.SYMBOLIC, ValueKind.CONCRETE):
        if kind in kinds:
            return kind
    return None


@dataclass
class LocalSummary:
    """What a breakpoint could see of one local variable."""

    kind: ValueKind
    type: str
    shape: str | None = None
    dtype: str | None = None
    preview: str | None = None
    value_error: str | None = None  # what asking for the value raised
    # A name the scenario file never mentions: a framework's own temporary (torch.compile's
    # `tmp_2`), left out of the default breakpoint view.
    temporary: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "type": self.type,
            "shape": self.shape,
            "dtype": self.dtype,
            "preview": self.preview,
            "value_error": self.value_error,
            "temporary": self.temporary,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LocalSummary:
        return cls(
            ValueKind(d["kind"]),
            d["type"],
            d.get("shape"),
            d.get("dtype"),
            d.get("preview"),
            d.get("value_error"),
            bool(d.get("temporary", False)),
        )


@dataclass
class Breakpoint:
    line: int
    function: str
    hits: int
    locals: dict[str, LocalSummary] = field(default_factory=dict)  # as seen at the first hit
    file: str = ""
    # Where the hook really ran when that was generated code (AutoGraph's converted function);
    # line / function / file then give the user's source line it was generated from.
    fired_in: SourceLocation | None = None

    @property
    def value_kind(self) -> ValueKind | None:
        """Symbolic if any tensor local was symbolic, else concrete if any was concrete."""
        return first_kind({s.kind for s in self.locals.values()})

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "function": self.function,
            "file": self.file,
            "hits": self.hits,
            "locals": {k: v.to_dict() for k, v in self.locals.items()},
            "fired_in": self.fired_in.to_dict() if self.fired_in else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Breakpoint:
        local_vars = {k: LocalSummary.from_dict(v) for k, v in d.get("locals", {}).items()}
        fired_in = SourceLocation.from_dict(d["fired_in"]) if d.get("fired_in") else None
        return cls(d["line"], d["function"], d["hits"], local_vars, d.get("file", ""), fired_in)


@dataclass
class GraphBreak:
    """A place where torch.compile (TorchDynamo) gave up tracing and fell back to Python."""

    reason: str  # in Dynamo's words
    line: int | None = None  # the scenario line it broke at, when it is in the scenario file
    function: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "line": self.line, "function": self.function}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GraphBreak:
        return cls(d["reason"], d.get("line"), d.get("function"))


@dataclass
class Timings:
    startup_s: float | None = None
    run_s: float | None = None
    peak_rss_mb: float | None = None  # the worker's peak resident memory so far (it is reused)

    def to_dict(self) -> dict[str, Any]:
        return {"startup_s": self.startup_s, "run_s": self.run_s, "peak_rss_mb": self.peak_rss_mb}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Timings:
        return cls(d.get("startup_s"), d.get("run_s"), d.get("peak_rss_mb"))


@dataclass
class RunResult:
    """What one scenario function did in one mode."""

    mode: str
    status: RunStatus
    detail: str | None = None  # why a run produced no result: timeout, signal, missing framework
    exception: ExceptionInfo | None = None
    frames: list[Frame] = field(default_factory=list)
    frames_omitted: int = 0  # frames dropped from the middle of a very deep traceback
    frames_omitted_yours: int = 0  # how many of those were the scenario's (deep recursion)
    bug_lines: list[int] = field(default_factory=list)
    surfaced_at: SourceLocation | None = None  # always in the scenario file: no `file`
    points_at_bug: bool | None = None
    defined_at: list[SourceLocation] = field(default_factory=list)
    phase: Phase | None = None
    breakpoints: list[Breakpoint] = field(default_factory=list)
    returned: str | None = None
    stdout: str = ""
    stderr: str = ""
    timings: Timings = field(default_factory=Timings)
    aid_detail: str | None = None  # the framework's debugging aid that was switched on (`run --aid`)
    graph_breaks: list[GraphBreak] = field(default_factory=list)  # torch.compile only
    # Whether a # BUG line ran before the run ended; None when the mode has no marker.
    bug_reached: bool | None = None
    # Why this mode's code was constructed for a contrast rather than written the idiomatic way
    # (the scenario's `# CONSTRUCTED: why` marker); None for idiomatic code.
    constructed: str | None = None

    @property
    def failed_before_bug(self) -> bool:
        """Raised before any # BUG line ran: most likely a mistake in the scenario itself."""
        return self.status is RunStatus.RAISED and self.bug_reached is False

    @property
    def user_frames(self) -> list[Frame]:
        return [f for f in self.frames if f.origin is Origin.SCENARIO]

    @property
    def raised_frames_yours(self) -> int:
        """Frames in the scenario file of the last traceback (the raised exception's), recorded or not."""
        return len(self.user_frames) + self.frames_omitted_yours

    @property
    def raised_frames_total(self) -> int:
        """Frames of the last traceback: all but debugdemo's own."""
        return _printed(self.frames) + self.frames_omitted

    @property
    def _chain(self) -> list[ChainedException]:
        return self.exception.chain if self.exception else []

    @property
    def frames_yours(self) -> int:
        """The scenario's frames among those `frames_total` counts."""
        return self.raised_frames_yours + sum(c.frames_yours for c in self._chain)

    @property
    def frames_total(self) -> int:
        """Every frame Python prints for this exception, chained tracebacks included.

        Python prints the causes and contexts first, then the raised exception's
        traceback; debugdemo's own frames (the harness that called the scenario) are left out.
        """
        return self.raised_frames_total + sum(c.frames_total for c in self._chain)

    def frames_by_exception(self) -> list[dict[str, Any]]:
        """The frame counts of each traceback Python prints, first-printed first."""
        per = [
            {
                "type": c.type,
                "relation": c.relation,
                "frames_yours": c.frames_yours,
                "frames_total": c.frames_total,
            }
            for c in self._chain
        ]
        if self.exception is not None:
            per.append(
                {
                    "type": self.exception.type,
                    "relation": None,
                    "frames_yours": self.raised_frames_yours,
                    "frames_total": self.raised_frames_total,
                }
            )
        return per

    @property
    def defined_lines(self) -> list[int]:
        """The scenario lines the framework names as where the failing op was made, each once."""
        return list(dict.fromkeys(d.line for d in self.defined_at))

    @property
    def silent_bug(self) -> bool:
        """Returned normally although this mode has a # BUG line (no marker: the code works)."""
        return self.status is RunStatus.RETURNED and bool(self.bug_lines)

    @property
    def breakpoint_hits(self) -> int:
        return sum(b.hits for b in self.breakpoints)

    @property
    def breakpoint_values(self) -> ValueKind | None:
        return first_kind({b.value_kind for b in self.breakpoints})

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "status": self.status.value,
            "detail": self.detail,
            "exception": self.exception.to_dict() if self.exception else None,
            "frames": [f.to_dict() for f in self.frames],
            "frames_omitted": self.frames_omitted,
            "frames_omitted_yours": self.frames_omitted_yours,
            "frames_yours": self.frames_yours,
            "frames_total": self.frames_total,
            "frames_by_exception": self.frames_by_exception(),
            "bug_lines": list(self.bug_lines),
            "surfaced_at": self.surfaced_at.to_dict() if self.surfaced_at else None,
            "points_at_bug": self.points_at_bug,
            "defined_at": [d.to_dict() for d in self.defined_at],
            "phase": self.phase.value if self.phase else None,
            "breakpoints": [b.to_dict() for b in self.breakpoints],
            "breakpoint_hits": self.breakpoint_hits,
            "breakpoint_values": self.breakpoint_values.value if self.breakpoint_values else None,
            "returned": self.returned,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "timings": self.timings.to_dict(),
            "aid": self.aid_detail is not None,
            "aid_detail": self.aid_detail,
            "graph_breaks": [g.to_dict() for g in self.graph_breaks],
            "bug_reached": self.bug_reached,
            "constructed": self.constructed,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RunResult:
        exc = d.get("exception")
        surfaced = d.get("surfaced_at")
        phase = d.get("phase")
        return cls(
            mode=d["mode"],
            status=RunStatus(d["status"]),
            detail=d.get("detail"),
            exception=ExceptionInfo.from_dict(exc) if exc else None,
            frames=[Frame.from_dict(f) for f in d.get("frames", [])],
            frames_omitted=d.get("frames_omitted", 0),
            frames_omitted_yours=d.get("frames_omitted_yours", 0),
            bug_lines=list(d.get("bug_lines", [])),
            surfaced_at=SourceLocation.from_dict(surfaced) if surfaced else None,
            points_at_bug=d.get("points_at_bug"),
            defined_at=[SourceLocation.from_dict(x) for x in d.get("defined_at", [])],
            phase=Phase(phase) if phase else None,
            breakpoints=[Breakpoint.from_dict(b) for b in d.get("breakpoints", [])],
            returned=d.get("returned"),
            stdout=d.get("stdout", ""),
            stderr=d.get("stderr", ""),
            timings=Timings.from_dict(d.get("timings", {})),
            aid_detail=d.get("aid_detail") if d.get("aid") else None,
            graph_breaks=[GraphBreak.from_dict(g) for g in d.get("graph_breaks", [])],
            bug_reached=d.get("bug_reached"),
            constructed=d.get("constructed"),
        )


@dataclass
class ScenarioResult:
    """One scenario's runs, one per requested mode."""

    scenario: str
    file: str
    title: str
    runs: list[RunResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "file": self.file,
            "title": self.title,
            "runs": [r.to_dict() for r in self.runs],
        }

    @property
    def complete(self) -> bool:
        """Every run produced a result (raising the deliberate bug counts as one)."""
        return all(run.status.is_result for run in self.runs)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ScenarioResult:
        runs = [RunResult.from_dict(r) for r in d.get("runs", [])]
        return cls(d["scenario"], d["file"], d["title"], runs)
