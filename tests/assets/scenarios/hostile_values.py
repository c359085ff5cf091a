"""Values that fight back: an exception whose __str__ raises, a local whose __repr__ raises.

torch_eager stops at a breakpoint beside a local that cannot be printed (and a large
numpy array), then raises an exception that cannot be printed either.
tf1_graph returns an object whose __repr__ raises; tf2_eager raises an exception whose
`op` property (read for TensorFlow errors) raises.
"""


class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no str for you")


class NoRepr:
    def __repr__(self):
        raise RuntimeError("no repr for you")


def torch_eager():
    import numpy as np

    hidden = NoRepr()
    big = np.zeros(10**8, dtype=np.uint8)
    breakpoint()
    raise Unprintable()  # BUG


def tf1_graph():
    return NoRepr()  # BUG


class HostileOp(Exception):
    @property
    def op(self):  # TensorFlow's errors have an `op`; this one raises when asked for it
        raise RuntimeError("no op for you")


def tf2_eager():
    raise HostileOp("asked for its op")  # BUG
