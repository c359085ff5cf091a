"""A bug in a helper that both modes call.

The marker in `scale` sits outside every mode function, so it belongs to every mode.
"""


def scale(values):
    return [v * 0 for v in values]  # BUG: multiplies by zero instead of one


def torch_eager():
    return scale([1.0, 2.0])


def tf1_graph():
    breakpoint()
    return scale([3.0])
