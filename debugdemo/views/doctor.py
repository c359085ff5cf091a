"""`doctor`: versions found, and for every mode whether it can run here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from debugdemo.views.common import Words, visible, words

if TYPE_CHECKING:
    from debugdemo.doctor import DoctorReport


@dataclass
class DoctorView:
    """Two tables (versions; modes) and a summary line."""

    report: DoctorReport

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        report = self.report
        versions = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        versions.add_column(words(""), style="bold")
        versions.add_column(words("installed"))
        versions.add_column(words("imported by a worker"))
        versions.add_row(words("python"), words(visible(f"{report.python} ({report.executable})")), words(""))
        versions.add_row(words("debugdemo"), words(report.debugdemo), words(""))
        for fw in report.frameworks:
            if not fw.distribution:
                dist = "not installed"
            elif fw.distribution == fw.framework.value:
                dist = str(fw.installed)  # "torch 2.13.0" in the torch row says torch twice
            else:
                dist = f"{fw.installed} (as {fw.distribution})"  # e.g. tensorflow-cpu
            if fw.version is not None:
                imports = Text(f"✔ {fw.version}", style="green")
                if fw.import_s is not None:
                    imports.append(f" in {fw.import_s:.1f} s", style="dim")
            else:
                imports = Text(f"✘ {visible(fw.problem or '')}", style="red")
            versions.add_row(words(fw.framework.value), words(visible(dist)), Words(imports))
        modes = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        modes.add_column(words("mode"), style="bold")
        modes.add_column(words("framework"))
        modes.add_column(words("can run here"))
        for mode, problem in report.modes.items():
            verdict = words("✔ yes", "green") if problem is None else words(f"✘ {visible(problem)}", "red")
            modes.add_row(words(mode.value), words(mode.framework.value), verdict)
        ready = sum(problem is None for problem in report.modes.values())
        yield versions
        yield Text("")
        yield modes
        yield Text("")
        yield Text(
            f"{ready} of {len(report.modes)} modes can run here.",
            style="bold green" if report.all_ok else "bold yellow",
        )
