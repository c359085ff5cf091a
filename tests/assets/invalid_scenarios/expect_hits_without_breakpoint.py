"""Invalid: EXPECT counts breakpoint hits, but the mode has no breakpoint().

The count would always be 0, so the check could never hold.
"""

EXPECT = {
    "torch-eager": {"raises": "ZeroDivisionError"},
    "tf1-graph": {"raises": "ZeroDivisionError", "breakpoint_hits": 1},
}


def torch_eager():
    breakpoint()
    return 1 / 0  # BUG


def tf1_graph():
    return 1 / 0  # BUG
