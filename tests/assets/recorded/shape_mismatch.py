"""Shape mismatch known only at run time.

A classifier averages a sequence of 8-feature frames over time and feeds the
average to a two-layer MLP. The average is taken over the wrong axis: over
the features (axis 2) instead of over time (axis 1), so the first layer gets
(batch, 10 time steps) where it expects (batch, 8 features).

PyTorch (eager): the product runs the moment data reaches the line, so the
RuntimeError ("mat1 and mat2 shapes cannot be multiplied (16x10 and 8x32)")
is raised on the buggy line itself. The breakpoint() just before it shows
real tensors: `p x.shape, w1.shape` gives the answer.

TF1 (graph): the sequence length is a None dimension of the placeholder, as
it must be for variable-length data, so the wrongly averaged tensor has shape
(None, None) and the graph cannot check it against w1's 8 rows: it builds
fine. The InvalidArgumentError ("Matrix size-incompatible: In[0]: [16,10],
In[1]: [8,32]") comes out of Session.run: the last line of your code in the
traceback is the `sess.run` call, and the op's creation site is only named
inside the message. The breakpoint fires once, while the graph is built,
where `x` is a symbolic tensor of shape (None, None, 8) with no values.
(Had the sequences been exactly 8 steps long, neither framework would have
complained at all.)
"""

TAGS = ["shapes", "runtime", "breakpoints"]

EXPECT = {
    "torch-eager": {
        "raises": "RuntimeError",
        "points_at_bug": True,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 1,
    },
    "tf1-graph": {
        "raises": "InvalidArgumentError",
        "points_at_bug": False,
        "phase": "run",
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 1,
    },
}


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x_train = torch.randn(48, 10, 8)  # (sequences, time steps, features)
    y_train = torch.randint(0, 4, (48,))

    w1 = (torch.randn(8, 32) * 0.3).requires_grad_()
    b1 = torch.zeros(32, requires_grad=True)
    w2 = (torch.randn(32, 4) * 0.3).requires_grad_()
    b2 = torch.zeros(4, requires_grad=True)
    params = [w1, b1, w2, b2]

    def model(x):
        breakpoint()  # try: p x.shape, x.mean(dim=2).shape, w1.shape
        h = torch.relu(x.mean(dim=2) @ w1 + b1)  # BUG: mean over features, not time
        return h @ w2 + b2

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
    x_train = rng.normal(size=(48, 10, 8)).astype(np.float32)  # (sequences, time steps, features)
    y_train = rng.integers(0, 4, size=48)

    x = tf.placeholder(tf.float32, [None, None, 8], name="x")  # the sequence length varies
    y = tf.placeholder(tf.int64, [None], name="y")
    w1 = tf.get_variable("w1", [8, 32])
    b1 = tf.get_variable("b1", [32], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [32, 4])
    b2 = tf.get_variable("b2", [4], initializer=tf.zeros_initializer())

    def model(x):
        breakpoint()  # try: p x, w1   (symbolic: no values yet)
        h = tf.nn.relu(tf.matmul(tf.reduce_mean(x, axis=2), w1) + b1)  # BUG: mean over features, not time
        return tf.matmul(h, w2) + b2

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
