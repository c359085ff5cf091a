"""Invalid: EXPECT names a mode that does not exist.

The mode id tf1-grpah is a typo for tf1-graph.
"""

EXPECT = {
    "torch-eager": {"raises": "ZeroDivisionError"},
    "tf1-grpah": {"raises": "ZeroDivisionError"},
}


def torch_eager():
    return 1 / 0  # BUG


def tf1_graph():
    return 1 / 0  # BUG
