# Put this folder first on PYTHONPATH to hide JAX, as if it were not installed.
raise ModuleNotFoundError("No module named 'jax'", name="jax")
