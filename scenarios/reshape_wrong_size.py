"""Flatten with a stale size: reshape to the wrong width.

The data loader now yields 5x5 crops, but the flatten step still says
`reshape(-1, 4 * 4)`, written when crops were 4x4. A batch of 8 crops holds
200 values, not a whole number of 16-wide rows, so the reshape fails.

PyTorch (eager): the reshape runs on the first batch and raises RuntimeError
("shape '[-1, 16]' is invalid for input of size 200") on the buggy line.

TF1 (graph): the batch dimension of the placeholder is None, so the total
size is unknown while building; the graph builds with a (None, 16) flattened
tensor (the dense helper even sizes its weight from it). `sess.run` then
raises InvalidArgumentError ("Input to reshape is a tensor with 200 values,
but the requested shape requires a multiple of 16"); the traceback ends at
the `sess.run` line and the reshape is named only in the message. Had the
placeholder a fixed batch size ([8, 5, 5]), TF1 would have raised ValueError
at the reshape line during the build.

JAX raises a TypeError ("cannot reshape array of shape (8, 5, 5) (size
200) into shape (-1, 16) because the product of specified axis sizes (16)
does not evenly divide 200") on the marked line in both modes: shapes are
static, so under jax.jit the reshape fails while tracing, on the line, not
later with data as in TF1.
"""

TAGS = ["shapes", "runtime"]

EXPECT = {
    "torch-eager": {"raises": "RuntimeError", "points_at_bug": True},
    "tf1-graph": {"raises": "InvalidArgumentError", "points_at_bug": False, "phase": "run"},
    "jax-eager": {"raises": "TypeError", "points_at_bug": True},
    "jax-jit": {"raises": "TypeError", "points_at_bug": True},
}


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    images = torch.rand(24, 5, 5)  # the loader now yields 5x5 crops
    labels = torch.randint(0, 3, (24,))

    w1 = (torch.randn(4 * 4, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 3) * 0.3).requires_grad_()
    b2 = torch.zeros(3, requires_grad=True)
    params = [w1, b1, w2, b2]

    def model(x):
        flat = x.reshape(-1, 4 * 4)  # BUG: written for 4x4 crops; these are 5x5
        h = torch.relu(flat @ w1 + b1)
        return h @ w2 + b2

    for step in range(3):
        batch = slice(step * 8, (step + 1) * 8)
        loss = F.cross_entropy(model(images[batch]), labels[batch])
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
    images = rng.random(size=(24, 5, 5)).astype(np.float32)  # the loader now yields 5x5 crops
    labels = rng.integers(0, 3, size=24)

    def dense(inputs, units, name):
        w = tf.get_variable(name + "_w", [inputs.shape[1], units])
        b = tf.get_variable(name + "_b", [units], initializer=tf.zeros_initializer())
        return tf.matmul(inputs, w) + b

    x = tf.placeholder(tf.float32, [None, 5, 5], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    flat = tf.reshape(x, [-1, 4 * 4])  # BUG: written for 4x4 crops; these are 5x5
    h = tf.nn.relu(dense(flat, 16, "hidden"))
    logits = dense(h, 3, "out")
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            batch = slice(step * 8, (step + 1) * 8)
            feed = {x: images[batch], y: labels[batch]}
            loss_val, _ = sess.run([loss, train_op], feed_dict=feed)
    return float(loss_val)


def jax_eager():
    import jax
    import jax.numpy as jnp

    k1, k2, k3, k4 = jax.random.split(jax.random.PRNGKey(0), 4)
    images = jax.random.uniform(k1, (24, 5, 5))  # the loader now yields 5x5 crops
    labels = jax.random.randint(k2, (24,), 0, 3)
    params = {
        "w1": jax.random.normal(k3, (4 * 4, 16)) * 0.3,
        "b1": jnp.zeros(16),
        "w2": jax.random.normal(k4, (16, 3)) * 0.3,
        "b2": jnp.zeros(3),
    }

    def model(params, x):
        flat = x.reshape(-1, 4 * 4)  # BUG: written for 4x4 crops; these are 5x5
        h = jax.nn.relu(flat @ params["w1"] + params["b1"])
        return h @ params["w2"] + params["b2"]

    def loss_fn(params, x, y):
        return -jax.nn.log_softmax(model(params, x))[jnp.arange(len(y)), y].mean()

    for step in range(3):
        batch = slice(step * 8, (step + 1) * 8)
        loss, grads = jax.value_and_grad(loss_fn)(params, images[batch], labels[batch])
        params = jax.tree.map(lambda p, g: p - 0.1 * g, params, grads)
    return float(loss)


def jax_jit():
    import jax
    import jax.numpy as jnp

    k1, k2, k3, k4 = jax.random.split(jax.random.PRNGKey(0), 4)
    images = jax.random.uniform(k1, (24, 5, 5))  # the loader now yields 5x5 crops
    labels = jax.random.randint(k2, (24,), 0, 3)
    params = {
        "w1": jax.random.normal(k3, (4 * 4, 16)) * 0.3,
        "b1": jnp.zeros(16),
        "w2": jax.random.normal(k4, (16, 3)) * 0.3,
        "b2": jnp.zeros(3),
    }

    def model(params, x):
        flat = x.reshape(-1, 4 * 4)  # BUG: written for 4x4 crops; these are 5x5
        h = jax.nn.relu(flat @ params["w1"] + params["b1"])
        return h @ params["w2"] + params["b2"]

    def loss_fn(params, x, y):
        return -jax.nn.log_softmax(model(params, x))[jnp.arange(len(y)), y].mean()

    @jax.jit
    def train_step(params, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        return loss, jax.tree.map(lambda p, g: p - 0.1 * g, params, grads)

    for step in range(3):
        batch = slice(step * 8, (step + 1) * 8)
        loss, params = train_step(params, images[batch], labels[batch])
    return float(loss)
