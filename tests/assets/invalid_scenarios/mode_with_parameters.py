"""Invalid: a mode function that takes a parameter.

debugdemo calls each mode function with no arguments.
"""


def torch_eager(batch):
    return batch / 0  # BUG
