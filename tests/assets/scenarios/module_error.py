"""Valid to read, broken to import: its module-level code fails in the worker."""

import not_a_real_module_debugdemo


def torch_eager():
    return not_a_real_module_debugdemo.run()
