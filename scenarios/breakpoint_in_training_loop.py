"""breakpoint() inside the training step.

A linear regression trains for four steps with a learning rate that is too
large, so the loss grows every step. A breakpoint() sits inside the training
step, right after the loss, to find out why.

PyTorch (eager): the step function runs every iteration, so the breakpoint
fires four times, each time with concrete tensors: `p loss.item()` shows the
loss climbing, `p w.grad` (after `n`) the gradient, and any expression on
`pred`, `x`, `w` can be evaluated on the spot.

TF1 (graph): the model function runs once, to build the graph, so the
breakpoint fires once, before any data exists. `loss` and `pred` are
symbolic tensors (`p loss.numpy()` raises AttributeError); the training
steps then run inside `sess.run` without stopping. To be fair: a breakpoint
placed in the Python loop around `sess.run` would fire every step, but would
see only the NumPy values that call fetched, not the tensors in between.

TF2 eager: four hits with values, like PyTorch. @tf.function: the step is
traced once, so the breakpoint fires once, with symbolic tensors, in code
AutoGraph generated from your function; the four steps then run as a graph.
torch.compile (here on the forward pass): breakpoint() is a graph break, so
the hook runs in plain Python on every step, with real tensors; but `pred`
and `loss` were computed inside the compiled graph and are not among the
frame's locals at that point: only the inputs and weights are.

JAX op by op (jax-eager) stops every step with real values, like PyTorch.
Under jax.jit a breakpoint() would fire once, while tracing, with tracers;
this jax-jit step uses `jax.debug.breakpoint()` instead, which runs with the
compiled step: four stops, one per step, with the real loss and gradients
(`p loss`). Either way the growing loss shows the learning rate.
"""

TAGS = ["breakpoints", "silent"]

EXPECT = {
    "torch-eager": {
        "raises": None,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 4,
    },
    "tf1-graph": {
        "raises": None,
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 1,
    },
    "tf2-eager": {
        "raises": None,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 4,
    },
    "tf-function": {
        "raises": None,
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 1,
    },
    "torch-compile": {
        "raises": None,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 4,
    },
    "jax-eager": {"raises": None, "breakpoint_values": "concrete", "breakpoint_hits": 4},
    "jax-jit": {"raises": None, "breakpoint_values": "concrete", "breakpoint_hits": 4},
}

LR = 1.5  # BUG: too large for this problem: every step overshoots and the loss grows


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randn(64, 4)
    y = x @ torch.tensor([[2.0], [-1.0], [0.5], [3.0]]) + 0.1 * torch.randn(64, 1)
    w = torch.zeros(4, 1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)

    def train_step(x, y):
        pred = x @ w + b
        loss = F.mse_loss(pred, y)
        breakpoint()  # try: p loss.item(), pred[:3], w.T
        loss.backward()
        with torch.no_grad():
            for p in (w, b):
                p -= LR * p.grad
                p.grad = None
        return loss

    for step in range(4):
        loss = train_step(x, y)
    return loss.item()


def tf1_graph():
    import numpy as np
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.set_random_seed(0)
    rng = np.random.default_rng(0)
    x_data = rng.normal(size=(64, 4)).astype(np.float32)
    true_w = np.array([[2.0], [-1.0], [0.5], [3.0]], dtype=np.float32)
    y_data = x_data @ true_w + 0.1 * rng.normal(size=(64, 1)).astype(np.float32)

    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w = tf.get_variable("w", [4, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())

    def model_fn(x, y):
        pred = tf.matmul(x, w) + b
        loss = tf.reduce_mean(tf.square(pred - y))
        breakpoint()  # try: p loss, pred   (symbolic: the graph has not run yet)
        train_op = tf.train.GradientDescentOptimizer(LR).minimize(loss)
        return loss, train_op

    loss, train_op = model_fn(x, y)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(4):
            loss_val, _ = sess.run([loss, train_op], feed_dict={x: x_data, y: y_data})
    return float(loss_val)


def tf2_eager():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(size=(64, 4)), tf.float32)
    noise = tf.constant(rng.normal(size=(64, 1)), tf.float32)
    y = x @ tf.constant([[2.0], [-1.0], [0.5], [3.0]]) + 0.1 * noise
    w = tf.Variable(tf.zeros([4, 1]))
    b = tf.Variable(tf.zeros([1]))

    def train_step(x, y):
        with tf.GradientTape() as tape:
            pred = x @ w + b
            loss = tf.reduce_mean(tf.square(pred - y))
        breakpoint()  # try: p float(loss), pred[:3], tf.transpose(w)
        for p, g in zip((w, b), tape.gradient(loss, (w, b))):
            p.assign_sub(LR * g)
        return loss

    for step in range(4):
        loss = train_step(x, y)
    return float(loss)


