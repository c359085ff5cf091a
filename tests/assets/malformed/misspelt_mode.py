"""A scenario whose mode function is misspelt."""


def torch_eagr():
    return 1 / 0  # BUG
