"""Variable never initialised (initializer op created too early).

`init = tf.global_variables_initializer()` is created right after the hidden
layer, and the output layer's variables are added to the graph afterwards.
The initializer only covers the variables that existed when it was created,
so `w2` and `b2` are never initialised.

TF1 (graph): building succeeds and `sess.run(init)` succeeds. The first
training step raises FailedPreconditionError from inside Session.run: "Could
not find variable w2. This could mean that the variable has been deleted. In
TF1, it can also mean the variable is uninitialized." Your code's last frame
is that `sess.run` line, far from the line that created `init` too early;
the op that read `w2` is named only in the message.

PyTorch (eager) has no separate initialisation step: a tensor holds its
values from the moment it is created, so the same model simply trains and
returns its loss. (The nearest eager trap, `torch.empty`, is silent garbage
rather than an error.)
"""

TAGS = ["variables", "runtime"]

EXPECT = {
    "torch-eager": {"raises": None},
    "tf1-graph": {"raises": "FailedPreconditionError", "points_at_bug": False, "phase": "run"},
}


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randn(32, 8)
    y = torch.randint(0, 3, (32,))

    w1 = (torch.randn(8, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 3) * 0.3).requires_grad_()  # has its values from the start
    b2 = torch.zeros(3, requires_grad=True)
    params = [w1, b1, w2, b2]

    for step in range(3):
        h = torch.relu(x @ w1 + b1)
        loss = F.cross_entropy(h @ w2 + b2, y)
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
    b1 = tf.get_variable("b1", [16], initializer=tf.zeros_initializer())
    h = tf.nn.relu(tf.matmul(x, w1) + b1)
    init = tf.global_variables_initializer()  # BUG: made before w2 and b2 exist: skips them

    w2 = tf.get_variable("w2", [16, 3])
    b2 = tf.get_variable("b2", [3], initializer=tf.zeros_initializer())
    logits = tf.matmul(h, w2) + b2
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

    with tf.Session() as sess:
        sess.run(init)
        for step in range(3):
            loss_val, _ = sess.run([loss, train_op], feed_dict={x: x_data, y: y_data})
    return float(loss_val)
