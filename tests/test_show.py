"""`debugdemo show`: each mode's source side by side, bug lines marked, nothing executed."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ASSET_SCENARIOS, ROOT, cli_env, line_of, run_cli

ZERO = ASSET_SCENARIOS / "zero_division.py"
PATHS = ("--path", str(ASSET_SCENARIOS))


def row_with(text: str, fragment: str) -> str:
    [row] = [line for line in text.splitlines() if fragment in line]
    return row


def test_modes_side_by_side_with_bug_and_breakpoint_lines_marked():
    out = run_cli(*PATHS, "show", "zero-division", env=cli_env(COLUMNS="150")).stdout
    header = row_with(out, "torch-eager · PyTorch eager")
    assert "tf1-graph · TF1 graph + Session.run" in header  # one row: side by side
    bug = line_of(ZERO, "return total / 0  # BUG")
    assert f"{bug} ✗     return total / 0  # BUG: divides by zero" in out
    stop = line_of(ZERO, "breakpoint()")
    assert f"{stop} ●         breakpoint()" in out
    tf1_bug = line_of(ZERO, "count = 0  # BUG")
    # the second line of each function shares a screen row
    assert f"{tf1_bug} ✗     count = 0  # BUG" in row_with(out, "values = [1.0, 2.0, 3.0]")
    # the shared helper, with its own line numbers, and the EXPECT each mode declares
    assert "mean() — called by the modes" in out
    assert f"{line_of(ZERO, 'return sum(values) / count')}       return sum(values) / count" in out
    assert "EXPECT raises=ArithmeticError, points_at_bug=False" in out
    assert "Zero division in plain Python." in out
    # only the mode functions' lines: module-level code is not repeated per mode
    assert 'TAGS = ["test"]' not in out


def test_narrow_terminals_stack_the_modes():
    out = run_cli(*PATHS, "show", "zero-division", env=cli_env(COLUMNS="80")).stdout
    assert "tf1-graph" not in row_with(out, "torch-eager · PyTorch eager")
    lines = out.splitlines()
    torch_at = next(i for i, line in enumerate(lines) if "torch-eager · PyTorch eager" in line)
    tf1_at = next(i for i, line in enumerate(lines) if "tf1-graph · TF1 graph" in line)
    bug_at = next(i for i, line in enumerate(lines) if "return total / 0  # BUG" in line)
    assert torch_at < bug_at < tf1_at


def test_one_mode_and_a_mode_the_scenario_lacks():
    out = run_cli(*PATHS, "show", "zero-division", "--mode", "tf1").stdout
    assert "tf1-graph · TF1 graph" in out
    assert "torch-eager" not in out
    assert "return total / 0" not in out
    lacking = run_cli(*PATHS, "show", "zero-division", "--mode", "tf2-eager").stdout
    assert "not defined in this scenario (tf2_eager)" in lacking
    bad = run_cli(*PATHS, "show", "zero-division", "--mode", "tf7", expect=2)
    assert "Unknown mode 'tf7'" in bad.stderr


def test_unknown_scenario_suggests_names():
    proc = run_cli(*PATHS, "show", "zero-divison", expect=2)
    assert "Did you mean 'zero-division'?" in proc.stderr


def test_source_text_is_never_read_as_markup(tmp_path):
    path = tmp_path / "markup_bait.py"
    path.write_text(
        '"""Markup bait [bold]x[/bold]."""\n\n\ndef torch_eager():\n    return "[red]no[/red]"  # BUG\n'
    )
    out = run_cli("--path", str(tmp_path), "show", "markup-bait").stdout
    assert 'return "[red]no[/red]"  # BUG' in out
    assert "Markup bait [bold]x[/bold]." in out


def test_list_show_and_new_never_import_a_framework_or_run_the_scenario(tmp_path):
    # A scenario whose module level would import both frameworks and print if executed.
    (tmp_path / "loud.py").write_text(
        '"""Loud at import."""\n\nimport tensorflow\nimport torch\n\nprint("EXECUTED")\n\n\n'
        "def torch_eager():\n    return torch.ones(2)  # BUG\n"
    )
    script = (
        "import sys\n"
        "from debugdemo.cli import app\n"
        "for args in (['list'], ['show', 'loud'], ['new', 'fresh']):\n"
        "    try:\n"
        f"        app(['--path', {str(tmp_path)!r}, *args])\n"
        "    except SystemExit as exit:\n"
        "        assert not exit.code, (args, exit.code)\n"
        "print('LOADED', sorted(m for m in ('torch', 'tensorflow', 'numpy') if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=cli_env(), cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert "LOADED []" in proc.stdout
    assert "EXECUTED" not in proc.stdout
    assert "Loud at import." in proc.stdout  # show did read it
    assert (tmp_path / "fresh.py").is_file()


def draw(renderable, width):
    """Each line as runs of (text, style); where one segment ends and the next begins is
    rich's business, as is None for no style."""
    from rich.console import Console
    from rich.segment import Segment
    from rich.style import Style

    console = Console(width=width, color_system="truecolor", force_terminal=True)
    lines = console.render_lines(renderable, console.options.update_width(width), pad=False)
    runs = ((Segment(s.text, s.style or Style.null()) for s in line if s.text) for line in lines)
    return [[(s.text, s.style) for s in Segment.simplify(line)] for line in runs]


