"""`new`: where the skeleton was written, and the commands to try it."""

from __future__ import annotations

import shlex

from rich.text import Text

from debugdemo.modes import DEFAULT_MODES
from debugdemo.scaffold import Scaffolded


def scaffolded(written: Scaffolded) -> Text:
    """Where `new` wrote, and the commands to run and check it."""
    prefix = f"--path {shlex.quote(str(written.path.parent))} " if written.needs_path else ""
    text = Text("Wrote ")
    text.append(str(written.path), style="bold")
    text.append(" (scenario ")
    text.append(written.name, style="cyan")
    text.append(").\n")
    modes = "" if written.modes == DEFAULT_MODES else " --modes " + ",".join(m.value for m in written.modes)
    text.append(f"Try it:  debugdemo {prefix}run {written.name}{modes}\n")
    text.append(f"Keep it honest:  debugdemo {prefix}check {written.name}")
    return text


def same_name_note(written: Scaffolded) -> Text:
    text = Text("Note: ", style="yellow")
    text.append(
        f"another scenario is also called {written.name!r} ({written.same_name}); "
        "the folder earlier in the search path wins."
    )
    return text
