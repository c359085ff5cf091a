"""A breakpoint in a function called three times (test asset).

Eager TF hits it three times with values. tf.function hits it once, while
tracing, in AutoGraph's generated code, with symbolic tensors. torch.compile
cannot trace breakpoint(): a graph break, and the hook runs in plain Python,
with values, on every call.
"""

TAGS = ["test", "breakpoints"]


def tf2_eager():
    import tensorflow as tf

    def scale(x):
        y = x * 2.0
        breakpoint()
        return y + 1.0

    return [float(tf.reduce_sum(scale(tf.ones((2, 3))))) for step in range(3)]


def tf_function():
    import tensorflow as tf

    @tf.function
    def scale(x):
        y = x * 2.0
        breakpoint()
        return y + 1.0

    return [float(tf.reduce_sum(scale(tf.ones((2, 3))))) for step in range(3)]


def torch_compile():
    import torch

    @torch.compile(backend="eager")
    def scale(x):
        y = x * 2.0
        breakpoint()
        return y + 1.0

    return [float(scale(torch.ones(2, 3)).sum()) for step in range(3)]
