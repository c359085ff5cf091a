"""Everything the terminal shows, as rich renderables. Nothing here runs a scenario.

Text that comes from a run (messages, reprs, source, output) is always wrapped in
`Text(...)`, never parsed as markup.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from debugdemo.modes import Mode
from debugdemo.records import Frame, Origin, RunResult, RunStatus, ScenarioResult, ValueKind
from debugdemo.scenario import Scenario
from debugdemo.scoreboard import Cell, Scoreboard

COLUMN_MIN_WIDTH = 58
MESSAGE_LINES = 6
OUTPUT_LINES = 8
CONTEXT_LINES = 1


def mode_label(mode_id: str) -> str:
    try:
        mode = Mode(mode_id)
    except ValueError:
        return mode_id
    return f"{mode.value} · {mode.label}"


# --- list -----------------------------------------------------------------------------


def scenario_table(scenarios: Sequence[Scenario]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("name", style="bold cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("modes", style="magenta")
    table.add_column("tags", style="dim")
    for s in scenarios:
        table.add_row(
            Text(s.name),
            Text(s.title),
            Text(", ".join(m.alias for m in s.modes)),
            Text(", ".join(s.tags)),
        )
    return table


def problems_panel(problems: Sequence[str]) -> Panel:
    body = Text("\n".join(f"• {p}" for p in problems))
    return Panel(body, title=Text(f"{len(problems)} problem(s) in scenario files"), border_style="yellow")


# --- run ------------------------------------------------------------------------------


def paragraphs(text: str) -> str:
    """Docstring prose reflowed: lines of one paragraph joined, paragraphs kept apart."""
    blocks = [" ".join(block.split()) for block in text.strip().split("\n\n")]
    return "\n\n".join(b for b in blocks if b)


def header(result: ScenarioResult, explanation: str = "") -> Panel:
    body = Text(paragraphs(explanation))
    title = Text(f"{result.scenario} — {result.title}", style="bold")
    return Panel(body, title=title, title_align="left", border_style="blue")


def outcome(run: RunResult, full: bool = False) -> Text:
    text = Text()
    if run.status is RunStatus.RAISED and run.exception is not None:
        text.append(run.exception.type, style="bold red")
        lines = run.exception.message.splitlines() or [""]
        shown = lines if full else message_summary(lines)
        text.append(": ")
        text.append("\n".join(shown))
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


_STACK_LINE = re.compile(r'^\s*File "[^"]*", line \d+, in \S+\s*$')


def message_summary(lines: Sequence[str]) -> list[str]:
    """The first lines of a message that say something: stack listings and blanks dropped.

    TensorFlow puts whole stacks (runner frames included) into its messages; --full shows them.
    """
    kept = [line for line in lines if line.strip() and not _STACK_LINE.match(line)]
    return kept[:MESSAGE_LINES]


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
    """Scenario frames with their code; runs of other frames as one line each unless full."""
    text = Text()
    visible = [f for f in frames if f.origin is not Origin.DEBUGDEMO]
    i = 0
    while i < len(visible):
        frame = visible[i]
        if frame.origin is Origin.SCENARIO or full:
            style = "bold" if frame.origin is Origin.SCENARIO else "dim"
            place = "line" if frame.origin is Origin.SCENARIO else f"{_short_path(frame.file)}:"
            text.append(f"  {place} {frame.line}, in {frame.function}\n", style=style)
            if frame.code:
                text.append(f"    {frame.code}\n", style="cyan" if frame.origin is Origin.SCENARIO else "dim")
            i += 1
            continue
        j = i
        packages: list[str] = []
        while j < len(visible) and visible[j].origin is not Origin.SCENARIO:
            package = _package(visible[j])
            if package not in packages:
                packages.append(package)
            j += 1
        count = j - i
        text.append(
            f"  … {count} frame{'s' if count != 1 else ''} inside {', '.join(packages)} …\n", style="dim"
        )
        i = j
    if omitted:
        text.append(f"  ({omitted} frames in the middle of this traceback not recorded)\n", style="dim")
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
        text.append(chained.type, style="red")
        if full:
            text.append(" raised first\n", style="dim")
            text.append_text(frame_lines(chained.frames, full))
        else:
            yours = sum(1 for f in chained.frames if f.origin is Origin.SCENARIO)
            text.append(f" raised first: {len(chained.frames)} frames, {yours} yours\n", style="dim")
        relation = (
            "which directly caused" if chained.relation == "cause" else "while handling it, Python raised"
        )
        text.append(f"  ↳ {relation}:\n", style="dim")
    yours = len(run.user_frames)
    text.append(f"Traceback: {yours} of {run.frames_total} frames yours\n", style="bold")
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
        text.append("\n".join(f"  {line}" for line in shown) + "\n")
        if len(lines) > len(shown):
            text.append(f"  … {len(lines) - len(shown)} more lines (--full)\n", style="dim")
    text.rstrip()
    return text if text.plain else None


def _section(title: str, body: RenderableType | None) -> Iterable[RenderableType]:
    if body is not None:
        yield Text(title, style="bold underline")
        yield body


def run_column(run: RunResult, source: Sequence[str], full: bool = False) -> Panel:
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
        (f"{len(r.user_frames)} / {r.frames_total}" if r.exception else "—" for r in runs),
    )
    row("phase", (r.phase.value if r.phase else "—" for r in runs))
    row("breakpoint hits", (str(r.breakpoint_hits) if r.breakpoints else "—" for r in runs))
    row("values at breakpoint", (r.breakpoint_values.value if r.breakpoint_values else "—" for r in runs))
    return table


def read_source(file: str) -> list[str]:
    try:
        return Path(file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def scenario_view(
    result: ScenarioResult, width: int, explanation: str = "", full: bool = False
) -> RenderableType:
    """Header, one column per mode (stacked when the terminal is narrow), verdict table."""
    source = read_source(result.file)
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


# --- report ---------------------------------------------------------------------------

SCOREBOARD_MEASURES = ("outcome", "at bug", "phase", "frames", "breakpoint")
SCOREBOARD_LEGEND = (
    "at bug: the error surfaced on a # BUG line · phase: TF1 graph build or Session.run · "
    "frames: yours / total · breakpoint: the values a breakpoint() saw"
)


def _outcome_cell(cell: Cell) -> Text:
    style = {
        RunStatus.RAISED: "bold red",
        RunStatus.RETURNED: "bold yellow",
        RunStatus.UNDEFINED: "dim",
    }.get(cell.status, "bold magenta")
    return Text(cell.outcome, style=style)


def _measure_cells(cell: Cell) -> list[Text]:
    """The cells after the outcome: at bug, phase, frames, breakpoint values."""
    if cell.points_at_bug is None:
        at_bug = Text("—", style="dim")
    elif cell.points_at_bug:
        at_bug = Text("✔ yes", style="bold green")
    else:
        at_bug = Text("✘ no", style="bold red")
    phase = Text(cell.phase.value if cell.phase else "—", style="" if cell.phase else "dim")
    frames = (
        Text(f"{cell.frames_yours} / {cell.frames_total}")
        if cell.frames_total is not None
        else Text("—", style="dim")
    )
    values = cell.breakpoint_values
    seen = Text(
        values.value if values else "—",
        style={ValueKind.CONCRETE: "green", ValueKind.SYMBOLIC: "magenta"}.get(values, "dim")
        if values
        else "dim",
    )
    return [at_bug, phase, frames, seen]


def _wide_scoreboard(board: Scoreboard) -> Table:
    """A row per scenario, a group of measure columns per mode."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(Text("\nscenario"), style="bold cyan", no_wrap=True)
    for mode in board.modes:
        for i, measure in enumerate(SCOREBOARD_MEASURES):
            head = Text(f"{mode}\n" if i == 0 else "\n", style="bold")
            head.append(measure, style="not bold")
            table.add_column(head, no_wrap=True)
    for row in board.rows:
        cells: list[Text] = [Text(row.scenario)]
        for cell in row.cells:
            cells += [_outcome_cell(cell), *_measure_cells(cell)]
        table.add_row(*cells)
    return table


