"""Run one asset scenario through the Runner (framework-free workers), as the CLI would.

Usage: python run_runner.py SCENARIO_FILE MODE[,MODE] TIMEOUT
Exit 130 on Ctrl-C, after the runner stopped its workers; a test kills or interrupts
this process to check that no worker or worker child outlives it.
"""

import sys
from pathlib import Path

from debugdemo.modes import parse_modes
from debugdemo.process.worker_parent import Runner
from debugdemo.scenario import load_scenario

if __name__ == "__main__":
    scenario = load_scenario(Path(sys.argv[1]))
    runner = Runner(parse_modes(sys.argv[2]), timeout=float(sys.argv[3]), preload=False)
    try:
        [result] = runner.run([scenario])
    except KeyboardInterrupt:
        sys.exit(130)
    print(" ".join(f"{r.mode}={r.status.value}" for r in result.runs))
