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
