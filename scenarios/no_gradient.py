"""Loss computed from a detached tensor: no gradient reaches the weights.

A binary classifier computes `probs` for its accuracy metric and detaches it
(torch `.detach()`, TF `tf.stop_gradient`), then reuses the same `probs` in
the loss. No gradient can flow from the loss back to any weight.

TF1 (graph) finds out earlier: `optimizer.minimize(loss)` asks for the
gradients while the graph is built and raises ValueError ("No gradients
provided for any variable ...") on the minimize line, before any data. The
traceback ends there, not on the line that cut the graph.

PyTorch (eager) runs the forward pass, the metric (it prints the first
step's accuracy) and the loss, and fails only at `loss.backward()`:
RuntimeError "element 0 of tensors does not require grad and does not have a
grad_fn". The traceback ends on the backward() line; the message does not
say where the graph was cut.

TF2 eager says nothing at all about the missing gradient: `tape.gradient`
quietly returns None for every weight. The breakpoint after it fires once,
with real tensors, and `p grads` shows `[None, None, None, None]`; the first
use of a gradient then raises TypeError ("unsupported operand type(s) for *:
'float' and 'NoneType'") on the update line, after the accuracy was printed.
@tf.function fails the same way while tracing, as TypeError "in user code:"
naming the update line; the traceback ends at the call of the traced step,
and nothing is printed. Its breakpoint fires once, while tracing, with
symbolic tensors, but `grads` is already a plain Python list of None: at
trace time the missing gradient is known before any data. torch.compile (on
the forward pass) traces the detach into its graph without a word and fails
exactly like eager PyTorch: the accuracy is printed, then RuntimeError
"element 0 of tensors does not require grad" at `loss.backward()`.
"""

TAGS = ["autograd", "build-time"]

EXPECT = {
    "torch-eager": {"raises": "RuntimeError", "points_at_bug": False},
    "tf1-graph": {"raises": "ValueError", "points_at_bug": False, "phase": "build"},
    "tf2-eager": {
        "raises": "TypeError",
        "points_at_bug": False,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 1,
    },
    "tf-function": {
        "raises": "TypeError",
        "points_at_bug": False,
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 1,
    },
    "torch-compile": {"raises": "RuntimeError", "points_at_bug": False},
}


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randn(32, 6)
    y = (x[:, :1] + x[:, 1:2] > 0).float()

    w1 = (torch.randn(6, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 1) * 0.3).requires_grad_()
    b2 = torch.zeros(1, requires_grad=True)
    params = [w1, b1, w2, b2]

    for step in range(3):
        logits = torch.relu(x @ w1 + b1) @ w2 + b2
        probs = torch.sigmoid(logits).detach()  # BUG: cut off for the metric, then reused in the loss
        accuracy = ((probs > 0.5).float() == y).float().mean()
        loss = F.binary_cross_entropy(probs, y)
        print(f"step {step}: accuracy {accuracy.item():.2f}")
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.5 * p.grad
                p.grad = None
    return loss.item()


def tf1_graph():
    import numpy as np
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.set_random_seed(0)
    rng = np.random.default_rng(0)
    x_data = rng.normal(size=(32, 6)).astype(np.float32)
    y_data = (x_data[:, :1] + x_data[:, 1:2] > 0).astype(np.float32)

    x = tf.placeholder(tf.float32, [None, 6], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w1 = tf.get_variable("w1", [6, 16])
    b1 = tf.get_variable("b1", [16], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [16, 1])
    b2 = tf.get_variable("b2", [1], initializer=tf.zeros_initializer())

    logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
    probs = tf.stop_gradient(tf.sigmoid(logits))  # BUG: cut off for the metric, then reused in the loss
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.cast(probs > 0.5, tf.float32), y), tf.float32))
    eps = 1e-7
    loss = -tf.reduce_mean(y * tf.log(probs + eps) + (1 - y) * tf.log(1 - probs + eps))
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            feed = {x: x_data, y: y_data}
            loss_val, acc, _ = sess.run([loss, accuracy, train_op], feed_dict=feed)
            print(f"step {step}: accuracy {acc:.2f}")
    return float(loss_val)


def tf2_eager():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(size=(32, 6)), tf.float32)
    y = tf.cast(x[:, :1] + x[:, 1:2] > 0, tf.float32)
    init = tf.random_normal_initializer(stddev=0.3)
    w1 = tf.Variable(init([6, 16]))
    b1 = tf.Variable(tf.zeros([16]))
    w2 = tf.Variable(init([16, 1]))
    b2 = tf.Variable(tf.zeros([1]))
    params = [w1, b1, w2, b2]
    eps = 1e-7

    def train_step(x, y):
        with tf.GradientTape() as tape:
            logits = tf.nn.relu(x @ w1 + b1) @ w2 + b2
            probs = tf.stop_gradient(tf.sigmoid(logits))  # BUG: cut off for the metric, reused in the loss
            accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.cast(probs > 0.5, tf.float32), y), tf.float32))
            loss = -tf.reduce_mean(y * tf.math.log(probs + eps) + (1 - y) * tf.math.log(1 - probs + eps))
        print(f"accuracy {float(accuracy):.2f}")
        grads = tape.gradient(loss, params)
        breakpoint()  # try: p grads   (no error yet: a gradient that does not exist is None)
        for p, g in zip(params, grads):
            p.assign_sub(0.5 * g)
        return loss

    for step in range(3):
        loss = train_step(x, y)
    return float(loss)


def tf_function():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(size=(32, 6)), tf.float32)
    y = tf.cast(x[:, :1] + x[:, 1:2] > 0, tf.float32)
    init = tf.random_normal_initializer(stddev=0.3)
    w1 = tf.Variable(init([6, 16]))
    b1 = tf.Variable(tf.zeros([16]))
    w2 = tf.Variable(init([16, 1]))
    b2 = tf.Variable(tf.zeros([1]))
    params = [w1, b1, w2, b2]
    eps = 1e-7

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            logits = tf.nn.relu(x @ w1 + b1) @ w2 + b2
            probs = tf.stop_gradient(tf.sigmoid(logits))  # BUG: cut off for the metric, reused in the loss
            accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.cast(probs > 0.5, tf.float32), y), tf.float32))
            loss = -tf.reduce_mean(y * tf.math.log(probs + eps) + (1 - y) * tf.math.log(1 - probs + eps))
        grads = tape.gradient(loss, params)
        breakpoint()  # fires while tracing: probs is symbolic, grads already a list of None
        for p, g in zip(params, grads):
            p.assign_sub(0.5 * g)
        return loss, accuracy

    for step in range(3):
        loss, accuracy = train_step(x, y)
        print(f"step {step}: accuracy {float(accuracy):.2f}")
    return float(loss)


def torch_compile():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randn(32, 6)
    y = (x[:, :1] + x[:, 1:2] > 0).float()

    w1 = (torch.randn(6, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 1) * 0.3).requires_grad_()
    b2 = torch.zeros(1, requires_grad=True)
    params = [w1, b1, w2, b2]

    @torch.compile(backend="eager")
    def forward(x, y):
        logits = torch.relu(x @ w1 + b1) @ w2 + b2
        probs = torch.sigmoid(logits).detach()  # BUG: cut off for the metric, then reused in the loss
        accuracy = ((probs > 0.5).float() == y).float().mean()
        return F.binary_cross_entropy(probs, y), accuracy

    for step in range(3):
        loss, accuracy = forward(x, y)
        print(f"step {step}: accuracy {accuracy.item():.2f}")
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.5 * p.grad
                p.grad = None
    return loss.item()
