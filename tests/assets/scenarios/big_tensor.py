"""A breakpoint beside a 10^8-element tensor.

torch.empty allocates without touching the memory, so the scenario itself is cheap;
the recorder must stay cheap too (a preview of the first items, never the whole tensor).
"""


def torch_eager():
    import torch

    huge = torch.empty(10**8)
    breakpoint()
    return tuple(huge.shape)  # BUG: nobody should print all of it
