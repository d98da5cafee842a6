"""The steering pack: one 16:9 slide per presentation step, drawn with python-pptx.

Charts are native PowerPoint charts (their numbers stay editable in PowerPoint), tables
are native tables, and every slide carries the footer: as-of date, data freshness,
scope and the application that computed it. Layout is computed, not templated: text
heights are estimated from their length so long rules shrink the type instead of
running off the slide.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Inches, Pt

from dashboard.formatting import day
from dashboard.steering import palette
from dashboard.steering.model import APP_NAME, KpiText, SteeringContent, Step, Table
from dashboard.steering.pack_charts import draw_chart
from dashboard.steering.pack_style import WHITE, rgb, style_run

SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.45
GAP = 0.3
KPI_TOP, KPI_H = 1.5, 0.95
BODY_BOTTOM = 6.85
FOOTER_TOP = 7.02
TITLE_ONLY_LAYOUT = 5
LEAD_IN_CHARS = 60
GLYPH_EM = 0.6  # average glyph width in em, generous: an overestimate only costs space


# --------------------------------------------------------------------------- text


def _lines(text: str, width_in: float, size_pt: float) -> int:
    """Lines ``text`` needs in a box ``width_in`` wide."""
    per_line = max(int(width_in / (GLYPH_EM * size_pt / 72)), 1)
    return sum(max(math.ceil(len(part) / per_line), 1) for part in text.split("\n"))


def _line_height(size_pt: float) -> float:
    return 1.25 * size_pt / 72


def _text_box(
    slide: Slide,
    x: float,
    y: float,
    w: float,
    h: float,
    paragraphs: Sequence[str],
    size: float,
    *,
    bold: bool = False,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    lead_in: bool = False,
) -> None:
    """Paragraphs of text; with ``lead_in`` a short opening ending in ": " ("Decisions
    needed: ...") is bold, so a reader finds each note's subject at a glance."""
    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(0.02)
    frame.margin_top = frame.margin_bottom = Inches(0.02)
    for index, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        paragraph.space_after = Pt(4)
        lead, colon, rest = text.partition(": ")
        short = lead_in and colon and len(lead) <= LEAD_IN_CHARS
        parts = [(lead + colon, True), (rest, bold)] if short else [(text, bold)]
        for part, strong in parts:
            run = paragraph.add_run()
            style_run(run, size, bold=strong)
            run.text = part


# --------------------------------------------------------------------------- frame


def _title(slide: Slide, step: Step) -> None:
    shape = slide.shapes.title
    shape.left, shape.top = Inches(MARGIN), Inches(0.3)
    shape.width, shape.height = Inches(SLIDE_W - 2 * MARGIN), Inches(0.7)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = Inches(0.02)
    frame.text = step.title
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    style_run(paragraph.runs[0], 28 if len(step.title) <= 60 else 22, bold=True)
    size = 13 if _lines(step.subtitle, SLIDE_W - 2 * MARGIN, 13) == 1 else 11
    _text_box(slide, MARGIN, 0.98, SLIDE_W - 2 * MARGIN, 0.45, [step.subtitle], size)


def _footer(slide: Slide, content: SteeringContent, number: int, total: int) -> None:
    width = SLIDE_W - 2 * MARGIN
    _text_box(slide, MARGIN, FOOTER_TOP, width - 0.9, 0.35, [content.outline.footer], 9)
    _text_box(
        slide, SLIDE_W - MARGIN - 0.8, FOOTER_TOP, 0.8, 0.35, [f"{number} / {total}"], 9, align=PP_ALIGN.RIGHT
    )
    line = slide.shapes.add_connector(
        1, Inches(MARGIN), Inches(FOOTER_TOP - 0.05), Inches(SLIDE_W - MARGIN), Inches(FOOTER_TOP - 0.05)
    )
    line.line.color.rgb = rgb(palette.RULE_LINE)
    line.line.width = Pt(0.75)


def _kpi_row(slide: Slide, kpis: Sequence[KpiText]) -> None:
    width = (SLIDE_W - 2 * MARGIN - GAP * (len(kpis) - 1)) / len(kpis)
    for index, kpi in enumerate(kpis):
        x = MARGIN + index * (width + GAP)
        box = slide.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE, Inches(x), Inches(KPI_TOP), Inches(width), Inches(KPI_H)
        )
        box.adjustments[0] = 0.08
        _drop_theme_style(box)
        box.fill.solid()
        box.fill.fore_color.rgb = WHITE
        box.line.color.rgb = rgb(palette.RULE_LINE)
        box.line.width = Pt(1)
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.margin_left = frame.margin_right = Inches(0.1)
        frame.margin_top = frame.margin_bottom = Inches(0.04)
        label = frame.paragraphs[0]
        style_run(label.add_run(), 11)
        label.runs[0].text = kpi.label
        _value_runs(frame.add_paragraph(), kpi.value, 22 if len(kpi.value) <= 9 else 18)
        if kpi.note:
            note = frame.add_paragraph()
            style_run(note.add_run(), 9)
            note.runs[0].text = kpi.note
        for paragraph in frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT


