"""Small text helpers shared by the worker, the pdb session and the views; no rich, no framework."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Where installed packages live: a frame there is framework code.
SITE_DIRS = ("site-packages", "dist-packages")
# AutoGraph (tf.function) writes the code it generates to temp files named so.
AUTOGRAPH_PREFIX = "__autograph_generated_file"

_SEPARATORS = re.compile(r"[\\/]")
# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides
# that can make source read differently from what runs: each to its Python escape. A
# translation table, not a regular expression: compiling the character class took a
# third of a millisecond at every start.
_CONTROL_CODES = [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x200E, 0x200F]
_CONTROL_CODES += [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPES = {code: repr(chr(code))[1:-1] for code in _CONTROL_CODES}


def visible(text: str) -> str:
    """`text` with every control character written as its Python escape (`\\x1b`, `\\r`)."""
    return text.replace("\r\n", "\n").translate(_ESCAPES)


def site_relative(filename: str) -> str | None:
    """The part of `filename` after its site-packages folder ("torch/nn/x.py"); None outside one."""
    parts = _SEPARATORS.split(filename)
    for anchor in SITE_DIRS:
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) + 1 :])
    return None


def short_path(filename: str) -> str:
    """A framework file without its site-packages prefix; other files as they are."""
    return site_relative(filename) or filename


def is_autograph_file(filename: str) -> bool:
    """True for a file AutoGraph generated from a user's function."""
    return _SEPARATORS.split(filename)[-1].startswith(AUTOGRAPH_PREFIX)


def source_line(source: Sequence[str], number: int) -> str:
    """Line `number` (1-based) of `source`, stripped; "" when there is no such line."""
    return source[number - 1].strip() if 0 < number <= len(source) else ""


def lines_text(lines: Sequence[int]) -> str:
    """ "line 4", or "lines 4, 9"."""
    return ("line " if len(lines) == 1 else "lines ") + ", ".join(str(n) for n in lines)


def qualified_name(cls: type) -> str:
    """`module.QualName` of a class; builtins by their bare name."""
    return cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 frame", "3 frames"; `many` for nouns that do not just take an s ("mismatches")."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"
