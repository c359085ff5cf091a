"""A scenario that changes its interpreter: stdout, recursion limit, cwd, breakpoint hook.

A reused worker must undo all of it before the next scenario runs.
"""

import io
import os
import sys


def torch_eager():
    sys.stdout = io.StringIO()
    sys.stderr = io.StringIO()
    sys.setrecursionlimit(50)
    sys.breakpointhook = lambda *args: None
    sys.path.insert(0, "/nonexistent")
    os.chdir("/")
    raise RuntimeError("left the interpreter in a mess")  # BUG
