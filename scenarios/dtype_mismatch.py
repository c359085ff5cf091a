"""float64 statistics from NumPy meet float32 data.

The features are standardised with a mean and standard deviation computed by
NumPy on the raw float64 array (NumPy's default dtype), while the model runs
in float32. The mistake is on the two lines that turn those statistics into
tensors without a dtype.

PyTorch (eager) says nothing at first: `x - mean` silently promotes the
float32 batch to float64, and the error only appears one line later, at the
matrix product with the float32 weights (RuntimeError "expected m1 and m2 to
have the same dtype, but got: double != float"), away from the lines that
made the float64 tensors.

TF1 (graph) refuses to mix dtypes at all: the TypeError ("Input 'y' of 'Sub'
Op has type float64 that does not match type float32 of argument 'x'") is
raised at the first operation that combines them, while the graph is being
built, before any session or data. Neither traceback ends on the marked
line, but TF1's stops closer to it and earlier.

TF2 eager refuses too, but only when the subtraction runs: InvalidArgumentError
("cannot compute Sub as input #1(zero-based) was expected to be a float tensor
but is a double tensor") on that line. @tf.function finds it while tracing: a
TypeError whose traceback ends at the call of the step, with the subtraction
line named only in the message ("in user code:"). torch.compile promotes
silently like PyTorch, and the RuntimeError comes out of the code it
generated: the last frame of yours is the `@torch.compile` decorator line;
the failing matrix product is named only in the stack the compiled graph
recorded for that op (shown as "op defined at").

JAX cannot even make the float64 statistics: unless `jax_enable_x64` is
on, the float64 asked for on the marked lines silently becomes float32 (a
UserWarning says "Explicitly requested dtype float64 requested in asarray is
not available, and will be truncated to dtype float32"). So in jax-eager and
jax-jit nothing fails and the run returns ('float32', 0.5276): the same
code breaks the day someone turns x64 on.
"""

TAGS = ["dtype", "build-time"]

EXPECT = {
    "torch-eager": {"raises": "RuntimeError", "points_at_bug": False},
    "tf1-graph": {"raises": "TypeError", "points_at_bug": False, "phase": "build"},
    "tf2-eager": {"raises": "InvalidArgumentError", "points_at_bug": False},
    "tf-function": {"raises": "TypeError", "points_at_bug": False},
    "torch-compile": {"raises": "RuntimeError", "points_at_bug": False},
    "jax-eager": {"raises": None},
    "jax-jit": {"raises": None},
}


def torch_eager():
    import numpy as np
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    raw = rng.normal(5.0, 2.0, size=(48, 4))  # as np.loadtxt returns it: float64
    labels = (raw.sum(axis=1) > 20).astype(np.float32)

    x_all = torch.from_numpy(raw.astype(np.float32))
    y_all = torch.from_numpy(labels).unsqueeze(1)
    mean = torch.from_numpy(raw.mean(axis=0))  # BUG: float64 tensor (no .float())
    std = torch.from_numpy(raw.std(axis=0))  # BUG: float64 tensor (no .float())

    w = torch.zeros(4, 1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    for step in range(3):
        batch = slice(step * 16, (step + 1) * 16)
        x = (x_all[batch] - mean) / std
        logits = x @ w + b
        loss = F.binary_cross_entropy_with_logits(logits, y_all[batch])
        loss.backward()
        with torch.no_grad():
            for p in (w, b):
                p -= 0.5 * p.grad
                p.grad = None
    return loss.item()


def tf1_graph():
    import numpy as np
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.set_random_seed(0)
    rng = np.random.default_rng(0)
    raw = rng.normal(5.0, 2.0, size=(48, 4))  # as np.loadtxt returns it: float64
    labels = (raw.sum(axis=1) > 20).astype(np.float32)[:, None]

    x_in = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    mean = tf.constant(raw.mean(axis=0))  # BUG: float64 constant (no dtype=tf.float32)
    std = tf.constant(raw.std(axis=0))  # BUG: float64 constant (no dtype=tf.float32)

    x = (x_in - mean) / std
    w = tf.get_variable("w", [4, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    logits = tf.matmul(x, w) + b
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            batch = slice(step * 16, (step + 1) * 16)
            feed = {x_in: raw[batch], y: labels[batch]}
            loss_val, _ = sess.run([loss, train_op], feed_dict=feed)
    return float(loss_val)


def tf2_eager():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    raw = rng.normal(5.0, 2.0, size=(48, 4))  # as np.loadtxt returns it: float64
    labels = (raw.sum(axis=1) > 20).astype(np.float32)[:, None]

    x_all = tf.constant(raw, tf.float32)
    mean = tf.constant(raw.mean(axis=0))  # BUG: float64 constant (no dtype=tf.float32)
    std = tf.constant(raw.std(axis=0))  # BUG: float64 constant (no dtype=tf.float32)

    w = tf.Variable(tf.zeros([4, 1]))
    b = tf.Variable(tf.zeros([1]))
    for step in range(3):
        batch = slice(step * 16, (step + 1) * 16)
        with tf.GradientTape() as tape:
            x = (x_all[batch] - mean) / std
            logits = x @ w + b
            loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels[batch], logits))
        for p, g in zip((w, b), tape.gradient(loss, (w, b))):
            p.assign_sub(0.5 * g)
    return float(loss)


def tf_function():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    raw = rng.normal(5.0, 2.0, size=(48, 4))  # as np.loadtxt returns it: float64
    labels = (raw.sum(axis=1) > 20).astype(np.float32)[:, None]

    x_all = tf.constant(raw, tf.float32)
    mean = tf.constant(raw.mean(axis=0))  # BUG: float64 constant (no dtype=tf.float32)
    std = tf.constant(raw.std(axis=0))  # BUG: float64 constant (no dtype=tf.float32)

    w = tf.Variable(tf.zeros([4, 1]))
    b = tf.Variable(tf.zeros([1]))

    @tf.function
    def train_step(x_batch, y_batch):
        with tf.GradientTape() as tape:
            x = (x_batch - mean) / std
            logits = x @ w + b
            loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(y_batch, logits))
        for p, g in zip((w, b), tape.gradient(loss, (w, b))):
            p.assign_sub(0.5 * g)
        return loss

    for step in range(3):
        batch = slice(step * 16, (step + 1) * 16)
        loss = train_step(x_all[batch], labels[batch])
    return float(loss)


