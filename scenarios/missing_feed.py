"""Evaluation forgets the dropout switch.

A classifier with dropout trains for a few steps and is then evaluated. The
dropout switch is a graph input that training feeds (TF1) / the module's
mode that training sets (PyTorch), and evaluation forgets it.

TF1 (graph): `keep_prob` is a placeholder without a default. Building
succeeds; the evaluation `sess.run` raises InvalidArgumentError ("You must
feed a value for placeholder tensor 'keep_prob' with dtype float"). Here the
traceback does end on the mistake: the `sess.run` line whose feed_dict lacks
`keep_prob`, and the message names the placeholder.
(`tf.placeholder_with_default(1.0, [])` avoids the trap.)

PyTorch (eager): the idiomatic form, an nn.Module with nn.Dropout, trained
in `model.train()` mode and evaluated without `model.eval()`. Nothing is
missing that Python could notice, so nothing raises: measured, the run
returns normally with an accuracy (0.3125 here) computed with dropout still
on, and the same validation batch evaluated twice gives different logits
(`same logits twice: False`). A silent bug; the only trace is a number that
changes from one evaluation to the next.
"""

TAGS = ["feeding", "runtime"]

EXPECT = {
    "torch-eager": {"raises": None},
    "tf1-graph": {"raises": "InvalidArgumentError", "points_at_bug": True, "phase": "run"},
}


def torch_eager():
    import torch
    from torch import nn

    torch.manual_seed(0)
    x_train, y_train = torch.randn(32, 8), torch.randint(0, 3, (32,))
    x_val, y_val = torch.randn(16, 8), torch.randint(0, 3, (16,))

    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Dropout(p=0.5), nn.Linear(16, 3))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model.train()
    for step in range(3):
        loss = nn.functional.cross_entropy(model(x_train), y_train)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    with torch.no_grad():  # BUG: model.eval() is never called: dropout stays on
        first = model(x_val)
        second = model(x_val)  # the same input, evaluated twice
    accuracy = (first.argmax(dim=1) == y_val).float().mean().item()
    return {"accuracy": accuracy, "same logits twice": torch.equal(first, second)}


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
