"""The process boundary: the CLI process and the children it starts.

Which side each file runs on, the parent in the CLI process, the child in its own interpreter:
- `worker_parent.py` starts one worker per mode and reads its results;
  `worker_child.py` is that worker's main loop.
- `pdb_parent.py` starts `debugdemo debug`'s foreground child;
  `pdb_child.py` runs the scenario there under the real pdb.
- `probe_parent.py` asks, for `debugdemo doctor`, what importing a framework gives;
  `probe_child.py` imports it.
- `protocol.py` (both sides): the children's command lines and the typed messages they
  exchange; `environment.py` (both sides): the environment every child starts with.
- `recorder.py` and `extract.py` run in the children: they turn breakpoints and
  exceptions into records. `capture.py` splits a child's output per run (parent side).
"""
