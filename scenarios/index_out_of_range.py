"""Embedding lookup with an id outside the table.

A bag-of-words sentiment classifier: word ids start at 1 because 0 is kept
for padding, so the largest id is len(vocab). The embedding table was sized
len(vocab) rows (ids 0 .. len(vocab) - 1), one short. The last word of the
vocabulary ("acting", id 6) indexes past the end.

PyTorch (eager): `F.embedding` raises IndexError ("index out of range in
self") on the lookup line, inside the model, at the first forward pass (the
batch contains id 6). The message does not say which id or which table, but the breakpoint
just before the lookup shows both: `p ids.max(), emb.shape`.

TF1 (graph): the ids are a placeholder, so nothing can be checked while
building. `sess.run` raises InvalidArgumentError ("indices[1,1] = 6 is not in
[0, 6)"): a precise message, but the traceback ends at the `sess.run` line
and the lookup is only named inside the message. At the breakpoint (once,
while building) `ids` is a symbolic placeholder: the bad id is not visible.
Neither traceback ends on the marked line, which sized the table.

TF2 eager raises the same precise InvalidArgumentError on the lookup line,
and its breakpoint shows the real ids (`p tf.reduce_max(ids)`). Under
@tf.function the lookup runs inside the traced graph: the error ("Graph
execution error") ends at the call of the step, the lookup line is named
only in the message's "defined at" stack, and the breakpoint fired once,
while tracing, with symbolic ids. torch.compile raises PyTorch's IndexError
from the code it generated: the last frame of yours is the `@torch.compile`
decorator line, and the lookup line is named only in the stack the compiled
graph recorded for that op (shown as "op defined at").

JAX raises nothing, in either mode: an out-of-range index is clamped, so id
6 silently reads row 5 ("dull" stands in for "acting") and training goes on
to a plausible loss (0.6929). Op by op (jax-eager) the breakpoint fires every
step with the real ids (`p ids.max(), params["emb"].shape` gives 6 and
(6, 8)); under jax.jit it fires once, while tracing, and `ids` is a tracer:
the bad id is not visible.
"""

TAGS = ["indexing", "runtime", "breakpoints"]

EXPECT = {
    "torch-eager": {
        "raises": "IndexError",
        "points_at_bug": False,
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
        "points_at_bug": False,
        "breakpoint_values": "concrete",
        "breakpoint_hits": 1,
    },
    "tf-function": {
        "raises": "InvalidArgumentError",
        "points_at_bug": False,
        "breakpoint_values": "symbolic",
        "breakpoint_hits": 1,
    },
    "torch-compile": {"raises": "IndexError", "points_at_bug": False},
    "jax-eager": {"raises": None, "breakpoint_values": "concrete", "breakpoint_hits": 3},
    "jax-jit": {"raises": None, "breakpoint_values": "symbolic", "breakpoint_hits": 1},
}

VOCAB = ["the", "plot", "was", "great", "dull", "acting"]
REVIEWS = [("the plot was great", 1), ("the acting was dull", 0), ("great acting", 1), ("dull plot", 0)]


def torch_eager():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    word_ids = {w: i + 1 for i, w in enumerate(VOCAB)}  # 0 is the padding id
    rows = [[word_ids[w] for w in text.split()] for text, _ in REVIEWS]
    ids = torch.tensor([r + [0] * (4 - len(r)) for r in rows])
    labels = torch.tensor([[float(label)] for _, label in REVIEWS])

    table_size = len(VOCAB)  # BUG: ids run up to len(VOCAB), so it needs len(VOCAB) + 1 rows
    emb = (torch.randn(table_size, 8) * 0.1).requires_grad_()
    w = torch.zeros(8, 1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)

    def model(ids):
        breakpoint()  # try: p ids.max(), emb.shape
        vectors = F.embedding(ids, emb)
        return vectors.mean(dim=1) @ w + b

    for step in range(3):
        loss = F.binary_cross_entropy_with_logits(model(ids), labels)
        loss.backward()
        with torch.no_grad():
            for p in (emb, w, b):
                p -= 0.5 * p.grad
                p.grad = None
    return loss.item()


