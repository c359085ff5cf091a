"""`debugdemo studio`, driven through Textual's test driver (App.run_test, Pilot).

The framework-free scenarios of tests/assets run in real workers started without a
framework (preload=False), so each test takes a fraction of a second; one live test at
the end runs real torch and TF1 workers.
"""

from __future__ import annotations

import asyncio
import functools
import io
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

from debugdemo.api import Session
from debugdemo.catalog import discover
from debugdemo.expectations import compare, mismatches
from debugdemo.modes import DEFAULT_MODES, Mode
from debugdemo.records import RunStatus
from debugdemo.studio.app import RESULTS, SOURCE, AskFile, Help, Pane, PickModes, StudioApp

from .conftest import ASSET_SCENARIOS, ASSETS, BUILTIN, line_of
from .processes import alive, wait_until

ZERO = ASSET_SCENARIOS / "zero_division.py"
WITHOUT_TF = ASSETS / "without_tensorflow"
BROKEN_TORCH = ASSETS / "broken_torch"


def drive(test: Callable[..., Coroutine[None, None, None]]) -> Callable[..., None]:
    """Run an async test to completion (no async plugin needed)."""

    @functools.wraps(test)
    def run(*args: object, **kwargs: object) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def text_of_renderable(renderable: RenderableType, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, record=True)
    console.print(renderable)
    return console.export_text()


def text_of(pane: Pane, width: int | None = None) -> str:
    """What the pane draws, as plain text, at its own width (or `width`)."""
    width = width or pane.view_width
    return text_of_renderable(pane.renderable(width), width)


def make_app(start: str | None = "zero-division", timeout: float = 10.0, **workers: object) -> StudioApp:
    catalog = discover([ASSET_SCENARIOS])
    session = Session(DEFAULT_MODES, restart=True, timeout=timeout, **({"preload": False} | workers))  # type: ignore[arg-type]
    return StudioApp(catalog, session, catalog.resolve(start) if start else None)


def pids(app: StudioApp) -> list[int]:
    """The studio session's live workers."""
    return list(app.session.started.values())


@pytest.fixture
def app() -> Iterator[StudioApp]:
    studio = make_app()
    yield studio
    studio.session.close()


async def run_and_wait(pilot, app: StudioApp, key: str = "r") -> None:
    """Press `key` and wait until the run's results are drawn."""
    drawn = app.runs_drawn
    await pilot.press(key)
    # A guard against a hang, not a speed test: live workers can take a minute to load on a busy machine.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if app.runs_drawn > drawn:
            return
        await pilot.pause(0.02)
    raise AssertionError("the run's results were never drawn")


def pane(app: StudioApp, which: str) -> Pane:
    return app.query_one(f"#{which}", Pane)


def listed(app: StudioApp) -> list[str]:
    options = app.query_one("#scenarios").options  # type: ignore[attr-defined]
    return [o.id for o in options]


# --- select and filter -----------------------------------------------------------------


