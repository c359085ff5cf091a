"""Everything the terminal shows, as rich renderables. Nothing here runs a scenario.

Text that comes from a run (messages, reprs, source, output) is always wrapped in
`Text(...)`, never parsed as markup, and passes through `literal()` first, so that
control characters (ANSI escape sequences above all) are shown, not obeyed.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from debugdemo.modes import Mode

if TYPE_CHECKING:
    from debugdemo.doctor import DoctorReport
from debugdemo.records import Frame, Origin, RunResult, RunStatus, ScenarioResult
from debugdemo.scenario import Scenario

COLUMN_MIN_WIDTH = 58
MESSAGE_LINES = 6
OUTPUT_LINES = 8
LINE_CHARS = 300  # a longer line of a message or of output is cut, unless --full
CONTEXT_LINES = 1
PROBLEMS_SHOWN = 10

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides
# that can make source read differently from what runs.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_T = TypeVar("_T")


def mode_label(mode_id: str) -> str:
    try:
        mode = Mode(mode_id)
    except ValueError:
        return mode_id
    return f"{mode.value} · {mode.label}"


def visible(text: str) -> str:
    """`text` with every control character written as its Python escape (`\\x1b`, `\\r`)."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text.replace("\r\n", "\n"))


def literal(record: _T) -> _T:
    """A copy of a record (dataclass, list, dict or str) whose strings are all `visible()`."""
    value: Any = record
    if type(value) is str:  # not the str-valued enums
        value = visible(value)
    elif isinstance(value, list | tuple):
        value = type(value)(literal(v) for v in value)
    elif isinstance(value, dict):
        value = {literal(k): literal(v) for k, v in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: literal(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        value = dataclasses.replace(value, **changed)
    return value  # type: ignore[no-any-return]


# --- list -----------------------------------------------------------------------------


def scenario_table(scenarios: Sequence[Scenario]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("name", style="bold cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("modes", style="magenta")
    table.add_column("tags", style="dim")
    for s in literal(list(scenarios)):
        table.add_row(
            Text(s.name),
            Text(s.title),
            Text(", ".join(m.alias for m in s.modes)),
            Text(", ".join(s.tags)),
        )
    return table


def problems_panel(problems: Sequence[str]) -> Panel:
    """The problems found in scenario files, the first PROBLEMS_SHOWN of them."""
    lines = [f"• {visible(p)}" for p in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(f"… and {len(problems) - PROBLEMS_SHOWN} more ('debugdemo list --json' lists them all)")
    body = Text("\n".join(lines))
    return Panel(body, title=Text(f"{len(problems)} problem(s) in scenario files"), border_style="yellow")


# --- run ------------------------------------------------------------------------------


def paragraphs(text: str) -> str:
    """Docstring prose reflowed: lines of one paragraph joined, paragraphs kept apart."""
    blocks = [" ".join(block.split()) for block in text.strip().split("\n\n")]
    return "\n\n".join(b for b in blocks if b)


def header(result: ScenarioResult, explanation: str = "") -> Panel:
    result = literal(result)
    body = Text(paragraphs(visible(explanation)))
    title = Text(f"{result.scenario} — {result.title}", style="bold")
    return Panel(body, title=title, title_align="left", border_style="blue")


def outcome(run: RunResult, full: bool = False) -> Text:
    text = Text()
    if run.status is RunStatus.RAISED and run.exception is not None:
        text.append(run.exception.type, style="bold red")
        lines = run.exception.message.splitlines() or [""]
        shown = lines if full else lines[:MESSAGE_LINES]
        text.append(": ")
        text.append("\n".join(_clip(line, full) for line in shown))
        if len(lines) > len(shown):
            text.append(f"\n… {len(lines) - len(shown)} more lines (--full)", style="dim")
    elif run.status is RunStatus.RETURNED:
        text.append("returned normally — silent bug", style="bold yellow")
        if run.returned is not None:
            text.append("\nreturned: ")
            text.append(run.returned, style="yellow")
    elif run.status is RunStatus.UNDEFINED:
        text.append("not defined in this scenario", style="dim")
    else:
        text.append(run.status.value.upper(), style="bold magenta")
        if run.detail:
            text.append(f": {run.detail}")
    return text


def _clip(line: str, full: bool) -> str:
    """A line cut to LINE_CHARS, saying how much was cut: one huge line must not fill the screen."""
    if full or len(line) <= LINE_CHARS:
        return line
    return f"{line[:LINE_CHARS]}… ({len(line) - LINE_CHARS} more characters, --full)"


def verdict(run: RunResult, source: Sequence[str] = ()) -> Text:
    text = Text()
    bugs = ", ".join(str(n) for n in run.bug_lines)
    if run.status is not RunStatus.RAISED:
        if run.status is RunStatus.RETURNED and run.bug_lines:
            text.append(f"no error at all; bug at line {bugs}", style="yellow")
        return text
    where = run.surfaced_at
    if where is None:
        text.append("the error never reached the scenario's code", style="red")
        if bugs:
            text.append(f"; bug at line {bugs}")
        return text
    if run.points_at_bug:
        text.append("✔ points at the bug", style="bold green")
        text.append(f" (line {where.line})")
        return text
    code = _line(source, where.line)
    text.append("✘ surfaced at ", style="bold red")
    text.append(f"line {where.line}")
    if code:
        text.append(" (")
        text.append(code, style="cyan")
        text.append(")")
    if bugs:
        text.append(f", bug at line {bugs}")
    else:
        text.append(" (no # BUG marker)", style="dim")
    return text


def _line(source: Sequence[str], number: int) -> str:
    return source[number - 1].strip() if 0 < number <= len(source) else ""


def source_excerpt(run: RunResult, source: Sequence[str]) -> Text | None:
    """The scenario lines around the bug and where the error surfaced, both marked."""
    surfaced = run.surfaced_at.line if run.surfaced_at else None
    defined = {d.line for d in run.defined_at}
    marks = set(run.bug_lines) | ({surfaced} if surfaced else set()) | defined
    if not source or not marks:
        return None
    wanted = sorted(
        {n for m in marks for n in range(m - CONTEXT_LINES, m + CONTEXT_LINES + 1) if 0 < n <= len(source)}
    )
    width = len(str(wanted[-1]))
    text = Text()
    previous = None
    for number in wanted:
        if previous is not None and number != previous + 1:
            text.append(" " * width + "  ⋮\n", style="dim")
        previous = number
        if number == surfaced and number in run.bug_lines:
            marker, style = "▶", "bold green"
        elif number == surfaced:
            marker, style = "▶", "bold red"
        elif number in run.bug_lines:
            marker, style = "✗", "bold yellow"
        elif number in defined:
            marker, style = "◆", "bold blue"
        else:
            marker, style = " ", "dim"
        text.append(f"{number:>{width}} {marker} ", style=style)
        text.append(source[number - 1].rstrip() + "\n", style="" if marker != " " else "dim")
    legend = "▶ surfaced  ✗ # BUG" + ("  ◆ op defined" if defined else "")
    text.append(legend, style="dim")
    return text


def _package(frame: Frame) -> str:
    parts = Path(frame.file).parts
    for anchor in ("site-packages", "dist-packages"):
        if anchor in parts:
            i = parts.index(anchor)
            if i + 1 < len(parts):
                return parts[i + 1].removesuffix(".py")
    if frame.origin is Origin.PYTHON:
        return "python"
    return os.path.basename(frame.file) or frame.file


def frame_lines(frames: Sequence[Frame], full: bool, omitted: int = 0) -> Text:
    """Scenario frames with their code, other frames as one line per run, unless full.

    A frame repeated by recursion is shown once, with how many times it repeated.
    """
    # A very deep traceback is recorded as its first and last halves (extract.frames_of).
    gap = len(frames) // 2 if omitted else -1
    entries: list[Frame | None] = []  # None: where the unrecorded frames were
    for index, recorded in enumerate(frames):
        if index == gap:
            entries.append(None)
        if recorded.origin is not Origin.DEBUGDEMO:
            entries.append(recorded)
    text = Text()
    i = 0
    while i < len(entries):
        frame = entries[i]
        if frame is None:
            text.append(f"  … {omitted} frames in the middle, not recorded …\n", style="dim")
            i += 1
            continue
        if frame.origin is Origin.SCENARIO or full:
            style = "bold" if frame.origin is Origin.SCENARIO else "dim"
            place = "line" if frame.origin is Origin.SCENARIO else f"{_short_path(frame.file)}:"
            text.append(f"  {place} {frame.line}, in {frame.function}\n", style=style)
            if frame.code:
                text.append(f"    {frame.code}\n", style="cyan" if frame.origin is Origin.SCENARIO else "dim")
            j = i + 1
            while not full and j < len(entries) and entries[j] == frame:
                j += 1
            if j - i > 1:
                text.append(f"  ↻ the frame above repeated {j - i - 1} more times\n", style="dim")
            i = j
            continue
        j = i
        packages: list[str] = []
        while j < len(entries) and (other := entries[j]) is not None and other.origin is not Origin.SCENARIO:
            package = _package(other)
            if package not in packages:
                packages.append(package)
            j += 1
        count = j - i
        text.append(
            f"  … {count} frame{'s' if count != 1 else ''} inside {', '.join(packages)} …\n", style="dim"
        )
        i = j
    return text


def _short_path(path: str) -> str:
    parts = Path(path).parts
    for anchor in ("site-packages", "dist-packages"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) + 1 :])
    return path


def traceback_view(run: RunResult, source: Sequence[str], full: bool = False) -> Text | None:
    if run.exception is None:
        return None
    text = Text()
    for chained in run.exception.chain:
        relation = "caused" if chained.relation == "cause" else "while handling"
        text.append(f"{chained.type}", style="red")
        text.append(f" ({relation} it)", style="dim")
        text.append("\n")
        if full:
            text.append_text(frame_lines(chained.frames, full))
        else:
            yours = sum(1 for f in chained.frames if f.origin is Origin.SCENARIO)
            text.append(f"  {len(chained.frames)} frames, {yours} yours\n", style="dim")
    text.append(f"Traceback: {run.frames_yours} of {run.frames_total} frames yours\n", style="bold")
    text.append_text(frame_lines(run.frames, full, run.frames_omitted))
    for loc in run.defined_at:
        text.append("op defined at ", style="blue")
        text.append(f"line {loc.line}, in {loc.function}")
        code = _line(source, loc.line)
        if code:
            text.append(f"\n    {code}", style="cyan")
        text.append("\n")
    text.rstrip()
    return text


def breakpoints_view(run: RunResult) -> RenderableType | None:
    if not run.breakpoints:
        return None
    parts: list[RenderableType] = []
    for bp in run.breakpoints:
        hits = f"{bp.hits} hit{'s' if bp.hits != 1 else ''}"
        parts.append(Text(f"breakpoint() at line {bp.line} in {bp.function}: {hits}", style="bold"))
        if not bp.locals:
            continue
        table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False, show_header=True)
        table.add_column("local", style="cyan", no_wrap=True)
        table.add_column("kind")
        table.add_column("shape / dtype")
        table.add_column("value (first hit)", overflow="fold")
        for name, summary in bp.locals.items():
            kind_style = {"concrete": "green", "symbolic": "magenta"}.get(summary.kind.value, "dim")
            shape = " ".join(x for x in (summary.shape, summary.dtype) if x)
            value = summary.preview or ""
            if summary.value_error:
                value = (
                    f"{value}\nno value: {summary.value_error}"
                    if value
                    else f"no value: {summary.value_error}"
                )
            table.add_row(Text(name), Text(summary.kind.value, style=kind_style), Text(shape), Text(value))
        parts.append(table)
    return Group(*parts)


def output_view(run: RunResult, full: bool = False) -> Text | None:
    text = Text()
    for label, captured in (("stdout", run.stdout), ("stderr", run.stderr)):
        if not captured.strip():
            continue
        lines = captured.rstrip("\n").splitlines()
        shown = lines if full else lines[:OUTPUT_LINES]
        text.append(f"{label}:\n", style="bold")
        text.append("\n".join(f"  {_clip(line, full)}" for line in shown) + "\n")
        if len(lines) > len(shown):
            text.append(f"  … {len(lines) - len(shown)} more lines (--full)\n", style="dim")
    text.rstrip()
    return text if text.plain else None


def _section(title: str, body: RenderableType | None) -> Iterable[RenderableType]:
    if body is not None:
        yield Text(title, style="bold underline")
        yield body


def run_column(run: RunResult, source: Sequence[str], full: bool = False) -> Panel:
    run, source = literal(run), literal(list(source))
    parts: list[RenderableType] = [outcome(run, full)]
    judged = verdict(run, source)
    if judged.plain:
        parts.append(judged)
    for title, body in (
        (
            "source",
            source_excerpt(run, source) if run.status in (RunStatus.RAISED, RunStatus.RETURNED) else None,
        ),
        ("traceback", traceback_view(run, source, full)),
        ("breakpoints", breakpoints_view(run)),
        ("output", output_view(run, full)),
    ):
        parts.extend(_section(title, body))
    border = {RunStatus.RAISED: "red", RunStatus.RETURNED: "yellow"}.get(run.status, "magenta")
    return Panel(Group(*parts), title=Text(mode_label(run.mode), style="bold"), border_style=border)


def verdict_table(result: ScenarioResult) -> Table:
    result = literal(result)
    table = Table(title=Text("verdict"), box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column("measure", style="bold")
    for run in result.runs:
        table.add_column(Text(run.mode), overflow="fold")

    def row(label: str, cells: Iterable[str]) -> None:
        table.add_row(Text(label), *(Text(c) for c in cells))

    def outcome_cell(r: RunResult) -> str:
        if r.status is RunStatus.RAISED and r.exception:
            return r.exception.type
        return {"returned": "silent (returned)"}.get(r.status.value, r.status.value)

    def points(r: RunResult) -> str:
        if r.points_at_bug is None:
            return "—"
        if r.points_at_bug:
            return f"yes (line {r.surfaced_at.line})" if r.surfaced_at else "yes"
        return f"no (line {r.surfaced_at.line})" if r.surfaced_at else "no"

    runs = result.runs
    row("outcome", (outcome_cell(r) for r in runs))
    row("points at the bug", (points(r) for r in runs))
    row(
        "frames yours / total",
        (f"{r.frames_yours} / {r.frames_total}" if r.exception else "—" for r in runs),
    )
    row("phase", (r.phase.value if r.phase else "—" for r in runs))
    row("breakpoint hits", (str(r.breakpoint_hits) if r.breakpoints else "—" for r in runs))
    row("values at breakpoint", (r.breakpoint_values.value if r.breakpoint_values else "—" for r in runs))
    return table


def read_source(file: str) -> list[str]:
    """The scenario's lines, control characters made visible; [] when it cannot be read."""
    try:
        return [visible(line) for line in Path(file).read_text(encoding="utf-8").splitlines()]
    except (OSError, UnicodeDecodeError):
        return []


def scenario_view(
    result: ScenarioResult, width: int, explanation: str = "", full: bool = False
) -> RenderableType:
    """Header, one column per mode (stacked when the terminal is narrow), verdict table."""
    source = read_source(result.file)
    result = literal(result)
    columns = [run_column(run, source, full) for run in result.runs]
    if len(columns) > 1 and width >= COLUMN_MIN_WIDTH * len(columns):
        grid = Table.grid(expand=True, padding=(0, 1))
        for _ in columns:
            grid.add_column(ratio=1)
        grid.add_row(*columns)
        body: RenderableType = grid
    else:
        body = Group(*columns)
    return Group(header(result, explanation), body, verdict_table(result))


# --- doctor ---------------------------------------------------------------------------


def doctor_view(report: DoctorReport) -> Group:
    """Versions found, and for every mode whether it can run here."""
    report = literal(report)
    versions = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    versions.add_column("", style="bold")
    versions.add_column("installed")
    versions.add_column("imported by a worker")
    versions.add_row(Text("python"), Text(f"{report.python} ({report.executable})"), Text(""))
    versions.add_row(Text("debugdemo"), Text(report.debugdemo), Text(""))
    for fw in report.frameworks:
        dist = f"{fw.distribution} {fw.installed}" if fw.distribution else "not installed"
        if fw.version is not None:
            imports = Text(f"✔ {fw.version}", style="green")
            if fw.import_s is not None:
                imports.append(f" in {fw.import_s:.1f} s", style="dim")
        else:
            imports = Text(f"✘ {fw.problem}", style="red")
        versions.add_row(Text(fw.framework.value), Text(dist), imports)
    modes = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    modes.add_column("mode", style="bold", no_wrap=True)
    modes.add_column("framework")
    modes.add_column("can run here", overflow="fold")
    for mode, problem in report.modes.items():
        verdict = Text("✔ yes", style="green") if problem is None else Text(f"✘ {problem}", style="red")
        modes.add_row(Text(mode.value), Text(mode.framework.value), verdict)
    ready = sum(problem is None for problem in report.modes.values())
    summary = Text(
        f"{ready} of {len(report.modes)} modes can run here.",
        style="bold green" if report.all_ok else "bold yellow",
    )
    return Group(versions, Text(""), modes, Text(""), summary)
