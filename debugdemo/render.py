"""What `run`, `report`, `check` and `doctor` show, as rich renderables. Nothing here runs a scenario.

Text that comes from a run (messages, reprs, source, output) is always wrapped in
`Text(...)`, never parsed as markup, and passes through `literal()` first, so that
control characters (ANSI escape sequences above all) are shown, not obeyed. The views of
the fast commands (`list`, `show`, `new`) live in debugdemo/views/, which does not import
this module.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from debugdemo import messages
from debugdemo.expectations import Check, Outcome
from debugdemo.modes import Mode
from debugdemo.records import (
    FAILED_BEFORE_BUG,
    Frame,
    Origin,
    RunResult,
    RunStatus,
    ScenarioResult,
    ValueKind,
)
from debugdemo.scoreboard import Cell, Scoreboard
from debugdemo.text import is_autograph_file, plural, short_path, site_relative, source_line
from debugdemo.views.common import (
    COLUMN_MIN_WIDTH,
    alias,
    expect_value,
    grid,
    literal,
    mode_label,
    paragraphs,
    visible,
)
from debugdemo.views.listing import problems_panel

__all__ = ["problems_panel", "visible"]  # re-exported: commands and tests import them from here

if TYPE_CHECKING:
    from debugdemo.doctor import DoctorReport

MESSAGE_LINES = 6
OUTPUT_LINES = 8
LINE_CHARS = 300  # a longer line of a message or of output is cut, unless --full
CONTEXT_LINES = 1


# --- run ------------------------------------------------------------------------------


def header(result: ScenarioResult, explanation: str = "") -> Panel:
    result = literal(result)
    body = Text(paragraphs(visible(explanation)))
    title = Text(f"{result.scenario} — {result.title}", style="bold")
    return Panel(body, title=title, title_align="left", border_style="blue")


def outcome(run: RunResult, full: bool = False) -> Text:
    text = Text()
    if run.aid_detail:
        text.append("aid on: ", style="bold blue")
        text.append(run.aid_detail + "\n", style="blue")
    if run.status is RunStatus.RAISED and run.exception is not None:
        text.append(run.exception.type, style="bold red")
        text.append(": ")
        if full:
            text.append(run.exception.message)
        else:
            defined = [(d.file, d.line) for d in run.defined_at]
            summary = messages.summarise(run.exception.message, defined)
            for i, line in enumerate(summary.lines):
                text.append("\n" if i else "")
                text.append(_clip(line, full), style="dim" if i in summary.markers else "")
            if summary.hidden:
                text.append(f"\n… {summary.hidden} more lines (--full)", style="dim")
    elif run.status is RunStatus.RETURNED:
        if run.silent_bug:
            text.append("returned normally — silent bug", style="bold yellow")
        else:
            text.append("returned normally — no # BUG in this mode: it works", style="bold green")
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
    if run.constructed:
        text.append(f"constructed for the contrast, not idiomatic code: {run.constructed}\n", style="magenta")
    if run.failed_before_bug:
        text.append(f"⚠ {FAILED_BEFORE_BUG}\n", style="bold magenta")
    text.append_text(_verdict(run, source))
    text.rstrip()
    return text


def _verdict(run: RunResult, source: Sequence[str]) -> Text:
    text = Text()
    bugs = ", ".join(str(n) for n in run.bug_lines)
    if run.status is not RunStatus.RAISED:
        if run.silent_bug:
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
    code = source_line(source, where.line)
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
    legend = [
        label
        for label, present in (
            ("▶ surfaced", surfaced is not None),
            ("✗ # BUG", bool(run.bug_lines)),
            ("◆ op defined", bool(defined)),
        )
        if present
    ]
    text.append("  ".join(legend), style="dim")
    return text


def _package(frame: Frame) -> str:
    if is_autograph_file(frame.file):
        return "AutoGraph-generated code"
    if inside := site_relative(frame.file):
        return inside.split("/")[0].removesuffix(".py")
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
            place = "line" if frame.origin is Origin.SCENARIO else f"{short_path(frame.file)}:"
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
        text.append(f"  … {plural(count, 'frame')} inside {', '.join(packages)} …\n", style="dim")
        i = j
    return text


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
            text.append(
                f" raised first: {chained.frames_total} frames, {chained.frames_yours} yours\n", style="dim"
            )
        relation = (
            "which directly caused" if chained.relation == "cause" else "while handling it, Python raised"
        )
        text.append(f"  ↳ {relation}:\n", style="dim")
    text.append(
        f"Traceback: {run.raised_frames_yours} of {run.raised_frames_total} frames yours\n", style="bold"
    )
    text.append_text(frame_lines(run.frames, full, run.frames_omitted))
    for loc in run.defined_at:
        text.append("op defined at ", style="blue")
        text.append(f"line {loc.line}, in {loc.function}")
        code = source_line(source, loc.line)
        if code:
            text.append(f"\n    {code}", style="cyan")
        text.append("\n")
    text.rstrip()
    return text


def breakpoints_view(run: RunResult, full: bool = False) -> RenderableType | None:
    if not run.breakpoints:
        return None
    parts: list[RenderableType] = []
    for bp in run.breakpoints:
        hits = plural(bp.hits, "hit")
        parts.append(Text(f"breakpoint() at line {bp.line} in {bp.function}: {hits}", style="bold"))
        if bp.fired_in is not None:
            parts.append(
                Text(
                    f"ran in generated code: {bp.fired_in.function}, line {bp.fired_in.line} of "
                    f"{os.path.basename(bp.fired_in.file)}",
                    style="magenta",
                )
            )
        shown = {n: v for n, v in bp.locals.items() if full or not v.temporary}
        hidden = [n for n in bp.locals if n not in shown]
        if hidden:
            parts.append(Text(f"framework temporaries not shown: {', '.join(hidden)} (--full)", style="dim"))
        if not shown:
            continue
        table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False, show_header=True)
        table.add_column("local", style="cyan", no_wrap=True)
        table.add_column("kind")
        table.add_column("shape / dtype")
        table.add_column("value (first hit)", overflow="fold")
        said: set[str] = set()  # a refusal seen once is "as above" afterwards: one per kind of tensor
        for name, summary in shown.items():
            kind_style = {"concrete": "green", "symbolic": "magenta"}.get(summary.kind.value, "dim")
            shape = " ".join(x for x in (summary.shape, summary.dtype) if x)
            value = summary.preview or ""
            if summary.value_error:
                refusal = "as above" if summary.value_error in said else summary.value_error
                said.add(summary.value_error)
                value = f"{value}\nno value: {refusal}" if value else f"no value: {refusal}"
            table.add_row(Text(name), Text(summary.kind.value, style=kind_style), Text(shape), Text(value))
        parts.append(table)
    return Group(*parts)


def graph_breaks_view(run: RunResult) -> Text | None:
    if not run.graph_breaks:
        return None
    text = Text()
    for gb in run.graph_breaks:
        if gb.line is not None:
            text.append(f"line {gb.line}", style="bold magenta")
            text.append(f" in {gb.function}: " if gb.function else ": ")
        text.append(gb.reason + "\n")
    text.rstrip()
    return text


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
        ("breakpoints", breakpoints_view(run, full)),
        ("graph breaks (torch.compile fell back to Python)", graph_breaks_view(run)),
        ("output", output_view(run, full)),
    ):
        parts.extend(_section(title, body))
    border = {RunStatus.RAISED: "red", RunStatus.RETURNED: "yellow"}.get(run.status, "magenta")
    return Panel(Group(*parts), title=Text(mode_label(run.mode), style="bold"), border_style=border)


def verdict_table(result: ScenarioResult, compact: bool = False) -> Table:
    """Measures × modes. `compact`: short mode aliases as headers, and no edge padding."""
    result = literal(result)
    table = Table(title=Text("verdict"), box=box.SIMPLE_HEAVY, title_justify="left", pad_edge=not compact)
    table.add_column("measure", style="bold", no_wrap=True)
    for run in result.runs:
        table.add_column(Text(alias(run.mode) if compact else run.mode), overflow="fold")

    def row(label: str, cells: Iterable[str]) -> None:
        table.add_row(Text(label), *(Text(c) for c in cells))

    def outcome_cell(r: RunResult) -> str:
        if r.status is RunStatus.RAISED and r.exception:
            return r.exception.type
        if r.status is RunStatus.RETURNED:
            return "silent (returned)" if r.silent_bug else "works (returned)"
        return r.status.value

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
        "frames yours / total"
        + (" (all tracebacks)" if any(r.exception and r.exception.chain for r in runs) else ""),
        (f"{r.frames_yours} / {r.frames_total}" if r.exception else "—" for r in runs),
    )
    row(
        "framework names line",
        (", ".join(str(n) for n in r.defined_lines) if r.defined_at else "—" for r in runs),
    )
    row("phase", (r.phase.value if r.phase else "—" for r in runs))
    row("breakpoint hits", (str(r.breakpoint_hits) if r.breakpoints else "—" for r in runs))
    row("values at breakpoint", (r.breakpoint_values.value if r.breakpoint_values else "—" for r in runs))
    if any(r.mode == Mode.TORCH_COMPILE.value for r in runs):
        row(
            "graph breaks",
            (_graph_break_cell(r) if r.mode == Mode.TORCH_COMPILE.value else "—" for r in runs),
        )
    if any(r.aid_detail for r in runs):
        row("debugging aid", ("on" if r.aid_detail else "off" for r in runs))
    return table


def _graph_break_cell(run: RunResult) -> str:
    lines = [str(g.line) for g in run.graph_breaks if g.line is not None]
    count = str(len(run.graph_breaks))
    return f"{count} (line {', '.join(lines)})" if lines else count


def read_source(file: str) -> list[str]:
    """The scenario's lines, control characters made visible; [] when it cannot be read."""
    try:
        return [visible(line) for line in Path(file).read_text(encoding="utf-8").splitlines()]
    except (OSError, UnicodeDecodeError):
        return []


