# Put this folder first on PYTHONPATH to hide TensorFlow, as if it were not installed.
raise ModuleNotFoundError("No module named 'tensorflow'", name="tensorflow")
