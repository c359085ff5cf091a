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

TF2 eager behaves like PyTorch: InvalidArgumentError on the marked line, real
tensors at the breakpoint. @tf.function traces the step with the first
batch's shapes, all known, so the mismatch is a ValueError while tracing,
before any data flows: the Python traceback ends at the call of the step and
the marked line is only named in the message ("in user code:"); the
breakpoint fires once, during the trace, with symbolic tensors. torch.compile
cannot compile breakpoint(): a graph break, the hook sees real tensors, and
the rest of `model` is compiled on its own, where the mismatch is found on
fake tensors: a TorchRuntimeError with about 30 Dynamo frames, whose last
frame of yours is the breakpoint line; the marked line is named only in the
message ("from user code:").

JAX (jax-eager, jax-jit) raises a TypeError ("dot_general requires
contracting dimensions to have the same shape, got (10,) and (8,)") on the
marked line in both modes: JAX shapes are static, and tracing runs your own
Python, so even under jax.jit the error lands on the line, before any data
flows. Op by op the breakpoint shows real arrays; under jax.jit it fires
once, while the step is traced, and `x` is a tracer whose shape (16, 10, 8)
is known but whose values are not. JAX removes its own frames from the
traceback (and adds a note saying so).
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
    "tf2-eager": {
        "raises": "InvalidArgumentError",
        "points_at_bug": True,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 1,
    },
    "tf-function": {
        "raises": "ValueError",
        "points_at_bug": False,
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 1,
    },
    "torch-compile": {
        "raises": "TorchRuntimeError",
        "points_at_bug": False,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 1,
    },
    "jax-eager": {
        "raises": "TypeError",
        "points_at_bug": True,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 1,
    },
    "jax-jit": {
        "raises": "TypeError",
        "points_at_bug": True,
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


def tf2_eager():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x_train = tf.constant(rng.normal(size=(48, 10, 8)), tf.float32)  # (sequences, time steps, features)
    y_train = tf.constant(rng.integers(0, 4, size=48))
    init = tf.random_normal_initializer(stddev=0.3)
    w1 = tf.Variable(init([8, 32]))
    b1 = tf.Variable(tf.zeros([32]))
    w2 = tf.Variable(init([32, 4]))
    b2 = tf.Variable(tf.zeros([4]))
    params = [w1, b1, w2, b2]

    def model(x):
        breakpoint()  # try: p x.shape, tf.reduce_mean(x, axis=2).shape, w1.shape
        h = tf.nn.relu(tf.reduce_mean(x, axis=2) @ w1 + b1)  # BUG: mean over features, not time
        return h @ w2 + b2

    for step in range(3):
        batch = slice(step * 16, (step + 1) * 16)
        with tf.GradientTape() as tape:
            logits = model(x_train[batch])
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y_train[batch], logits=logits)
            )
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(0.1 * g)
    return float(loss)


def tf_function():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x_train = tf.constant(rng.normal(size=(48, 10, 8)), tf.float32)  # (sequences, time steps, features)
    y_train = tf.constant(rng.integers(0, 4, size=48))
    init = tf.random_normal_initializer(stddev=0.3)
    w1 = tf.Variable(init([8, 32]))
    b1 = tf.Variable(tf.zeros([32]))
    w2 = tf.Variable(init([32, 4]))
    b2 = tf.Variable(tf.zeros([4]))
    params = [w1, b1, w2, b2]

    def model(x):
        breakpoint()  # fires while tracing: x is symbolic, but its shape is known
        h = tf.nn.relu(tf.reduce_mean(x, axis=2) @ w1 + b1)  # BUG: mean over features, not time
        return h @ w2 + b2

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            logits = model(x)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(0.1 * g)
        return loss

    for step in range(3):
        batch = slice(step * 16, (step + 1) * 16)
        loss = train_step(x_train[batch], y_train[batch])
    return float(loss)


def torch_compile():
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

    @torch.compile(backend="eager")
    def model(x):
        breakpoint()  # a graph break: the hook runs in plain Python, with real tensors
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


def jax_eager():
    import jax
    import jax.numpy as jnp

    k1, k2, k3, k4 = jax.random.split(jax.random.PRNGKey(0), 4)
    x_train = jax.random.normal(k1, (48, 10, 8))  # (sequences, time steps, features)
    y_train = jax.random.randint(k2, (48,), 0, 4)
    params = {
        "w1": jax.random.normal(k3, (8, 32)) * 0.3,
        "b1": jnp.zeros(32),
        "w2": jax.random.normal(k4, (32, 4)) * 0.3,
        "b2": jnp.zeros(4),
    }

    def model(params, x):
        breakpoint()  # try: p x.shape, x.mean(axis=2).shape, params["w1"].shape
        h = jax.nn.relu(x.mean(axis=2) @ params["w1"] + params["b1"])  # BUG: mean over features, not time
        return h @ params["w2"] + params["b2"]

    def loss_fn(params, x, y):
        log_probs = jax.nn.log_softmax(model(params, x))
        return -log_probs[jnp.arange(len(y)), y].mean()

    for step in range(3):
        batch = slice(step * 16, (step + 1) * 16)
        loss, grads = jax.value_and_grad(loss_fn)(params, x_train[batch], y_train[batch])
        params = jax.tree.map(lambda p, g: p - 0.1 * g, params, grads)
    return float(loss)


def jax_jit():
    import jax
    import jax.numpy as jnp

    k1, k2, k3, k4 = jax.random.split(jax.random.PRNGKey(0), 4)
    x_train = jax.random.normal(k1, (48, 10, 8))  # (sequences, time steps, features)
    y_train = jax.random.randint(k2, (48,), 0, 4)
    params = {
        "w1": jax.random.normal(k3, (8, 32)) * 0.3,
        "b1": jnp.zeros(32),
        "w2": jax.random.normal(k4, (32, 4)) * 0.3,
        "b2": jnp.zeros(4),
    }

    def model(params, x):
        breakpoint()  # fires while tracing: x is a tracer, but its shape is known
        h = jax.nn.relu(x.mean(axis=2) @ params["w1"] + params["b1"])  # BUG: mean over features, not time
        return h @ params["w2"] + params["b2"]

    def loss_fn(params, x, y):
        log_probs = jax.nn.log_softmax(model(params, x))
        return -log_probs[jnp.arange(len(y)), y].mean()

    @jax.jit
    def train_step(params, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        return loss, jax.tree.map(lambda p, g: p - 0.1 * g, params, grads)

    for step in range(3):
        batch = slice(step * 16, (step + 1) * 16)
        loss, params = train_step(params, x_train[batch], y_train[batch])
    return float(loss)