def tf_function():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(size=(64, 4)), tf.float32)
    noise = tf.constant(rng.normal(size=(64, 1)), tf.float32)
    y = x @ tf.constant([[2.0], [-1.0], [0.5], [3.0]]) + 0.1 * noise
    w = tf.Variable(tf.zeros([4, 1]))
    b = tf.Variable(tf.zeros([1]))

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            pred = x @ w + b
            loss = tf.reduce_mean(tf.square(pred - y))
        breakpoint()  # fires once, while tracing: loss and pred are symbolic
        for p, g in zip((w, b), tape.gradient(loss, (w, b))):
            p.assign_sub(LR * g)
        return loss

    for step in range(4):
        loss = train_step(x, y)
    return float(loss)


def torch_compile():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randn(64, 4)
    y = x @ torch.tensor([[2.0], [-1.0], [0.5], [3.0]]) + 0.1 * torch.randn(64, 1)
    w = torch.zeros(4, 1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)

    @torch.compile(backend="eager")
    def forward(x, y):
        pred = x @ w + b
        loss = F.mse_loss(pred, y)
        breakpoint()  # a graph break: the hook runs in plain Python every step
        return loss

    for step in range(4):
        loss = forward(x, y)
        loss.backward()
        with torch.no_grad():
            for p in (w, b):
                p -= LR * p.grad
                p.grad = None
    return loss.item()


def jax_eager():
    import jax
    import jax.numpy as jnp

    k1, k2 = jax.random.split(jax.random.PRNGKey(0))
    x = jax.random.normal(k1, (64, 4))
    y = x @ jnp.array([[2.0], [-1.0], [0.5], [3.0]]) + 0.1 * jax.random.normal(k2, (64, 1))

    def loss_fn(params, x, y):
        pred = x @ params["w"] + params["b"]
        return jnp.mean((pred - y) ** 2)

    def train_step(params, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        breakpoint()  # try: p loss, grads["w"].T, params["w"].T
        return loss, jax.tree.map(lambda p, g: p - LR * g, params, grads)

    params = {"w": jnp.zeros((4, 1)), "b": jnp.zeros(1)}
    for step in range(4):
        loss, params = train_step(params, x, y)
    return float(loss)


def jax_jit():
    import jax
    import jax.numpy as jnp

    k1, k2 = jax.random.split(jax.random.PRNGKey(0))
    x = jax.random.normal(k1, (64, 4))
    y = x @ jnp.array([[2.0], [-1.0], [0.5], [3.0]]) + 0.1 * jax.random.normal(k2, (64, 1))

    def loss_fn(params, x, y):
        pred = x @ params["w"] + params["b"]
        return jnp.mean((pred - y) ** 2)

    @jax.jit
    def train_step(params, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        # breakpoint() here would fire once, while tracing, with tracers. JAX's own breakpoint
        # runs with the compiled step, every call, with values: `p loss`, `p grads`.
        jax.debug.breakpoint()
        return loss, jax.tree.map(lambda p, g: p - LR * g, params, grads)

    params = {"w": jnp.zeros((4, 1)), "b": jnp.zeros(1)}
    for step in range(4):
        loss, params = train_step(params, x, y)
    return float(loss)
