"""Studio re-run latency: from the `r` key press to the results drawn, through Textual's Pilot.

Usage, from the repository root:

    python benchmarks/studio_latency.py [--scenario NAME] [--rounds N] [--json]

Opens the studio headless on NAME (its session's workers started with the app, frameworks
preloaded), runs it once to warm up, then presses `r` N times and times each press until
the results are on screen. Between presses, in the same process, it times the same run in
the studio's session without the app (the compute alone) and a warm `debugdemo.run(NAME)`
(the default session, warmed up first): the limit is the studio's median at most 1.5× the
latter's, and the ratio is printed. benchmarks/bench.py runs this script and checks it.
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
from debugdemo.api import Session, close_default_session  # noqa: E402
from debugdemo.catalog import discover, search_path  # noqa: E402
from debugdemo.modes import DEFAULT_MODES  # noqa: E402
from debugdemo.studio.app import StudioApp  # noqa: E402

LIMIT_RATIO = 1.5  # × a warm debugdemo.run() of the same scenario
TIMEOUT = 300.0


def timed(call: Any, *args: Any, **kwargs: Any) -> float:
    started = time.perf_counter()
    call(*args, **kwargs)
    return time.perf_counter() - started


async def rounds_of(name: str, rounds: int) -> dict[str, Any]:
    """Studio re-runs, the same runs in its session, and warm `debugdemo.run()`, interleaved."""
    catalog = discover(search_path())
    scenario = catalog.resolve(name)
    session = Session(DEFAULT_MODES, timeout=TIMEOUT, restart=True)
    app = StudioApp(catalog, session, scenario)
    times: list[float] = []
    compute: list[float] = []
    api: list[float] = []
    try:
        debugdemo.run(name, timeout=TIMEOUT)  # warm up the default session
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            for i in range(rounds + 1):  # the first run pays the frameworks' start-up
                drawn = app.runs_drawn
                started = time.perf_counter()
                await pilot.press("r")
                while app.runs_drawn == drawn:
                    await asyncio.sleep(0.002)
                if not i:
                    continue
                times.append(time.perf_counter() - started)
                modes = app.modes[scenario.name]  # the studio's choice: the same work each way
                compute.append(timed(session.run, scenario, modes=modes))
                api.append(timed(debugdemo.run, name, modes=modes, timeout=TIMEOUT))
    finally:
        session.close()
        close_default_session()
    return {"studio_rerun_s": times, "workers_only_s": compute, "api_run_s": api}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scenario", default="shape-mismatch")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    data = asyncio.run(rounds_of(args.scenario, args.rounds))
    studio = statistics.median(data["studio_rerun_s"])
    api = statistics.median(data["api_run_s"])
    data["median_s"] = studio
    data["ratio"] = studio / api
    data["limit"] = f"≤ {LIMIT_RATIO:g}× a warm debugdemo.run() ({api:.3f} s)"
    data["ok"] = data["ratio"] <= LIMIT_RATIO
    if args.json:
        print(json.dumps(data))
    else:
        workers = statistics.median(data["workers_only_s"])
        print(f"studio re-run of {args.scenario}: median {studio:.3f} s (key press → result drawn)")
        print(f"the same run in the studio's session alone: median {workers:.3f} s")
        print(f"a warm debugdemo.run({args.scenario!r}): median {api:.3f} s")
        print(f"ratio studio / debugdemo.run(): {data['ratio']:.2f}×")
        print(f"limit {data['limit']}: {'OK' if data['ok'] else 'MISSED'}")
    return 0 if data["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
