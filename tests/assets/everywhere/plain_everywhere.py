"""Plain Python in every mode.

A framework-free stand-in that defines all seven mode functions, so a test can show
what each mode's column says when its framework is missing, without importing one.
"""

TAGS = ["test"]


def _answer():
    return 6 * 7


def torch_eager():
    return _answer()


def tf1_graph():
    return _answer()


def tf2_eager():
    return _answer()


def tf_function():
    return _answer()


def torch_compile():
    return _answer()


def jax_eager():
    return _answer()


def jax_jit():
    return _answer()
