"""Python loop over a sequence length known only from the data.

A tiny recurrent network (an Elman RNN) is unrolled with a Python `for` over
the time steps. The batches have different lengths (5, 7, then 3 steps).

PyTorch (eager): fine. `x.shape[1]` is a plain int for each batch, so the
loop runs 5, 7, then 3 times. The breakpoint at the top of `rnn` fires once
per batch, and `p x.shape` shows the actual length.

TF1 (graph): the placeholder's time dimension must be None to accept every
length, so `x.shape[1]` is None while the graph is built, and `range(None)`
raises TypeError ("'NoneType' object cannot be interpreted as an integer") on
the `for` line, before any data. The breakpoint fires once and shows `x` as a
symbolic tensor of shape (None, None, 3). The graph way is `tf.while_loop`
(or `tf.nn.dynamic_rnn`); `range(tf.shape(x)[1])` fails too.

TF2 eager runs the loop like PyTorch: three breakpoint hits, real tensors,
`x.shape` (4, 5, 3) on the first. @tf.function also runs (no input
signature): each new length is a new input shape, so the step is traced
again for each batch, and at trace time `x.shape[1]` is that batch's length,
an int; the Python loop is unrolled into each graph. The breakpoint fires
three times, once per trace, with symbolic tensors of known shape
((4, 5, 3) on the first). torch.compile (on `rnn`) also runs:
breakpoint() is a graph break, so the hook fires on each of the three calls
with real tensors; `x` and the weights are among its locals, `h` is not,
and a Dynamo temporary (`tmp_2`) is. `TORCH_LOGS=recompiles` shows the
cost: `rnn` is recompiled when the length changes from 5 to 7 ("tensor 'x'
size mismatch at index 1"), and the code after the breakpoint, which holds
the loop, once for every length.
"""

TAGS = ["control-flow", "build-time", "breakpoints"]

EXPECT = {
    "torch-eager": {
        "raises": None,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 3,
    },
    "tf1-graph": {
        "raises": "TypeError",
        "points_at_bug": True,
        "phase": "build",
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 1,
    },
    "tf2-eager": {
        "raises": None,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 3,
    },
    "tf-function": {
        "raises": None,
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 3,
    },
    "torch-compile": {
        "raises": None,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 3,
    },
}

LENGTHS = (5, 7, 3)


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    batches = [(torch.randn(4, n, 3), torch.randn(4, 1)) for n in LENGTHS]

    w_xh = (torch.randn(3, 8) * 0.3).requires_grad_()
    w_hh = (torch.randn(8, 8) * 0.3).requires_grad_()
    b_h = torch.zeros(8, requires_grad=True)
    w_out = (torch.randn(8, 1) * 0.3).requires_grad_()
    params = [w_xh, w_hh, b_h, w_out]

    def rnn(x):
        h = torch.zeros(x.shape[0], 8)
        breakpoint()  # try: p x.shape
        for t in range(x.shape[1]):  # eager: x.shape[1] is a plain int for this batch
            h = torch.tanh(x[:, t] @ w_xh + h @ w_hh + b_h)
        return h @ w_out

    for x, y in batches:
        loss = F.mse_loss(rnn(x), y)
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
    batches = [(rng.normal(size=(4, n, 3)), rng.normal(size=(4, 1))) for n in LENGTHS]

    x = tf.placeholder(tf.float32, [None, None, 3], name="x")  # (batch, time, features)
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w_xh = tf.get_variable("w_xh", [3, 8])
    w_hh = tf.get_variable("w_hh", [8, 8])
    b_h = tf.get_variable("b_h", [8], initializer=tf.zeros_initializer())
    w_out = tf.get_variable("w_out", [8, 1])

    def rnn(x):
        h = tf.zeros([tf.shape(x)[0], 8])
        breakpoint()  # try: p x, x.shape   (symbolic: time dimension is None)
        for t in range(x.shape[1]):  # BUG: the time dimension is None while the graph is built
            h = tf.tanh(tf.matmul(x[:, t], w_xh) + tf.matmul(h, w_hh) + b_h)
        return tf.matmul(h, w_out)

    loss = tf.reduce_mean(tf.square(rnn(x) - y))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for x_batch, y_batch in batches:
            loss_val, _ = sess.run([loss, train_op], feed_dict={x: x_batch, y: y_batch})
    return float(loss_val)


def tf2_eager():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    data = [(rng.normal(size=(4, n, 3)), rng.normal(size=(4, 1))) for n in LENGTHS]
    batches = [(tf.constant(x, tf.float32), tf.constant(y, tf.float32)) for x, y in data]
    init = tf.random_normal_initializer(stddev=0.3)
    w_xh = tf.Variable(init([3, 8]))
    w_hh = tf.Variable(init([8, 8]))
    b_h = tf.Variable(tf.zeros([8]))
    w_out = tf.Variable(init([8, 1]))
    params = [w_xh, w_hh, b_h, w_out]

    def rnn(x):
        h = tf.zeros([x.shape[0], 8])
        breakpoint()  # try: p x.shape
        for t in range(x.shape[1]):  # eager: x.shape[1] is a plain int for this batch
            h = tf.tanh(x[:, t] @ w_xh + h @ w_hh + b_h)
        return h @ w_out

    for x, y in batches:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(rnn(x) - y))
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(0.1 * g)
    return float(loss)


def tf_function():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    data = [(rng.normal(size=(4, n, 3)), rng.normal(size=(4, 1))) for n in LENGTHS]
    batches = [(tf.constant(x, tf.float32), tf.constant(y, tf.float32)) for x, y in data]
    init = tf.random_normal_initializer(stddev=0.3)
    w_xh = tf.Variable(init([3, 8]))
    w_hh = tf.Variable(init([8, 8]))
    b_h = tf.Variable(tf.zeros([8]))
    w_out = tf.Variable(init([8, 1]))
    params = [w_xh, w_hh, b_h, w_out]

    def rnn(x):
        h = tf.zeros([tf.shape(x)[0], 8])
        breakpoint()  # fires while tracing, once per new length: x is symbolic
        for t in range(x.shape[1]):  # each trace sees one length and unrolls the loop that many times
            h = tf.tanh(x[:, t] @ w_xh + h @ w_hh + b_h)
        return h @ w_out

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(rnn(x) - y))
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(0.1 * g)
        return loss

    for x, y in batches:
        loss = train_step(x, y)
    return float(loss)


def torch_compile():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    batches = [(torch.randn(4, n, 3), torch.randn(4, 1)) for n in LENGTHS]

    w_xh = (torch.randn(3, 8) * 0.3).requires_grad_()
    w_hh = (torch.randn(8, 8) * 0.3).requires_grad_()
    b_h = torch.zeros(8, requires_grad=True)
    w_out = (torch.randn(8, 1) * 0.3).requires_grad_()
    params = [w_xh, w_hh, b_h, w_out]

    @torch.compile(backend="eager")
    def rnn(x):
        h = torch.zeros(x.shape[0], 8)
        breakpoint()  # a graph break: the hook runs in plain Python
        for t in range(x.shape[1]):  # Dynamo unrolls the loop for the length it sees
            h = torch.tanh(x[:, t] @ w_xh + h @ w_hh + b_h)
        return h @ w_out

    for x, y in batches:
        loss = F.mse_loss(rnn(x), y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.1 * p.grad
                p.grad = None
    return loss.item()
