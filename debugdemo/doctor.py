"""What this machine can run: Python, torch, TensorFlow and JAX versions, and which modes work.

Installed versions come from package metadata. Whether a framework really imports is
asked of a probe process (process/probe_parent.py starts process/probe_child.py) with the
workers' environment, so neither this module nor the CLI ever imports a framework.
"""

from __future__ import annotations

import importlib.metadata
import platform
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from debugdemo import __version__
from debugdemo.modes import Framework, Mode
from debugdemo.process import probe_parent
from debugdemo.process.worker_parent import unavailable_detail

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
    answer = probe_parent.ask(framework, env)
    report.version = answer.version
    report.import_s = answer.import_s
    report.missing = answer.missing
    modes = [m for m in Mode if m.framework is framework]
    if answer.unavailable is not None:
        report.problem = answer.unavailable
        report.modes = {m: unavailable_detail(m, answer.unavailable, answer.missing) for m in modes}
    else:
        report.modes = {m: answer.modes.get(m.value) for m in modes}
    return report


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
