"""Studio re-run latency: from the `r` key press to the results drawn, through Textual's Pilot.

Usage, from the repository root:

    python benchmarks/studio_latency.py [--scenario NAME] [--rounds N] [--json]

Opens the studio headless on NAME (workers started with the app, frameworks preloaded),
runs it once to warm up, then presses `r` N times and times each press until the results
are on screen. For comparison it also times the same run in the same warm workers without
the app (the compute alone), and a warm `debugdemo.run()` when the package has that API.
benchmarks/bench.py runs this script and checks its limit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import debugdemo  # noqa: E402
from debugdemo.catalog import discover, search_path  # noqa: E402
from debugdemo.modes import DEFAULT_MODES  # noqa: E402
from debugdemo.studio.app import StudioApp  # noqa: E402
from debugdemo.studio.warm import WarmWorkers  # noqa: E402

LIMIT_S = 0.5  # without the public API to compare with
LIMIT_RATIO = 1.5  # × a warm debugdemo.run() of the same scenario, when the API exists


async def studio_rounds(name: str, rounds: int) -> dict[str, Any]:
    catalog = discover(search_path())
    scenario = catalog.resolve(name)
    warm = WarmWorkers(DEFAULT_MODES, timeout=300)
    app = StudioApp(catalog, warm, scenario)
    times: list[float] = []
    compute: list[float] = []
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            for i in range(rounds + 1):  # the first run pays the frameworks' start-up
                drawn = app.runs_drawn
                started = time.perf_counter()
                await pilot.press("r")
                while app.runs_drawn == drawn:
                    await asyncio.sleep(0.002)
                if i:
                    times.append(time.perf_counter() - started)
            modes = app.modes[scenario.name]
            for _ in range(rounds):  # the same run without the app: what the workers cost
                started = time.perf_counter()
                warm.run(scenario, modes)
                compute.append(time.perf_counter() - started)
    finally:
        warm.stop()
    return {"studio_rerun_s": times, "workers_only_s": compute}


def api_rounds(name: str, rounds: int) -> list[float] | None:
    """Warm `debugdemo.run()` timings, when the public API exists in this checkout."""
    session = getattr(debugdemo, "session", None)
    if session is None:
        return None
    times = []
    with session() as s:
        s.run(name)  # warm up
        for _ in range(rounds):
            started = time.perf_counter()
            s.run(name)
            times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scenario", default="shape-mismatch")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    data = asyncio.run(studio_rounds(args.scenario, args.rounds))
    try:
        data["api_run_s"] = api_rounds(args.scenario, args.rounds)
    except Exception as exc:  # noqa: BLE001 - an API still in the making is reported, not fatal
        data["api_run_s"] = None
        data["api_error"] = f"{type(exc).__name__}: {exc}"
    studio = statistics.median(data["studio_rerun_s"])
    if data["api_run_s"]:
        api = statistics.median(data["api_run_s"])
        data["limit"] = f"≤ {LIMIT_RATIO:g}× a warm debugdemo.run() ({api:.3f} s)"
        data["ok"] = studio <= LIMIT_RATIO * api
    else:
        data["limit"] = f"≤ {LIMIT_S:g} s (no debugdemo.run() API to compare with)"
        data["ok"] = studio <= LIMIT_S
    data["median_s"] = studio
    if args.json:
        print(json.dumps(data))
    else:
        workers = statistics.median(data["workers_only_s"])
        print(f"studio re-run of {args.scenario}: median {studio:.3f} s (key press → result drawn)")
        print(f"the same run in the warm workers alone: median {workers:.3f} s")
        print(f"limit {data['limit']}: {'OK' if data['ok'] else 'MISSED'}")
    return 0 if data["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
