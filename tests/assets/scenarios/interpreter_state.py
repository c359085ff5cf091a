"""Reports the state of the interpreter it runs in.

Run after meddles.py in the same worker, it shows whether the worker undid the mess.
"""

import os
import sys


def torch_eager():
    print("stdout still captured")
    breakpoint()
    return {
        "cwd": os.getcwd(),
        "recursion_limit": sys.getrecursionlimit(),
        "nonexistent_on_path": "/nonexistent" in sys.path,
    }
