"""debugdemo: see how debuggable the same bug is in PyTorch eager and TF1 graph mode."""

__version__ = "0.1.0"