def torch_compile():
    import numpy as np
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    raw = rng.normal(5.0, 2.0, size=(48, 4))  # as np.loadtxt returns it: float64
    labels = (raw.sum(axis=1) > 20).astype(np.float32)

    x_all = torch.from_numpy(raw.astype(np.float32))
    y_all = torch.from_numpy(labels).unsqueeze(1)
    mean = torch.from_numpy(raw.mean(axis=0))  # BUG: float64 tensor (no .float())
    std = torch.from_numpy(raw.std(axis=0))  # BUG: float64 tensor (no .float())

    w = torch.zeros(4, 1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)

    @torch.compile(backend="eager")
    def forward(x_batch):
        x = (x_batch - mean) / std
        return x @ w + b

    for step in range(3):
        batch = slice(step * 16, (step + 1) * 16)
        loss = F.binary_cross_entropy_with_logits(forward(x_all[batch]), y_all[batch])
        loss.backward()
        with torch.no_grad():
            for p in (w, b):
                p -= 0.5 * p.grad
                p.grad = None
    return loss.item()


def jax_eager():
    import jax
    import jax.numpy as jnp
    import numpy as np

    rng = np.random.default_rng(0)
    raw = rng.normal(5.0, 2.0, size=(48, 4))  # as np.loadtxt returns it: float64
    labels = (raw.sum(axis=1) > 20).astype(np.float32)[:, None]

    x_all = jnp.asarray(raw, jnp.float32)
    mean = jnp.asarray(raw.mean(axis=0), jnp.float64)  # BUG: asks for float64 (silently float32)
    std = jnp.asarray(raw.std(axis=0), jnp.float64)  # BUG: asks for float64 (silently float32)

    def loss_fn(params, x, y):
        logits = x @ params["w"] + params["b"]
        return jnp.mean(jnp.logaddexp(0.0, logits) - y * logits)

    params = {"w": jnp.zeros((4, 1)), "b": jnp.zeros(1)}
    for step in range(3):
        batch = slice(step * 16, (step + 1) * 16)
        x = (x_all[batch] - mean) / std
        loss, grads = jax.value_and_grad(loss_fn)(params, x, labels[batch])
        params = jax.tree.map(lambda p, g: p - 0.5 * g, params, grads)
    return (str(mean.dtype), float(loss))


def jax_jit():
    import jax
    import jax.numpy as jnp
    import numpy as np

    rng = np.random.default_rng(0)
    raw = rng.normal(5.0, 2.0, size=(48, 4))  # as np.loadtxt returns it: float64
    labels = (raw.sum(axis=1) > 20).astype(np.float32)[:, None]

    x_all = jnp.asarray(raw, jnp.float32)
    mean = jnp.asarray(raw.mean(axis=0), jnp.float64)  # BUG: asks for float64 (silently float32)
    std = jnp.asarray(raw.std(axis=0), jnp.float64)  # BUG: asks for float64 (silently float32)

    def loss_fn(params, x, y):
        logits = x @ params["w"] + params["b"]
        return jnp.mean(jnp.logaddexp(0.0, logits) - y * logits)

    @jax.jit
    def train_step(params, x_batch, y_batch):
        x = (x_batch - mean) / std
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y_batch)
        return loss, jax.tree.map(lambda p, g: p - 0.5 * g, params, grads)

    params = {"w": jnp.zeros((4, 1)), "b": jnp.zeros(1)}
    for step in range(3):
        batch = slice(step * 16, (step + 1) * 16)
        loss, params = train_step(params, x_all[batch], labels[batch])
    return (str(mean.dtype), float(loss))
