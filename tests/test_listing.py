"""`list`'s table lays itself out as rich's Table would, without a Table's cost per cell."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from debugdemo.catalog import builtin_dir, discover
from debugdemo.views.listing import ListView

from .conftest import ASSET_SCENARIOS


def draw(renderable: object, width: int) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, legacy_windows=False).print(renderable)
    return [line.rstrip() for line in out.getvalue().splitlines()]


@pytest.mark.parametrize("width", [100, 120, 200])
def test_the_table_matches_rich_s_layout_at_every_width(width):
    summaries = discover([ASSET_SCENARIOS, builtin_dir()]).summaries()
    view = ListView(summaries)
    drawn = draw(view, width)
    assert drawn == draw(view._table(), width)
    assert drawn[0].split() == ["name", "title", "modes", "tags"]
    assert any("zero-division" in line and "torch tf1" in line for line in drawn)
    assert any(line.startswith("data-dependent-control-flow   Python") for line in drawn)
    assert all(len(line) <= width for line in drawn)


def test_a_narrow_terminal_gets_two_columns_that_fold_between_words():
    view = ListView(discover([builtin_dir()]).summaries())
    assert view._widths(60)[1] < 24  # too little room for titles: the Table shares it out
    assert draw(view, 60) == draw(view._narrow(60), 60)
    assert draw(view, 78) == draw(view._narrow(78), 78)
    assert draw(view, 60)[0].split() == ["name", "title"]  # modes and tags under each title
