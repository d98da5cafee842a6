"""Native PowerPoint charts of the pack: column, bar and line charts whose numbers stay
editable in PowerPoint, coloured from the dashboard's palettes, with number formats
that read like ``dashboard.formatting`` (money scaled to k / M / B with the currency
where the configured locale puts it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.chart import XL_TICK_LABEL_POSITION as TICKS
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_PATTERN
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Inches, Pt

from dashboard.formatting import MINUS, money_affixes
from dashboard.steering import palette
from dashboard.steering.model import Chart
from dashboard.steering.pack_style import WHITE, rgb, style_run

CHART_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}


def _quoted(text: str) -> str:
    return f'"{text}"' if text else ""


MONEY_UNITS = ((1e9, ",,,", "B"), (1e6, ",,", "M"), (1e3, ",", "k"), (1.0, "", ""))


def number_format(chart: Chart, values: Sequence[float | None]) -> str:
    """An Excel number format: counts, indices, or money scaled to the largest value's unit
    (B / M / k, one decimal below 100 of the unit, as ``formatting.money(compact=True)``),
    one unit smaller when a value would otherwise read as 0.0; the currency goes where the
    configured locale writes it."""
    if chart.value_kind == "count":
        return "0"
    if chart.value_kind == "index":
        return "0.00"
    prefix, suffix = (part.replace('"', "") for part in money_affixes(chart.currency))
    sizes = [abs(v) for v in values if v]
    largest, smallest = max(sizes, default=0.0), min(sizes, default=0.0)
    index = next((i for i, (unit, _, _) in enumerate(MONEY_UNITS) if largest >= unit), len(MONEY_UNITS) - 1)
    if smallest < 0.05 * MONEY_UNITS[index][0] and index < len(MONEY_UNITS) - 1:
        index += 1
    unit, commas, letter = MONEY_UNITS[index]
    decimals = ".0" if letter and largest / unit < 100 else ""

    def body(sign: str) -> str:
        return f"{_quoted(sign + prefix)}#,##0{decimals}{commas}{_quoted(letter + suffix)}"

    if chart.value_kind == "money_change":
        return f"{body('+')};{body(MINUS)};{body('')}"
    return body("")


def _chart_data(chart: Chart) -> CategoryChartData:
    data = CategoryChartData()
    data.categories = list(chart.categories)
    for series in chart.series:
        data.add_series(series.name, list(series.values))
    return data


def _style_axes(chart: PptxChart, model: Chart, fmt: str) -> None:
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = rgb(palette.RULE_LINE)
    value_axis.major_gridlines.format.line.width = Pt(0.5)
    value_axis.format.line.fill.background()
    value_axis.tick_labels.font.size = Pt(10)
    value_axis.tick_labels.number_format = fmt
    value_axis.tick_labels.number_format_is_linked = False
    category_axis = chart.category_axis
    category_axis.tick_labels.font.size = Pt(11 if len(model.categories) <= 8 else 9)
    category_axis.format.line.color.rgb = rgb(palette.RULE_LINE)
    category_axis.tick_label_position = TICKS.LOW
    if model.value_kind == "index":
        values = [v for s in model.series for v in s.values if v is not None]
        value_axis.minimum_scale = math.floor((min(values) - 0.03) * 20) / 20
        value_axis.maximum_scale = math.ceil((max(values) + 0.03) * 20) / 20
    elif model.value_kind in ("count", "money"):
        value_axis.minimum_scale = 0
    else:  # changes: leave room beyond the longest bar for its label
        values = [v for s in model.series for v in s.values if v is not None]
        value_axis.minimum_scale = min(min(values) * 1.35, 0)
        value_axis.maximum_scale = max(max(values) * 1.35, 0)
    if model.value_kind in ("money", "money_change"):
        values = [v for s in model.series for v in s.values if v is not None] + [0.0]
        value_axis.major_unit = nice_step(max(values) - min(values))


def nice_step(span: float, ticks: int = 4) -> float:
    """A round axis step (1, 2 or 5 × 10^n) giving about ``ticks`` intervals over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def _style_bars(chart: PptxChart, model: Chart, fmt: str) -> None:
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = -5
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = fmt
    labels.number_format_is_linked = False
    labels.font.size = Pt(10)
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    for drawn, series in zip(plot.series, model.series, strict=True):
        hatched = series.role == "reported"
        _fill(
            drawn.format.fill,
            palette.series_colour(series.role) if not series.point_statuses else palette.TEXT,
            hatched,
        )
        for index, status in enumerate(series.point_statuses):
            point = drawn.points[index]
            _fill(point.format.fill, palette.status_colour(status)[0], hatched)
            point.format.line.color.rgb = rgb(palette.status_edge(status))


