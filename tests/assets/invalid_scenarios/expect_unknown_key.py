"""Invalid: EXPECT uses a key that does not exist.

The key point_at_bug is a typo for points_at_bug.
"""

EXPECT = {
    "torch-eager": {
        "raises": "ZeroDivisionError",
        "point_at_bug": True,
    },
}


def torch_eager():
    return 1 / 0  # BUG
