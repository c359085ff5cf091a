"""Make docs/studio.svg, the README's picture of `debugdemo studio`, from a live run.

    PYTHONPATH=$PWD python docs/studio_screenshot.py [NAME] [--size 160x64]

Opens the studio headless (Textual's run_test) on NAME, presses `r`, waits until the
results of the real torch and TF1 workers are drawn, and saves Textual's own screenshot.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from debugdemo.api import Session  # noqa: E402
from debugdemo.catalog import discover, search_path  # noqa: E402
from debugdemo.modes import DEFAULT_MODES  # noqa: E402
from debugdemo.studio.app import StudioApp  # noqa: E402


async def screenshot(name: str, size: tuple[int, int], target: Path) -> None:
    catalog = discover(search_path())
    session = Session(DEFAULT_MODES, timeout=300)
    app = StudioApp(catalog, session, catalog.resolve(name))
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("r")
            while not app.runs_drawn:
                await asyncio.sleep(0.05)
            await pilot.pause()
            app.save_screenshot(filename=target.name, path=str(target.parent))
    finally:
        session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("name", nargs="?", default="shape-mismatch")
    parser.add_argument("--size", default="160x64", help="COLUMNSxLINES")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "studio.svg")
    args = parser.parse_args()
    columns, lines = (int(n) for n in args.size.split("x"))
    asyncio.run(screenshot(args.name, (columns, lines), args.out))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
