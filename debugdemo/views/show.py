"""`show`: a scenario's source per mode, side by side, bug lines and breakpoints marked.

The source is coloured by a small highlighter, one regular expression, in the colours of
rich's "ansi_dark" theme (the terminal's own palette, readable on dark and light
backgrounds). pygments, which rich's Syntax uses, costs about 50 ms to import and to
build its Python lexer, and the standard library's `tokenize` about 10 ms for a scenario:
half again, or a tenth of, the import of typer and rich, for one screen.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise

from rich.box import ROUNDED, Box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text

from debugdemo.modes import Mode
from debugdemo.scenario import FunctionSpan, Scenario
from debugdemo.views.common import expect_value, grid, mode_label, paragraphs, visible

KEYWORD = "bright_blue"
OPERATOR_WORD = "bright_magenta"
BUILTIN = "bright_cyan"
FUNCTION = "bright_green"
CLASS = "bright_green underline"
NAMESPACE = "bright_cyan underline"
DECORATOR = "bold bright_magenta"
STRING = "yellow"
NUMBER = "bright_blue"
COMMENT = "dim"

COLUMN_MIN_WIDTH = 58  # a mode's source panel: narrower, the panels are stacked

_OPERATOR_WORDS = frozenset({"and", "or", "not", "in", "is"})
_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_")) | {"self", "cls"}
# One token of Python source: a string literal (with its prefix, over lines when
# triple-quoted), a comment, a number, a name, a line break or one other character.
_TOKEN = re.compile(
    r"""(?P<string>(?:\b[rRbBuUfF]{1,2})?(?:'\''(?:\\.|[^\\])*?'\''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))"""
    r"|(?P<comment>\#[^\n]*)"
    r"|(?P<number>(?<![\w.])(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?[jJ]?))"
    r"|(?P<name>[^\W\d]\w*)"
    r"|(?P<newline>\n)"
    r"|(?P<other>[^\s\w])",
    re.DOTALL,
)


def _styles(source: str) -> Iterable[tuple[str, int, int]]:
    """(style, start, end) of each token of `source` that gets a colour."""
    context = ""  # what the keyword before opened: def, class, from, import, @ (a decorator)
    previous = "\n"  # the previous token's text, comments left out
    for match in _TOKEN.finditer(source):
        kind, word, style = match.lastgroup, match.group(), ""
        if kind == "comment":
            yield COMMENT, match.start(), match.end()
            continue
        if kind == "newline":
            context = ""
        elif kind == "string":
            style = STRING
        elif kind == "number":
            style = NUMBER
        elif kind == "other":
            if (word == "@" and previous == "\n") or (context == "@" and word == "."):
                context, style = "@", DECORATOR
            elif word == "\\":  # a continued line: the statement goes on
                continue
            elif context not in ("from", "import") or word not in (".", ","):
                context = ""
        elif keyword.iskeyword(word):
            style = OPERATOR_WORD if word in _OPERATOR_WORDS else KEYWORD
            if word == "import" and context == "from":
                context = "imported"  # from x import y: y is a plain name
            elif word in ("def", "class", "from", "import"):
                context = word
            elif word != "as":
                context = ""
        elif context in ("def", "class"):
            style, context = (FUNCTION if context == "def" else CLASS), ""
        elif context in ("from", "import"):
            style = NAMESPACE
        elif context == "@":
            style = DECORATOR
        elif word in _BUILTINS and previous != ".":
            style = BUILTIN
        if style:
            yield style, match.start(), match.end()
        previous = word


def highlighted_lines(source: str) -> list[Text]:
    """The lines of `source` (control characters made visible), coloured as a whole, so that
    a string over several lines is coloured on each of them.

    Each token's span goes straight to the line (or lines) it lies on: `Text.split` would
    find the same spans by searching every span for every line, at twice the cost.
    """
    source = visible(source)
    texts = source.split("\n")
    lines = [Text(text) for text in texts]
    starts = [0]  # where each line begins in `source`
    for text in texts[:-1]:
        starts.append(starts[-1] + len(text) + 1)
    first = 0  # the line the current token starts on: tokens come in order
    for style, start, end in _styles(source):
        while first + 1 < len(starts) and starts[first + 1] <= start:
            first += 1
        at = first
        while True:  # a triple-quoted string may go on over several lines
            offset = starts[at]
            stop = min(end, offset + len(texts[at]))
            if stop > start:
                lines[at].spans.append(Span(start - offset, stop - offset, style))
            if end <= stop + 1 or at + 1 == len(lines):
                break
            at, start = at + 1, starts[at + 1]
    return lines


def highlighted_spans(source: str, spans: Iterable[FunctionSpan]) -> dict[int, Text]:
    """The coloured lines of each top-level function in `spans`, by line number.

    A whole `def` is a complete statement, so each is coloured on its own: the module's
    docstring and data, which `show` does not print, are never read.
    """
    lines = source.split("\n")
    shown: dict[int, Text] = {}
    for span in spans:
        if span.first_line in shown:
            continue
        block = highlighted_lines("\n".join(lines[span.first_line - 1 : span.last_line]))
        shown.update(enumerate(block, span.first_line))
    return shown


class SourcePanel:
    """A rounded panel of numbered source lines: a gutter (number and mark), a space, the
    code; a line too long for the width folds under the code, never under the gutter.

    It draws what `Panel(Group(Table.grid(gutter, code), note))` draws, line for line, in
    one pass: through a Panel, its padding, a group and a table, every segment of coloured
    source passes five layers of rich's line splitting, the larger part of `show`'s time.
    """

    def __init__(
        self,
        title: Text,
        rows: list[tuple[Text, Text]],
        note: Text | None,
        border: str,
        title_align: str = "center",
    ) -> None:
        self.title, self.rows, self.note, self.border = title, rows, note, border
        self.title_align = title_align

    def _gutter_width(self) -> int:
        return max((cell_len(gutter.plain) for gutter, _ in self.rows), default=0)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        code = max((cell_len(code.plain.expandtabs()) for _, code in self.rows), default=0)
        note = max((cell_len(line) for line in self.note.plain.split("\n")), default=0) if self.note else 0
        widest = max(self._gutter_width() + 1 + code, note, cell_len(self.title.plain) + 2)
        return Measurement(widest + 4, widest + 4).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        box = ROUNDED.substitute(options, safe=console.safe_box)
        border = console.get_style(self.border)
        width = options.max_width
        inner = max(1, width - 4)  # a border and a space of padding on each side
        yield from self._top(console, box, border, width)
        left, right = Segment(box.mid_left, border), [Segment(box.mid_right, border), Segment.line()]
        space = Segment(" ")
        for line in self._lines(console, inner):
            yield left
            yield space
            yield from line
            yield space
            yield from right
        yield Segment(box.get_bottom([width - 2]), border)
        yield Segment.line()

    def _top(self, console: Console, box: Box, border: Style, width: int) -> RenderResult:
        title = self.title.copy()
        title.plain = title.plain.replace("\n", " ")
        title.pad(1)
        title.stylize_before(border)
        title.truncate(width - 4)
        excess = width - 4 - cell_len(title.plain)
        before = excess // 2 if self.title_align == "center" else 0
        yield Segment(box.top_left + box.top + box.top * before, border)
        yield from _segments(console, title)
        yield Segment(box.top * (excess - before) + box.top + box.top_right, border)
        yield Segment.line()

    def _lines(self, console: Console, inner: int) -> Iterable[list[Segment]]:
        """Each line of the body as segments, padded to `inner` cells."""
        gutter_width = self._gutter_width()
        width = max(1, inner - gutter_width - 1)
        blank_gutter = Segment(" " * gutter_width)
        space = Segment(" ")
        for gutter, code in self.rows:
            head = _segments(console, gutter)
            if cell_len(gutter.plain) < gutter_width:
                head.append(_pad(gutter_width - cell_len(gutter.plain)))
            plain = code.plain
            cells = cell_len(plain)
            if cells <= width and "\t" not in plain:
                yield [*head, space, *_segments(console, code), _pad(width - cells)]
                continue
            for i, line in enumerate(code.wrap(console, width, overflow="fold")):
                gutter_segments = head if i == 0 else [blank_gutter]
                yield [*gutter_segments, space, *_segments(console, line), _pad(width - cell_len(line.plain))]
        if self.note is not None:
            for line in self.note.wrap(console, inner):
                yield [*_segments(console, line), _pad(inner - cell_len(line.plain))]


def _pad(cells: int) -> Segment:
    return Segment(" " * max(0, cells))


def _segments(console: Console, text: Text) -> list[Segment]:
    """`text` as segments, its own style included (Text.render leaves it out when unspanned).

    Spans that follow one another without overlapping, as the highlighter leaves them, are
    cut out directly: what Text.render gives for them, at a third of its cost.
    """
    plain, spans = text.plain, text.spans
    if not spans:
        return [Segment(plain, console.get_style(text.style) if text.style else None)]
    if text.style or any(a.end > b.start for a, b in pairwise(spans)):
        return list(text.render(console))
    segments, at = [], 0
    for start, end, style in spans:
        if end <= start:
            continue
        if start > at:
            segments.append(Segment(plain[at:start]))
        segments.append(Segment(plain[start:end], console.get_style(style)))
        at = end
    if at < len(plain):
        segments.append(Segment(plain[at:]))
    return segments


def source_rows(
    lines: Mapping[int, Text], first: int, last: int, bugs: Iterable[int], stops: Iterable[int]
) -> list[tuple[Text, Text]]:
    """Lines first..last as (gutter, code); ✗ marks a # BUG line, ● a breakpoint()."""
    bugs, stops = set(bugs), set(stops)
    width = len(str(last))
    rows = []
    for number in range(first, last + 1):
        code = lines.get(number) or Text()
        if number in bugs:
            gutter = Text(f"{number:>{width}} ✗", style="bold yellow")
            code = code.copy()  # the line may be shown again, unmarked, in another panel
            code.stylize("bold")
        elif number in stops:
            gutter = Text(f"{number:>{width}} ●", style="bold magenta")
        else:
            gutter = Text(f"{number:>{width}}  ", style="dim")
        rows.append((gutter, code))
    return rows


