"""print() inside the model: values every step, or a symbolic tensor once.

The hidden layer's bias is initialised to -3, so almost every ReLU is off
from the start and the loss barely moves. The model prints the mean hidden
activation and the fraction of active units to find out why.

PyTorch (eager): the print runs on every forward pass and shows numbers:
`hidden mean: tensor(...) active: tensor(...)`, with the active fraction
close to 0, which names the problem at once. The breakpoint in the model
fires every step, with concrete tensors.

TF1 (graph): the model function runs once, to build the graph, so the print
runs once and shows `Tensor("Mean_1:0", shape=(), dtype=float32)`: the name of
a node, not a value. Training then runs three steps without printing
anything. The breakpoint fires once, with symbolic tensors. Seeing values
needs fetching the tensors with `sess.run`, or a `tf.print` wired into the
graph (an unwired `tf.print` in TF1 prints nothing).
"""

TAGS = ["printing", "silent", "breakpoints"]

EXPECT = {
    "torch-eager": {
        "raises": None,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 3,
    },
    "tf1-graph": {
        "raises": None,
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 1,
    },
}


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randn(32, 8)
    y = torch.randint(0, 3, (32,))

    w1 = (torch.randn(8, 16) * 0.3).requires_grad_()
    b1 = torch.full((16,), -3.0, requires_grad=True)  # BUG: nearly every ReLU starts (and stays) off
    w2 = (torch.randn(16, 3) * 0.3).requires_grad_()
    b2 = torch.zeros(3, requires_grad=True)
    params = [w1, b1, w2, b2]

    def model(x):
        h = torch.relu(x @ w1 + b1)
        active = (h > 0).float().mean()
        print("hidden mean:", h.mean(), "active:", active)
        breakpoint()  # try: p h.mean(), (h > 0).sum()
        return h @ w2 + b2

    for step in range(3):
        loss = F.cross_entropy(model(x), y)
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
    x_data = rng.normal(size=(32, 8)).astype(np.float32)
    y_data = rng.integers(0, 3, size=32)

    x = tf.placeholder(tf.float32, [None, 8], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    w1 = tf.get_variable("w1", [8, 16])
    bias_init = tf.constant_initializer(-3.0)  # BUG: nearly every ReLU starts (and stays) off
    b1 = tf.get_variable("b1", [16], initializer=bias_init)
    w2 = tf.get_variable("w2", [16, 3])
    b2 = tf.get_variable("b2", [3], initializer=tf.zeros_initializer())

    def model(x):
        h = tf.nn.relu(tf.matmul(x, w1) + b1)
        active = tf.reduce_mean(tf.cast(h > 0, tf.float32))
        print("hidden mean:", tf.reduce_mean(h), "active:", active)
        breakpoint()  # try: p h   (symbolic: fetch it with sess.run to see values)
        return tf.matmul(h, w2) + b2

    logits = model(x)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            loss_val, _ = sess.run([loss, train_op], feed_dict={x: x_data, y: y_data})
    return float(loss_val)
