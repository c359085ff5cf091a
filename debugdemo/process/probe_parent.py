"""Ask a probe process (probe_child.py) what importing a framework gives, for `debugdemo doctor`.

The probe runs with the workers' environment, so it sees what a worker would; this side
never imports a framework.
"""

from __future__ import annotations

import subprocess

from debugdemo.modes import Framework
from debugdemo.process import protocol
from debugdemo.process.environment import child_env
from debugdemo.process.worker_parent import STARTUP_TIMEOUT


def ask(framework: Framework, env: dict[str, str] | None = None) -> protocol.ProbeAnswer:
    """The probe's answer; a made-up one saying why, when the probe gave none."""

    def failed(why: str) -> protocol.ProbeAnswer:
        return protocol.ProbeAnswer(framework.value, unavailable=why)

    try:
        proc = subprocess.run(
            protocol.command(protocol.ProbeArgs(framework)),
            capture_output=True,
            text=True,
            env=child_env(env),
            timeout=STARTUP_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return failed(f"importing {framework.value} took more than {STARTUP_TIMEOUT:g} s")
    if proc.returncode < 0:
        return failed(
            f"importing {framework.value}: the interpreter {protocol.how_it_ended(proc.returncode)}"
        )
    lines = proc.stdout.strip().splitlines()
    if not lines:
        last = proc.stderr.strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
        return failed(f"the probe failed: {last[0]}")
    try:
        return protocol.expect(protocol.decode(lines[-1]), protocol.ProbeAnswer)
    except protocol.ProtocolError as exc:
        return failed(f"the probe failed: {exc}")
