"""`run`: a scenario's story, one column per mode, and the verdict table last.

`RunView` lays itself out for the width it is drawn at (`options.max_width`): the CLI, the
exports, a notebook and the studio draw the same object. By default it fits one screen;
`full=True` keeps every detail (the whole story, every frame, the full message, the locals
table, what the scenario printed).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich import box
from rich.console import Console, ConsoleOptions, Group, OverflowMethod, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from debugdemo import measures
from debugdemo.measures import MISTAKE, Outcome
from debugdemo.records import (
    FAILED_BEFORE_BUG,
    Frame,
    LocalSummary,
    Origin,
    RunResult,
    RunStatus,
    ScenarioResult,
    ValueKind,
)
from debugdemo.text import is_autograph_file, plural, short_path, site_relative, source_line
from debugdemo.views.common import Legend, grid, mode_label, paragraphs, unbounded_measure, visible, words
from debugdemo.views.palette import OUTCOME_BORDER, OUTCOME_STYLE, outcome_legend, reading_text

COLUMN_MIN_WIDTH = 45  # a mode's column in the default view: two side by side from 91 columns
FULL_COLUMN_MIN_WIDTH = 58  # with --full, tracebacks and locals tables need more
BRIEF_MESSAGE_LINES = 2
BRIEF_OUTPUT_LINES = 2
LINE_CHARS = 300  # a longer line of a message or of output is cut, unless --full
CONTEXT_LINES = 1


# --- the story ------------------------------------------------------------------------


def header(result: ScenarioResult, explanation: str = "", full: bool = False) -> RenderableType:
    """The title, and the story's first paragraph (all of it when full)."""
    story = paragraphs(visible(explanation))
    if not full:
        story = story.split("\n\n")[0]
    title = Text(f"{visible(result.scenario)} — {visible(result.title)}", style="bold")
    if not story:  # no story to tell: the title alone, on the panel's top line
        return Rule(title, align="left", style="blue")
    return Panel(Text(story), title=title, title_align="left", border_style="blue")


# --- the outcome ----------------------------------------------------------------------

_STACK_LINE = re.compile(r'^\s*File "[^"]*", line \d+, in \S+\s*$')
# Lines of a message that only introduce others: "Graph execution error:", "Node: 'MatMul'".
_LEAD_IN = re.compile(r"(:\s*$)|(^\s*Node: )|(^\s*\[\[)")
# TensorFlow's prefix naming the traced function an eager op ran in: "{{function_node __wrapped__…}}".
_FUNCTION_NODE = re.compile(r"^\s*\{\{function_node [^}]*\}\}")


def message_brief(lines: Sequence[str]) -> list[str]:
    """The exception line: the first line, and when it only introduces, the line that informs.

    "Graph execution error:" is followed by "Matrix size-incompatible: In[0]: [16,10], …";
    TF2's "{{function_node __wrapped__…}}" prefix is left to --full.
    """
    stripped = (_FUNCTION_NODE.sub("", line).strip() for line in lines if not _STACK_LINE.match(line))
    kept = [line for line in stripped if line]
    if not kept:
        return []
    shown = [kept[0]]
    if _LEAD_IN.search(kept[0]):
        informs = [line for line in kept[1:] if not _LEAD_IN.search(line)]
        shown += informs[:1]
    return shown[:BRIEF_MESSAGE_LINES]


def _clip(line: str, full: bool) -> str:
    """A line cut to LINE_CHARS, saying how much was cut: one huge line must not fill the screen."""
    if full or len(line) <= LINE_CHARS:
        return line
    return f"{line[:LINE_CHARS]}… ({len(line) - LINE_CHARS} more characters, --full)"


def outcome(run: RunResult, full: bool = False) -> Text:
    """The exception and its message, or how the run ended without one."""
    kind = Outcome.of(run)
    text = Text()
    if run.aid_detail:
        text.append("aid on: ", style="bold blue")
        text.append(run.aid_detail + "\n", style="blue")
    if run.status is RunStatus.RAISED and run.exception is not None:
        text.append(run.exception.type, style=OUTCOME_STYLE[kind])
        lines = run.exception.message.splitlines() or [""]
        shown = lines if full else message_brief(lines) or [""]
        text.append(": ")
        text.append("\n".join(_clip(line, full) for line in shown))
        if not full and len(lines) > len(shown):
            text.append(f" (+{len(lines) - len(shown)} lines, --full)", style="dim")
    elif run.status is RunStatus.RETURNED:
        if run.silent_bug:
            text.append("returned normally — silent bug", style=OUTCOME_STYLE[kind])
        else:
            text.append("returned normally — no # BUG in this mode: it works", style=OUTCOME_STYLE[kind])
        if run.returned is not None:
            text.append("\nreturned: ")
            text.append(run.returned, style="yellow")
    elif run.status is RunStatus.UNDEFINED:
        text.append("not defined in this scenario", style="dim")
    else:
        text.append(f"{kind.symbol} {run.status.value.upper()}", style=OUTCOME_STYLE[kind])
        if run.detail:
            text.append(f": {run.detail}")
    return text


