"""Which frameworks a worker has loaded.

Each mode returns the frameworks in its worker's sys.modules: a worker loads its own
framework only, never another one (TensorFlow would import JAX if it could).
"""

import sys

FRAMEWORKS = ("torch", "tensorflow", "jax")  # keras comes with `import tensorflow` itself


def loaded():
    return sorted(m for m in FRAMEWORKS if m in sys.modules)


def torch_eager():
    return loaded()


def tf1_graph():
    return loaded()


def jax_eager():
    return loaded()
