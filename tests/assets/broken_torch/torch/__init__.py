# Put this folder first on PYTHONPATH to make torch look installed but broken.
raise OSError("libtorch_cpu.so: cannot open shared object file: No such file or directory")
