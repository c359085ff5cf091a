"""`debug`: the banner printed before the first pdb prompt, as a rich renderable."""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from debugdemo.process.pdb_parent import Banner, Break, Stop
from debugdemo.text import lines_text


def _display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _stop_view(stop: Stop) -> Text:
    text = Text("pdb stops in ")
    text.append(f"{stop.function}()", style="cyan")
    if stop.next_line is None:
        text.append(f" just after the breakpoint() on line {stop.line}.")
        return text
    text.append(f" at line {stop.next_line}, just after the breakpoint() on line {stop.line}:")
    text.append(f"\n  {stop.line:>4}  ", style="dim")
    text.append(stop.code, style="dim")
    text.append(f"\n→ {stop.next_line:>4}  ", style="bold")
    text.append(stop.next_code, style="bold")
    return text


def _break_view(brk: Break) -> Text:
    text = Text("pdb stops in ")
    text.append(f"{brk.function}()", style="cyan")
    text.append(f" at line {brk.line}, before it runs (--break {brk.line}, a pdb breakpoint):")
    text.append(f"\n→ {brk.line:>4}  ", style="bold")
    text.append(brk.code, style="bold")
    return text


def debug_banner(banner: Banner) -> Panel:
    parts: list[RenderableType] = [Text(banner.title, style="bold")]
    where = Text(f"{banner.mode.value} · {banner.mode.label} · {_display_path(banner.file)}", style="dim")
    parts.append(where)
    if not banner.post_mortem:
        for stop in banner.stops:
            parts.append(Text())
            parts.append(_stop_view(stop))
        if len(banner.stops) > 1:
            parts.append(Text("Each breakpoint() stops pdb every time it runs.", style="dim"))
    for brk in banner.breaks:
        parts.append(Text())
        parts.append(_break_view(brk))
    if banner.bug_lines:
        parts.append(Text(f"The bug is marked on {lines_text(banner.bug_lines)}.", style="yellow"))
    for note in banner.notes:
        parts.append(Text())
        parts.append(Text(note))
    if banner.hints:
        parts.append(Text())
        parts.append(Text("At the pdb prompt, try:"))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold green", no_wrap=True)
        table.add_column()
        for hint in banner.hints:
            table.add_row(Text(f"  {hint.command}"), Text(hint.says))
        parts.append(table)
    if banner.loads is not None:
        parts.append(Text())
        parts.append(Text(f"Loading {banner.loads.value} first: a few seconds.", style="dim"))
    title = "post-mortem" if banner.post_mortem else "debug"
    return Panel(
        Group(*parts),
        title=Text(f"debugdemo {title} {banner.scenario}", style="bold"),
        title_align="left",
        border_style="blue",
    )
