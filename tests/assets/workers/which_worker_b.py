"""Which worker ran me: each mode prints its process id.

Two copies of this file let a test see that `run A B` reuses one worker per mode.
"""

import os


def torch_eager():
    print(os.getpid())


def tf1_graph():
    print(os.getpid())