def tf1_graph():
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.set_random_seed(0)
    word_ids = {w: i + 1 for i, w in enumerate(VOCAB)}  # 0 is the padding id
    rows = [[word_ids[w] for w in text.split()] for text, _ in REVIEWS]
    ids_data = [r + [0] * (4 - len(r)) for r in rows]
    labels_data = [[float(label)] for _, label in REVIEWS]

    ids = tf.placeholder(tf.int32, [None, None], name="ids")
    labels = tf.placeholder(tf.float32, [None, 1], name="labels")
    table_size = len(VOCAB)  # BUG: ids run up to len(VOCAB), so it needs len(VOCAB) + 1 rows
    emb = tf.get_variable("emb", [table_size, 8])
    w = tf.get_variable("w", [8, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())

    def model(ids):
        breakpoint()  # try: p ids, emb   (symbolic: the ids arrive only with sess.run)
        vectors = tf.nn.embedding_lookup(emb, ids)
        return tf.matmul(tf.reduce_mean(vectors, axis=1), w) + b

    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=model(ids)))
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            loss_val, _ = sess.run([loss, train_op], feed_dict={ids: ids_data, labels: labels_data})
    return float(loss_val)


def tf2_eager():
    import tensorflow as tf

    word_ids = {w: i + 1 for i, w in enumerate(VOCAB)}  # 0 is the padding id
    rows = [[word_ids[w] for w in text.split()] for text, _ in REVIEWS]
    ids = tf.constant([r + [0] * (4 - len(r)) for r in rows])
    labels = tf.constant([[float(label)] for _, label in REVIEWS])

    table_size = len(VOCAB)  # BUG: ids run up to len(VOCAB), so it needs len(VOCAB) + 1 rows
    emb = tf.Variable(tf.random.normal([table_size, 8], stddev=0.1))
    w = tf.Variable(tf.zeros([8, 1]))
    b = tf.Variable(tf.zeros([1]))

    def model(ids):
        breakpoint()  # try: p tf.reduce_max(ids), emb.shape
        vectors = tf.nn.embedding_lookup(emb, ids)
        return tf.reduce_mean(vectors, axis=1) @ w + b

    for step in range(3):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels, model(ids)))
        for p, g in zip((emb, w, b), tape.gradient(loss, (emb, w, b))):
            p.assign_sub(0.5 * tf.convert_to_tensor(g))
    return float(loss)


def tf_function():
    import tensorflow as tf

    word_ids = {w: i + 1 for i, w in enumerate(VOCAB)}  # 0 is the padding id
    rows = [[word_ids[w] for w in text.split()] for text, _ in REVIEWS]
    ids = tf.constant([r + [0] * (4 - len(r)) for r in rows])
    labels = tf.constant([[float(label)] for _, label in REVIEWS])

    table_size = len(VOCAB)  # BUG: ids run up to len(VOCAB), so it needs len(VOCAB) + 1 rows
    emb = tf.Variable(tf.random.normal([table_size, 8], stddev=0.1))
    w = tf.Variable(tf.zeros([8, 1]))
    b = tf.Variable(tf.zeros([1]))

    def model(ids):
        breakpoint()  # fires while tracing: ids is symbolic, the bad id is not visible
        vectors = tf.nn.embedding_lookup(emb, ids)
        return tf.reduce_mean(vectors, axis=1) @ w + b

    @tf.function
    def train_step(ids, labels):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels, model(ids)))
        for p, g in zip((emb, w, b), tape.gradient(loss, (emb, w, b))):
            p.assign_sub(0.5 * tf.convert_to_tensor(g))
        return loss

    for step in range(3):
        loss = train_step(ids, labels)
    return float(loss)


