"""`new`: where the scaffold was written, and how to run and check it."""

from __future__ import annotations

import shlex

from rich.text import Text

from debugdemo.scaffold import Scaffolded


def scaffolded(written: Scaffolded) -> Text:
    """Where `new` wrote, and the commands to run and check it."""
    prefix = f"--path {shlex.quote(str(written.path.parent))} " if written.needs_path else ""
    text = Text("Wrote ")
    text.append(str(written.path), style="bold")
    text.append(" (scenario ")
    text.append(written.name, style="cyan")
    text.append(").\n")
    text.append(f"Try it:  debugdemo {prefix}run {written.name}\n")
    text.append(f"Keep it honest:  debugdemo {prefix}check {written.name}")
    return text


def same_name_note(written: Scaffolded) -> Text:
    text = Text("Note: ", style="yellow")
    text.append(
        f"another scenario is also called {written.name!r} ({written.same_name}); "
        "the folder earlier in the search path wins."
    )
    return text
