"""Text from a run is shown literally: no markup interpreted, no escape sequence obeyed.

(Escaping in exports — HTML, SVG, Markdown — belongs to the export module.)
"""

from __future__ import annotations

import io
import json

from rich.console import Console

from debugdemo.catalog import discover
from debugdemo.modes import Mode
from debugdemo.process.worker_parent import Runner
from debugdemo.records import visible
from debugdemo.scenario import load_scenario
from debugdemo.views.listing import ListView, problems_panel
from debugdemo.views.run import RunView
from debugdemo.views.show import scenario_source

from .conftest import ASSET_SCENARIOS

HOSTILE = ASSET_SCENARIOS / "hostile_text.py"


def draw(renderable, terminal: bool) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=200,
        force_terminal=terminal,
        color_system="truecolor" if terminal else None,
        legacy_windows=False,
    )
    console.print(renderable)
    return out.getvalue()


def test_visible_writes_control_characters_as_escapes():
    assert visible("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m"
    assert visible("a\r\nb\rc\x07\x9b") == "a\nb\\rc\\x07\\x9b"
    assert visible("tab\tand\nnewline kept") == "tab\tand\nnewline kept"
    assert visible("x\u202eevil") == "x\\u202eevil"  # bidi override, "Trojan source"
    assert visible("[bold]é ✔ 漢字[/bold]") == "[bold]é ✔ 漢字[/bold]"


def test_visible_escapes_exactly_the_control_and_bidi_characters():
    """Every code point up to U+2FFF: C0 but tab and newline, DEL, C1, LRM/RLM, the bidi
    embeddings, overrides and isolates become escapes; every other character stays."""
    controls = {*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x200E, 0x200F}
    controls |= {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}
    for code in range(0x3000):
        char = chr(code)
        expected = repr(char)[1:-1] if code in controls else char
        assert visible(char) == expected, hex(code)
        assert len(visible(char)) > 1 or code not in controls


def test_run_text_is_shown_literally_in_the_terminal():
    scenario = load_scenario(HOSTILE)
    [result] = Runner((Mode.TORCH_EAGER, Mode.TF1_GRAPH), preload=False).run([scenario])
    # The run really produced the hostile text; the parent made its control characters
    # visible once, where the record entered it, so no view, export or API user can obey them.
    raised, returned = result.runs
    assert "\\x1b[31mred" in raised.stdout and "\x1b" not in raised.stdout
    assert "\\x1b]8;;https://x.example" in raised.exception.message
    assert returned.returned == visible(repr("<img src=x onerror=alert(1)> \x1b[1mBOLD"))
    assert "\\u001b" not in json.dumps(result.to_dict())  # what --json prints: no escape left

    view = RunView(result, scenario.explanation, full=True)
    plain, styled = draw(view, terminal=False), draw(view, terminal=True)
    # Markup, links and HTML as they were written.
    assert "[link=https://example.com]click[/link]" in plain
    assert "[bold]not bold[/bold] <script>alert(1)</script>" in plain
    assert "Text [bold]that looks like markup[/bold], with <b>HTML</b>" in plain
    # Escape sequences made visible: in the output, the message, the source, the locals.
    assert "out: \\x1b[31mred\\x1b[0m [bold]not bold[/bold]" in plain
    assert "\\x1b]8;;https://x.example\\x1b\\ <b>x</b>" in plain
    assert "'[red]value[/red] \\x1b[2J'" in plain
    assert "returned: '<img src=x onerror=alert(1)> \\x1b[1mBOLD'" in plain
    assert "\x1b" not in plain
    # On a terminal the only escape sequences are rich's own styles: none from the run.
    for raw in ("\x1b[31mred", "\x1b]8;", "\x1b[2J", "\x1b[1mBOLD"):
        assert raw not in styled
    assert "\\x1b[31mred" in styled


def test_scenario_names_titles_and_problems_are_shown_literally(tmp_path):
    title = "Title \x1b[5mblinks[/] [red]x[/red]."
    (tmp_path / "odd.py").write_text(f'"""{title}"""\n\ndef torch_eager():\n    pass\n')
    (tmp_path / "broken.py").write_text('"""Broken \x1b[31m."""\n\ndef torch_eager(:\n')
    catalog = discover([tmp_path])
    table = draw(ListView(catalog.summaries()), terminal=False)
    assert "Title \\x1b[5mblinks[/] [red]x[/red]." in table
    problems = draw(problems_panel(catalog.problems), terminal=False)
    assert "broken.py:3: syntax error" in problems
    odd = catalog.resolve("odd")
    source = draw(scenario_source(odd, list(odd.modes), 200), terminal=False)
    assert "Title \\x1b[5mblinks[/] [red]x[/red]." in source
    assert "\x1b" not in table + problems + source
