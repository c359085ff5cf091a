"""Measure debugdemo's speed targets (product.md, "Speed") against their baselines.

Usage, from the repository root, in the environment the tool runs in:

    python benchmarks/bench.py [--rounds N] [--scenario NAME] [--only TARGET ...]

Each target is a command and a baseline. Both run as subprocesses, interleaved in the
same rounds (command then baseline, baseline then command in the next round), so a
machine that slows down or speeds up during the benchmark weighs on both alike. The
table shows their medians and the ratio beside the target's limit; for `report` over
100 more scenarios, the extra time per extra scenario instead. A command this checkout
does not have yet prints "n/a: command missing". Then, in fresh processes, the Python
API: a first `debugdemo.run(NAME)` (workers start) against the calls after it (warm
workers), limit 25 % (`--only api` measures only that). Standard library only: it
measures from outside and imports nothing of the package under test.

The scaling targets generate their scenario files in a temporary folder: 200 copies of
the built-in scenarios for `list`, 100 for `report` (about half a minute; `--only` skips
it). Every run uses a fresh metadata cache in that folder, filled by the warm-up run.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "debugdemo"]
FAST_BASELINE = [sys.executable, "-c", "import typer, rich.console, rich.table"]
# debugdemo's main() freezes the garbage collector once its imports are done, which also
# spares the collections (the one at exit included) over typer's and rich's objects: the
# same import, frozen, shows what the commands' own work costs without that saving.
FROZEN_BASELINE = [sys.executable, "-c", "import gc, typer, rich.console, rich.table; gc.freeze()"]
TF_BASELINE = [sys.executable, "-c", "import tensorflow"]
# One process, the Python API: `debugdemo.run(NAME)` CALLS times, each call's wall time as JSON.
WARM_PROBE = """
import json, sys, time
import debugdemo
name, calls, times = sys.argv[1], int(sys.argv[2]), []
for _ in range(calls):
    started = time.perf_counter()
    result = debugdemo.run(name)
    times.append(time.perf_counter() - started)
    assert result.complete, result