def _tall_scoreboard(board: Scoreboard) -> Table:
    """A line per scenario and mode: fits narrow terminals and any number of modes."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("scenario", style="bold cyan", overflow="fold")
    table.add_column("mode", style="bold", no_wrap=True)
    for measure in SCOREBOARD_MEASURES:
        table.add_column(measure, overflow="fold")
    for row in board.rows:
        for i, cell in enumerate(row.cells):
            table.add_row(
                Text(row.scenario if i == 0 else ""),
                Text(cell.mode),
                _outcome_cell(cell),
                *_measure_cells(cell),
                end_section=i == len(row.cells) - 1,
            )
    return table


def scoreboard_totals(board: Scoreboard) -> Text:
    text = Text()
    for line in board.total_lines():
        label, _, rest = line.partition(": ")
        text.append(f"{label}: ", style="bold")
        text.append(rest + "\n")
    text.rstrip()
    return text


def scoreboard_view(board: Scoreboard, width: int) -> RenderableType:
    """The scoreboard table (a row per scenario when it fits the width) and the totals."""
    title = Text(f"scoreboard: {_count(len(board.rows), 'scenario')} × {_count(len(board.modes), 'mode')}")
    title.stylize("bold")
    if not board.rows:
        return Group(title, Text("No scenarios to run.", style="dim"))
    table: Table = _wide_scoreboard(board)
    measuring = Console(width=10_000, file=io.StringIO(), color_system=None)
    if Measurement.get(measuring, measuring.options, table).maximum > width:
        table = _tall_scoreboard(board)
    return Group(title, table, Text(SCOREBOARD_LEGEND, style="dim"), Text(""), scoreboard_totals(board))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
