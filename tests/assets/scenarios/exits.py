"""Scenarios that raise SystemExit and KeyboardInterrupt.

Neither may end the worker or reach the tool: each is the scenario's result.
"""


def torch_eager():
    raise SystemExit(4)  # BUG: a library that calls sys.exit


def tf1_graph():
    raise KeyboardInterrupt("pressed in the scenario")  # BUG
