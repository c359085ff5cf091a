"""Record a live run as a golden-test asset.

    python -m tests.record SCENARIO_FILE [MODES]   (writes tests/assets/records/<name>.json)

The record's `file` is stored relative to tests/assets, so goldens do not depend on
where the repository lives; copy the scenario file under tests/assets with it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from debugdemo.modes import DEFAULT_MODES, parse_modes
from debugdemo.process.worker_parent import Runner
from debugdemo.scenario import load_scenario

ASSETS = Path(__file__).resolve().parent / "assets"


def main(argv: list[str]) -> None:
    path = Path(argv[0]).resolve()
    modes = parse_modes(argv[1]) if len(argv) > 1 else DEFAULT_MODES
    [result] = Runner(modes).run([load_scenario(path)])
    data = result.to_dict()
    data["file"] = str(path.relative_to(ASSETS))
    target = ASSETS / "records" / f"{result.scenario}.json"
    target.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