def test_source_panels_draw_what_a_panel_of_a_grid_draws():
    """The one-pass panel equals Panel(Group(Table.grid(gutter, code), EXPECT)) at every width,
    folded lines included: the same character in the same style in every cell."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    from debugdemo.catalog import builtin_dir, discover
    from debugdemo.views.show import SourcePanel, highlighted_spans, mode_source

    def reference(panel):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for gutter, code in panel.rows:
            grid.add_row(gutter, code)
        body = Group(grid, *([panel.note] if panel.note else []))
        return Panel(body, title=panel.title, border_style=panel.border)

    catalog = discover([ASSET_SCENARIOS, builtin_dir()])
    for name in ("zero-division", "shape-mismatch", "nan-loss"):
        scenario = catalog.resolve(name)
        lines = highlighted_spans(scenario.path.read_text(), scenario.functions.values())
        for mode in scenario.modes:
            panel = mode_source(scenario, mode, lines)
            assert isinstance(panel, SourcePanel)
            for width in (40, 72, 120):
                assert draw(panel, width) == draw(reference(panel), width), (name, mode, width)


def test_highlighted_lines_colour_each_line_as_colouring_the_whole_text_does():
    """Spans go straight to their lines: the same spans as styling the whole source and
    splitting it, over strings and comments that run across lines."""
    from rich.text import Text

    from debugdemo.catalog import builtin_dir
    from debugdemo.views.show import _styles, highlighted_lines, visible

    def split_whole(source):
        text = Text(visible(source))
        for style, start, end in _styles(text.plain):
            text.stylize(style, start, end)
        return text.split("\n", allow_blank=True)

    sources = [path.read_text() for path in sorted(builtin_dir().glob("*.py"))]
    sources.append('x = """one\n  two\n"""  # after\n\ny = f\'{x}\'\n# last\n"""\nopen')
    for source in sources:
        expected = [(line.plain, line.spans) for line in split_whole(source)]
        assert [(line.plain, line.spans) for line in highlighted_lines(source)] == expected
    assert highlighted_lines(sources[-1])[1].spans  # the middle line of the string is coloured


def test_the_story_panel_draws_what_a_rich_panel_of_the_story_draws():
    """The story is a SourcePanel of no source lines, its title on the left: the same cells
    in the same styles as Panel(story, title_align="left"), wrapped paragraphs and tags."""
    from rich.panel import Panel

    from debugdemo.catalog import builtin_dir, discover
    from debugdemo.views.show import story_panel

    catalog = discover([ASSET_SCENARIOS, builtin_dir()])
    for name in ("zero-division", "shape-mismatch", "nan-loss"):
        story = story_panel(catalog.resolve(name))
        reference = Panel(story.note, title=story.title, title_align="left", border_style="blue")
        for width in (30, 72, 120):
            assert draw(story, width) == draw(reference, width), (name, width)
        assert "tags: " in story.note.plain
