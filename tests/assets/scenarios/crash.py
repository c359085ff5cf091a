"""Modes that kill their own interpreter.

torch_eager aborts (SIGABRT), tf1_graph dereferences a null pointer through ctypes
(SIGSEGV), tf2_eager leaves through os._exit(3) — each after printing a line, so the
output captured before the crash can be checked. tf_function returns normally.
"""

import ctypes
import os


def torch_eager():
    print("about to abort", flush=True)
    os.abort()


def tf1_graph():
    print("about to segfault", flush=True)
    ctypes.string_at(0)


def tf2_eager():
    print("about to exit", flush=True)
    os._exit(3)


def tf_function():
    return "still here"