def torch_compile():
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    word_ids = {w: i + 1 for i, w in enumerate(VOCAB)}  # 0 is the padding id
    rows = [[word_ids[w] for w in text.split()] for text, _ in REVIEWS]
    ids = torch.tensor([r + [0] * (4 - len(r)) for r in rows])
    labels = torch.tensor([[float(label)] for _, label in REVIEWS])

    table_size = len(VOCAB)  # BUG: ids run up to len(VOCAB), so it needs len(VOCAB) + 1 rows
    emb = (torch.randn(table_size, 8) * 0.1).requires_grad_()
    w = torch.zeros(8, 1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)

    @torch.compile(backend="eager")
    def model(ids):
        vectors = F.embedding(ids, emb)
        return vectors.mean(dim=1) @ w + b

    for step in range(3):
        loss = F.binary_cross_entropy_with_logits(model(ids), labels)
        loss.backward()
        with torch.no_grad():
            for p in (emb, w, b):
                p -= 0.5 * p.grad
                p.grad = None
    return loss.item()


def jax_eager():
    import jax
    import jax.numpy as jnp

    word_ids = {w: i + 1 for i, w in enumerate(VOCAB)}  # 0 is the padding id
    rows = [[word_ids[w] for w in text.split()] for text, _ in REVIEWS]
    ids = jnp.array([r + [0] * (4 - len(r)) for r in rows])
    labels = jnp.array([[float(label)] for _, label in REVIEWS])

    table_size = len(VOCAB)  # BUG: ids run up to len(VOCAB), so it needs len(VOCAB) + 1 rows
    params = {
        "emb": jax.random.normal(jax.random.PRNGKey(0), (table_size, 8)) * 0.1,
        "w": jnp.zeros((8, 1)),
        "b": jnp.zeros(1),
    }

    def model(params, ids):
        breakpoint()  # try: p ids.max(), params["emb"].shape
        vectors = params["emb"][ids]  # JAX clamps an out-of-range index: id 6 reads row 5
        return vectors.mean(axis=1) @ params["w"] + params["b"]

    def loss_fn(params, ids, labels):
        logits = model(params, ids)
        return jnp.mean(jnp.logaddexp(0.0, logits) - labels * logits)  # sigmoid cross-entropy

    for step in range(3):
        loss, grads = jax.value_and_grad(loss_fn)(params, ids, labels)
        params = jax.tree.map(lambda p, g: p - 0.5 * g, params, grads)
    return float(loss)


def jax_jit():
    import jax
    import jax.numpy as jnp

    word_ids = {w: i + 1 for i, w in enumerate(VOCAB)}  # 0 is the padding id
    rows = [[word_ids[w] for w in text.split()] for text, _ in REVIEWS]
    ids = jnp.array([r + [0] * (4 - len(r)) for r in rows])
    labels = jnp.array([[float(label)] for _, label in REVIEWS])

    table_size = len(VOCAB)  # BUG: ids run up to len(VOCAB), so it needs len(VOCAB) + 1 rows
    params = {
        "emb": jax.random.normal(jax.random.PRNGKey(0), (table_size, 8)) * 0.1,
        "w": jnp.zeros((8, 1)),
        "b": jnp.zeros(1),
    }

    def model(params, ids):
        breakpoint()  # fires while tracing: ids is a tracer, the bad id is not visible
        vectors = params["emb"][ids]  # JAX clamps an out-of-range index: id 6 reads row 5
        return vectors.mean(axis=1) @ params["w"] + params["b"]

    def loss_fn(params, ids, labels):
        logits = model(params, ids)
        return jnp.mean(jnp.logaddexp(0.0, logits) - labels * logits)  # sigmoid cross-entropy

    @jax.jit
    def train_step(params, ids, labels):
        loss, grads = jax.value_and_grad(loss_fn)(params, ids, labels)
        return loss, jax.tree.map(lambda p, g: p - 0.5 * g, params, grads)

    for step in range(3):
        loss, params = train_step(params, ids, labels)
    return float(loss)
