"""float64 statistics from NumPy meet float32 data.

The features are standardised with a mean and standard deviation computed by
NumPy on the raw float64 array (NumPy's default dtype), while the model runs
in float32. The mistake is on the two lines that turn those statistics into
tensors without a dtype.

PyTorch (eager) says nothing at first: `x - mean` silently promotes the
float32 batch to float64, and the error only appears one line later, at the
matrix product with the float32 weights (RuntimeError "expected m1 and m2 to
have the same dtype, but got: double != float"), away from the lines that
made the float64 tensors.

TF1 (graph) refuses to mix dtypes at all: the TypeError ("Input 'y' of 'Sub'
Op has type float64 that does not match type float32 of argument 'x'") is
raised at the first operation that combines them, while the graph is being
built, before any session or data. Neither traceback ends on the marked
line, but TF1's stops closer to it and earlier.
"""

TAGS = ["dtype", "build-time"]

EXPECT = {
    "torch-eager": {"raises": "RuntimeError", "points_at_bug": False},
    "tf1-graph": {"raises": "TypeError", "points_at_bug": False, "phase": "build"},
}


def torch_eager():
    import numpy as np
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    raw = rng.normal(5.0, 2.0, size=(48, 4))  # as np.loadtxt returns it: float64
    labels = (raw.sum(axis=1) > 20).astype(np.float32)

    x_all = torch.from_numpy(raw.astype(np.float32))
    y_all = torch.from_numpy(labels).unsqueeze(1)
    mean = torch.from_numpy(raw.mean(axis=0))  # BUG: float64 tensor (no .float())
    std = torch.from_numpy(raw.std(axis=0))  # BUG: float64 tensor (no .float())

    w = torch.zeros(4, 1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    for step in range(3):
        batch = slice(step * 16, (step + 1) * 16)
        x = (x_all[batch] - mean) / std
        logits = x @ w + b
        loss = F.binary_cross_entropy_with_logits(logits, y_all[batch])
        loss.backward()
        with torch.no_grad():
            for p in (w, b):
                p -= 0.5 * p.grad
                p.grad = None
    return loss.item()


def tf1_graph():
    import numpy as np
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.set_random_seed(0)
    rng = np.random.default_rng(0)
    raw = rng.normal(5.0, 2.0, size=(48, 4))  # as np.loadtxt returns it: float64
    labels = (raw.sum(axis=1) > 20).astype(np.float32)[:, None]

    x_in = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    mean = tf.constant(raw.mean(axis=0))  # BUG: float64 constant (no dtype=tf.float32)
    std = tf.constant(raw.std(axis=0))  # BUG: float64 constant (no dtype=tf.float32)

    x = (x_in - mean) / std
    w = tf.get_variable("w", [4, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    logits = tf.matmul(x, w) + b
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            batch = slice(step * 16, (step + 1) * 16)
            feed = {x_in: raw[batch], y: labels[batch]}
            loss_val, _ = sess.run([loss, train_op], feed_dict=feed)
    return float(loss_val)