def verdict(run: RunResult, source: Sequence[str] = ()) -> Text:
    """Where the error surfaced against where the bug is, in a sentence; and a constructed form
    or a scenario that failed before its bug, said first."""
    text = Text()
    if run.constructed:
        text.append(f"constructed for the contrast, not idiomatic code: {run.constructed}\n", style="magenta")
    if run.failed_before_bug:
        text.append(f"{MISTAKE} {FAILED_BEFORE_BUG}\n", style="bold magenta")
    text.append_text(_verdict(run, source))
    text.rstrip()
    return text


def _verdict(run: RunResult, source: Sequence[str]) -> Text:
    text = Text()
    bugs = ", ".join(str(n) for n in run.bug_lines)
    if run.status is not RunStatus.RAISED:
        if run.silent_bug:
            text.append(f"{Outcome.SILENT.symbol} no error at all; bug at line {bugs}", style="yellow")
        return text
    where = run.surfaced_at
    if where is None:
        text.append("✘ the error never reached the scenario's code", style="red")
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


# --- the source -----------------------------------------------------------------------


def source_excerpt(run: RunResult, source: Sequence[str], full: bool = True) -> RenderableType | None:
    """The scenario lines that matter: the bug, where the error surfaced, where the op was made.

    By default only the marked lines (and the breakpoint() lines), dedented, each cut to the
    column; `full` adds a line of context around each and wraps long lines.
    """
    surfaced = run.surfaced_at.line if run.surfaced_at else None
    defined = {d.line for d in run.defined_at}
    stops = {b.line for b in run.breakpoints}
    marks = set(run.bug_lines) | ({surfaced} if surfaced else set()) | defined
    if not source or not marks:
        return None
    context = CONTEXT_LINES if full else 0
    wanted = sorted(
        {n for m in marks | (stops if not full else set()) for n in range(m - context, m + context + 1)}
        & set(range(1, len(source) + 1))
    )
    indent = 0 if full else min(len(source[n - 1]) - len(source[n - 1].lstrip()) for n in wanted)
    width = len(str(wanted[-1]))
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, min_width=width + 2)
    overflow: OverflowMethod = "fold" if full else "ellipsis"
    table.add_column(overflow=overflow)  # wrapable, so that the grid narrows to the column
    previous = None
    for number in wanted:
        if previous is not None and number != previous + 1:
            table.add_row(Text(" " * width + " ⋮", style="dim"), Text(""))
        previous = number
        if number == surfaced and number in run.bug_lines:
            marker, style = "▶", "bold green"
        elif number == surfaced:
            marker, style = "▶", "bold red"
        elif number in run.bug_lines:
            marker, style = "✗", "bold yellow"
        elif number in defined:
            marker, style = "◆", "bold blue"
        elif number in stops:
            marker, style = "●", "bold magenta"
        else:
            marker, style = " ", "dim"
        code = source[number - 1].rstrip()[indent:]
        table.add_row(
            Text(f"{number:>{width}} {marker}", style=style),
            Text(code, style="" if marker != " " else "dim", no_wrap=not full, overflow=overflow),
        )
    if not full:
        return table
    legend = [
        label
        for label, present in (
            ("▶ surfaced", surfaced is not None),
            ("✗ # BUG", bool(run.bug_lines)),
            ("◆ op defined", bool(defined)),
        )
        if present
    ]
    return Group(table, Text("  ".join(legend), style="dim"))


# --- the traceback --------------------------------------------------------------------


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
        text.append(f"  … {plural(j - i, 'frame')} inside {', '.join(packages)} …\n", style="dim")
        i = j
    return text


def traceback_view(run: RunResult, source: Sequence[str], full: bool = False) -> Text | None:
    """The whole traceback (--full): chained exceptions, frames, where the op was defined."""
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


