"""print() inside the model: values every step, or a symbolic tensor once.

The hidden layer's bias is initialised to -3, so almost every ReLU is off
from the start and the loss barely moves. The model prints the mean hidden
activation and the fraction of active units to find out why.

PyTorch (eager): the print runs on every forward pass and shows numbers:
`hidden mean: tensor(...) active: tensor(...)`, with the active fraction
close to 0, which names the problem at once. The breakpoint in the model
fires every step, with concrete tensors.

TF1 (graph): the model function runs once, to build the graph, so the print
runs once and shows `Tensor("Mean_1:0", shape=(), dtype=float32)`: the name of
a node, not a value. Training then runs three steps without printing
anything. The breakpoint fires once, with symbolic tensors. Seeing values
needs fetching the tensors with `sess.run`, or a `tf.print` wired into the
graph (an unwired `tf.print` in TF1 prints nothing).

TF2 eager prints values every step (`hidden mean: tf.Tensor(0.000201,
shape=(), dtype=float32) active: tf.Tensor(0.001953125, ...)`) and hits the
breakpoint three times with real tensors, like PyTorch. @tf.function is TF1
again: the step is traced once, so the print runs once and shows
`Tensor("Mean_1:0", shape=(), dtype=float32)`, and the breakpoint fires once,
with symbolic tensors, in code AutoGraph generated (`tf.print` would run every
step). torch.compile cannot trace print(): it breaks the graph there, so the
print runs in plain Python with real tensors and shows the same numbers as
eager PyTorch, every step. The breakpoint, a second graph break, fires three
times in Dynamo's resume function (`torch_dynamo_resume_in_model_at_...`):
`h` and the weights are among its locals, `x` and `active` are not; the run
record lists both graph breaks.
"""

TAGS = ["printing", "silent", "breakpoints"]

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
    x = torch.randn(32, 8)
    y = torch.randint(0, 3, (32,))

    w1 = (torch.randn(8, 16) * 0.3).requires_grad_()
    b1 = torch.full((16,), -3.0, requires_grad=True)  # BUG: nearly every ReLU starts (and stays) off
    w2 = (torch.randn(16, 3) * 0.3).requires_grad_()
    b2 = torch.zeros(3, requires_grad=True)
    params = [w1, b1, w2, b2]

    def model(x):
        h = torch.relu(x @ w1 + b1)
        active = (h > 0).float().mean()
        print("hidden mean:", h.mean(), "active:", active)
        breakpoint()  # try: p h.mean(), (h > 0).sum()
        return h @ w2 + b2

    for step in range(3):
        loss = F.cross_entropy(model(x), y)
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
    x_data = rng.normal(size=(32, 8)).astype(np.float32)
    y_data = rng.integers(0, 3, size=32)

    x = tf.placeholder(tf.float32, [None, 8], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    w1 = tf.get_variable("w1", [8, 16])
    bias_init = tf.constant_initializer(-3.0)  # BUG: nearly every ReLU starts (and stays) off
    b1 = tf.get_variable("b1", [16], initializer=bias_init)
    w2 = tf.get_variable("w2", [16, 3])
    b2 = tf.get_variable("b2", [3], initializer=tf.zeros_initializer())

    def model(x):
        h = tf.nn.relu(tf.matmul(x, w1) + b1)
        active = tf.reduce_mean(tf.cast(h > 0, tf.float32))
        print("hidden mean:", tf.reduce_mean(h), "active:", active)
        breakpoint()  # try: p h   (symbolic: fetch it with sess.run to see values)
        return tf.matmul(h, w2) + b2

    logits = model(x)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

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
    y = tf.constant(rng.integers(0, 3, size=32))
    init = tf.random_normal_initializer(stddev=0.3)
    w1 = tf.Variable(init([8, 16]))
    b1 = tf.Variable(tf.fill([16], -3.0))  # BUG: nearly every ReLU starts (and stays) off
    w2 = tf.Variable(init([16, 3]))
    b2 = tf.Variable(tf.zeros([3]))
    params = [w1, b1, w2, b2]

    def model(x):
        h = tf.nn.relu(x @ w1 + b1)
        active = tf.reduce_mean(tf.cast(h > 0, tf.float32))
        print("hidden mean:", tf.reduce_mean(h), "active:", active)
        breakpoint()  # try: p tf.reduce_mean(h), tf.math.count_nonzero(h)
        return h @ w2 + b2

    for step in range(3):
        with tf.GradientTape() as tape:
            logits = model(x)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(0.1 * g)
    return float(loss)


def tf_function():
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(size=(32, 8)), tf.float32)
    y = tf.constant(rng.integers(0, 3, size=32))
    init = tf.random_normal_initializer(stddev=0.3)
    w1 = tf.Variable(init([8, 16]))
    b1 = tf.Variable(tf.fill([16], -3.0))  # BUG: nearly every ReLU starts (and stays) off
    w2 = tf.Variable(init([16, 3]))
    b2 = tf.Variable(tf.zeros([3]))
    params = [w1, b1, w2, b2]

    def model(x):
        h = tf.nn.relu(x @ w1 + b1)
        active = tf.reduce_mean(tf.cast(h > 0, tf.float32))
        print("hidden mean:", tf.reduce_mean(h), "active:", active)  # runs once, while tracing
        breakpoint()  # fires while tracing: h is symbolic
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
        loss = train_step(x, y)
    return float(loss)


def torch_compile():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    x = torch.randn(32, 8)
    y = torch.randint(0, 3, (32,))

    w1 = (torch.randn(8, 16) * 0.3).requires_grad_()
    b1 = torch.full((16,), -3.0, requires_grad=True)  # BUG: nearly every ReLU starts (and stays) off
    w2 = (torch.randn(16, 3) * 0.3).requires_grad_()
    b2 = torch.zeros(3, requires_grad=True)
    params = [w1, b1, w2, b2]

    @torch.compile(backend="eager")
    def model(x):
        h = torch.relu(x @ w1 + b1)
        active = (h > 0).float().mean()
        print("hidden mean:", h.mean(), "active:", active)
        breakpoint()  # a graph break: the hook runs in plain Python every step
        return h @ w2 + b2

    for step in range(3):
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.1 * p.grad
                p.grad = None
    return loss.item()
