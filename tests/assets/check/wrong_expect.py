"""EXPECT that the live run contradicts, on purpose.

A framework-free stand-in for a scenario whose framework changed behaviour: `check` must
report each expectation that does not hold, and the mode with no expectation at all.
"""

EXPECT = {
    "torch-eager": {
        "raises": "ValueError",  # wrong: ZeroDivisionError is no ValueError
        "points_at_bug": True,  # right
        "breakpoint_hits": 2,  # wrong: the loop hits it 3 times
        "breakpoint_values": "concrete",  # right: plain ints
    },
    "tf1-graph": {
        "raises": None,  # wrong: it raises
        "phase": "run",  # wrong: no Session.run here, so the phase is "build"
    },
}


def torch_eager():
    for step in range(3):
        breakpoint()
    return step / 0  # BUG: divides by zero


def tf1_graph():
    return int("not a number")  # BUG


def tf2_eager():
    return 42  # no EXPECT for this mode
