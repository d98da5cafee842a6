"""The chart palette (not RAG): Okabe–Ito colours, safe for the common colour-vision deficiencies.

Series that are not a status never borrow a status colour, so a blue "actual cost" line
is never read as "green". Reference lines are a neutral grey that reads on the light and
the dark theme. .streamlit/config.toml repeats ``CATEGORICAL`` as the theme's
``chartCategoricalColors`` (a test keeps the two equal).
"""

from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "reddish_purple": "#CC79A7",
    "bluish_green": "#009E73",
    "vermillion": "#D55E00",
    "yellow": "#F0E442",
    "black": "#000000",
}
CATEGORICAL: list[str] = list(OKABE_ITO.values())

NEUTRAL = "#8A94A6"  # planned / baseline bars, reference lines: grey, readable on white and on #0E1117
SERIES: dict[str, str] = {
    "planned": NEUTRAL,
    "actual": OKABE_ITO["blue"],
    "budget": OKABE_ITO["sky_blue"],
    # Beside "actual" and "planned" in the burn-up: a burnt orange between Okabe–Ito's orange
    # and vermillion, 3:1 on both themes and ΔE2000 ≥ 15 from every status colour.
    "earned": "#DA6C1E",
    "running": "#A6CBE3",  # a sprint still running: a lighter blue, its total is not final
    "mean": OKABE_ITO["orange"],
}
GRID = "rgba(128,128,128,0.25)"  # grid and zero lines: read on white and on the dark theme
TRANSPARENT = "rgba(0,0,0,0)"  # chart backgrounds: the theme's own shows through
CLICK_TARGET = "rgba(0,0,0,0.01)"  # invisible but clickable markers over heatmap tiles
REFERENCE_LINE = dict(color=NEUTRAL, dash="dot", width=1.5)
TEXT = "#1B2430"  # text on white slides (the dashboard's charts take the theme's text colour)

# Ordered ramps (light → dark), for values with an order: board stages, percentiles.
STAGES: list[str] = ["#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C", "#08306B", "#041E42"]
PERCENTILES: dict[float, str] = {0.5: "#56B4E9", 0.7: "#0072B2", 0.85: "#CC79A7", 0.95: "#AA4499"}
