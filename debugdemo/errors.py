"""The project's one exception type and its exit codes."""

from __future__ import annotations

from enum import IntEnum

# "1": show debugdemo's own tracebacks (set by --traceback; workers inherit it).
TRACEBACK_ENV = "DEBUGDEMO_TRACEBACK"


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # a run produced no result, or `check` found a mismatch
    USAGE = 2  # unknown scenario, bad option, invalid scenario file
    INTERRUPTED = 130


class DebugDemoError(Exception):
    """An error the user can act on; the CLI prints the message and exits with `exit_code`."""

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
