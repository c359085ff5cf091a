"""Text [bold]that looks like markup[/bold], with <b>HTML</b> and escape codes.

Everything here comes from a run (or the scenario's own source) and must be shown
literally: rich markup is not interpreted, ANSI escape sequences are made visible,
HTML stays text.
"""


class Evil(Exception):
    pass


def torch_eager():
    print("out: \x1b[31mred\x1b[0m [bold]not bold[/bold] <script>alert(1)</script>")
    raise Evil("[link=https://example.com]click[/link] \x1b]8;;https://x.example\x1b\\ <b>x</b>")  # BUG


def tf1_graph():
    marked = "[red]value[/red] \x1b[2J"
    breakpoint()
    return "<img src=x onerror=alert(1)> \x1b[1mBOLD"  # BUG
