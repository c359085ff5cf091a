"""The project's exception base, its exit codes, and the switch for debugdemo's own tracebacks."""

from __future__ import annotations

import os
import traceback
from enum import IntEnum

# "1": show debugdemo's own tracebacks (set by --traceback; workers inherit it).
TRACEBACK_ENV = "DEBUGDEMO_TRACEBACK"


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # a run produced no result, or `check` found a mismatch
    USAGE = 2  # unknown scenario, bad option, invalid scenario file
    INTERRUPTED = 130


class DebugDemoError(Exception):
    """The base of every debugdemo error: the CLI prints the message and exits with `exit_code`."""

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


def tracebacks_wanted() -> bool:
    """--traceback or DEBUGDEMO_TRACEBACK=1: show debugdemo's own tracebacks, for bug reports."""
    return os.environ.get(TRACEBACK_ENV, "") not in ("", "0")


def our_failure(what: str, exc: BaseException) -> str:
    """A note on debugdemo's own failure; with DEBUGDEMO_TRACEBACK=1, its traceback too."""
    from debugdemo.process.extract import safe_str  # only once something failed

    note = f"debugdemo {what}: {type(exc).__name__}: {safe_str(exc, 300)}"
    if tracebacks_wanted():
        note += "\n" + "".join(traceback.format_exception(exc))
    return note
