"""Small helpers every part of the pack shares: colours as python-pptx wants them, and
one way to style a run of text (font, size, weight, colour from the palette)."""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.util import Pt

from dashboard.steering import palette


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


WHITE = rgb(palette.WHITE)


def style_run(run, size: float, *, bold: bool = False, colour: str | None = None) -> None:  # type: ignore[no-untyped-def]
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = palette.FONT_FAMILY
    run.font.color.rgb = rgb(colour or palette.TEXT)
