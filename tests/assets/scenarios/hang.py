"""A mode that never finishes.

torch_eager sleeps forever (and starts a child process that does too, so a test can
check that stopping the worker leaves nothing behind); tf1_graph raises at once, so
the other column still has a result to show.
"""

import os
import subprocess
import sys
import time


def _record_pids(*pids):
    # A test that interrupts the CLI reads these pids to check that none survives.
    path = os.environ.get("DEBUGDEMO_TEST_PIDFILE")
    if path:
        with open(path, "a") as f:
            f.write("".join(f"{pid}\n" for pid in pids))


def torch_eager():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    _record_pids(os.getpid(), child.pid)
    print("sleeping forever", flush=True)
    while True:
        time.sleep(0.05)


def tf1_graph():
    raise ValueError("this mode finishes at once")  # BUG
