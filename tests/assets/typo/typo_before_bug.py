"""A typo two lines above the bug.

The author meant `torch.ones`; `torch.onse` raises AttributeError before the marked line
runs, so the run says nothing about the framework: debugdemo flags the scenario instead.
"""

EXPECT = {"torch-eager": {"raises": "AttributeError", "points_at_bug": False}}


def torch_eager():
    import torch

    x = torch.onse(3, 4)  # the author's typo, not the demonstrated bug
    w = torch.randn(5, 2)
    return x @ w  # BUG: inner dimensions 4 and 5 differ
