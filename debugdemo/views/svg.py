"""Small helpers for the hand-written SVG pictures: the font, escaping, and stacking pictures.

No network, no script: every picture names local fonts only and keeps its spaces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

# Installed almost everywhere, all about 0.6 em wide.
MONOSPACE = "'DejaVu Sans Mono', Menlo, 'Liberation Mono', Consolas, 'Courier New', monospace"
# DejaVu Sans Mono's and Menlo's advance (1233 / 2048 em): where a picture lays text out by
# characters, a character is this many font sizes wide.
FONT_ASPECT_RATIO = 1233 / 2048
NAMESPACE = "http://www.w3.org/2000/svg"  # a name that nothing fetches

# The dark window rich's SVG export draws, so that stacked pictures look like one.
BACKGROUND = "#292929"
FOREGROUND = "#c5c8c6"
DIM = "#8a8a8a"
# The accents the pictures share: a chart's bars and a slide's verdicts mean the same in both.
GREEN, RED, YELLOW, CYAN, PURPLE = "#8bc34a", "#e06c75", "#e5c07b", "#61afef", "#c678dd"

_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"')


def text_width(chars: int, size: float) -> float:
    """Pixels that `chars` characters of the monospace stack take at font size `size`."""
    return chars * size * FONT_ASPECT_RATIO


def esc(text: str) -> str:
    """Text for an SVG element or attribute: nothing in it is markup."""
    return escape(text, quote=True)


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height attributes of a picture's outer <svg>."""
    found = _SIZE.search(svg)
    if found is None:
        raise ValueError("an <svg> without width and height")
    return float(found.group(1)), float(found.group(2))


def stacked(pictures: Sequence[str], gap: float = 0) -> str:
    """One SVG holding `pictures` one under the other, left-aligned, each unchanged."""
    sizes = [svg_size(p) for p in pictures]
    width = max(w for w, _ in sizes)
    height = sum(h for _, h in sizes) + gap * (len(pictures) - 1)
    parts, y = [], 0.0
    for picture, (_, h) in zip(pictures, sizes, strict=True):
        parts.append(f'<g transform="translate(0, {y:g})">\n{picture}\n</g>')
        y += h + gap
    return (
        f'<svg viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
        f'xmlns="{NAMESPACE}" xml:space="preserve">\n' + "\n".join(parts) + "\n</svg>\n"
    )
