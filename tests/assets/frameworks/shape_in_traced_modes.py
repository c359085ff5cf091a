"""A shape mismatch in TF2 eager, tf.function and torch.compile (test asset).

The output layer is handed the input `x` (4x8) instead of the hidden `h` (4x16).
Eager TF raises at the line; tf.function and torch.compile raise while tracing,
and name the line only inside their message.
"""

TAGS = ["test"]


def tf2_eager():
    import tensorflow as tf

    x = tf.ones((4, 8))
    w1 = tf.ones((8, 16))
    w2 = tf.ones((16, 4))
    h = tf.nn.relu(x @ w1)
    return h, tf.matmul(x, w2)  # BUG: x instead of h


def tf_function():
    import tensorflow as tf

    w1 = tf.Variable(tf.ones((8, 16)))
    w2 = tf.Variable(tf.ones((16, 4)))

    @tf.function
    def model(x):
        h = tf.nn.relu(x @ w1)
        return h, tf.matmul(x, w2)  # BUG: x instead of h

    return model(tf.ones((4, 8)))


def torch_compile():
    import torch

    w1 = torch.ones(8, 16)
    w2 = torch.ones(16, 4)

    @torch.compile(backend="eager")
    def model(x):
        h = torch.relu(x @ w1)
        return h, x @ w2  # BUG: x instead of h

    return model(torch.ones(4, 8))
