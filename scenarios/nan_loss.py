"""NaN loss from a hand-written cross-entropy.

A small MLP classifies 8x8 images whose pixels were never scaled (0-255), so
the logits are large (up to about 90). The loss is written by hand as
`-sum(onehot * log(softmax(logits)))`: softmax underflows to exactly 0 for
the unlikely classes, log(0) is -inf, and 0 * -inf is NaN.

Nothing raises in either framework: both return a NaN loss and train on NaN
gradients. In PyTorch (eager) the breakpoint inside the loss function fires
every step with real tensors: on the first hit `p probs.min()` (0.) and
`p torch.log(probs).min()` (-inf) show the cause; from the second hit on,
every value is already NaN. In TF1 (graph) it fires once, while the graph is
built, where `probs` is a symbolic tensor: to see values you have to fetch
them with `sess.run`. (The fix in
both: a fused log-softmax / softmax-cross-entropy op, and scaled inputs;
`torch.autograd.set_detect_anomaly` / `tf.add_check_numerics_ops()` turn the
silent NaN into an error.)

The newer modes are just as silent. TF2 eager hits the breakpoint every step
with real tensors, like PyTorch. Under @tf.function it fires once, while the
step is traced, in code AutoGraph generated, with symbolic tensors, as in TF1.
torch.compile cannot compile breakpoint(): it is a graph break, so the hook
runs in plain Python every step with real tensors, but `probs`, computed
inside the compiled graph, is not among the frame's locals.

With `run --aid` every mode raises instead, and the aids point at different
places: anomaly detection raises at `loss.backward()` and names the forward
`log` line in its warning (under torch.compile it names the graph-break line
instead); check_numerics raises on the `log` line itself in TF2 eager, and at
the call of the traced step (tf.function) or at `sess.run` (TF1), with the
`log` line in the op's creation stack.
"""

TAGS = ["silent", "numerics", "breakpoints"]

