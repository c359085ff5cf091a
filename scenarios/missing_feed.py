"""Evaluation forgets the dropout switch.

A classifier with dropout trains for a few steps and is then evaluated. The
dropout keep probability is a graph input (TF1) / a function argument
(PyTorch) that training passes, and the evaluation call forgets.

TF1 (graph): `keep_prob` is a placeholder without a default. Building
succeeds; the evaluation `sess.run` raises InvalidArgumentError ("You must
feed a value for placeholder tensor 'keep_prob' with dtype float"). Here the
traceback does end on the mistake: the `sess.run` line whose feed_dict lacks
`keep_prob`, and the message names the placeholder.
(`tf.placeholder_with_default(1.0, [])` avoids the trap.)

PyTorch (eager): the model is a plain function with a `training` argument,
and the evaluation call leaves it out: Python raises TypeError
("torch_eager.<locals>.model() missing 1 required positional argument:
'training'") on the calling line, which is the mistake, before any tensor
work. The more common PyTorch form of this bug, forgetting `model.eval()` on
an nn.Module, raises nothing at all: dropout silently stays on during
evaluation.
"""

TAGS = ["feeding", "runtime"]

EXPECT = {
    "torch-eager": {"raises": "TypeError", "points_at_bug": True},
    "tf1-graph": {"raises": "InvalidArgumentError", "points_at_bug": True, "phase": "run"},
}


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x_train, y_train = torch.randn(32, 8), torch.randint(0, 3, (32,))
    x_val, y_val = torch.randn(16, 8), torch.randint(0, 3, (16,))

    w1 = (torch.randn(8, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 3) * 0.3).requires_grad_()
    b2 = torch.zeros(3, requires_grad=True)
    params = [w1, b1, w2, b2]

    def model(x, training):
        h = torch.relu(x @ w1 + b1)
        h = F.dropout(h, p=0.5, training=training)
        return h @ w2 + b2

    for step in range(3):
        loss = F.cross_entropy(model(x_train, training=True), y_train)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.1 * p.grad
                p.grad = None

    with torch.no_grad():
        logits = model(x_val)  # BUG: forgot training=False
        accuracy = (logits.argmax(dim=1) == y_val).float().mean()
    return accuracy.item()


def tf1_graph():
    import numpy as np
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.set_random_seed(0)
    rng = np.random.default_rng(0)
    x_train, y_train = rng.normal(size=(32, 8)), rng.integers(0, 3, size=32)
    x_val, y_val = rng.normal(size=(16, 8)), rng.integers(0, 3, size=16)

    x = tf.placeholder(tf.float32, [None, 8], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    keep_prob = tf.placeholder(tf.float32, [], name="keep_prob")
    w1 = tf.get_variable("w1", [8, 16])
    b1 = tf.get_variable("b1", [16], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [16, 3])
    b2 = tf.get_variable("b2", [3], initializer=tf.zeros_initializer())

    h = tf.nn.relu(tf.matmul(x, w1) + b1)
    h = tf.nn.dropout(h, rate=1.0 - keep_prob)
    logits = tf.matmul(h, w2) + b2
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            sess.run(train_op, feed_dict={x: x_train, y: y_train, keep_prob: 0.5})
        acc = sess.run(accuracy, feed_dict={x: x_val, y: y_val})  # BUG: keep_prob is not fed
    return float(acc)
