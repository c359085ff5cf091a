"""Python `if` on a tensor's value (hand-written gradient clipping).

A small regression model clips its gradients by hand: compute the global
gradient norm, and `if` it is above MAX_NORM, scale the gradients down.

PyTorch (eager): fine. `gnorm` is a real number when the `if` runs, so the
branch is taken or not, per step. The breakpoint just before it fires every
step, and `p gnorm` shows the value the `if` is about to test.

TF1 (graph): the `if` runs once, while the graph is built, when `gnorm` is a
symbolic tensor with no value. Asking for its truth value raises
OperatorNotAllowedInGraphError (a TypeError: "Using a symbolic `tf.Tensor` as
a Python `bool` is not allowed") on the `if` line itself, before any data.
The breakpoint fires once and shows `gnorm` as a symbolic tensor. The graph
way to write this is `tf.cond` or `tf.clip_by_global_norm`.

The newer graph modes accept the same code. TF2 eager branches like PyTorch.
@tf.function runs the `if` through AutoGraph, which turns it into a `tf.cond`:
no error, but the breakpoint fires once, while tracing, with a symbolic
`gnorm`, in code AutoGraph generated. torch.compile cannot put a
data-dependent `if` in a graph either: it breaks the graph there (and at the
breakpoint) and lets Python decide with the real value, every step; the run
record lists both graph breaks with their lines.

JAX op by op (jax-eager) branches like PyTorch, and the breakpoint fires
every step with a real `gnorm`. Under jax.jit the step is traced with
abstract values, as in TF1 and with no AutoGraph to rewrite the `if`: it
raises TracerBoolConversionError (a ConcretizationTypeError, which is a
TypeError) on the `if` line itself, while tracing. The message also names
the traced function ("while tracing the function train_step at ...:266 for
jit") and the arguments the value depends on. The breakpoint fired once,
with tracers. The jit way is `jax.lax.cond` or `jnp.where`.
"""

TAGS = ["control-flow", "build-time", "breakpoints"]

EXPECT = {
    "torch-eager": {
        "raises": None,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 3,
    },
    "tf1-graph": {
        "raises": "OperatorNotAllowedInGraphError",
        "points_at_bug": True,
        "phase": "build",
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 1,
    },
    "tf2-eager": {
        "raises": None,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 3,
    },
    "tf-function": {
        "raises": None,
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 1,
    },
    "torch-compile": {
        "raises": None,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 3,
    },
    "jax-eager": {"raises": None, "breakpoint_values": "concrete", "breakpoint_hits": 3},
    "jax-jit": {
        "raises": "ConcretizationTypeError",
        "points_at_bug": True,
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 1,
    },
}

MAX_NORM = 1.0
LR = 0.05


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randn(32, 8)
    y = x @ torch.randn(8, 1) * 3.0 + 1.0

    w1 = (torch.randn(8, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 1) * 0.3).requires_grad_()
    b2 = torch.zeros(1, requires_grad=True)
    params = [w1, b1, w2, b2]

    for step in range(3):
        pred = torch.relu(x @ w1 + b1) @ w2 + b2
        loss = F.mse_loss(pred, y)
        grads = torch.autograd.grad(loss, params)
        gnorm = torch.sqrt(sum((g**2).sum() for g in grads))
        breakpoint()  # try: p gnorm, loss
        if gnorm > MAX_NORM:  # eager: gnorm has a value, so Python can branch on it
            grads = [g * (MAX_NORM / gnorm) for g in grads]
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= LR * g
    return loss.item()


def tf1_graph():
    import numpy as np
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.set_random_seed(0)
    rng = np.random.default_rng(0)
    x_data = rng.normal(size=(32, 8)).astype(np.float32)
    y_data = x_data @ rng.normal(size=(8, 1)).astype(np.float32) * 3.0 + 1.0

    x = tf.placeholder(tf.float32, [None, 8], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w1 = tf.get_variable("w1", [8, 16])
    b1 = tf.get_variable("b1", [16], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [16, 1])
    b2 = tf.get_variable("b2", [1], initializer=tf.zeros_initializer())
    params = [w1, b1, w2, b2]

    pred = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
    loss = tf.reduce_mean(tf.square(pred - y))
    grads = tf.gradients(loss, params)
    gnorm = tf.global_norm(grads)
    breakpoint()  # try: p gnorm   (symbolic: no value while the graph is built)
    if gnorm > MAX_NORM:  # BUG: Python `if` on a graph tensor; use tf.cond / tf.clip_by_global_norm
        grads = [g * (MAX_NORM / gnorm) for g in grads]
    train_op = tf.train.GradientDescentOptimizer(LR).apply_gradients(zip(grads, params))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            loss_val, _ = sess.run([loss, train_op], feed_dict={x: x_data, y: y_data})
    return float(loss_val)


def tf2_eager():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(size=(32, 8)), tf.float32)
    y = x @ tf.constant(rng.normal(size=(8, 1)), tf.float32) * 3.0 + 1.0
    init = tf.random_normal_initializer(stddev=0.3)
    w1 = tf.Variable(init([8, 16]))
    b1 = tf.Variable(tf.zeros([16]))
    w2 = tf.Variable(init([16, 1]))
    b2 = tf.Variable(tf.zeros([1]))
    params = [w1, b1, w2, b2]

    for step in range(3):
        with tf.GradientTape() as tape:
            pred = tf.nn.relu(x @ w1 + b1) @ w2 + b2
            loss = tf.reduce_mean(tf.square(pred - y))
        grads = tape.gradient(loss, params)
        gnorm = tf.linalg.global_norm(grads)
        breakpoint()  # try: p gnorm, loss
        if gnorm > MAX_NORM:  # eager: gnorm has a value, so Python can branch on it
            grads = [g * (MAX_NORM / gnorm) for g in grads]
        for p, g in zip(params, grads):
            p.assign_sub(LR * g)
    return float(loss)