EXPECT = {
    "torch-eager": {
        "raises": None,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 3,
    },
    "tf1-graph": {
        "raises": None,
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
}


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randint(0, 256, (32, 64)).float()  # raw 8x8 pixels, never scaled
    y = torch.randint(0, 10, (32,))

    w1 = (torch.randn(64, 32) * 0.1).requires_grad_()
    b1 = torch.zeros(32, requires_grad=True)
    w2 = (torch.randn(32, 10) * 0.1).requires_grad_()
    b2 = torch.zeros(10, requires_grad=True)
    params = [w1, b1, w2, b2]

    def cross_entropy(logits, labels):
        probs = torch.softmax(logits, dim=1)
        breakpoint()  # try: p logits.abs().max(), probs.min(), torch.log(probs).min()
        log_probs = torch.log(probs)  # BUG: softmax underflows to 0, log(0) = -inf, and 0 * -inf = nan
        return -(F.one_hot(labels, 10) * log_probs).sum(dim=1).mean()

    for step in range(3):
        logits = torch.relu(x @ w1 + b1) @ w2 + b2
        loss = cross_entropy(logits, y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.01 * p.grad
                p.grad = None
    return loss.item()


def tf1_graph():
    import numpy as np
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.set_random_seed(0)
    rng = np.random.default_rng(0)
    x_data = rng.integers(0, 256, size=(32, 64)).astype(np.float32)  # never scaled
    y_data = rng.integers(0, 10, size=32)

    x = tf.placeholder(tf.float32, [None, 64], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    init = tf.random_normal_initializer(stddev=0.1)
    w1 = tf.get_variable("w1", [64, 32], initializer=init)
    b1 = tf.get_variable("b1", [32], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [32, 10], initializer=init)
    b2 = tf.get_variable("b2", [10], initializer=tf.zeros_initializer())

    def cross_entropy(logits, labels):
        probs = tf.nn.softmax(logits, axis=1)
        breakpoint()  # try: p probs   (symbolic: fetch it with sess.run to see values)
        log_probs = tf.log(probs)  # BUG: softmax underflows to 0, log(0) = -inf, and 0 * -inf = nan
        return -tf.reduce_mean(tf.reduce_sum(tf.one_hot(labels, 10) * log_probs, axis=1))

    logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
    loss = cross_entropy(logits, y)
    train_op = tf.train.GradientDescentOptimizer(0.01).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            loss_val, _ = sess.run([loss, train_op], feed_dict={x: x_data, y: y_data})
    return float(loss_val)


def tf2_eager():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = tf.constant(rng.integers(0, 256, size=(32, 64)), tf.float32)  # never scaled
    y = tf.constant(rng.integers(0, 10, size=32))
    init = tf.random_normal_initializer(stddev=0.1)
    w1 = tf.Variable(init([64, 32]))
    b1 = tf.Variable(tf.zeros([32]))
    w2 = tf.Variable(init([32, 10]))
    b2 = tf.Variable(tf.zeros([10]))
    params = [w1, b1, w2, b2]

    def cross_entropy(logits, labels):
        probs = tf.nn.softmax(logits, axis=1)
        breakpoint()  # try: p tf.reduce_min(probs), tf.reduce_min(tf.math.log(probs))
        log_probs = tf.math.log(probs)  # BUG: softmax underflows to 0, log(0) = -inf, and 0 * -inf = nan
        return -tf.reduce_mean(tf.reduce_sum(tf.one_hot(labels, 10) * log_probs, axis=1))

    for step in range(3):
        with tf.GradientTape() as tape:
            logits = tf.nn.relu(x @ w1 + b1) @ w2 + b2
            loss = cross_entropy(logits, y)
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(0.01 * g)
    return float(loss)


def tf_function():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = tf.constant(rng.integers(0, 256, size=(32, 64)), tf.float32)  # never scaled
    y = tf.constant(rng.integers(0, 10, size=32))
    init = tf.random_normal_initializer(stddev=0.1)
    w1 = tf.Variable(init([64, 32]))
    b1 = tf.Variable(tf.zeros([32]))
    w2 = tf.Variable(init([32, 10]))
    b2 = tf.Variable(tf.zeros([10]))
    params = [w1, b1, w2, b2]

    def cross_entropy(logits, labels):
        probs = tf.nn.softmax(logits, axis=1)
        breakpoint()  # fires while tracing: probs is symbolic, as in TF1
        log_probs = tf.math.log(probs)  # BUG: softmax underflows to 0, log(0) = -inf, and 0 * -inf = nan
        return -tf.reduce_mean(tf.reduce_sum(tf.one_hot(labels, 10) * log_probs, axis=1))

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            logits = tf.nn.relu(x @ w1 + b1) @ w2 + b2
            loss = cross_entropy(logits, y)
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(0.01 * g)
        return loss

    for step in range(3):
        loss = train_step(x, y)
    return float(loss)


def torch_compile():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randint(0, 256, (32, 64)).float()  # raw 8x8 pixels, never scaled
    y = torch.randint(0, 10, (32,))

    w1 = (torch.randn(64, 32) * 0.1).requires_grad_()
    b1 = torch.zeros(32, requires_grad=True)
    w2 = (torch.randn(32, 10) * 0.1).requires_grad_()
    b2 = torch.zeros(10, requires_grad=True)
    params = [w1, b1, w2, b2]

    def cross_entropy(logits, labels):
        probs = torch.softmax(logits, dim=1)
        breakpoint()  # a graph break: torch.compile runs the hook in plain Python
        log_probs = torch.log(probs)  # BUG: softmax underflows to 0, log(0) = -inf, and 0 * -inf = nan
        return -(F.one_hot(labels, 10) * log_probs).sum(dim=1).mean()

    @torch.compile(backend="eager")
    def forward(x, y):
        logits = torch.relu(x @ w1 + b1) @ w2 + b2
        return cross_entropy(logits, y)

    for step in range(3):
        loss = forward(x, y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.01 * p.grad
                p.grad = None
    return loss.item()


def jax_eager():
    import jax
    import jax.numpy as jnp

    k1, k2, k3, k4 = jax.random.split(jax.random.PRNGKey(0), 4)
    x = jax.random.randint(k1, (32, 64), 0, 256).astype(jnp.float32)  # raw 8x8 pixels, never scaled
    y = jax.random.randint(k2, (32,), 0, 10)
    params = {
        "w1": jax.random.normal(k3, (64, 32)) * 0.1,
        "b1": jnp.zeros(32),
        "w2": jax.random.normal(k4, (32, 10)) * 0.1,
        "b2": jnp.zeros(10),
    }

    def cross_entropy(logits, labels):
        probs = jax.nn.softmax(logits, axis=1)
        breakpoint()  # try: p abs(logits).max(), probs.min(), jnp.log(probs).min()
        log_probs = jnp.log(probs)  # BUG: softmax underflows to 0, log(0) = -inf, and 0 * -inf = nan
        return -(jax.nn.one_hot(labels, 10) * log_probs).sum(axis=1).mean()

    def loss_fn(params, x, y):
        logits = jax.nn.relu(x @ params["w1"] + params["b1"]) @ params["w2"] + params["b2"]
        return cross_entropy(logits, y)

    for step in range(3):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        params = jax.tree.map(lambda p, g: p - 0.01 * g, params, grads)
    return float(loss)


def jax_jit():
    import jax
    import jax.numpy as jnp

    k1, k2, k3, k4 = jax.random.split(jax.random.PRNGKey(0), 4)
    x = jax.random.randint(k1, (32, 64), 0, 256).astype(jnp.float32)  # raw 8x8 pixels, never scaled
    y = jax.random.randint(k2, (32,), 0, 10)
    params = {
        "w1": jax.random.normal(k3, (64, 32)) * 0.1,
        "b1": jnp.zeros(32),
        "w2": jax.random.normal(k4, (32, 10)) * 0.1,
        "b2": jnp.zeros(10),
    }

    def cross_entropy(logits, labels):
        probs = jax.nn.softmax(logits, axis=1)
        breakpoint()  # fires while tracing: probs is a tracer, as in TF1
        log_probs = jnp.log(probs)  # BUG: softmax underflows to 0, log(0) = -inf, and 0 * -inf = nan
        return -(jax.nn.one_hot(labels, 10) * log_probs).sum(axis=1).mean()

    def loss_fn(params, x, y):
        logits = jax.nn.relu(x @ params["w1"] + params["b1"]) @ params["w2"] + params["b2"]
        return cross_entropy(logits, y)

    @jax.jit
    def train_step(params, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        return loss, jax.tree.map(lambda p, g: p - 0.01 * g, params, grads)

    for step in range(3):
        loss, params = train_step(params, x, y)
    return float(loss)
