"""Invalid: EXPECT asks whether the error points at the bug, but no line is marked.

Without a # BUG marker points_at_bug is never true or false, so the check could never hold.
"""

EXPECT = {"torch-eager": {"raises": "ZeroDivisionError", "points_at_bug": True}}


def torch_eager():
    return 1 / 0
