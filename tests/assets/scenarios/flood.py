"""Modes that flood their output.

torch_eager prints 200 MB to stdout, tf1_graph writes 200 MB to stderr, then each
raises; a marker line comes first and last so the kept head and tail can be checked.
tf2_eager prints one line of a million characters and raises with a message as long.
"""

import sys

LINE = "x" * 99 + "\n"
LINES = 2_000_000  # 100 bytes each: 200 MB


def torch_eager():
    print("FIRST LINE")
    for _ in range(LINES // 1000):
        sys.stdout.write(LINE * 1000)
    print("LAST LINE")
    raise RuntimeError("flooded stdout")  # BUG


def tf1_graph():
    sys.stderr.write("FIRST LINE\n")
    for _ in range(LINES // 1000):
        sys.stderr.write(LINE * 1000)
    sys.stderr.write("LAST LINE\n")
    raise RuntimeError("flooded stderr")  # BUG


def tf2_eager():
    print("y" * 1_000_000)
    raise ValueError("z" * 1_000_000)  # BUG
