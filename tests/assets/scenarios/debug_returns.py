"""Returns normally after a breakpoint, and writes to stderr.

A framework-free stand-in for `debugdemo debug`: the session runs to the end, and
its stderr holds one line of TensorFlow-style start-up noise (which must be dropped)
and one line of the scenario's own (which must not).
"""

TAGS = ["debug-session"]


def torch_eager():
    import sys

    sys.stderr.write(
        "I0000 00:00:1795644453.318694    9440 cudart_stub.cc:31] "
        "Could not find cuda drivers on your machine, GPU will not be used.\n"
    )
    sys.stderr.write("the scenario's own warning\n")
    answer = 41
    breakpoint()
    answer += 1
    return answer
