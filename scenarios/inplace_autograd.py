"""In-place write into a tensor that backward needs.

An ablation experiment switches off the first four hidden units by writing
zeros into the sigmoid's output: `h[:, :4] = 0`.

PyTorch (eager) accepts the write, and the forward pass and the loss are
computed normally. sigmoid's backward needs its own output, which the write
has changed, so the error comes only at `loss.backward()`: RuntimeError "one
of the variables needed for gradient computation has been modified by an
inplace operation: [torch.FloatTensor [16, 16]], which is output 0 of
Sigmoid, is at version 1; expected version 0 instead". The traceback ends at
the backward() line, not at the in-place line; the message names the
sigmoid, not the write. `torch.autograd.set_detect_anomaly(True)` adds the
forward stack of the sigmoid (the line above the write), still not the write.

TF1 (graph) does better here: graph tensors are immutable, so the item
assignment raises TypeError ("'SymbolicTensor' object does not support item
assignment") on the buggy line itself, while the graph is built.

TensorFlow's tensors are immutable in every mode. TF2 eager raises TypeError
("'...EagerTensor' object does not support item assignment") on the buggy
line, at the first forward pass. Under @tf.function the same TypeError comes
while the step is traced, wrapped in "in user code:": the traceback ends at
the call of the traced step, and the message (and the run record's
`defined_at`) names the write line. torch.compile (on the forward pass)
traces the write into its graph without a word; the error is the same as in
eager PyTorch, with the same message, at `loss.backward()`: the compiler
neither catches the write nor hides it.
"""

TAGS = ["autograd", "build-time"]

EXPECT = {
    "torch-eager": {"raises": "RuntimeError", "points_at_bug": False},
    "tf1-graph": {"raises": "TypeError", "points_at_bug": True, "phase": "build"},
    "tf2-eager": {"raises": "TypeError", "points_at_bug": True},
    "tf-function": {"raises": "TypeError", "points_at_bug": False},
    "torch-compile": {"raises": "RuntimeError", "points_at_bug": False},
}


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randn(16, 8)
    y = torch.randn(16, 1)

    w1 = (torch.randn(8, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 1) * 0.3).requires_grad_()
    b2 = torch.zeros(1, requires_grad=True)
    params = [w1, b1, w2, b2]

    def model(x):
        h = torch.sigmoid(x @ w1 + b1)
        h[:, :4] = 0.0  # BUG: in-place write into sigmoid's output, which its backward needs
        return h @ w2 + b2

    for step in range(3):
        loss = F.mse_loss(model(x), y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.1 * p.grad
                p.grad = None
    return loss.item()


def tf1_graph():
    import numpy as np
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.set_random_seed(0)
    rng = np.random.default_rng(0)
    x_data = rng.normal(size=(16, 8)).astype(np.float32)
    y_data = rng.normal(size=(16, 1)).astype(np.float32)

    x = tf.placeholder(tf.float32, [None, 8], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w1 = tf.get_variable("w1", [8, 16])
    b1 = tf.get_variable("b1", [16], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [16, 1])
    b2 = tf.get_variable("b2", [1], initializer=tf.zeros_initializer())

    def model(x):
        h = tf.sigmoid(tf.matmul(x, w1) + b1)
        h[:, :4] = 0.0  # BUG: item assignment on a graph tensor (tensors are immutable)
        return tf.matmul(h, w2) + b2

    loss = tf.reduce_mean(tf.square(model(x) - y))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            loss_val, _ = sess.run([loss, train_op], feed_dict={x: x_data, y: y_data})
    return float(loss_val)


def tf2_eager():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(size=(16, 8)), tf.float32)
    y = tf.constant(rng.normal(size=(16, 1)), tf.float32)
    init = tf.random_normal_initializer(stddev=0.3)
    w1 = tf.Variable(init([8, 16]))
    b1 = tf.Variable(tf.zeros([16]))
    w2 = tf.Variable(init([16, 1]))
    b2 = tf.Variable(tf.zeros([1]))
    params = [w1, b1, w2, b2]

    def model(x):
        h = tf.sigmoid(x @ w1 + b1)
        h[:, :4] = 0.0  # BUG: item assignment on a tensor (eager tensors are immutable too)
        return h @ w2 + b2

    for step in range(3):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(0.1 * g)
    return float(loss)


def tf_function():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(size=(16, 8)), tf.float32)
    y = tf.constant(rng.normal(size=(16, 1)), tf.float32)
    init = tf.random_normal_initializer(stddev=0.3)
    w1 = tf.Variable(init([8, 16]))
    b1 = tf.Variable(tf.zeros([16]))
    w2 = tf.Variable(init([16, 1]))
    b2 = tf.Variable(tf.zeros([1]))
    params = [w1, b1, w2, b2]

    def model(x):
        h = tf.sigmoid(x @ w1 + b1)
        h[:, :4] = 0.0  # BUG: item assignment on a graph tensor (tensors are immutable)
        return h @ w2 + b2

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(0.1 * g)
        return loss

    for step in range(3):
        loss = train_step(x, y)
    return float(loss)


def torch_compile():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randn(16, 8)
    y = torch.randn(16, 1)

    w1 = (torch.randn(8, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 1) * 0.3).requires_grad_()
    b2 = torch.zeros(1, requires_grad=True)
    params = [w1, b1, w2, b2]

    @torch.compile(backend="eager")
    def model(x):
        h = torch.sigmoid(x @ w1 + b1)
        h[:, :4] = 0.0  # BUG: in-place write into sigmoid's output, which its backward needs
        return h @ w2 + b2

    for step in range(3):
        loss = F.mse_loss(model(x), y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.1 * p.grad
                p.grad = None
    return loss.item()
