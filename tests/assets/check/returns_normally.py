"""A silent scenario whose EXPECT holds: it returns, and says so with raises None.

The returned value is the silent bug.
"""

EXPECT = {"torch-eager": {"raises": None, "breakpoint_hits": 0}}


def torch_eager():
    losses = [0.5, float("nan")]  # BUG: a NaN slips into the losses
    return sum(losses) / len(losses)