def _expect_line(expected: dict[str, object]) -> Text:
    text = Text("EXPECT ", style="dim bold")
    text.append(visible(", ".join(f"{k}={expect_value(k, v)}" for k, v in expected.items())), style="dim")
    return text


def mode_source(scenario: Scenario, mode: Mode, lines: Mapping[int, Text]) -> RenderableType:
    title = Text(mode_label(mode.value), style="bold")
    span = scenario.functions.get(mode)
    if span is None:
        body = Text(f"not defined in this scenario ({mode.function})", style="dim")
        return Panel(body, title=title, border_style="dim")
    rows = source_rows(
        lines, span.first_line, span.last_line, scenario.bug_lines[mode], scenario.breakpoint_lines[mode]
    )
    note = _expect_line(scenario.expect[mode]) if mode in scenario.expect else None
    return SourcePanel(title, rows, note, border="blue")


def side_by_side(panels: Sequence[RenderableType], width: int) -> RenderableType:
    """Panels in columns when each gets COLUMN_MIN_WIDTH, else stacked."""
    if len(panels) > 1 and width >= COLUMN_MIN_WIDTH * len(panels):
        return grid(panels, len(panels))
    return Group(*panels)


def story_panel(scenario: Scenario) -> SourcePanel:
    """The scenario's name, title, explanation and tags, framed: a panel of no source lines."""
    head = Text(paragraphs(visible(scenario.explanation)))
    if scenario.tags:
        head.append(visible(f"\ntags: {', '.join(scenario.tags)}"), style="dim")
    title = Text(visible(f"{scenario.name} — {scenario.title}"), style="bold")
    return SourcePanel(title, [], head, border="blue", title_align="left")