print(json.dumps(times))
"""
WARM_LIMIT = 0.25  # product.md: a second run in one process costs at most 25 % of the first
NO_BUG_TRACE_ENV = "DEBUGDEMO_NO_BUG_TRACE"  # "1": workers do not trace line events (bug_reached)
KIB_PER_MAXRSS_UNIT = 1 / 1024 if sys.platform == "darwin" else 1  # ru_maxrss: bytes on macOS

Argv = list[str]


@dataclass(frozen=True)
class Sample:
    """One finished process: wall time, CPU time and peak memory from wait4()."""

    wall_s: float
    cpu_s: float  # user + system, the process and the children it waited for (its workers)
    peak_mib: float  # the largest resident set of any single process in the tree
    returncode: int
    stderr: str


def run_once(argv: Sequence[str], env: dict[str, str]) -> Sample:
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    peak = usage.ru_maxrss * KIB_PER_MAXRSS_UNIT / 1024
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak, proc.returncode, stderr)


@dataclass
class Target:
    name: str
    command: Callable[[], Argv]  # a fresh argv per run: `new` needs a fresh folder each time
    baseline_name: str
    baseline: Callable[[], Argv]
    limit: float
    rounds: int
    needs: str | None = None  # the subcommand that must exist
    ok_codes: tuple[int, ...] = (0,)
    per: int = 0  # when set, the figure is (median - baseline median) / per, in seconds
    informational: bool = False  # printed for the reader, not a target: never "MISSED"
    skipped: str | None = None  # why there is no measurement
    samples: list[Sample] = field(default_factory=list)
    base_samples: list[Sample] = field(default_factory=list)

    def median(self, of: str, baseline: bool = False) -> float:
        return statistics.median(getattr(s, of) for s in (self.base_samples if baseline else self.samples))

    def figure(self, of: str = "wall_s") -> float:
        """The ratio of the medians, or with `per`, the extra seconds per extra item."""
        if self.per:
            return (self.median(of) - self.median(of, baseline=True)) / self.per
        return self.median(of) / self.median(of, baseline=True)

    def show(self, value: float) -> str:
        return f"{value:.2f} s each" if self.per else f"{value:.2f}×"

    @property
    def limit_text(self) -> str:
        return f"≤ {self.limit:g} s each" if self.per else f"≤ {self.limit:g}×"


def copies(folder: Path, count: int) -> Path:
    """`count` copies of the built-in scenarios in `folder`, named <name>_copy_<i>.py.

    copy2 keeps each file's modification time, so the metadata cache takes them at once (it
    waits for a file changed in the last two seconds to settle).
    """
    folder.mkdir(parents=True)
    builtins = sorted(p for p in (ROOT / "scenarios").glob("*.py") if not p.name.startswith("_"))
    for i in range(count):
        source = builtins[i % len(builtins)]
        shutil.copy2(source, folder / f"{source.stem}_copy_{i:03d}.py")
    return folder


def targets(scenario: str, rounds: int, scratch: Path) -> list[Target]:
    fast = rounds * 4  # a tenth of a second each: more rounds for a steady median
    made = iter(range(1_000_000))

    def cli(*args: str) -> Callable[[], Argv]:
        return lambda: [*CLI, *args]

    def new_in_fresh_folder() -> Argv:
        return [*CLI, "new", "bench-probe", "--dir", str(scratch / f"new-{next(made)}")]

    typer_rich, tf = "import typer, rich", "import tensorflow"
    fast_base, tf_base = (lambda: FAST_BASELINE), (lambda: TF_BASELINE)
    frozen_base = lambda: FROZEN_BASELINE  # noqa: E731
    run = cli("run", scenario)
    untraced = lambda: ["env", f"{NO_BUG_TRACE_ENV}=1", *CLI, "run", scenario]  # noqa: E731
    more_200 = ["--path", str(copies(scratch / "copies-200", 200))]
    more_100 = ["--path", str(copies(scratch / "copies-100", 100))]
    return [
        Target("--help", cli("--help"), typer_rich, fast_base, 1.3, fast),
        Target("list", cli("list"), typer_rich, fast_base, 1.3, fast),
        Target(f"show {scenario}", cli("show", scenario), typer_rich, fast_base, 1.3, fast, needs="show"),
        Target("new NAME --dir DIR", new_in_fresh_folder, typer_rich, fast_base, 1.3, fast, needs="new"),
        Target(
            f"show {scenario}, vs frozen",
            cli("show", scenario),
            "… + gc.freeze()",
            frozen_base,
            1.3,
            fast,
            needs="show",
            informational=True,
        ),
        # The warm-up run fills the metadata cache: this is `list` after the first call.
        Target("list, 200 more files", cli(*more_200, "list"), "list", cli("list"), 1.5, fast),
        Target(f"run {scenario}", run, tf, tf_base, 1.25, rounds),
        # What watching for the # BUG line costs (bug_reached): the same run, untraced.
        Target(f"run {scenario} (bug lines traced)", run, "the same, untraced", untraced, 1.1, rounds),
        # Exit 1 is still a full report: a scenario of the catalogue that produced no result.
        Target("report", cli("report"), f"run {scenario}", run, 1.5, rounds, needs="report", ok_codes=(0, 1)),
        # Both load the frameworks once: the difference is what 100 more scenarios cost.
        Target(
            "report, 100 more scenarios",
            cli(*more_100, "report"),
            "report",
            cli("report"),
            0.3,
            max(1, rounds // 3),
            needs="report",
            ok_codes=(0, 1),
            per=100,
        ),
    ]


def has_command(name: str, env: dict[str, str]) -> bool:
    help_ = subprocess.run([*CLI, name, "--help"], capture_output=True, env=env, cwd=ROOT, check=False)
    return help_.returncode == 0


def measure(target: Target, env: dict[str, str]) -> None:
    """Warm up, then interleave command and baseline; a command that fails is not timed."""
    for which, argv, ok_codes in (
        ("command", target.command(), target.ok_codes),
        ("baseline", target.baseline(), (0,)),
    ):
        warm = run_once(argv, env)  # also fills the page cache and writes .pyc files
        if warm.returncode not in ok_codes:
            last = (warm.stderr.strip().splitlines() or ["(no output)"])[-1]
            target.skipped = f"n/a: {which} exited {warm.returncode}: {last[:60]}"
            return
    for i in range(target.rounds):
        for is_command in (True, False) if i % 2 == 0 else (False, True):
            if is_command:
                target.samples.append(run_once(target.command(), env))
            else:
                target.base_samples.append(run_once(target.baseline(), env))


def measure_warm(scenario: str, rounds: int, env: dict[str, str], calls: int = 3) -> list[list[float]]:
    """Per round, a fresh process's `debugdemo.run(scenario)` wall times: the first call, then warm ones."""
    found = []
    for _ in range(rounds):
        proc = subprocess.run(
            [sys.executable, "-c", WARM_PROBE, scenario, str(calls)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError((proc.stderr.strip().splitlines() or ["(no output)"])[-1][:100])
        found.append(json.loads(proc.stdout))
    return found


def warm_ratio(rounds: list[list[float]]) -> tuple[float, float, float]:
    """Median first call, median later call (over every round) and their ratio."""
    first = statistics.median(r[0] for r in rounds)
    later = statistics.median(t for r in rounds for t in r[1:])
    return first, later, later / first


def scenario_records(data: Any) -> list[dict[str, Any]]:
    """Every object with a `runs` list, wherever the command's JSON nests them."""
    if isinstance(data, list):
        return [r for item in data for r in scenario_records(item)]
    if isinstance(data, dict):
        if isinstance(data.get("runs"), list):
            return [data]
        return [r for value in data.values() for r in scenario_records(value)]
    return []


def worker_rows(label: str, argv: Argv, env: dict[str, str]) -> list[list[str]]:
    """One `--json` run, per mode: the workers' own start-up, summed run time and peak memory."""
    proc = subprocess.run([*argv, "--json"], capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    try:
        records = scenario_records(json.loads(proc.stdout))
    except json.JSONDecodeError:
        return [[label, "n/a: no JSON output", "", "", "", ""]]
    modes: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        for run in record["runs"]:
            modes.setdefault(str(run.get("mode", "?")), []).append(run.get("timings") or {})
    rows = []
    for mode, timings in modes.items():
        startups = [t["startup_s"] for t in timings if t.get("startup_s")]  # one per worker started
        peaks = [t["peak_rss_mb"] for t in timings if t.get("peak_rss_mb") is not None]
        rows.append(
            [
                label,
                mode,
                str(len(timings)),
                " + ".join(fmt(s) for s in startups) or "-",
                fmt(sum(t.get("run_s") or 0.0 for t in timings)),
                f"{max(peaks):.0f} MiB" if peaks else "n/a",
            ]
        )
    return rows


def studio_summary(data: dict[str, Any]) -> tuple[str, bool]:
    """One line on studio_latency.py's numbers, and whether its limit held."""
    line = (
        f"studio re-run (key press → result drawn): median {fmt(data['median_s'])},"
        f" the warm workers alone {fmt(statistics.median(data['workers_only_s']))}"
    )
    if data.get("api_run_s"):
        line += f", a warm debugdemo.run() {fmt(statistics.median(data['api_run_s']))}"
    if data.get("ratio") is not None:
        line += f" (ratio {data['ratio']:.2f}×)"
    return f"{line}; limit {data['limit']}: {'OK' if data['ok'] else 'MISSED'}", bool(data["ok"])


def studio_latency(scenario: str, rounds: int, env: dict[str, str]) -> tuple[str, bool]:
    """Runs benchmarks/studio_latency.py (it drives the app through Textual's Pilot)."""
    if not has_command("studio", env):
        return "studio re-run: n/a: command missing", True
    script = ROOT / "benchmarks" / "studio_latency.py"
    proc = subprocess.run(
        [sys.executable, str(script), "--scenario", scenario, "--rounds", str(rounds), "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        last = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        return f"studio re-run: n/a: exited {proc.returncode}: {last[:80]}", True
    return studio_summary(json.loads(proc.stdout.strip().splitlines()[-1]))


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


def cli_env(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DEBUGDEMO_PATH", "DEBUGDEMO_NO_CACHE"):
        env.pop(name, None)
    # pip writes the .pyc files when it installs; the warm-up run writes them for a checkout.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # A source checkout runs without installing; an installed package works the same.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.update({"NO_COLOR": "1", "COLUMNS": "120", "XDG_CACHE_HOME": str(scratch / "cache")})
    return env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds for run and report; 4× for the rest")
    parser.add_argument("--scenario", default="shape-mismatch", help="the scenario that run and show use")
    parser.add_argument(
        "--only", action="append", metavar="TARGET", help="measure only targets starting so (repeatable)"
    )
    args = parser.parse_args(argv)

    scratch = Path(tempfile.mkdtemp(prefix="debugdemo-bench-"))
    env = cli_env(scratch)
    print(
        f"debugdemo benchmark: {platform.system()} {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}, typer {version('typer')}, rich {version('rich')},"
        f" torch {version('torch')}, tensorflow {version('tensorflow')}"
    )
    print(f"command: python benchmarks/bench.py {' '.join(sys.argv[1:])}".rstrip())
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    try:
        all_targets = [
            t
            for t in targets(args.scenario, args.rounds, scratch)
            if not args.only or t.name.startswith(tuple(args.only))
        ]
        for target in all_targets:
            if target.needs and not has_command(target.needs, env):
                target.skipped = "n/a: command missing"
                continue
            print(f"  measuring {target.name}: {target.rounds} rounds…", file=sys.stderr, flush=True)
            measure(target, env)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    head = ["target", "median", "baseline", "its median", "figure", "limit", "", "cpu figure", "peak RSS"]
    rows, missed = [head], 0
    for t in all_targets:
        if t.skipped or not t.samples:
            rows.append([t.name, t.skipped or "n/a", t.baseline_name, "", "", t.limit_text, "", "", ""])
            continue
        figure = t.figure()
        missed += figure > t.limit and not t.informational
        rows.append(
            [
                t.name,
                fmt(t.median("wall_s")),
                t.baseline_name,
                fmt(t.median("wall_s", baseline=True)),
                t.show(figure),
                t.limit_text,
                "info" if t.informational else "OK" if figure <= t.limit else "MISSED",
                t.show(t.figure("cpu_s")),
                f"{max(s.peak_mib for s in t.samples):.0f} MiB",
            ]
        )
    print()
    print(table(rows))
    print(
        "\nmedian: wall time over the rounds; figure: command median / baseline median (the target),"
        "\nor for `report, 100 more scenarios` (median - baseline median) / 100, the cost of one more;"
        "\ncpu figure: the same for user+system CPU time of the whole process tree, workers included"
        "\n(not a target: it shows the work done, whatever else loads the machine);"
        "\npeak RSS: the largest single process of the command's tree;"
        "\nvs frozen (not a target): the baseline import with gc.freeze() after it, as debugdemo's"
        "\nmain() does, so that the saving on typer's and rich's objects does not count."
    )

    if not args.only or "api run".startswith(tuple(args.only)):
        print(f"  measuring api: debugdemo.run({args.scenario!r}), {args.rounds} processes…", file=sys.stderr)
        print(f"\nIn one process (the Python API, a notebook): debugdemo.run({args.scenario!r}) called 3×")
        try:
            first, later, ratio = warm_ratio(measure_warm(args.scenario, args.rounds, env))
        except RuntimeError as exc:
            print(f"n/a: {exc}")
        else:
            missed += ratio > WARM_LIMIT
            verdict = "OK" if ratio <= WARM_LIMIT else "MISSED"
            print(
                table(
                    [
                        ["target", "first call", "later calls", "ratio", "limit", ""],
                        [
                            "api run, warm",
                            fmt(first),
                            fmt(later),
                            f"{ratio:.2f}×",
                            f"≤ {WARM_LIMIT:g}×",
                            verdict,
                        ],
                    ]
                )
            )
            print("first call: the workers start (framework imports); later calls reuse them (medians).")

    print("\nWorkers, from one `--json` run of each command (the numbers the workers report):")
    workers = [["command", "mode", "scenarios", "worker start-up", "scenario run time", "worker peak RSS"]]
    for t in all_targets:
        if (
            not t.skipped
            and t.samples
            and (t.name.startswith("run ") or t.name == "report")
            and "traced" not in t.name
        ):
            workers += worker_rows(t.name.split()[0], t.command(), env)
        if not t.skipped and t.samples and "(bug lines traced)" in t.name:
            # Scenario run time alone, where the tracing happens, without start-up to dilute it.
            workers += worker_rows("run, traced", t.command(), env)
            workers += worker_rows("run, untraced", t.baseline(), env)
    print(table(workers) if len(workers) > 1 else "n/a: no run command measured")
    if not args.only or any("studio".startswith(o) for o in args.only):
        print(f"  measuring the studio's re-run: {args.rounds} rounds…", file=sys.stderr, flush=True)
        line, held = studio_latency(args.scenario, args.rounds, env)
        missed += not held
        print("\n" + line)
    for name, base in (("import typer, rich", FAST_BASELINE), ("import tensorflow", TF_BASELINE)):
        print(f"baseline peak RSS, {name}: {run_once(base, env).peak_mib:.0f} MiB")
    print(
        f"\n{time.monotonic() - started:.0f} s; load average {load_before:.2f} before,"
        f" {os.getloadavg()[0]:.2f} after; {missed} target(s) missed."
    )
    if max(load_before, os.getloadavg()[0]) > (os.cpu_count() or 1):
        print("The machine was busy with other work: wall-time ratios are noisier than usual.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
