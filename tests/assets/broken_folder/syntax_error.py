"""A scenario with a syntax error on line 4."""


def torch_eager(:
    return 1
