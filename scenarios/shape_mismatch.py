"""Shape mismatch known only at run time.

A two-layer MLP classifies 8-feature inputs. The forward pass hands the raw
input `x` to the output layer instead of the hidden activations `h`: an
(N, 8) by (16, 4) matrix product.

PyTorch (eager): the product is computed the moment data reaches that line, so
the RuntimeError ("mat1 and mat2 shapes cannot be multiplied (16x8 and 16x4)")
is raised on the buggy line itself. The breakpoint() just before it shows real
tensors: `p x.shape, h.shape, w2.shape` gives the answer.

TF1 (graph): the feature width of the placeholder `x` is left unknown
(None, None), so building the graph cannot check the product and succeeds.
The InvalidArgumentError ("Matrix size-incompatible: In[0]: [16,8], In[1]:
[16,4]") comes out of Session.run: the last line of your code in the traceback
is the `sess.run` call, and the op's creation site is only named inside the
message. The breakpoint fires once, while the graph is built, where `x` and `h`
are symbolic tensors of shape (None, None) and (None, 16) with no values.
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
    x_train = torch.randn(48, 8)
    y_train = torch.randint(0, 4, (48,))

    w1 = (torch.randn(8, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 4) * 0.3).requires_grad_()
    b2 = torch.zeros(4, requires_grad=True)
    params = [w1, b1, w2, b2]

    def model(x):
        h = torch.relu(x @ w1 + b1)
        breakpoint()  # try: p x.shape, h.shape, w2.shape
        return x @ w2 + b2  # BUG: feeds the input x to the output layer; should be h

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
    x_train = rng.normal(size=(48, 8)).astype(np.float32)
    y_train = rng.integers(0, 4, size=48)

    # The feature width comes from the data file, so the graph leaves it open.
    x = tf.placeholder(tf.float32, [None, None], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    w1 = tf.get_variable("w1", [8, 16])
    b1 = tf.get_variable("b1", [16], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [16, 4])
    b2 = tf.get_variable("b2", [4], initializer=tf.zeros_initializer())

    def model(x):
        h = tf.nn.relu(tf.matmul(x, w1) + b1)
        breakpoint()  # try: p x, h, w2   (symbolic: no values yet)
        return tf.matmul(x, w2) + b2  # BUG: feeds the input x to the output layer; should be h

    logits = model(x)
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    )
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            batch = slice(step * 16, (step + 1) * 16)
            feed = {x: x_train[batch], y: y_train[batch]}
            loss_val, _ = sess.run([loss, train_op], feed_dict=feed)
    return float(loss_val)
