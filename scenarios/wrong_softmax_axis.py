"""Softmax over the batch instead of the classes.

A small classifier normalises its logits with softmax over axis 0, the batch
axis, instead of axis 1, the classes. Each column of `probs` then sums to 1
over the batch, the rows (the per-example distributions) do not, and the
hand-written cross-entropy trains something that is not a classifier.

Nothing raises in PyTorch (eager) or in TF1 (graph): the shapes all agree, so
both return a finite loss. The only hint is its size: it starts above
log(batch size) = log(32) = 3.5, where a fresh 4-class classifier starts
near log(4) = 1.4. Checking `probs.sum(dim=1)` (about 0.13 per row, not 1)
at a breakpoint is immediate in eager mode; in TF1 it needs a `sess.run`.

JAX is just as silent, op by op and under jax.jit: both return the same
loss (3.159), which never says the probabilities were normalised over the
batch.
"""

TAGS = ["silent", "numerics"]

EXPECT = {
    "torch-eager": {"raises": None},
    "tf1-graph": {"raises": None},
    "jax-eager": {"raises": None},
    "jax-jit": {"raises": None},
}


def torch_eager():
    import torch

    torch.manual_seed(0)
    x = torch.randn(32, 8)
    y = torch.randint(0, 4, (32,))

    w1 = (torch.randn(8, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 4) * 0.3).requires_grad_()
    b2 = torch.zeros(4, requires_grad=True)
    params = [w1, b1, w2, b2]

    for step in range(5):
        logits = torch.relu(x @ w1 + b1) @ w2 + b2
        probs = torch.softmax(logits, dim=0)  # BUG: over the batch (dim 0), not the classes (dim 1)
        loss = -torch.log(probs[torch.arange(len(y)), y]).mean()
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
    x_data = rng.normal(size=(32, 8)).astype(np.float32)
    y_data = rng.integers(0, 4, size=32)

    x = tf.placeholder(tf.float32, [None, 8], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    w1 = tf.get_variable("w1", [8, 16])
    b1 = tf.get_variable("b1", [16], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [16, 4])
    b2 = tf.get_variable("b2", [4], initializer=tf.zeros_initializer())

    logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
    probs = tf.nn.softmax(logits, axis=0)  # BUG: over the batch (axis 0), not the classes (axis 1)
    picked = tf.reduce_sum(probs * tf.one_hot(y, 4), axis=1)
    loss = -tf.reduce_mean(tf.log(picked))
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(5):
            loss_val, _ = sess.run([loss, train_op], feed_dict={x: x_data, y: y_data})
    return float(loss_val)


def jax_eager():
    import jax
    import jax.numpy as jnp

    k1, k2, k3, k4 = jax.random.split(jax.random.PRNGKey(0), 4)
    x = jax.random.normal(k1, (32, 8))
    y = jax.random.randint(k2, (32,), 0, 4)
    params = {
        "w1": jax.random.normal(k3, (8, 16)) * 0.3,
        "b1": jnp.zeros(16),
        "w2": jax.random.normal(k4, (16, 4)) * 0.3,
        "b2": jnp.zeros(4),
    }

    def loss_fn(params, x, y):
        logits = jax.nn.relu(x @ params["w1"] + params["b1"]) @ params["w2"] + params["b2"]
        probs = jax.nn.softmax(logits, axis=0)  # BUG: over the batch (axis 0), not the classes (axis 1)
        return -jnp.log(probs[jnp.arange(len(y)), y]).mean()

    for step in range(5):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        params = jax.tree.map(lambda p, g: p - 0.5 * g, params, grads)
    return float(loss)


def jax_jit():
    import jax
    import jax.numpy as jnp

    k1, k2, k3, k4 = jax.random.split(jax.random.PRNGKey(0), 4)
    x = jax.random.normal(k1, (32, 8))
    y = jax.random.randint(k2, (32,), 0, 4)
    params = {
        "w1": jax.random.normal(k3, (8, 16)) * 0.3,
        "b1": jnp.zeros(16),
        "w2": jax.random.normal(k4, (16, 4)) * 0.3,
        "b2": jnp.zeros(4),
    }

    def loss_fn(params, x, y):
        logits = jax.nn.relu(x @ params["w1"] + params["b1"]) @ params["w2"] + params["b2"]
        probs = jax.nn.softmax(logits, axis=0)  # BUG: over the batch (axis 0), not the classes (axis 1)
        return -jnp.log(probs[jnp.arange(len(y)), y]).mean()

    @jax.jit
    def train_step(params, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        return loss, jax.tree.map(lambda p, g: p - 0.5 * g, params, grads)

    for step in range(5):
        loss, params = train_step(params, x, y)
    return float(loss)
