"""`debugdemo studio`: browse the scenarios, run them in warm workers, drop into pdb, present.

Only `debugdemo studio` imports this module (and Textual with it). Everything drawn comes
from debugdemo.studio.views, i.e. the same renderables `run` and `show` print; text from a
scenario or a run is always a rich Text, never parsed as markup.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from debugdemo import export as exporting
from debugdemo.api import Session
from debugdemo.catalog import Catalog
from debugdemo.errors import DebugDemoError, ExitCode, our_failure
from debugdemo.modes import DEFAULT_MODES, Mode
from debugdemo.records import RunResult, RunStatus, ScenarioResult
from debugdemo.scenario import Scenario
from debugdemo.studio import views

SOURCE, RESULTS = "source", "results"


@dataclass(frozen=True)
class Entry:
    """One line of the scenario list: a valid scenario, or an invalid file and its error."""

    name: str
    title: str
    tags: tuple[str, ...]
    scenario: Scenario | None
    error: str = ""

    def matches(self, words: Sequence[str], tag: str | None) -> bool:
        if tag is not None and tag not in self.tags:
            return False
        haystack = " ".join((self.name, self.title, *self.tags)).lower()
        for word in words:
            if word.startswith("#"):
                if word[1:] not in (t.lower() for t in self.tags):
                    return False
            elif word not in haystack:
                return False
        return True


def entries(catalog: Catalog, start: Scenario | None) -> list[Entry]:
    """Every scenario of the catalogue, invalid files included; a scenario opened by path first."""
    found = [Entry(s.name, s.title, s.tags, s) for s in catalog.by_tag(None)]
    found += [
        Entry(name, "invalid scenario file", (), None, str(error)) for name, error in catalog.invalid.items()
    ]
    found.sort(key=lambda e: e.name)
    if start is not None and not any(
        e.scenario is not None and e.scenario.path.resolve() == start.path.resolve() for e in found
    ):
        # A file from elsewhere: first, in place of a scenario of the same name (names are ids).
        found = [
            Entry(start.name, start.title, start.tags, start),
            *(e for e in found if e.name != start.name),
        ]
    return found


def default_modes(scenario: Scenario) -> list[Mode]:
    """`run`'s default modes that the scenario defines; else its first two."""
    chosen = [m for m in DEFAULT_MODES if m in scenario.modes]
    return chosen or list(scenario.modes[:2])


class Pane(ScrollView):
    """A scrolling pane drawing one renderable at the pane's width, again on every resize.

    The renderable is drawn once per change, into lines (Textual's line API), so a large
    view costs one rich render however often the screen refreshes or scrolls.
    """

    ALLOW_MAXIMIZE = True

    def __init__(self, id: str) -> None:
        super().__init__(id=id)
        self._make: Callable[[int], RenderableType] = lambda width: Text("")
        self._lines: list[Strip] = []
        self._drawn_width = 0

    @property
    def view_width(self) -> int:
        return max(20, self.scrollable_content_region.width or self.size.width)

    def show(self, make: Callable[[int], RenderableType]) -> None:
        self._make = make
        self._drawn_width = 0
        if self.display and self.size.width:
            self._draw()
        # else: drawn when it is shown (on_resize), not for nothing while hidden

    def renderable(self, width: int) -> RenderableType:
        return self._make(width)

    def drawn(self) -> list[str]:
        """The lines on display (scrolled out of sight or not), as plain text."""
        return [line.text for line in self._lines]

    def _draw(self) -> None:
        width = self.view_width
        console = self.app.console
        options = console.options.update(width=width, max_width=width, height=None, highlight=False)
        base = self.rich_style  # the pane's colours under the view's own
        lines = console.render_lines(self._make(width), options)
        self._lines = [Strip(line, width).apply_style(base) for line in lines]
        self._drawn_width = width
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def on_resize(self, event: Resize) -> None:
        if self.view_width != self._drawn_width:
            self._draw()

    def on_show(self) -> None:
        if self.size.width and self.view_width != self._drawn_width:  # new view, or resized while hidden
            self._draw()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        if index >= len(self._lines):
            return Strip.blank(self.size.width, self.rich_style)
        return self._lines[index].crop(scroll_x, scroll_x + self.size.width)


