"""The process boundary: the CLI process and the children it starts.

Which side each file runs on:
- `worker_parent.py` (CLI process) starts one worker per mode and reads its results;
  `worker_child.py` is that worker's main loop.
- `pdb_parent.py` (CLI process) starts `debugdemo debug`'s foreground child;
  `pdb_child.py` runs the scenario there under the real pdb.
- `recorder.py` and `extract.py` run in the children: they turn breakpoints and
  exceptions into records. `capture.py` splits a child's output per run.
"""
