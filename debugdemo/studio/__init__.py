"""`debugdemo studio`: a Textual app over the scenarios, on the API's warm `Session`.

Imported only by the `studio` command: Textual loads for it alone.
"""

from __future__ import annotations

from debugdemo.catalog import Catalog
from debugdemo.modes import DEFAULT_MODES
from debugdemo.scenario import Scenario


def run_studio(catalog: Catalog, start: Scenario | None = None, timeout: float = 60.0) -> int:
    """Run the app in this terminal until it quits; its exit code. No worker outlives it."""
    from debugdemo.api import Session
    from debugdemo.studio.app import StudioApp

    session = Session(DEFAULT_MODES, timeout=timeout, restart=True)
    app = StudioApp(catalog, session, start)
    try:
        app.run()
    finally:
        session.close()
    return app.return_code or 0
