"""Measure debugdemo's speed targets (product.md, "Speed") against their baselines.

Usage (from the repository root, with the environment the tool runs in):

    python benchmarks/bench.py [--rounds N] [--scenario NAME]

Each target is a command and a baseline. Both run as subprocesses, interleaved in the
same rounds (command, baseline, then baseline, command in the next round, so a machine
that slows down or speeds up during the run weighs on both alike); the table shows
medians and their ratio beside the target's limit. A command this checkout does not
have yet prints "n/a: command missing". Standard library only: it measures, it does not
import the package under test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "debugdemo"]
FAST_BASELINE = [sys.executable, "-c", "import typer, rich.console, rich.table"]
TF_BASELINE = [sys.executable, "-c", "import tensorflow"]

Argv = list[str]


@dataclass
class Sample:
    seconds: float
    peak_mb: float  # the largest resident set of the process tree (ru_maxrss of a waited-for child)
    returncode: int
    stderr: str


def run_once(argv: Sequence[str], env: dict[str, str], cwd: Path) -> Sample:
    """Run `argv` to completion; wall time and peak memory from wait4()."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=cwd
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    scale = 1 << 20 if sys.platform == "darwin" else 1 << 10
    return Sample(seconds, usage.ru_maxrss / scale, proc.returncode, stderr)


@dataclass
class Target:
    name: str
    command: Callable[[], Argv]  # a fresh argv per run (`new` needs a fresh folder)
    baseline_name: str
    baseline: Argv | None  # None: compare with another target's command (see `versus`)
    limit: float
    rounds: int
    versus: str | None = None
    needs: str | None = None  # the subcommand that must exist
    missing: str | None = None
    times: list[float] = field(default_factory=list)
    base_times: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)


