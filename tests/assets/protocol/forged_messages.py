"""Scenarios that write a message of their own into the worker's response pipe.

The runner must name what arrived and give up on the worker, not hang or believe it.
"""

import os
import sys
import time

from debugdemo.process import protocol


def _forge(line):
    args = protocol.parse_args(sys.argv[1:], protocol.WorkerArgs)
    os.write(args.response_fd, line)
    time.sleep(600)  # a runner that waited for a real result would wait this long


def torch_eager():
    _forge(b"this is not json\n")  # BUG: garbage on the pipe


ANOTHER_RUN = (
    b'{"event": "finished", "run_id": "someone-else", "result": {"mode": "tf1-graph", "status": "returned"}}'
)


def tf1_graph():
    _forge(ANOTHER_RUN + b"\n")  # BUG: another run's id