def shared_lines(scenario: Scenario) -> tuple[set[int], set[int]]:
    """The # BUG and breakpoint() lines every mode has: those of the helpers the modes share."""
    bugs = set.intersection(*(set(v) for v in scenario.bug_lines.values()))
    stops = set.intersection(*(set(v) for v in scenario.breakpoint_lines.values()))
    return bugs, stops


def scenario_source(scenario: Scenario, modes: Sequence[Mode], width: int) -> RenderableType:
    """`show`: the title, each mode's function side by side, the helpers they share."""
    spans = [*(scenario.functions[m] for m in modes if m in scenario.functions), *scenario.helpers.values()]
    lines = highlighted_spans(scenario.path.read_text(encoding="utf-8"), spans)
    parts: list[RenderableType] = [
        story_panel(scenario),
        side_by_side([mode_source(scenario, mode, lines) for mode in modes], width),
    ]
    shared_bugs, shared_stops = shared_lines(scenario)
    for name, span in sorted(scenario.helpers.items(), key=lambda item: item[1].first_line):
        rows = source_rows(lines, span.first_line, span.last_line, shared_bugs, shared_stops)
        parts.append(
            SourcePanel(Text(f"{name}() — called by the modes", style="bold"), rows, None, border="dim")
        )
    parts.append(Text(visible(f"{scenario.path}   ✗ # BUG   ● breakpoint()"), style="dim"))
    return Group(*parts)
