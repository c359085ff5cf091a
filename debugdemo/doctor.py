"""What this machine can run: Python, torch, TensorFlow and JAX versions, and which modes work.

Installed versions come from package metadata. Whether a framework really imports is
asked of a probe process (`python -m debugdemo.process.worker_child --probe FRAMEWORK`) started with
the workers' environment, so neither this module nor the CLI ever imports a framework.
"""

from __future__ import annotations

import importlib.metadata
import json
import platform
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from debugdemo import __version__
from debugdemo.modes import Framework, Mode
from debugdemo.process.worker_parent import STARTUP_TIMEOUT, unavailable_detail, worker_env

# Distributions that provide each framework's import package, most common first.
DISTRIBUTIONS = {
    Framework.TORCH: ("torch",),
    Framework.TENSORFLOW: ("tensorflow", "tensorflow-cpu", "tensorflow-macos", "tensorflow-intel"),
    Framework.JAX: ("jax",),
}


@dataclass
class FrameworkReport:
    framework: Framework
    distribution: str | None = None  # the installed distribution, from its metadata
    installed: str | None = None  # its version
    version: str | None = None  # `__version__` of the module a worker imports; None: it cannot
    problem: str | None = None  # why the import failed
    missing: bool = False  # the module is not there at all (as opposed to broken)
    import_s: float | None = None
    modes: dict[Mode, str | None] = field(default_factory=dict)  # None: can run, else why not

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework.value,
            "distribution": self.distribution,
            "installed": self.installed,
            "version": self.version,
            "problem": self.problem,
            "missing": self.missing,
            "import_s": self.import_s,
        }


@dataclass
class DoctorReport:
    python: str
    executable: str
    platform: str
    debugdemo: str
    frameworks: list[FrameworkReport]

    @property
    def modes(self) -> dict[Mode, str | None]:
        """Every mode: None when it can run here, else the reason it cannot."""
        found = {m: p for report in self.frameworks for m, p in report.modes.items()}
        return {m: found[m] for m in Mode}

    @property
    def all_ok(self) -> bool:
        return all(problem is None for problem in self.modes.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "python": self.python,
            "executable": self.executable,
            "platform": self.platform,
            "debugdemo": self.debugdemo,
            "frameworks": [f.to_dict() for f in self.frameworks],
            "modes": {m.value: {"can_run": p is None, "problem": p} for m, p in self.modes.items()},
        }


def installed(framework: Framework) -> tuple[str | None, str | None]:
    """(distribution, version) of the installed framework, from metadata; (None, None) if none."""
    for name in DISTRIBUTIONS[framework]:
        try:
            return name, importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None, None


def probe(framework: Framework, env: dict[str, str] | None = None) -> FrameworkReport:
    """Import `framework` in a probe process and say which of its modes can run."""
    distribution, version = installed(framework)
    report = FrameworkReport(framework, distribution, version)
    answer = _ask_probe(framework, env)
    report.version = answer.get("version")
    report.import_s = answer.get("import_s")
    report.missing = bool(answer.get("missing"))
    problem = answer.get("unavailable")
    modes = [m for m in Mode if m.framework is framework]
    if problem is not None:
        report.problem = problem
        report.modes = {m: unavailable_detail(m, answer) for m in modes}
    else:
        report.modes = {m: answer.get("modes", {}).get(m.value) for m in modes}
    return report


def _ask_probe(framework: Framework, env: dict[str, str] | None) -> dict[str, Any]:
    command = [sys.executable, "-m", "debugdemo.process.worker_child", "--probe", framework.value]
    try:
        proc = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=worker_env(env),
            timeout=STARTUP_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return {"unavailable": f"importing {framework.value} took more than {STARTUP_TIMEOUT:g} s"}
    if proc.returncode < 0:
        try:
            how = signal.Signals(-proc.returncode).name
        except ValueError:
            how = f"signal {-proc.returncode}"
        return {"unavailable": f"importing {framework.value} killed the interpreter ({how})"}
    try:
        answer: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        last = proc.stderr.strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
        return {"unavailable": f"the probe failed: {last[0]}"}
    return answer


def collect(env: dict[str, str] | None = None) -> DoctorReport:
    """Probe every framework in parallel: as long as the slower import, a few seconds."""
    with ThreadPoolExecutor(max_workers=len(Framework)) as pool:
        frameworks = list(pool.map(lambda f: probe(f, env), Framework))
    return DoctorReport(
        python=platform.python_version(),
        executable=sys.executable,
        platform=platform.platform(terse=True),
        debugdemo=__version__,
        frameworks=frameworks,
    )