class KeyBar(Widget):
    """Every key and what it does, on as many lines as the width needs.

    Textual's Footer keeps to one line and cuts what does not fit: at 80 columns it
    would hide `?` and `q`. A key is never parted from its meaning.
    """

    def __init__(self, bindings: Sequence[Binding]) -> None:
        super().__init__(id="keys")
        self._keys = [(b.key_display or b.key, b.description) for b in bindings]

    def lines(self, width: int) -> Text:
        text, used = Text(no_wrap=True), 0
        for key, says in self._keys:
            size = len(key) + 1 + len(says)
            if used and used + 2 + size > width:
                text.append("\n")
                used = 0
            elif used:
                text.append("  ")
                used += 2
            text.append(key, style="bold reverse")
            text.append(f" {says}")
            used += size
        return text

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width).plain.splitlines())

    def render(self) -> Text:
        return self.lines(self.content_region.width)


class PickMode(ModalScreen[Mode | None]):
    """Choose one mode (for pdb): the first one shown is highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, modes: Sequence[Mode]) -> None:
        super().__init__()
        self._title = title
        self._modes = list(modes)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self._title, style="bold"))
            yield OptionList(*(Option(Text(f"{m.value} · {m.label}"), id=m.value) for m in self._modes))
            yield Static(Text("enter choose · esc cancel", style="dim"))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Mode(event.option.id))


class PickModes(ModalScreen[list[Mode] | None]):
    """Choose the modes to run, among those the scenario defines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("enter", "confirm", "Run these", priority=True),
    ]

    def __init__(self, defined: Sequence[Mode], chosen: Sequence[Mode]) -> None:
        super().__init__()
        self._defined = list(defined)
        self._chosen = set(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Modes to run", style="bold"))
            yield SelectionList[str](
                *((f"{m.value} · {m.label}", m.value, m in self._chosen) for m in self._defined)
            )
            yield Static(Text("space toggle · enter done · esc cancel", style="dim"))

    def action_confirm(self) -> None:
        picked = set(self.query_one(SelectionList).selected)
        modes = [m for m in self._defined if m.value in picked]
        if not modes:
            self.notify("Choose at least one mode.", severity="warning")
            return
        self.dismiss(modes)


class AskFile(ModalScreen[Path | None]):
    """Ask for the export file name, with a default."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, default: str) -> None:
        super().__init__()
        self._default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Export the current view to (.svg, .html or .md):", style="bold"))
            yield Input(value=self._default, id="export-file")
            yield Static(Text("enter export · esc cancel", style="dim"))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(Path(value).expanduser() if value else None)


class Help(ModalScreen[None]):
    """Every key of the studio, from the app's own bindings."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close"),
        Binding("q", "dismiss", "Close"),
    ]

    def __init__(self, bindings: Sequence[Binding]) -> None:
        super().__init__()
        self._keys = bindings

    def keys(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold green", no_wrap=True)
        table.add_column()
        for binding in self._keys:
            table.add_row(
                Text(binding.key_display or binding.key), Text(binding.tooltip or binding.description)
            )
        return table

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(Text("debugdemo studio — keys", style="bold"))
            yield Static(self.keys())
            yield Static(Text("esc or ? closes this help", style="dim"))


class StudioApp(App[None]):
    """The studio. The `session`'s workers start on mount and stop when the app ends."""

    CSS_PATH = "app.tcss"
    TITLE = "debugdemo studio"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "run", "Run", tooltip="run the scenario in the chosen modes (warm workers)"),
        Binding("m", "modes", "Modes", tooltip="choose the modes to run, among those the scenario defines"),
        Binding("a", "aid", "Aid", tooltip="toggle each framework's own debugging aid (re-runs)"),
        Binding("f", "full", "Full", tooltip="toggle full details: every frame, message and output line"),
        Binding("s", "switch", "Source/results", tooltip="switch the right pane between source and results"),
        Binding("d", "debug", "pdb", tooltip="real pdb at the breakpoints, in a chosen mode"),
        Binding("p", "post_mortem", "Post-mortem", tooltip="real pdb where the exception was raised"),
        Binding("e", "export", "Export", tooltip="export the current view: .svg, .html or .md"),
        Binding("z", "zoom", "Zoom", tooltip="zoom the right pane to the full screen, for presenting"),
        Binding("slash", "filter", "Filter", key_display="/", tooltip="filter the list; #tag keeps a tag"),
        Binding("t", "tag", "Tag", tooltip="cycle the tag filter"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="this help"),
        Binding("q", "quit", "Quit (or Ctrl-C)", tooltip="quit (no worker process is left)"),
        Binding(
            "ctrl+c",
            "interrupt",
            "Quit",
            key_display="Ctrl-C",
            show=False,
            priority=True,
            tooltip="quit, exit 130",
        ),
    ]

    def __init__(self, catalog: Catalog, session: Session, start: Scenario | None = None) -> None:
        super().__init__()
        self.session = session  # the API's warm workers; made with restart=True (see run_studio)
        self.entries = entries(catalog, start)
        self.tags = sorted({t for e in self.entries for t in e.tags})
        self.tag: str | None = None
        self.current: Entry | None = None
        self.start_name = start.name if start is not None else None
        self.modes: dict[str, list[Mode]] = {}
        self.results: dict[str, ScenarioResult] = {}
        self.aid = False
        self.full = False
        self.running = False
        self.runs_drawn = 0  # results drawn so far: tests and the benchmark wait on it

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield Input(placeholder="/ filter, #tag", id="filter")
                yield Static(id="tagbar", markup=False)
                yield OptionList(id="scenarios")
            with Vertical(id="main"):
                yield Static(id="status", markup=False)
                with ContentSwitcher(initial=SOURCE, id="panes"):
                    yield Pane(id=SOURCE)
                    yield Pane(id=RESULTS)
        yield KeyBar([b for b in self.BINDINGS if isinstance(b, Binding) and b.show])

    def on_mount(self) -> None:
        self.session.start()  # frameworks load while the user reads
        if not self.is_headless:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._hang_up)
        self._fill_list()
        listing = self.query_one("#scenarios", OptionList)
        names = [e.name for e in self._shown()]
        if self.start_name in names:
            listing.highlighted = names.index(self.start_name)
        elif names:
            listing.highlighted = 0
        listing.focus()

    def on_unmount(self) -> None:
        self.session.close()
        if not self.is_headless:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)

    def _hang_up(self) -> None:
        """The terminal closed: stop the workers first, then leave."""
        self.session.close()
        self.exit(return_code=128 + signal.SIGHUP)

    # --- the list ---------------------------------------------------------------------

    def _shown(self) -> list[Entry]:
        words = self.query_one("#filter", Input).value.lower().split()
        return [e for e in self.entries if e.matches(words, self.tag)]

    def _fill_list(self) -> None:
        listing = self.query_one("#scenarios", OptionList)
        shown = self._shown()
        listing.clear_options()
        listing.add_options(
            Option(views.scenario_line(e.name, e.title, e.tags, e.scenario is None), id=e.name) for e in shown
        )
        tag = f"tag: #{self.tag}" if self.tag else "tag: all"
        self.query_one("#tagbar", Static).update(
            Text(f"{tag} (t) · {len(shown)}/{len(self.entries)} shown", style="dim")
        )
        if shown:
            names = [e.name for e in shown]
            keep = self.current.name if self.current is not None else None
            listing.highlighted = names.index(keep) if keep in names else 0
        else:
            listing.highlighted = None
            self.current = None  # nothing to run or debug that the list does not show
            self._show_source()
            self.query_one("#panes", ContentSwitcher).current = SOURCE
            self._status()

    @on(Input.Changed, "#filter")
    def _filtered(self) -> None:
        self._fill_list()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#scenarios", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = next(e for e in self.entries if e.name == event.option.id)
        if entry is not self.current:
            self.select(entry)

    def select(self, entry: Entry) -> None:
        self.current = entry
        self._show_source()
        self._show_results()
        self.query_one("#panes", ContentSwitcher).current = RESULTS if entry.name in self.results else SOURCE
        self._status()

    # --- the panes --------------------------------------------------------------------

    def _modes_of(self, scenario: Scenario) -> list[Mode]:
        return self.modes.setdefault(scenario.name, default_modes(scenario))

    def _show_source(self) -> None:
        entry = self.current
        pane = self.query_one(f"#{SOURCE}", Pane)
        if entry is None:
            pane.show(lambda width: Text("No scenario matches the filter."))
        elif entry.scenario is None:
            pane.show(lambda width: views.invalid_view(entry.name, entry.error))
        else:
            scenario, modes = entry.scenario, self._modes_of(entry.scenario)
            result = self.results.get(scenario.name)
            pane.show(lambda width: views.source_view(scenario, modes, width, result))

    def _show_results(self) -> None:
        entry = self.current
        pane = self.query_one(f"#{RESULTS}", Pane)
        result = self.results.get(entry.name) if entry is not None else None
        if entry is None or entry.scenario is None or result is None:
            pane.show(lambda width: Text("Press r to run this scenario.", style="dim"))
            return
        explanation, full = entry.scenario.explanation, self.full
        pane.show(lambda width: views.result_view(result, width, explanation, full))

    def _status(self) -> None:
        entry = self.current
        text = Text()
        if entry is not None and entry.scenario is not None:
            text.append(views.visible(entry.name), style="bold cyan")
            text.append(" · modes: " + ", ".join(m.alias for m in self._modes_of(entry.scenario)))
        elif entry is not None:
            text.append(views.visible(entry.name), style="bold red")
        text.append(f" · aid {'on' if self.aid else 'off'}", style="bold green" if self.aid else "dim")
        text.append(f" · full {'on' if self.full else 'off'}", style="bold green" if self.full else "dim")
        if self.running:
            text.append(" · running…", style="bold yellow")
        self.query_one("#status", Static).update(text)

    def _visible_pane(self) -> Pane:
        return self.query_one(f"#{self.query_one('#panes', ContentSwitcher).current}", Pane)

    # --- actions ----------------------------------------------------------------------

    def _scenario(self, what: str) -> Scenario | None:
        """The selected valid scenario, or a note saying why there is none."""
        entry = self.current
        if entry is None:
            self.notify(f"No scenario selected to {what}.", severity="warning")
            return None
        if entry.scenario is None:
            self.notify(
                views.visible(f"{entry.name} is invalid: {entry.error}"), severity="error", markup=False
            )
            return None
        return entry.scenario

    def action_run(self) -> None:
        scenario = self._scenario("run")
        if scenario is None:
            return
        if self.running:
            self.notify("A run is in progress.", severity="warning")
            return
        modes, aid = list(self._modes_of(scenario)), self.aid
        self.running = True
        self._status()
        if scenario.name not in self.results:  # a re-run keeps the last results until the new ones
            self.query_one(f"#{RESULTS}", Pane).show(lambda width: views.running_view(scenario, modes, aid))
        self.query_one("#panes", ContentSwitcher).current = RESULTS
        self.run_worker(lambda: self._run(scenario, modes, aid), thread=True, group="run")

    def _run(self, scenario: Scenario, modes: list[Mode], aid: bool) -> None:
        """In a thread: the run, then its drawing back on the app's loop."""
        try:
            result = self.session.run(scenario, modes=modes, aid=aid)
        except Exception as exc:  # noqa: BLE001 - a bug of ours still shows, in each mode's pane
            failed = [RunResult(m.value, RunStatus.CRASHED, detail=our_failure("failed", exc)) for m in modes]
            result = ScenarioResult(scenario.name, str(scenario.path.resolve()), scenario.title, failed)
        try:
            self.call_from_thread(self._ran, scenario, result)
        except RuntimeError:  # the app quit during the run
            pass

    def _ran(self, scenario: Scenario, result: ScenarioResult) -> None:
        self.running = False
        self.results[scenario.name] = result
        if self.current is not None and self.current.scenario is scenario:
            self._show_source()  # now with the surfaced lines
            self._show_results()
        self._status()
        self.call_after_refresh(self._drawn)

    def _drawn(self) -> None:
        self.runs_drawn += 1

    def action_modes(self) -> None:
        scenario = self._scenario("choose modes for")
        if scenario is None:
            return

        def chosen(modes: list[Mode] | None) -> None:
            if modes:
                self.modes[scenario.name] = modes
                self._show_source()
                self._status()

        self.push_screen(PickModes(scenario.modes, self._modes_of(scenario)), chosen)

    def action_aid(self) -> None:
        self.aid = not self.aid
        self._status()
        if self.current is not None and self.current.name in self.results:
            self.action_run()  # results on screen: show them with the aid switched

    def action_full(self) -> None:
        self.full = not self.full
        self._show_results()
        self._status()

    def action_switch(self) -> None:
        switcher = self.query_one("#panes", ContentSwitcher)
        switcher.current = SOURCE if switcher.current == RESULTS else RESULTS

    def action_zoom(self) -> None:
        if self.screen.maximized is not None:
            self.screen.minimize()
            self.call_after_refresh(self.query_one("#scenarios", OptionList).focus)
        else:
            pane = self._visible_pane()
            self.screen.maximize(pane, container=False)
            # Once laid out: keys must not land in a hidden widget (Textual picks the filter field).
            self.call_after_refresh(pane.focus)

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_tag(self) -> None:
        cycle: list[str | None] = [None, *self.tags]
        self.tag = cycle[(cycle.index(self.tag) + 1) % len(cycle)]
        self._fill_list()

    def action_help(self) -> None:
        self.push_screen(Help([b for b in self.BINDINGS if isinstance(b, Binding)]))

    def action_quit(self) -> None:  # type: ignore[override]
        self.session.close()
        self.exit(return_code=int(ExitCode.OK))

    def action_interrupt(self) -> None:
        self.session.close()
        self.exit(return_code=int(ExitCode.INTERRUPTED))

    def key_escape(self) -> None:
        if self.screen.maximized is not None:
            self.screen.minimize()
        elif self.focused is self.query_one("#filter", Input):
            self.query_one("#scenarios", OptionList).focus()

    # --- pdb --------------------------------------------------------------------------

    def action_debug(self) -> None:
        self._pdb(post_mortem=False)

    def action_post_mortem(self) -> None:
        self._pdb(post_mortem=True)

    def _pdb(self, post_mortem: bool) -> None:
        scenario = self._scenario("debug")
        if scenario is None:
            return
        shown = self._modes_of(scenario)
        modes = [*shown, *(m for m in scenario.modes if m not in shown)]
        title = f"{'Post-mortem' if post_mortem else 'pdb at the breakpoints'}: which mode?"

        def chosen(mode: Mode | None) -> None:
            if mode is not None:
                self.pdb_session(scenario, mode, post_mortem)

        self.push_screen(PickMode(title, modes), chosen)

    def pdb_session(self, scenario: Scenario, mode: Mode, post_mortem: bool) -> None:
        """Hand the terminal to the same pdb session `debugdemo debug` runs, then come back."""
        from debugdemo.process import pdb_parent
        from debugdemo.views.banner import debug_banner

        try:
            banner = pdb_parent.plan(scenario, mode, post_mortem)
        except DebugDemoError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        try:
            with self.suspend():
                # Inside suspend(), sys.stdout and sys.stderr are the terminal's again.
                console = Console(file=sys.stdout)
                console.print(debug_banner(banner))
                sys.stdout.flush()
                code = pdb_parent.run_session(scenario, mode, post_mortem)
                console.print(
                    Text(f"pdb ended (exit {code}). Press Enter to go back to the studio.", style="bold")
                )
                try:
                    sys.stdin.readline()
                except (OSError, ValueError):
                    pass
        except SuspendNotSupported:
            self.notify("pdb needs the studio to run in a terminal.", severity="error")

    # --- export -----------------------------------------------------------------------

    def action_export(self) -> None:
        entry = self.current
        if entry is None:
            self.notify("Nothing to export.", severity="warning")
            return
        on_results = self.query_one("#panes", ContentSwitcher).current == RESULTS
        default = f"debugdemo-{entry.name}{'' if on_results else '-source'}.svg"

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.export(path)

        self.push_screen(AskFile(default), chosen)

    def export(self, path: Path) -> None:
        """Write the view on screen to `path`, the format following its extension."""
        pane = self._visible_pane()
        width = pane.view_width
        entry = self.current
        assert entry is not None
        result = self.results.get(entry.name)
        title = f"debugdemo studio {entry.name}"
        try:
            fmt = exporting.export_format(path)
            if pane.id == RESULTS and result is not None:
                exporting.export_run(path, [result], [pane.renderable(width)], width, title)
            elif fmt is exporting.ExportFormat.MARKDOWN:
                text = exporting.recorded([pane.renderable(width)], exporting.ExportFormat.TEXT, width, title)
                exporting.write(path, f"# {exporting.md_escape(title)}\n\n```text\n{text}```\n")
            elif fmt is exporting.ExportFormat.JSON:
                raise DebugDemoError("JSON exports the run records: run the scenario first (r).")
            else:
                exporting.write(path, exporting.recorded([pane.renderable(width)], fmt, width, title))
        except DebugDemoError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"Exported to {path}", markup=False)