def has_command(name: str, env: dict[str, str]) -> bool:
    proc = subprocess.run(
        [*CLI, name, "--help"], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    return proc.returncode == 0


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DEBUGDEMO_PATH", None)
    # A source checkout runs without installing; an installed package works the same.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.update({"NO_COLOR": "1", "COLUMNS": "120"})
    return env


def targets(scenario: str, rounds: int, scratch: Path) -> list[Target]:
    fast = rounds * 4  # a tenth of a second each: more rounds for a steady median
    counter = iter(range(1_000_000))

    def new_argv() -> Argv:
        folder = scratch / f"new-{next(counter)}"
        return [*CLI, "new", "bench-probe", "--dir", str(folder)]

    def fixed(*args: str) -> Callable[[], Argv]:
        return lambda: [*CLI, *args]

    typer_rich = "import typer, rich"
    return [
        Target("--help", fixed("--help"), typer_rich, FAST_BASELINE, 1.3, fast),
        Target("list", fixed("list"), typer_rich, FAST_BASELINE, 1.3, fast),
        Target(
            f"show {scenario}", fixed("show", scenario), typer_rich, FAST_BASELINE, 1.3, fast, needs="show"
        ),
        Target("new bench-probe --dir …", new_argv, typer_rich, FAST_BASELINE, 1.3, fast, needs="new"),
        Target(f"run {scenario}", fixed("run", scenario), "import tensorflow", TF_BASELINE, 1.25, rounds),
        Target(
            "report",
            fixed("report"),
            f"run {scenario}",
            None,
            1.5,
            max(3, rounds // 2),
            versus=f"run {scenario}",
            needs="report",
        ),
    ]


def measure(target: Target, env: dict[str, str], by_name: dict[str, Target]) -> None:
    """Interleave the command and its baseline; a command that fails is marked n/a."""
    warm = run_once(target.command(), env, ROOT)  # also fills the page cache and .pyc files
    if warm.returncode != 0:
        last = (warm.stderr.strip().splitlines() or ["(no output)"])[-1]
        target.missing = f"n/a: exited {warm.returncode}: {last[:60]}"
        return
    if target.baseline is not None:
        run_once(target.baseline, env, ROOT)
    for i in range(target.rounds):
        if target.baseline is None:
            sample = run_once(target.command(), env, ROOT)
            target.times.append(sample.seconds)
            target.peaks.append(sample.peak_mb)
            continue
        order = (True, False) if i % 2 == 0 else (False, True)
        for is_command in order:
            sample = run_once(target.command() if is_command else target.baseline, env, ROOT)
            (target.times if is_command else target.base_times).append(sample.seconds)
            if is_command:
                target.peaks.append(sample.peak_mb)
    if target.versus is not None:
        # Measured again here, interleaved with this target, not reused from earlier rounds.
        other = by_name[target.versus]
        target.times.clear()
        target.peaks.clear()
        for i in range(target.rounds):
            order = (True, False) if i % 2 == 0 else (False, True)
            for is_command in order:
                sample = run_once(target.command() if is_command else other.command(), env, ROOT)
                (target.times if is_command else target.base_times).append(sample.seconds)
                if is_command:
                    target.peaks.append(sample.peak_mb)


def worker_memory(
    argv: Argv, env: dict[str, str]
) -> list[tuple[str, str, float | None, float | None, float | None]]:
    """(scenario, mode, startup_s, run_s, peak MiB) from one `--json` run: the workers' own numbers."""
    proc = subprocess.run([*argv, "--json"], capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return []
    rows = []
    for record in scenario_records(data):
        for run in record.get("runs", []):
            timings = run.get("timings") or {}
            rows.append(
                (
                    record.get("scenario", "?"),
                    run.get("mode", "?"),
                    timings.get("startup_s"),
                    timings.get("run_s"),
                    timings.get("peak_rss_mb"),
                )
            )
    return rows


def scenario_records(data: object) -> list[dict]:
    """Every object with a `runs` list, wherever the command's JSON nests them."""
    if isinstance(data, list):
        return [r for item in data for r in scenario_records(item)]
    if isinstance(data, dict):
        if isinstance(data.get("runs"), list):
            return [data]
        return [r for value in data.values() for r in scenario_records(value)]
    return []


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds for run/report; fast commands get 4×")
    parser.add_argument("--scenario", default="shape-mismatch", help="the scenario `run` and `show` use")
    args = parser.parse_args(argv)

    env = cli_env()
    print(
        f"debugdemo benchmark: {platform.platform()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}, typer {version('typer')}, rich {version('rich')},"
        f" torch {version('torch')}, tensorflow {version('tensorflow')}"
    )
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    load_before = os.getloadavg()
    scratch = Path(tempfile.mkdtemp(prefix="debugdemo-bench-"))
    started = time.monotonic()
    try:
        all_targets = targets(args.scenario, args.rounds, scratch)
        by_name = {t.name: t for t in all_targets}
        for target in all_targets:
            if target.needs and not has_command(target.needs, env):
                target.missing = "n/a: command missing"
                continue
            print(f"  measuring {target.name} ({target.rounds} rounds)…", file=sys.stderr, flush=True)
            measure(target, env, by_name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    rows = [["target", "median", "baseline", "baseline median", "ratio", "limit", "verdict", "peak RSS"]]
    missed = 0
    for t in all_targets:
        if t.missing or not t.times:
            rows.append([t.name, t.missing or "n/a", "", "", "", f"≤ {t.limit:g}×", "", ""])
            continue
        median = statistics.median(t.times)
        base = statistics.median(t.base_times)
        ratio = median / base
        ok = ratio <= t.limit
        missed += not ok
        rows.append(
            [
                t.name,
                fmt(median),
                t.baseline_name,
                fmt(base),
                f"{ratio:.2f}×",
                f"≤ {t.limit:g}×",
                "OK" if ok else "MISSED",
                f"{max(t.peaks):.0f} MiB",
            ]
        )
    print()
    print(table(rows))
    print(
        "\nratio = median of the command / median of its baseline, measured interleaved in the same rounds;"
    )
    print("peak RSS = the largest single process of the command's tree (wait4 ru_maxrss).")

    print("\nWorkers (from one `--json` run each: the worker's own start-up, run time and peak memory):")
    worker_rows = [["command", "scenario", "mode", "startup", "run", "worker peak RSS"]]
    for t in all_targets:
        if t.missing or not t.name.startswith(("run ", "report")):
            continue
        for scenario, mode, startup, run_s, peak in worker_memory(t.command(), env):
            worker_rows.append(
                [
                    t.name.split()[0],
                    scenario,
                    mode,
                    fmt(startup) if startup else "-",
                    fmt(run_s) if run_s is not None else "-",
                    f"{peak:.0f} MiB" if peak is not None else "n/a",
                ]
            )
    print(table(worker_rows) if len(worker_rows) > 1 else "  n/a: no run command measured")

    for baseline_name, argv_ in (("import typer, rich", FAST_BASELINE), ("import tensorflow", TF_BASELINE)):
        print(f"baseline peak RSS, {baseline_name}: {run_once(argv_, env, ROOT).peak_mb:.0f} MiB")
    load_after = os.getloadavg()
    print(
        f"\n{time.monotonic() - started:.0f} s; load average {load_before[0]:.2f} before,"
        f" {load_after[0]:.2f} after; {missed} target(s) missed."
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
