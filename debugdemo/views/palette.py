"""The colours of the vocabulary (measures.py): one colour per outcome, one per tone.

Apart from views/common so that `list`, `show` and `new` do not load the measures.
"""

from __future__ import annotations

from rich.text import Text

from debugdemo.measures import LEGEND, Outcome, Reading, Tone
from debugdemo.views.common import Legend, Words

# The colour of each outcome: one meaning per colour (the symbols keep it without colour).
OUTCOME_STYLE = {
    Outcome.AT_BUG: "bold green",
    Outcome.ELSEWHERE: "bold red",
    Outcome.SILENT: "bold yellow",
    Outcome.WORKS: "bold blue",
    Outcome.NO_RESULT: "bold magenta",
    Outcome.UNDEFINED: "dim",
}
# The border of a mode's column: its outcome's colour, without the weight.
OUTCOME_BORDER = {o: s.replace("bold ", "") for o, s in OUTCOME_STYLE.items()}
TONE_STYLE = {
    Tone.PLAIN: "",
    Tone.NONE: "dim",
    Tone.GOOD: "green",
    Tone.BAD: "red",
    Tone.CONCRETE: "cyan",
    Tone.SYMBOLIC: "magenta",
}


def reading_text(reading: Reading, brief: bool = False) -> Words:
    """A measure's reading as a table cell, coloured by what it means."""
    text = reading.short if brief else reading.text
    if reading.outcome is not None:
        return Words(Text(text, style=OUTCOME_STYLE[reading.outcome]))
    return Words(Text(text, style=TONE_STYLE[reading.tone]))


def outcome_legend() -> Legend:
    """The five outcomes, each in its colour and with its symbol."""
    return Legend([Text(f"{o.symbol} {o.explains}", style=OUTCOME_STYLE[o]) for o in LEGEND])
