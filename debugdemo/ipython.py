"""`%load_ext debugdemo`: the `%debugdemo` line magic, the command-line tool inside IPython.

`%debugdemo run shape-mismatch --modes all` runs the CLI's own typer app with the same
subcommands and options, on the process's warm workers (the API's default session), so
only the first run in a kernel pays for the framework imports. A usage error prints the
CLI's message in the cell; nothing ends the kernel.
"""

from __future__ import annotations

import shlex
import sys
from typing import Any

# pdb needs a terminal that sends it keystrokes: a notebook cell is not one.
DEBUG_REFUSAL = (
    "debugdemo debug needs a terminal (pdb reads your keystrokes) and a notebook cell is not one: "
    "run `debugdemo {args}` in a terminal, or pipe pdb commands in from a shell cell: "
    "!printf 'p x\\nc\\n' | debugdemo {args}"
)
GLOBAL_OPTIONS_WITH_VALUE = ("--path",)


def load(ipython: Any) -> None:
    ipython.register_magic_function(magic, magic_kind="line", magic_name="debugdemo")


def unload(ipython: Any) -> None:
    from debugdemo.api import close_default_session

    close_default_session()


def subcommand(argv: list[str]) -> str | None:
    """The subcommand an argument list names, after the global options (--path DIR …)."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in GLOBAL_OPTIONS_WITH_VALUE:
            i += 2
        elif arg.startswith("-"):
            i += 1
        else:
            return arg
    return None


def in_notebook() -> bool:
    """True inside a Jupyter kernel (no terminal of its own); False in terminal IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def magic(line: str) -> None:
    """Run the debugdemo command line: %debugdemo run shape-mismatch --modes all, list, report …"""
    try:
        argv = shlex.split(line)
    except ValueError as exc:  # an unclosed quote
        print(f"Error: {exc}", file=sys.stderr)
        return
    if subcommand(argv) == "debug" and "--help" not in argv and in_notebook():
        print(DEBUG_REFUSAL.format(args=shlex.join(argv)), file=sys.stderr)
        return
    invoke(argv)


def invoke(argv: list[str]) -> int:
    """The CLI with `argv`, in this process, on the default session's warm workers; its exit code."""
    import typer

    from debugdemo import cli
    from debugdemo.api import default_session

    click_exception = _click_exception()
    command = typer.main.get_command(cli.app)
    session = default_session()
    with session.lock:
        cli.State.runner_factory = session.runner
        try:
            code = command.main(args=argv, prog_name="debugdemo", standalone_mode=False)
        except click_exception as exc:  # a usage error: the CLI's own message
            exc.show(file=sys.stderr)
            code = exc.exit_code
        except typer.Abort:
            print("Aborted.", file=sys.stderr)
            code = 1
        except SystemExit as exc:  # nothing here may end the kernel
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            cli.State.runner_factory = None
    return int(code or 0)


def _click_exception() -> Any:
    """click's base exception: typer vendors click since 0.2x, older typer uses click itself."""
    try:
        from typer._click.exceptions import ClickException
    except ImportError:
        from click.exceptions import ClickException  # type: ignore[no-redef]
    return ClickException
