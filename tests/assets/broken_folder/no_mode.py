"""A scenario that defines no mode function at all."""


def helper():
    return 1