def scenario_view(
    result: ScenarioResult, width: int, explanation: str = "", full: bool = False
) -> RenderableType:
    """Header, one column per mode, verdict table.

    Columns sit side by side when the terminal is wide enough for all of them. When it is
    not, they go in rows of as many as fit (one: stacked), and the verdict table comes
    first, so that three to five modes can still be compared at a glance.
    """
    source = read_source(result.file)
    result = literal(result)
    columns = [run_column(run, source, full) for run in result.runs]
    per_row = max(1, min(len(columns), width // COLUMN_MIN_WIDTH))
    rows = [columns[i : i + per_row] for i in range(0, len(columns), per_row)]
    body = Group(*(grid(row, per_row) if per_row > 1 else row[0] for row in rows))
    if len(rows) == 1:
        return Group(header(result, explanation), body, verdict_table(result))
    return Group(header(result, explanation), verdict_table(result, compact=per_row < 3), body)


# --- report ---------------------------------------------------------------------------

SCOREBOARD_MEASURES = ("outcome", "at bug", "phase", "frames", "breakpoint")
SCOREBOARD_LEGEND = (
    "at bug: the error surfaced on a # BUG line · phase: TF1 graph build or Session.run · "
    "frames: yours / total, chained tracebacks included · breakpoint: the values a breakpoint() saw"
)


def _outcome_cell(cell: Cell) -> Text:
    style = {
        RunStatus.RAISED: "bold red",
        RunStatus.RETURNED: "bold yellow",
        RunStatus.UNDEFINED: "dim",
    }.get(cell.status, "bold magenta")
    text = Text(cell.outcome, style=style)
    if cell.failed_before_bug:
        text.append(" ⚠ scenario mistake", style="magenta")
    if cell.constructed:
        text.append(" (constructed)", style="magenta")
    return text


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
    title = Text(f"scoreboard: {plural(len(board.rows), 'scenario')} × {plural(len(board.modes), 'mode')}")
    title.stylize("bold")
    if not board.rows:
        return Group(title, Text("No scenarios to run.", style="dim"))
    table: Table = _wide_scoreboard(board)
    measuring = Console(width=10_000, file=io.StringIO(), color_system=None)
    if Measurement.get(measuring, measuring.options, table).maximum > width:
        table = _tall_scoreboard(board)
    return Group(title, table, Text(SCOREBOARD_LEGEND, style="dim"), Text(""), scoreboard_totals(board))


# --- check ----------------------------------------------------------------------------

_OUTCOME_CELLS = {
    Outcome.HELD: ("✔ held", "bold green"),
    Outcome.MISMATCH: ("✘ mismatch", "bold red"),
    Outcome.NO_EXPECTATION: ("– no expectation", "dim"),
}
NOTE_WIDTH = 80


def check_table(checks: Sequence[Check]) -> Table:
    """Every expectation checked: what EXPECT said, what the run showed, whether it held."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("scenario", style="bold cyan", no_wrap=True)
    table.add_column("mode", style="magenta", no_wrap=True)
    table.add_column("expectation", no_wrap=True)
    table.add_column("expected", overflow="fold")
    table.add_column("actual", overflow="fold")
    table.add_column("result", no_wrap=True)
    previous = None
    for check in checks:
        label, style = _OUTCOME_CELLS[check.outcome]
        actual = Text()
        if check.outcome is not Outcome.NO_EXPECTATION:
            if check.actual is not None:
                actual.append(expect_value(check.key, check.actual))
            else:
                actual.append("returned normally" if check.key == "raises" and not check.note else "—")
        if check.note and check.key != "bug_reached":  # that note is a sentence under the table
            note = check.note if len(check.note) <= NOTE_WIDTH else check.note[: NOTE_WIDTH - 1] + "…"
            actual.append(f" ({note})", style="dim")
        table.add_row(
            Text(check.scenario if check.scenario != previous else ""),
            Text(check.mode.value),
            Text(check.key or "—"),
            Text(expect_value(check.key, check.expected)),
            actual,
            Text(label, style=style),
        )
        previous = check.scenario
    return table


def check_summary(checks: Sequence[Check], invalid: int = 0) -> Text:
    """One line: how many expectations held, failed, or were never declared."""
    counts = {outcome: sum(1 for c in checks if c.outcome is outcome) for outcome in Outcome}
    held, failed, undeclared = counts[Outcome.HELD], counts[Outcome.MISMATCH], counts[Outcome.NO_EXPECTATION]
    scenarios = len({c.scenario for c in checks})
    text = Text()
    text.append(
        f"{held} held, {plural(failed, 'mismatch', 'mismatches')}",
        style="bold red" if failed or invalid else "bold green",
    )
    text.append(f" across {plural(scenarios, 'scenario')}")
    if undeclared:
        text.append(f"; {plural(undeclared, 'mode')} with no expectation", style="yellow")
    if invalid:
        text.append(f"; {plural(invalid, 'invalid scenario file')}", style="bold red")
    for check in checks:
        if check.key == "bug_reached" and check.outcome is Outcome.MISMATCH:
            text.append(f"\n⚠ {check.scenario} {check.mode.value}: {check.note}", style="bold magenta")
    return text


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
        if not fw.distribution:
            dist = "not installed"
        elif fw.distribution == fw.framework.value:
            dist = str(fw.installed)  # "torch 2.13.0" in the torch row says torch twice
        else:
            dist = f"{fw.installed} (as {fw.distribution})"  # e.g. tensorflow-cpu
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
