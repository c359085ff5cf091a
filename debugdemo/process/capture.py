"""A scenario's captured output: bounded in memory, framework noise removed."""

from __future__ import annotations

import re
import threading
from collections import deque
from typing import IO

HEAD_BYTES = 8192
TAIL_BYTES = 8192

# TensorFlow / absl start-up lines and torch log lines that say nothing about the scenario
# (framework-facts.md).
_NOISE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|[IWE]\d{4} [\d:. ]+\s*\d+ (cudart_stub|cuda_platform|cuda_executor|cuda_diagnostics|"
    r"cpu_feature_guard|port|mlir_graph_optimization_pass|gpu_device|direct_session)\.cc:\d+\].*"
    r"|.*oneDNN custom operations are on.*"
    r"|.*This TensorFlow binary is optimized to use available CPU instructions.*"
    r"|To enable the following instructions: .* in other operations, rebuild TensorFlow.*"
    # torch.compile's fake-tensor error log: a copy of what the exception already says.
    r"|[IWE]\d{4} [\d:. ]+\s*\d+ torch/_subclasses/fake_tensor\.py:\d+\].*)$"
)


# A frame as faulthandler writes it (most recent call first) after a crash or a stack dump.
_FAULTHANDLER_FRAME = re.compile(r'^  File "(?P<file>[^"]+)", line (?P<line>\d+) in (?P<function>\S+)$', re.M)


def stopped_at(stderr: str, scenario_file: str) -> tuple[int, str] | None:
    """(line, function) of the innermost scenario frame in a faulthandler dump, if any."""
    for match in _FAULTHANDLER_FRAME.finditer(stderr):
        if match["file"] == scenario_file:
            return int(match["line"]), match["function"]
    return None


def strip_noise(text: str) -> str:
    kept = [line for line in text.splitlines(keepends=True) if not _NOISE.match(line.rstrip("\n"))]
    return "".join(kept)


class CappedBuffer:
    """Keeps the first and last few KiB of a stream and counts what it skipped."""

    def __init__(self, head: int = HEAD_BYTES, tail: int = TAIL_BYTES) -> None:
        self._head_cap = head
        self._tail_cap = tail
        self._head = bytearray()
        self._tail: deque[bytes] = deque()
        self._tail_size = 0
        self.skipped = 0

    def write(self, data: bytes) -> None:
        room = self._head_cap - len(self._head)
        if room > 0:
            self._head += data[:room]
            data = data[room:]
        if not data:
            return
        self._tail.append(data)
        self._tail_size += len(data)
        while self._tail_size > self._tail_cap:
            first = self._tail.popleft()
            excess = self._tail_size - self._tail_cap
            if len(first) > excess:
                self._tail.appendleft(first[excess:])
                self._tail_size -= excess
                self.skipped += excess
            else:
                self._tail_size -= len(first)
                self.skipped += len(first)

    def text(self) -> str:
        head = self._head.decode("utf-8", "replace")
        tail = b"".join(self._tail).decode("utf-8", "replace")
        if self.skipped:
            return f"{head}\n… {self.skipped} bytes skipped …\n{tail}"
        return head + tail


class StreamSplitter(threading.Thread):
    """Reads a worker's stdout or stderr and cuts it into one capture per request.

    The worker writes `sentinel` after each request; each piece between sentinels is
    kept in a CappedBuffer, so a flooding scenario costs bounded memory.
    """

    def __init__(self, stream: IO[bytes], sentinel: bytes) -> None:
        super().__init__(daemon=True)
        self._stream = stream
        self._sentinel = sentinel
        self._current = CappedBuffer()
        self._done: list[CappedBuffer] = []
        self._cond = threading.Condition()
        self.closed = False

    def run(self) -> None:
        pending = b""
        keep = len(self._sentinel) - 1
        while True:
            chunk = self._stream.read1(65536) if hasattr(self._stream, "read1") else self._stream.read(65536)
            if not chunk:
                break
            pending += chunk
            while True:
                at = pending.find(self._sentinel)
                if at < 0:
                    break
                with self._cond:
                    self._current.write(pending[:at])
                    self._done.append(self._current)
                    self._current = CappedBuffer()
                    self._cond.notify_all()
                pending = pending[at + len(self._sentinel) :]
            if len(pending) > keep:
                with self._cond:
                    self._current.write(pending[: len(pending) - keep])
                pending = pending[len(pending) - keep :]
        # At end of file this thread is the stream's only user: close it here, not in Worker.kill,
        # where a close would wait for a read still blocked on a surviving grandchild's output.
        self._stream.close()
        with self._cond:
            self._current.write(pending)
            self.closed = True
            self._cond.notify_all()

    def next_capture(self, timeout: float = 5.0) -> str:
        """The output of the next finished request (or, once the worker died, what was left)."""
        with self._cond:
            self._cond.wait_for(lambda: self._done or self.closed, timeout=timeout)
            if self._done:
                return self._done.pop(0).text()
            text = self._current.text()
            self._current = CappedBuffer()
            return text