def _drop_theme_style(shape) -> None:  # type: ignore[no-untyped-def]
    """Remove the theme's shape style (a shadow and accent colours); fill and line are set here."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _value_runs(paragraph, value: str, size: float) -> None:  # type: ignore[no-untyped-def]
    """The KPI value; a trend of status shapes gets each shape in its status colour."""
    statuses = palette.shape_statuses(value)
    if statuses is None:
        run = paragraph.add_run()
        style_run(run, size, bold=True)
        run.text = value
        return
    for ch, status in zip(value, statuses, strict=True):
        run = paragraph.add_run()
        style_run(run, 15, bold=True, colour=palette.status_edge(status))
        run.text = ch


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class _Sized:
    """A table with the type size chosen to fit, and its height at that size."""

    table: Table
    size: float
    height: float


def _table_height(table: Table, width: float, size: float) -> float:
    title = 0.34
    if not table.rows:
        return title + 0.35
    total = sum(table.widths)
    widths = [width * w / total - 0.12 for w in table.widths]
    header = (
        max(_lines(c, w, size) for c, w in zip(table.columns, widths, strict=True)) * _line_height(size) + 0.1
    )
    rows = sum(
        max(_lines(cell, w, size) for cell, w in zip(row, widths, strict=True)) * _line_height(size) + 0.1
        for row in table.rows
    )
    return title + header + rows + 0.05


def _fit_tables(tables: Sequence[Table], width: float, height: float) -> list[_Sized]:
    """The largest common type size (11 → 9 pt) at which the tables fit ``height``."""
    for size in (11.0, 10.0, 9.0):
        sized = [_Sized(t, size, _table_height(t, width, size)) for t in tables]
        if sum(s.height for s in sized) + GAP * (len(tables) - 1) <= height:
            return sized
    return sized


def _cell(cell, text: str, size: float, *, header: bool) -> None:  # type: ignore[no-untyped-def]
    cell.margin_left = cell.margin_right = Inches(0.06)
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    status = None if header else palette.status_in_label(text)
    fill, colour = (palette.HEADER_FILL, palette.HEADER_TEXT) if header else ("", palette.TEXT)
    if status is not None:
        fill, colour = palette.status_colour(status)
    cell.fill.solid()
    cell.fill.fore_color.rgb = rgb(fill) if fill else WHITE
    frame = cell.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    run = paragraph.add_run()
    style_run(run, size, bold=header or status is not None, colour=colour)
    run.text = text


def _draw_table(slide: Slide, sized: _Sized, x: float, y: float, width: float) -> None:
    table = sized.table
    _text_box(slide, x, y, width, 0.32, [table.heading], 13, bold=True)
    top = y + 0.34
    if not table.rows:
        _text_box(slide, x, top, width, 0.3, [table.empty], 12)
        return
    frame = slide.shapes.add_table(
        len(table.rows) + 1,
        len(table.columns),
        Inches(x),
        Inches(top),
        Inches(width),
        Inches(sized.height - 0.4),
    )
    grid = frame.table
    grid.first_row, grid.horz_banding = True, False
    total = sum(table.widths)
    for index, share in enumerate(table.widths):
        grid.columns[index].width = Inches(width * share / total)
    for column, text in enumerate(table.columns):
        _cell(grid.cell(0, column), text, sized.size, header=True)
    for row_index, row in enumerate(table.rows, start=1):
        for column, text in enumerate(row):
            _cell(grid.cell(row_index, column), text, sized.size, header=False)
    for row in grid.rows:
        row.height = Inches(_line_height(sized.size) + 0.1)


# --------------------------------------------------------------------------- body


def _notes_height(notes: Sequence[str], width: float, size: float = 12) -> float:
    return sum(_lines(n, width, size) for n in notes) * _line_height(size) + 0.08 * len(notes) + 0.1


def _body(slide: Slide, step: Step) -> None:
    top = KPI_TOP + KPI_H + 0.3 if step.kpis else KPI_TOP
    full = SLIDE_W - 2 * MARGIN
    height = BODY_BOTTOM - top
    if step.charts and not step.tables:
        notes = _notes_height(step.notes, full) if step.notes else 0.0
        width = (full - GAP * (len(step.charts) - 1)) / len(step.charts)
        for index, chart in enumerate(step.charts):
            draw_chart(slide, chart, MARGIN + index * (width + GAP), top, width, height - notes)
        if step.notes:
            _text_box(slide, MARGIN, BODY_BOTTOM - notes, full, notes, step.notes, 12, lead_in=True)
        return
    left_width = full * (0.56 if step.charts or step.notes else 1.0)
    y = top
    for sized in _fit_tables(step.tables, left_width, height):
        _draw_table(slide, sized, MARGIN, y, left_width)
        y += sized.height + GAP
    if not (step.charts or step.notes):
        return
    x = MARGIN + left_width + GAP
    width = full - left_width - GAP
    notes = _notes_height(step.notes, width) if step.notes else 0.0
    chart_height = (height - notes - (0.1 if notes else 0)) / max(len(step.charts), 1)
    for index, chart in enumerate(step.charts):
        draw_chart(slide, chart, x, top + index * chart_height, width, chart_height)
    if step.notes:
        _text_box(slide, x, BODY_BOTTOM - notes, width, notes, step.notes, 12, lead_in=True)


def build_pack(content: SteeringContent) -> bytes:
    """The PPTX file's bytes: one slide per step, in the presentation's order."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    properties = presentation.core_properties
    properties.title = f"Steering pack as of {day(content.outline.request.as_of)}"
    properties.author = APP_NAME
    properties.subject = f"Scope: {content.outline.scope}"
    layout = presentation.slide_layouts[TITLE_ONLY_LAYOUT]
    for number, step in enumerate(content.steps, start=1):
        slide = presentation.slides.add_slide(layout)
        _title(slide, step)
        if step.kpis:
            _kpi_row(slide, step.kpis)
        _body(slide, step)
        _footer(slide, content, number, len(content.steps))
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
