"""Python `if` on a tensor's value (hand-written gradient clipping).

A small regression model clips its gradients by hand: compute the global
gradient norm, and `if` it is above MAX_NORM, scale the gradients down.

PyTorch (eager): fine. `gnorm` is a real number when the `if` runs, so the
branch is taken or not, per step. The breakpoint just before it fires every
step, and `p gnorm` shows the value the `if` is about to test.

TF1 (graph): the `if` runs once, while the graph is built, when `gnorm` is a
symbolic tensor with no value. Asking for its truth value raises
OperatorNotAllowedInGraphError (a TypeError: "Using a symbolic `tf.Tensor` as
a Python `bool` is not allowed") on the `if` line itself, before any data.
The breakpoint fires once and shows `gnorm` as a symbolic tensor. The graph
way to write this is `tf.cond` or `tf.clip_by_global_norm`.
"""

TAGS = ["control-flow", "build-time", "breakpoints"]

EXPECT = {
    "torch-eager": {
        "raises": None,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 3,
    },
    "tf1-graph": {
        "raises": "OperatorNotAllowedInGraphError",
        "points_at_bug": True,
        "phase": "build",
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 1,
    },
}

MAX_NORM = 1.0
LR = 0.05


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randn(32, 8)
    y = x @ torch.randn(8, 1) * 3.0 + 1.0

    w1 = (torch.randn(8, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 1) * 0.3).requires_grad_()
    b2 = torch.zeros(1, requires_grad=True)
    params = [w1, b1, w2, b2]

    for step in range(3):
        pred = torch.relu(x @ w1 + b1) @ w2 + b2
        loss = F.mse_loss(pred, y)
        grads = torch.autograd.grad(loss, params)
        gnorm = torch.sqrt(sum((g**2).sum() for g in grads))
        breakpoint()  # try: p gnorm, loss
        if gnorm > MAX_NORM:  # eager: gnorm has a value, so Python can branch on it
            grads = [g * (MAX_NORM / gnorm) for g in grads]
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= LR * g
    return loss.item()


def tf1_graph():
    import numpy as np
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.set_random_seed(0)
    rng = np.random.default_rng(0)
    x_data = rng.normal(size=(32, 8)).astype(np.float32)
    y_data = x_data @ rng.normal(size=(8, 1)).astype(np.float32) * 3.0 + 1.0

    x = tf.placeholder(tf.float32, [None, 8], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w1 = tf.get_variable("w1", [8, 16])
    b1 = tf.get_variable("b1", [16], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [16, 1])
    b2 = tf.get_variable("b2", [1], initializer=tf.zeros_initializer())
    params = [w1, b1, w2, b2]

    pred = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
    loss = tf.reduce_mean(tf.square(pred - y))
    grads = tf.gradients(loss, params)
    gnorm = tf.global_norm(grads)
    breakpoint()  # try: p gnorm   (symbolic: no value while the graph is built)
    if gnorm > MAX_NORM:  # BUG: Python `if` on a graph tensor; use tf.cond / tf.clip_by_global_norm
        grads = [g * (MAX_NORM / gnorm) for g in grads]
    train_op = tf.train.GradientDescentOptimizer(LR).apply_gradients(zip(grads, params))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            loss_val, _ = sess.run([loss, train_op], feed_dict={x: x_data, y: y_data})
    return float(loss_val)