def _fill(fill, colour: str, hatched: bool) -> None:  # type: ignore[no-untyped-def]
    """Solid, or (reported figures) a diagonal hatch of the colour on white."""
    if hatched:
        fill.patterned()
        fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
        fill.fore_color.rgb = rgb(colour)
        fill.back_color.rgb = WHITE
    else:
        fill.solid()
        fill.fore_color.rgb = rgb(colour)


def _label_reference(chart: PptxChart, index: int, name: str) -> None:
    """Name the reference line at its right end and leave it out of the legend."""
    point = chart.plots[0].series[index].points[len(chart.plots[0].categories) - 1]
    label = point.data_label
    label.has_text_frame = True
    label.text_frame.text = name
    style_run(label.text_frame.paragraphs[0].runs[0], 10, colour=palette.TEXT)
    label.position = XL_LABEL_POSITION.ABOVE
    if chart.has_legend:
        entry = chart.legend._element.makeelement(qn("c:legendEntry"), {})
        for tag, value in (("c:idx", str(index)), ("c:delete", "1")):
            entry.append(entry.makeelement(qn(tag), {"val": value}))
        chart.legend._element.insert(1, entry)  # after c:legendPos, as the schema orders them


def _style_lines(chart: PptxChart, model: Chart) -> None:
    for index, (drawn, series) in enumerate(zip(chart.plots[0].series, model.series, strict=True)):
        drawn.smooth = False
        colour = rgb(palette.series_colour(series.role))
        drawn.format.line.color.rgb = colour
        drawn.format.line.width = Pt(1.5 if series.role == "reference" else 2.75)
        if series.role == "reference":
            # Hidden markers rather than none, so the chart stays a "line with markers" chart.
            drawn.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
            drawn.marker.style = XL_MARKER_STYLE.CIRCLE
            drawn.marker.size = 2
            drawn.marker.format.fill.background()
            drawn.marker.format.line.fill.background()
            _label_reference(chart, index, "on plan")
            continue
        drawn.marker.style = XL_MARKER_STYLE.CIRCLE
        drawn.marker.size = 7
        drawn.marker.format.fill.solid()
        drawn.marker.format.fill.fore_color.rgb = colour
        drawn.marker.format.line.color.rgb = colour


def draw_chart(slide: Slide, model: Chart, x: float, y: float, w: float, h: float) -> None:
    frame = slide.shapes.add_chart(
        CHART_TYPES[model.kind], Inches(x), Inches(y), Inches(w), Inches(h), _chart_data(model)
    )
    chart = frame.chart
    chart.font.size = Pt(11)
    chart.font.name = palette.FONT_FAMILY
    chart.font.color.rgb = rgb(palette.TEXT)
    chart.has_title = True
    chart.chart_title.text_frame.text = model.title
    style_run(
        chart.chart_title.text_frame.paragraphs[0].runs[0], 13 if len(model.title) <= 70 else 11, bold=True
    )
    chart.has_legend = len(model.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(10)
    fmt = number_format(model, [v for s in model.series for v in s.values])
    _style_axes(chart, model, fmt)
    if model.kind == "line":
        _style_lines(chart, model)
    else:
        _style_bars(chart, model, fmt)
