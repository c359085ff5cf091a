"""An exception message cut to what a reader needs, saying what was cut and where it went.

Frameworks put whole stacks into their messages (TensorFlow's "defined at" listings name
the harness's frames too). The short view drops those stack lines, and puts a marker in
their place: how many lines, and where the reader finds them. Plain data, no rich.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from debugdemo.text import plural

MESSAGE_LINES = 6  # lines of a message shown, markers included, before "… N more lines (--full)"

_STACK_LINE = re.compile(r'^\s*File "(?P<file>[^"]*)", line (?P<line>\d+), in \S+\s*$')


@dataclass(frozen=True)
class Summary:
    lines: list[str]  # the kept lines, with a marker in place of each run of dropped stack lines
    hidden: int  # lines of the message past the shown ones (blank lines not counted)
    markers: frozenset[int]  # indexes into `lines` that are markers, not message text


def summarise(
    message: str, defined_at: Iterable[tuple[str, int]] = (), limit: int = MESSAGE_LINES
) -> Summary:
    """The lines of `message` that say something, stack listings replaced by a marker.

    `defined_at`: the (file, line) pairs the view shows under "op defined at"; a run of
    stack lines that all name one of them says so ("2 lines → op defined at").
    """
    shown_elsewhere = set(defined_at)
    entries: list[tuple[str, int, bool]] = []  # (text, message lines it stands for, is a marker)
    dropped: list[tuple[str, int]] = []

    def flush() -> None:
        if dropped:
            entries.append((_marker(dropped, shown_elsewhere), len(dropped), True))
            dropped.clear()

    for line in message.splitlines():
        if not line.strip():
            continue  # blank lines carry nothing: dropped without a marker
        stack = _STACK_LINE.match(line)
        if stack:
            dropped.append((stack["file"], int(stack["line"])))
            continue
        flush()
        entries.append((line, 1, False))
    flush()
    shown = entries[:limit]
    return Summary(
        [text for text, _, _ in shown],
        sum(n for _, n, _ in entries[limit:]),
        frozenset(i for i, (_, _, marker) in enumerate(shown) if marker),
    )


def _marker(dropped: Sequence[tuple[str, int]], shown_elsewhere: set[tuple[str, int]]) -> str:
    count = len(dropped)
    elsewhere = sum(place in shown_elsewhere for place in dropped)
    if elsewhere == count:
        return f"  … {plural(count, 'line')} → op defined at"
    if elsewhere:
        return f"  … {count} stack lines: {elsewhere} → op defined at, {count - elsewhere} → --full"
    return f"  … {plural(count, 'stack line')} → --full"


def headline(message: str) -> str:
    """The message as one line for a table cell: the lines that say something, cuts as `…`."""
    summary = summarise(message, limit=MESSAGE_LINES)
    parts = ["…" if i in summary.markers else line.strip() for i, line in enumerate(summary.lines)]
    if summary.hidden:
        parts.append("…")
    return " ".join(parts)
