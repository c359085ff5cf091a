"""Pictures of the studio at two terminal sizes (pytest-textual-snapshot).

The snapshots live in tests/__snapshots__/test_studio_snapshots/. After a deliberate
change of the layout, look at the new pictures and regenerate them with:

    PYTHONPATH=$PWD python -m pytest tests/test_studio_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from debugdemo.api import Session
from debugdemo.catalog import discover
from debugdemo.modes import DEFAULT_MODES
from debugdemo.studio.app import StudioApp

from .conftest import ROOT
from .test_studio import run_and_wait


@pytest.fixture
def studio(monkeypatch: pytest.MonkeyPatch) -> Iterator[StudioApp]:
    # Relative paths: the pictures show tests/assets/..., wherever the checkout is.
    monkeypatch.chdir(ROOT)
    catalog = discover([Path("tests/assets/scenarios")])
    app = StudioApp(
        catalog, Session(DEFAULT_MODES, restart=True, preload=False), catalog.resolve("zero-division")
    )
    yield app
    app.session.close()


def test_source_at_80x24(snap_compare, studio):
    """The smallest supported terminal: list, story and source with ✗ and ● marks, footer."""
    assert snap_compare(studio, terminal_size=(80, 24))


def test_results_at_160x48(snap_compare, studio):
    """A wide terminal after `r`: both modes side by side and the verdict."""

    async def run(pilot) -> None:
        await run_and_wait(pilot, studio)

    assert snap_compare(studio, terminal_size=(160, 48), run_before=run)
