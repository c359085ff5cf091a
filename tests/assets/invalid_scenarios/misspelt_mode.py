"""Invalid: a mode function name with a typo.

torch_eagre is not a mode; the file would silently have no torch run.
"""


def torch_eagre():
    return 1 / 0  # BUG


def tf1_graph():
    return 1 / 0  # BUG
