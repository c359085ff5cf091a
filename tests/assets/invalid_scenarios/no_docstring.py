# Invalid: the file does not start with a docstring, so it has no title.

TAGS = ["test"]


def torch_eager():
    return 1 / 0  # BUG
