"""Zero division in plain Python.

A framework-free stand-in: the mode functions raise ZeroDivisionError on a marked line,
one after a breakpoint, so the runner and renderer can be tested without torch or TF.
"""

TAGS = ["test"]
EXPECT = {
    "torch-eager": {"raises": "ZeroDivisionError", "points_at_bug": True, "breakpoint_hits": 3},
    "tf1-graph": {"raises": "ArithmeticError", "points_at_bug": False},
}


def mean(values, count):
    return sum(values) / count


def torch_eager():
    values = [1.0, 2.0, 3.0]
    for step in range(3):
        total = sum(values) * step
        breakpoint()
    print("about to divide", total)
    return total / 0  # BUG: divides by zero


def tf1_graph():
    count = 0  # BUG: the count should be len(values)
    return mean([1.0, 2.0], count)
