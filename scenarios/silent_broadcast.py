"""(N, 1) minus (N,) broadcasts to (N, N) in the loss.

A linear regression predicts `pred` of shape (N, 1), while the targets `y`
are a flat vector of shape (N,). The hand-written squared error
`mean((pred - y) ** 2)` broadcasts to an (N, N) matrix: every prediction is
compared with every target. Both frameworks accept it; the model can only
learn to predict the mean of y, and the loss settles at the variance of the
targets (about 4 to 6 on this data) instead of a few hundredths.

Neither PyTorch (eager) nor TF1 (graph) raises or warns: both return a
plausible-looking loss. (In PyTorch only `F.mse_loss` warns about the size
mismatch; in TF1 the static shape of `pred - y` reads (None, None), a hint
nobody is asked to look at.) Printing the shape of `pred - y` or asserting
`pred.shape == y.shape` is what catches it.

JAX broadcasts the same way, silently, op by op and under jax.jit: both
return the same wrong loss (8.773).
"""

TAGS = ["shapes", "silent"]

EXPECT = {
    "torch-eager": {"raises": None},
    "tf1-graph": {"raises": None},
    "jax-eager": {"raises": None},
    "jax-jit": {"raises": None},
}


def torch_eager():
    import torch

    torch.manual_seed(0)
    x = torch.randn(64, 3)
    true_w = torch.tensor([1.5, -2.0, 0.5])
    y = x @ true_w + 0.3 + 0.1 * torch.randn(64)  # shape (64,)

    w = torch.zeros(3, 1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)

    def model(x):
        return x @ w + b  # shape (N, 1)

    for step in range(20):
        pred = model(x)
        loss = ((pred - y) ** 2).mean()  # BUG: (64, 1) - (64,) broadcasts to (64, 64)
        loss.backward()
        with torch.no_grad():
            for p in (w, b):
                p -= 0.1 * p.grad
                p.grad = None
    return loss.item()


def tf1_graph():
    import numpy as np
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.set_random_seed(0)
    rng = np.random.default_rng(0)
    x_data = rng.normal(size=(64, 3)).astype(np.float32)
    true_w = np.array([1.5, -2.0, 0.5], dtype=np.float32)
    y_data = x_data @ true_w + 0.3 + 0.1 * rng.normal(size=64).astype(np.float32)

    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.float32, [None], name="y")  # shape (N,)
    w = tf.get_variable("w", [3, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    pred = tf.matmul(x, w) + b  # shape (N, 1)
    loss = tf.reduce_mean(tf.square(pred - y))  # BUG: (N, 1) - (N,) broadcasts to (N, N)
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(20):
            loss_val, _ = sess.run([loss, train_op], feed_dict={x: x_data, y: y_data})
    return float(loss_val)


def jax_eager():
    import jax
    import jax.numpy as jnp

    k1, k2 = jax.random.split(jax.random.PRNGKey(0))
    x = jax.random.normal(k1, (64, 3))
    true_w = jnp.array([1.5, -2.0, 0.5])
    y = x @ true_w + 0.3 + 0.1 * jax.random.normal(k2, (64,))  # shape (64,)

    def model(params, x):
        return x @ params["w"] + params["b"]  # shape (N, 1)

    def loss_fn(params, x, y):
        pred = model(params, x)
        return ((pred - y) ** 2).mean()  # BUG: (64, 1) - (64,) broadcasts to (64, 64)

    params = {"w": jnp.zeros((3, 1)), "b": jnp.zeros(1)}
    for step in range(20):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        params = jax.tree.map(lambda p, g: p - 0.1 * g, params, grads)
    return float(loss)


def jax_jit():
    import jax
    import jax.numpy as jnp

    k1, k2 = jax.random.split(jax.random.PRNGKey(0))
    x = jax.random.normal(k1, (64, 3))
    true_w = jnp.array([1.5, -2.0, 0.5])
    y = x @ true_w + 0.3 + 0.1 * jax.random.normal(k2, (64,))  # shape (64,)

    def model(params, x):
        return x @ params["w"] + params["b"]  # shape (N, 1)

    def loss_fn(params, x, y):
        pred = model(params, x)
        return ((pred - y) ** 2).mean()  # BUG: (64, 1) - (64,) broadcasts to (64, 64)

    @jax.jit
    def train_step(params, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        return loss, jax.tree.map(lambda p, g: p - 0.1 * g, params, grads)

    params = {"w": jnp.zeros((3, 1)), "b": jnp.zeros(1)}
    for step in range(20):
        loss, params = train_step(params, x, y)
    return float(loss)
