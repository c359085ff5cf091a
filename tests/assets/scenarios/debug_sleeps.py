"""Sleeps for 20 seconds before it raises.

A framework-free stand-in for `debugdemo debug`: time to press Ctrl-C while the
scenario runs (not at a pdb prompt).
"""

TAGS = ["debug-session"]


def torch_eager():
    import time

    print("sleeping", flush=True)
    time.sleep(20)
    raise RuntimeError("woke up")  # BUG: should have been interrupted
