"""Deep tracebacks: a RecursionError, and a 1,000-frame traceback.

torch_eager recurses without end; tf1_graph recurses 1,000 frames deep, then raises
(it raises the recursion limit for that, which the worker must put back afterwards).
"""

import sys


def forever(n):
    return forever(n + 1)  # BUG: no base case


def deep(n):
    if n == 0:
        raise ValueError("bottom of a 1,000-frame stack")
    return deep(n - 1)


def torch_eager():
    return forever(0)


def tf1_graph():
    sys.setrecursionlimit(5000)
    return deep(1000)