def tf_function():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(size=(32, 8)), tf.float32)
    y = x @ tf.constant(rng.normal(size=(8, 1)), tf.float32) * 3.0 + 1.0
    init = tf.random_normal_initializer(stddev=0.3)
    w1 = tf.Variable(init([8, 16]))
    b1 = tf.Variable(tf.zeros([16]))
    w2 = tf.Variable(init([16, 1]))
    b2 = tf.Variable(tf.zeros([1]))
    params = [w1, b1, w2, b2]

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            pred = tf.nn.relu(x @ w1 + b1) @ w2 + b2
            loss = tf.reduce_mean(tf.square(pred - y))
        grads = tape.gradient(loss, params)
        gnorm = tf.linalg.global_norm(grads)
        breakpoint()  # fires while tracing: gnorm is symbolic
        if gnorm > MAX_NORM:  # AutoGraph turns this `if` on a tensor into tf.cond
            grads = [g * (MAX_NORM / gnorm) for g in grads]
        for p, g in zip(params, grads):
            p.assign_sub(LR * g)
        return loss

    for step in range(3):
        loss = train_step(x, y)
    return float(loss)


def torch_compile():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randn(32, 8)
    y = x @ torch.randn(8, 1) * 3.0 + 1.0

    w1 = (torch.randn(8, 16) * 0.3).requires_grad_()
    b1 = torch.zeros(16, requires_grad=True)
    w2 = (torch.randn(16, 1) * 0.3).requires_grad_()
    b2 = torch.zeros(1, requires_grad=True)
    params = [w1, b1, w2, b2]

    @torch.compile(backend="eager")
    def clip(grads):
        gnorm = torch.sqrt(sum((g**2).sum() for g in grads))
        breakpoint()  # a graph break: the hook runs in plain Python, with real values
        if gnorm > MAX_NORM:  # data-dependent: a graph break, Python decides with the real value
            grads = [g * (MAX_NORM / gnorm) for g in grads]
        return grads

    for step in range(3):
        pred = torch.relu(x @ w1 + b1) @ w2 + b2
        loss = F.mse_loss(pred, y)
        grads = clip(torch.autograd.grad(loss, params))
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= LR * g
    return loss.item()


def jax_eager():
    import jax
    import jax.numpy as jnp

    k1, k2, k3, k4 = jax.random.split(jax.random.PRNGKey(0), 4)
    x = jax.random.normal(k1, (32, 8))
    y = x @ jax.random.normal(k2, (8, 1)) * 3.0 + 1.0
    params = {
        "w1": jax.random.normal(k3, (8, 16)) * 0.3,
        "b1": jnp.zeros(16),
        "w2": jax.random.normal(k4, (16, 1)) * 0.3,
        "b2": jnp.zeros(1),
    }

    def loss_fn(params, x, y):
        pred = jax.nn.relu(x @ params["w1"] + params["b1"]) @ params["w2"] + params["b2"]
        return jnp.mean((pred - y) ** 2)

    def train_step(params, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        gnorm = jnp.sqrt(sum(jnp.sum(g**2) for g in jax.tree.leaves(grads)))
        breakpoint()  # try: p gnorm, loss
        if gnorm > MAX_NORM:  # eager: gnorm has a value, so Python can branch on it
            grads = jax.tree.map(lambda g: g * (MAX_NORM / gnorm), grads)
        return loss, jax.tree.map(lambda p, g: p - LR * g, params, grads)

    for step in range(3):
        loss, params = train_step(params, x, y)
    return float(loss)


def jax_jit():
    import jax
    import jax.numpy as jnp

    k1, k2, k3, k4 = jax.random.split(jax.random.PRNGKey(0), 4)
    x = jax.random.normal(k1, (32, 8))
    y = x @ jax.random.normal(k2, (8, 1)) * 3.0 + 1.0
    params = {
        "w1": jax.random.normal(k3, (8, 16)) * 0.3,
        "b1": jnp.zeros(16),
        "w2": jax.random.normal(k4, (16, 1)) * 0.3,
        "b2": jnp.zeros(1),
    }

    def loss_fn(params, x, y):
        pred = jax.nn.relu(x @ params["w1"] + params["b1"]) @ params["w2"] + params["b2"]
        return jnp.mean((pred - y) ** 2)

    @jax.jit
    def train_step(params, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        gnorm = jnp.sqrt(sum(jnp.sum(g**2) for g in jax.tree.leaves(grads)))
        breakpoint()  # fires while tracing: gnorm is a tracer
        if gnorm > MAX_NORM:  # BUG: jit traces with abstract values: a Python `if` cannot branch on one
            grads = jax.tree.map(lambda g: g * (MAX_NORM / gnorm), grads)
        return loss, jax.tree.map(lambda p, g: p - LR * g, params, grads)

    for step in range(3):
        loss, params = train_step(params, x, y)
    return float(loss)
