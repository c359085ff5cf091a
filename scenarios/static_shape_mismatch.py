"""Shape mismatch that static shapes catch early.

A two-layer MLP whose output weight `w2` is stored (in, out) = (16, 4), but
the forward pass transposes it out of habit (nn.Linear keeps its weight as
(out, in)): (N, 16) times (4, 16) cannot be multiplied.

TF1 (graph) does better here: every shape involved is known when the graph
is built (the placeholder is (None, 16), `w2` is (16, 4)), so `tf.matmul`
raises ValueError ("Dimensions must be equal, but are 16 and 4") on the buggy
line, during graph construction, before a session exists or any data is
loaded.

PyTorch (eager) needs data to find out: the RuntimeError ("mat1 and mat2
shapes cannot be multiplied (16x16 and 4x16)") is raised on the same line,
but only when the first batch reaches it.
"""

TAGS = ["shapes", "build-time"]

EXPECT = {
    "torch-eager": {"raises": "RuntimeError", "points_at_bug": True},
    "tf1-graph": {"raises": "ValueError", "points_at_bug": True, "phase": "build"},
}


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x_train = torch.randn(48, 16)
    y_train = torch.randint(0, 4, (48,))

    w1 = (torch.randn(16, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 4) * 0.3).requires_grad_()  # stored (in, out)
    b2 = torch.zeros(4, requires_grad=True)
    params = [w1, b1, w2, b2]

    def model(x):
        h = torch.relu(x @ w1 + b1)
        return h @ w2.T + b2  # BUG: w2 is (in, out) already: w2.T is (4, 16)

    for step in range(3):
        batch = slice(step * 16, (step + 1) * 16)
        loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
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
    x_train = rng.normal(size=(48, 16)).astype(np.float32)
    y_train = rng.integers(0, 4, size=48)

    x = tf.placeholder(tf.float32, [None, 16], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    w1 = tf.get_variable("w1", [16, 16])
    b1 = tf.get_variable("b1", [16], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [16, 4])  # stored (in, out)
    b2 = tf.get_variable("b2", [4], initializer=tf.zeros_initializer())

    def model(x):
        h = tf.nn.relu(tf.matmul(x, w1) + b1)
        return tf.matmul(h, w2, transpose_b=True) + b2  # BUG: w2 is (in, out) already; transposed: (4, 16)

    logits = model(x)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            batch = slice(step * 16, (step + 1) * 16)
            feed = {x: x_train[batch], y: y_train[batch]}
            loss_val, _ = sess.run([loss, train_op], feed_dict=feed)
    return float(loss_val)
