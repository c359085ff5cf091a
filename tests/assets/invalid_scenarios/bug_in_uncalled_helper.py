"""Invalid: a # BUG marker in a helper that no mode function calls.

No run can ever reach the marked line.
"""


def scale(values):
    return [v * 0 for v in values]  # BUG: multiplies by zero


def torch_eager():
    return sum([1.0, 2.0]) / 0