def frames_brief(run: RunResult) -> Text | None:
    """Frames yours / total in a line, and where the framework says the op was defined."""
    if run.exception is None:
        return None
    text = Text()
    text.append("frames: ", style="bold")
    text.append(f"{run.frames_yours} yours of {run.frames_total}")
    if run.exception.chain:  # Python prints each one: the counts take them all
        text.append(f" ({len(run.exception.chain) + 1} tracebacks)", style="dim")
    places = run.defined_lines
    if places:
        text.append("\n◆ op defined at ", style="blue")
        text.append(", ".join(f"line {line}" for line in places))
    return text


# --- breakpoints ----------------------------------------------------------------------


def _is_tensor(summary: LocalSummary) -> bool:
    return summary.kind is not ValueKind.OTHER


def breakpoints_view(run: RunResult, full: bool = True) -> RenderableType | None:
    """Each breakpoint's hits and a table of its locals, tensors first (--full).

    Not `full`: a framework's own temporaries (torch.compile's `tmp_2`) are named, not listed.
    """
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
        ordered = sorted(shown.items(), key=lambda item: not _is_tensor(item[1]))
        for name, summary in ordered:
            kind_style = {"concrete": "cyan", "symbolic": "magenta"}.get(summary.kind.value, "dim")
            shape = " ".join(x for x in (summary.shape, summary.dtype) if x)
            value = summary.preview or ""
            if summary.value_error:
                refusal = "as above" if summary.value_error in said else summary.value_error
                said.add(summary.value_error)
                value = f"{value}\nno value: {refusal}" if value else f"no value: {refusal}"
            table.add_row(Text(name), Text(summary.kind.value, style=kind_style), Text(shape), Text(value))
        parts.append(table)
    return Group(*parts)


def breakpoints_brief(run: RunResult) -> Group | None:
    """A line per breakpoint: hits, concrete or symbolic; under it the tensors' shapes, which
    wrap between tensors, never between a name and its shape."""
    if not run.breakpoints:
        return None
    parts: list[RenderableType] = []
    for bp in run.breakpoints:
        text = Text()
        text.append(f"● breakpoint() line {bp.line}: ", style="bold")
        text.append(plural(bp.hits, "hit"))
        kind = bp.value_kind
        if kind is not None:
            text.append(f" · {kind.value}", style="cyan" if kind is ValueKind.CONCRETE else "magenta")
        if bp.fired_in is not None:
            text.append(" · in generated code", style="magenta")
        parts.append(text)
        tensors = [(name, s) for name, s in bp.locals.items() if _is_tensor(s) and not s.temporary]
        if tensors:
            # "w1 (8,32) ·": a legend entry never wraps inside; a shape is written without spaces.
            shapes = [f"{name} {(s.shape or '?').replace(' ', '')}" for name, s in tensors]
            joined = [f"{shape} ·" for shape in shapes[:-1]] + shapes[-1:]
            parts.append(Legend([Text(entry, style="dim") for entry in joined], gap=1))
    return Group(*parts)


# --- graph breaks and output ----------------------------------------------------------


def graph_breaks_view(run: RunResult, full: bool = True) -> Text | None:
    """Where torch.compile fell back to Python: every reason (--full), or a line each."""
    if not run.graph_breaks:
        return None
    text = Text()
    for gb in run.graph_breaks:
        if not full:
            text.append("graph break ", style="magenta")
        if gb.line is not None:
            text.append(f"line {gb.line}", style="bold magenta")
            text.append(f" in {gb.function}: " if gb.function else ": ")
        reason = gb.reason if full else (gb.reason.splitlines() or [""])[0]
        text.append(reason + "\n")
    text.rstrip()
    if not full:
        text.no_wrap, text.overflow = True, "ellipsis"
    return text


def output_view(run: RunResult, full: bool = False) -> Text | None:
    """What the scenario printed: all of it (--full), or its first lines, cut to the column."""
    text = Text()
    for label, captured in (("stdout", run.stdout), ("stderr", run.stderr)):
        if not captured.strip():
            continue
        lines = captured.rstrip("\n").splitlines()
        shown = lines if full else lines[:BRIEF_OUTPUT_LINES]
        text.append(f"{label}:\n", style="bold")
        text.append("\n".join(f"  {_clip(line, full)}" for line in shown) + "\n")
        if len(lines) > len(shown):
            text.append(f"  … {plural(len(lines) - len(shown), 'more line')} (--full)\n", style="dim")
    text.rstrip()
    if not full:
        text.no_wrap, text.overflow = True, "ellipsis"
    return text if text.plain else None


# --- a mode's column ------------------------------------------------------------------