@drive
async def test_opens_on_the_named_scenario_with_its_source_and_marks(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.current is not None and app.current.name == "zero-division"
        shown = text_of(pane(app, SOURCE))
        bug = line_of(ZERO, "# BUG: divides by zero")
        stop = line_of(ZERO, "breakpoint()")
        assert f"{bug} ✗" in shown and f"{stop} ●" in shown
        assert "A framework-free stand-in" in shown  # the story
        assert "torch-eager" in shown and "tf1-graph" in shown


@drive
async def test_opens_on_a_scenario_file_given_by_path(tmp_path):
    own = tmp_path / "my_own_bug.py"
    own.write_text(ZERO.read_text(encoding="utf-8").replace("Zero division in plain Python", "Mine"))
    app = make_app(str(own))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.current is not None and app.current.name == "my-own-bug"
            assert listed(app)[0] == "my-own-bug"  # not in the search path: listed first
            assert "my-own-bug — Mine." in text_of(pane(app, SOURCE))
            await run_and_wait(pilot, app)
            assert app.results["my-own-bug"].file == str(own.resolve())
    finally:
        app.session.close()


@drive
async def test_a_file_named_like_a_listed_scenario_takes_its_place(tmp_path):
    twin = tmp_path / "zero_division.py"
    twin.write_text(ZERO.read_text(encoding="utf-8").replace("Zero division in plain Python", "Twin"))
    app = make_app(str(twin))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert listed(app).count("zero-division") == 1 and listed(app)[0] == "zero-division"
            assert "zero-division — Twin." in text_of(pane(app, SOURCE))
            # A listed file given by its path is not listed twice.
            catalog = discover([ASSET_SCENARIOS])
            again = StudioApp(catalog, app.session, catalog.resolve(str(ZERO)))
            assert [e.name for e in again.entries].count("zero-division") == 1
    finally:
        app.session.close()


@drive
async def test_moving_in_the_list_selects_another_scenario(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        names = listed(app)
        before = names.index("zero-division")
        await pilot.press("up")
        assert app.current is not None and app.current.name == names[before - 1]
        assert names[before - 1] in text_of(pane(app, SOURCE))
        assert "Zero division in plain Python" not in text_of(pane(app, SOURCE))


@drive
async def test_filter_and_tag_filter_narrow_the_list(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        everything = listed(app)
        await pilot.press("slash")
        await pilot.press(*"hostile")
        assert listed(app) == ["hostile-text", "hostile-values"]
        assert app.current is not None and app.current.name == "hostile-text"
        await pilot.press(*"zzz")  # nothing matches: nothing selected, nothing to run
        assert listed(app) == [] and app.current is None
        await pilot.press("escape", "r")
        assert not app.running
        app.query_one("#filter").value = ""  # type: ignore[attr-defined]
        await pilot.pause()
        assert listed(app) == everything
        # `t` cycles through the tags: the first tag keeps only the scenarios carrying it.
        await pilot.press("t")
        tag = app.tag
        assert tag == sorted({t for e in app.entries for t in e.tags})[0]
        assert listed(app) == [e.name for e in app.entries if tag in e.tags]
        assert 0 < len(listed(app)) < len(everything)
        # #tag in the filter does the same.
        await pilot.press("slash", *f"#{tag}")
        assert listed(app) == [e.name for e in app.entries if tag in e.tags]


@drive
async def test_scenario_text_is_never_markup(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"hostile-text", "enter")
        await pilot.pause()
        shown = text_of(pane(app, SOURCE))
        assert "[bold]that looks like markup[/bold]" in shown
        await run_and_wait(pilot, app)
        results = text_of(pane(app, RESULTS))
        assert "[link=https://example.com]click[/link]" in results
        assert "\\x1b" in results and "\x1b" not in results


# --- run, modes, aid, full ---------------------------------------------------------------


@drive
async def test_run_shows_each_mode_side_by_side_with_the_verdict(app):
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await run_and_wait(pilot, app)
        result = app.results["zero-division"]
        torch, tf1 = result.runs
        assert (torch.mode, tf1.mode) == ("torch-eager", "tf1-graph")
        assert torch.exception is not None and torch.exception.type == "ZeroDivisionError"
        assert torch.surfaced_at is not None and torch.surfaced_at.line == line_of(ZERO, "return total / 0")
        assert torch.breakpoint_hits == 3
        assert tf1.exception is not None and tf1.exception.type == "ZeroDivisionError"
        assert app.query_one("#panes").current == RESULTS  # type: ignore[attr-defined]
        shown = text_of(pane(app, RESULTS))
        assert "verdict" in shown and "points at the bug" in shown
        # Wide enough for both columns: their titles share a line.
        assert any(
            "torch-eager · PyTorch eager" in line and "tf1-graph" in line for line in shown.splitlines()
        )
        # The source now marks where each mode's error surfaced.
        await pilot.press("s")
        source = text_of(pane(app, SOURCE))
        assert f"{torch.surfaced_at.line} ✗" in source
        assert "◀ ZeroDivisionError surfaced here" in source


@drive
async def test_rerun_uses_the_same_warm_workers(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        workers = sorted(pids(app))
        assert len(workers) == 2
        await run_and_wait(pilot, app)
        await run_and_wait(pilot, app)
        assert sorted(pids(app)) == workers


@drive
async def test_modes_chooses_among_the_scenario_modes(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        assert isinstance(app.screen, PickModes)
        offered = [o.value for o in app.screen.query_one("SelectionList")._options]  # type: ignore[attr-defined]
        assert offered == ["torch-eager", "tf1-graph"]  # the modes zero_division.py defines
        await pilot.press("down", "space", "enter")  # tf1-graph off
        assert not isinstance(app.screen, PickModes)
        assert app.modes["zero-division"] == [Mode.TORCH_EAGER]
        await run_and_wait(pilot, app)
        assert [r.mode for r in app.results["zero-division"].runs] == ["torch-eager"]
        assert "tf1-graph" not in text_of(pane(app, RESULTS))


@drive
async def test_aid_toggles_and_reruns():
    # The aid imports the framework inside the run (torch: a few seconds), hence one mode
    # and a generous timeout.
    app = make_app(timeout=180.0)
    app.modes["zero-division"] = [Mode.TORCH_EAGER]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await run_and_wait(pilot, app)
            [plain] = app.results["zero-division"].runs
            assert plain.aid_detail is None
            await run_and_wait(pilot, app, "a")  # results on screen: `a` re-runs with the aid
            assert app.aid is True
            [aided] = app.results["zero-division"].runs
            assert aided.aid_detail == "anomaly detection (torch.autograd.detect_anomaly)"
            assert aided.exception is not None and aided.exception.type == "ZeroDivisionError"
            assert "debugging aid" in text_of(pane(app, RESULTS))
            assert "aid on" in str(app.query_one("#status").render())
    finally:
        app.session.close()


@drive
async def test_full_shows_every_output_line(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"flood", "enter")
        await run_and_wait(pilot, app)
        short = text_of(pane(app, RESULTS))
        await pilot.press("f")
        full = text_of(pane(app, RESULTS))
        assert app.full is True
        assert len(full.splitlines()) > len(short.splitlines())


# --- zoom, export, help, resize -----------------------------------------------------------


@drive
async def test_zoom_fills_the_screen_with_the_pane_and_back(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        narrow = pane(app, SOURCE).view_width
        await pilot.press("z")
        assert app.screen.maximized is pane(app, SOURCE)
        await pilot.pause()
        assert pane(app, SOURCE).view_width > narrow + 20  # the sidebar's room too
        await pilot.press("z")
        assert app.screen.maximized is None


@pytest.mark.parametrize("suffix", ["svg", "html", "md"])
@drive
async def test_export_writes_the_results_view(app, tmp_path, suffix):
    target = tmp_path / f"zero.{suffix}"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await run_and_wait(pilot, app)
        await pilot.press("e")
        assert isinstance(app.screen, AskFile)
        field = app.screen.query_one("Input")
        assert field.value == "debugdemo-zero-division.svg"  # type: ignore[attr-defined]  # the default
        field.value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
    content = target.read_text(encoding="utf-8")
    assert "ZeroDivisionError" in content
    if suffix == "md":
        assert "torch-eager" in content and "|" in content  # run's Markdown tables
    elif suffix == "svg":
        assert content.startswith("<svg") and "points&#160;at&#160;the&#160;bug" in content
    else:
        assert "<html" in content.lower() and "points at the bug" in content


@drive
async def test_export_of_the_source_view_and_a_bad_name(app, tmp_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        field = app.screen.query_one("Input")
        assert field.value == "debugdemo-zero-division-source.svg"  # type: ignore[attr-defined]
        field.value = str(tmp_path / "source.md")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.press("e")
        app.screen.query_one("Input").value = str(tmp_path / "source.pdf")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running  # a bad name is a note, not the end of the studio
        assert any("Supported" in str(n.message) for n in app._notifications)
    markdown = (tmp_path / "source.md").read_text(encoding="utf-8")
    assert markdown.startswith("# debugdemo studio zero-division")
    assert "return total / 0  # BUG" in markdown
    assert not (tmp_path / "source.pdf").exists()


@drive
async def test_help_lists_every_key(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, Help)
        shown = text_of_renderable(app.screen.keys(), 100)
        for key in ("r", "m", "a", "f", "d", "p", "e", "z", "/", "q"):
            binding = next(b for b in app.BINDINGS if getattr(b, "key_display", None) == key or b.key == key)  # type: ignore[union-attr]
            assert binding.tooltip in shown  # type: ignore[union-attr]
        await pilot.press("escape")
        assert not isinstance(app.screen, Help)


@drive
async def test_relays_out_on_resize(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_and_wait(pilot, app)
        narrow = text_of(pane(app, RESULTS))
        assert not any("torch-eager ·" in ln and "tf1-graph ·" in ln for ln in narrow.splitlines())
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        wide = text_of(pane(app, RESULTS))
        assert any("torch-eager ·" in ln and "tf1-graph ·" in ln for ln in wide.splitlines())
        # What the pane itself draws follows the width too.
        assert any("torch-eager ·" in ln and "tf1-graph ·" in ln for ln in pane(app, RESULTS).drawn())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not any("torch-eager ·" in ln and "tf1-graph ·" in ln for ln in pane(app, RESULTS).drawn())
        assert any("verdict" in ln for ln in pane(app, RESULTS).drawn())


# --- reliability ---------------------------------------------------------------------------


@drive
async def test_a_timeout_shows_in_its_pane_and_the_other_mode_still_shows():
    app = make_app("hang", timeout=1.0)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await run_and_wait(pilot, app)
            torch, tf1 = app.results["hang"].runs
            assert torch.status is RunStatus.TIMEOUT
            assert tf1.exception is not None and tf1.exception.type == "ValueError"
            shown = text_of(pane(app, RESULTS))
            assert "no result after 1 s" in shown and "this mode finishes at once" in shown
            # The studio keeps working: the next scenario runs in a fresh worker.
            await pilot.press("slash", *"zero-division", "enter")
            await run_and_wait(pilot, app)
            assert app.results["zero-division"].runs[0].exception.type == "ZeroDivisionError"  # type: ignore[union-attr]
    finally:
        app.session.close()


@drive
async def test_a_crash_shows_in_its_pane():
    app = make_app("crash")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await run_and_wait(pilot, app)
            torch, tf1 = app.results["crash"].runs
            assert torch.status is RunStatus.CRASHED and "SIGABRT" in torch.detail
            assert tf1.status is RunStatus.CRASHED and "SIGSEGV" in tf1.detail
            assert "SIGABRT" in text_of(pane(app, RESULTS))
            # Every mode it defines: the crashed ones restart, the new ones start on first use.
            await pilot.press("m", "down", "down", "space", "down", "space", "enter")
            assert app.modes["crash"] == [Mode.TORCH_EAGER, Mode.TF1_GRAPH, Mode.TF2_EAGER, Mode.TF_FUNCTION]
            await run_and_wait(pilot, app)
            *_, tf2, tf_function = app.results["crash"].runs
            assert tf2.status is RunStatus.CRASHED and "exited with code 3" in tf2.detail
            assert tf_function.status is RunStatus.RETURNED
            # The crashed workers were started again: the next run is warm too.
            assert len(pids(app)) == 4 and all(alive(pid) for pid in pids(app))
    finally:
        app.session.close()


@drive
async def test_a_missing_framework_shows_in_its_pane():
    app = make_app(preload=True, env={"PYTHONPATH": f"{WITHOUT_TF}:{BROKEN_TORCH}"})
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await run_and_wait(pilot, app)
            torch, tf1 = app.results["zero-division"].runs
            assert torch.status is RunStatus.UNAVAILABLE and "torch is installed but cannot" in torch.detail
            assert tf1.status is RunStatus.UNAVAILABLE
            assert "tensorflow not installed — pip install tensorflow" in text_of(pane(app, RESULTS))
    finally:
        app.session.close()


@drive
async def test_an_invalid_scenario_file_shows_in_its_pane(tmp_path):
    catalog = discover([ASSET_SCENARIOS, ASSETS / "invalid_scenarios"])
    app = StudioApp(catalog, Session(DEFAULT_MODES, restart=True, preload=False))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("slash", *"misspelt-mode", "enter")
            await pilot.pause()
            assert app.current is not None and app.current.scenario is None
            shown = text_of(pane(app, SOURCE))
            assert "invalid scenario file" in shown and "misspelt_mode.py" in shown
            await pilot.press("r")  # nothing to run: a note, and the app goes on
            await pilot.pause()
            assert app.is_running and not app.running
            app.query_one("#filter").value = "zero-division"  # type: ignore[attr-defined]
            await pilot.pause()
            await run_and_wait(pilot, app)
            assert app.results["zero-division"].runs[0].status is RunStatus.RAISED
    finally:
        app.session.close()


# --- quit -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "code"), [("q", 0), ("ctrl+c", 130)])
@drive
async def test_quit_leaves_no_worker(app, key, code):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_and_wait(pilot, app)
        workers = pids(app)
        assert workers and all(alive(pid) for pid in workers)
        await pilot.press(key)
        await pilot.pause()
    assert app.return_code == code
    assert wait_until(lambda: not any(alive(pid) for pid in workers), timeout=10)


@drive
async def test_quitting_during_a_run_leaves_no_worker():
    app = make_app("hang", timeout=30.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause(0.5)
        workers = pids(app)
        assert app.running and workers
        await pilot.press("q")
    assert app.return_code == 0
    assert wait_until(lambda: not any(alive(pid) for pid in workers), timeout=10)


# --- live ------------------------------------------------------------------------------------


@pytest.mark.frameworks
@drive
async def test_live_shape_mismatch_in_torch_and_tf1(tmp_path):
    catalog = discover([BUILTIN])
    scenario = catalog.resolve("shape-mismatch")
    app = StudioApp(catalog, Session(DEFAULT_MODES, restart=True, timeout=120), scenario)
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            await run_and_wait(pilot, app)
            result = app.results["shape-mismatch"]
            assert [r.status for r in result.runs] == [RunStatus.RAISED, RunStatus.RAISED]
            assert not mismatches(compare(scenario, result))  # what the scenario's EXPECT says
            torch, tf1 = result.runs
            shown = text_of(pane(app, RESULTS))
            assert torch.exception is not None and tf1.exception is not None
            assert torch.exception.type in shown and tf1.exception.type in shown
            assert "verdict" in shown
    finally:
        app.session.close()


def test_the_app_module_is_the_only_textual_importer():
    # The fast commands never import Textual: only debugdemo/studio/app.py does.
    package = Path(__file__).resolve().parent.parent / "debugdemo"
    importers = sorted(
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if "from textual" in p.read_text(encoding="utf-8")
        or "import textual" in p.read_text(encoding="utf-8")
    )
    assert importers == ["studio/app.py"]


def test_the_readme_documents_every_key():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Present it", 1)[1].split("\n## ", 1)[0]
    documented = " ".join(line.split("|")[1] for line in section.splitlines() if line.startswith("| `"))
    for binding in StudioApp.BINDINGS:
        key = binding.key_display or binding.key  # type: ignore[union-attr]
        assert f"`{key}`" in documented, key
