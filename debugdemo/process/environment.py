"""The environment every child process starts with, on both sides of the boundary."""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

# Set before any framework import: TF's C++ start-up lines, oneDNN notices (framework-facts.md).
QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"}


def quiet(environ: MutableMapping[str, str]) -> None:
    """Silence framework start-up noise in `environ`, unless the user set those variables."""
    for key, value in QUIET_ENV.items():
        environ.setdefault(key, value)


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a worker, a pdb session or a probe: this one, quiet, plus `extra`."""
    env = dict(os.environ)
    env.pop("PYTHONBREAKPOINT", None)
    quiet(env)
    env.update(extra or {})
    # Children import this very package, even when it is not installed (a source checkout).
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    return env