def _section(title: str, body: RenderableType | None) -> Iterable[RenderableType]:
    if body is not None:
        yield Text(title, style="bold underline")
        yield body


def run_column(run: RunResult, source: Sequence[str], full: bool = False) -> Panel:
    """One mode: what it raised, where, the lines that matter, frames and breakpoints."""
    parts: list[RenderableType] = [outcome(run, full)]
    judged = verdict(run, source if full else ())
    if judged.plain:
        parts.append(judged)
    shows_source = run.status in (RunStatus.RAISED, RunStatus.RETURNED)
    if full:
        for title, body in (
            ("source", source_excerpt(run, source) if shows_source else None),
            ("traceback", traceback_view(run, source, full)),
            ("breakpoints", breakpoints_view(run)),
            ("graph breaks (torch.compile fell back to Python)", graph_breaks_view(run)),
            ("output", output_view(run, full)),
        ):
            parts.extend(_section(title, body))
    else:
        for body in (
            source_excerpt(run, source, full=False) if shows_source else None,
            frames_brief(run),
            breakpoints_brief(run),
            graph_breaks_view(run, full=False),
            output_view(run, full=False),
        ):
            if body is not None:
                parts.append(body)
    border = OUTCOME_BORDER[Outcome.of(run)]
    return Panel(Group(*parts), title=Text(mode_label(run.mode), style="bold"), border_style=border)


# --- the verdict table ----------------------------------------------------------------


def verdict_table(result: ScenarioResult) -> Table:
    """Measures × modes, read from the vocabulary (measures.py); mode ids head the columns."""
    runs = result.runs
    table = Table(
        title=Text("verdict"), box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False, show_edge=False
    )
    table.add_column(words("measure"), style="bold")
    for run in runs:
        table.add_column(words(run.mode))
    for measure in measures.verdict_measures(runs):
        table.add_row(words(measure.label), *(reading_text(measure(r)) for r in runs))
    return table


def verdict_list(result: ScenarioResult) -> Table:
    """The same verdict for a narrow column: a block of measures per mode, one under another."""
    runs = result.runs
    table = Table(
        title=Text("verdict"), box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False, show_edge=False
    )
    table.add_column(words("measure"), style="bold", max_width=16)
    table.add_column(words("reading"))
    shown = measures.verdict_measures(runs)
    for run in runs:
        table.add_row(words(run.mode, "bold underline"), words(""))
        for i, measure in enumerate(shown):
            table.add_row(words(measure.label), reading_text(measure(run)), end_section=i == len(shown) - 1)
    return table


def verdict_view(result: ScenarioResult, console: Console, options: ConsoleOptions) -> Table:
    """The verdict table, or its list form when its columns cannot hold their words at this width."""
    table = verdict_table(result)
    if unbounded_measure(console, options, table).minimum <= options.max_width:
        return table
    return verdict_list(result)


# --- the whole view -------------------------------------------------------------------


def read_source(file: str) -> list[str]:
    """The scenario's lines, control characters made visible; [] when it cannot be read."""
    try:
        return [visible(line) for line in Path(file).read_text(encoding="utf-8").splitlines()]
    except (OSError, UnicodeDecodeError):
        return []


@dataclass
class RunView:
    """A scenario's runs: header, one column per mode, the verdict table last.

    Columns sit side by side when the width it is drawn at gives each COLUMN_MIN_WIDTH; else
    they go in rows of as many as fit (one: stacked). The verdict table always comes last: it
    is where the eye lands. Three to five modes at 120 columns: rows of two.

    Args:
        result: the runs, as the parent recorded them (text already sanitised).
        explanation: the scenario's story (its docstring after the title).
        full: every frame, the whole message and story, the locals table, the output.
    """

    result: ScenarioResult
    explanation: str = ""
    full: bool = False
    source: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.source = read_source(self.result.file)

    def per_row(self, width: int) -> int:
        """How many mode columns sit side by side at `width`."""
        minimum = FULL_COLUMN_MIN_WIDTH if self.full else COLUMN_MIN_WIDTH
        return max(1, min(len(self.result.runs), (width + 1) // (minimum + 1)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        columns = [run_column(run, self.source, self.full) for run in self.result.runs]
        per_row = self.per_row(width)
        yield header(self.result, self.explanation, self.full)
        for i in range(0, len(columns), per_row):
            row = columns[i : i + per_row]
            yield grid(row, per_row) if per_row > 1 else row[0]
        yield verdict_view(self.result, console, options)
        yield outcome_legend()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(40, options.max_width), options.max_width)
