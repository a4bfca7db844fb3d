"""Charts drawn with matplotlib as SVG text: the same chart on the page (inline <img> data URI) and in PDFs.

SVG keeps the pages free of chart JavaScript (CSP: no inline scripts) and prints sharply in WeasyPrint.
Every chart must also be shown as a table next to it (accessibility and export).
"""

from __future__ import annotations

import base64
import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # keep text as text (searchable, crisp, small)
        "svg.hashsalt": "sikkerhedsnet",  # deterministic ids, so the same data gives the same SVG
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

# Colour-blind-safe palette (Okabe-Ito), distinguishable in grey print too with the markers below.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[date, float]]


def _to_svg(fig: plt.Figure) -> str:
    """The figure as SVG. Labels may be user text (participant names): never mathtext, and a character the font
    lacks is drawn as a box, not an error; the figure is closed even when drawing fails."""
    try:
        for text in fig.findobj(matplotlib.text.Text):
            text.set_parse_math(False)
        buffer = io.StringIO()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
            fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        return buffer.getvalue()
    finally:
        plt.close(fig)


def line_chart_svg(
    series: Sequence[Series],
    *,
    title: str = "",
    y_label: str = "",
    y_min: float | None = None,
    y_max: float | None = None,
    width_in: float = 8.0,
    height_in: float = 4.0,
) -> str:
    """One line per series over dates; a legend names every line."""
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    for i, s in enumerate(series):
        if not s.points:
            continue
        xs, ys = zip(*sorted(s.points), strict=True)
        ax.plot(xs, ys, label=s.label, color=PALETTE[i % len(PALETTE)], marker=MARKERS[i % len(MARKERS)], linewidth=2)
    if y_min is not None or y_max is not None:
        ax.set_ylim(y_min, y_max)
    ax.set_title(title, loc="left")
    ax.set_ylabel(y_label)
    ax.grid(axis="y", alpha=0.3)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d.%m.%y"))
    fig.autofmt_xdate()
    if any(s.points for s in series):
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return _to_svg(fig)


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str = "",
    y_label: str = "",
    width_in: float = 8.0,
    height_in: float = 4.0,
    horizontal: bool = False,
) -> str:
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    if horizontal:
        ax.barh(list(labels), list(values), color=PALETTE[0])
        ax.invert_yaxis()
        ax.set_xlabel(y_label)
    else:
        ax.bar(list(labels), list(values), color=PALETTE[0])
        ax.set_ylabel(y_label)
        plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    ax.set_title(title, loc="left")
    ax.grid(axis="x" if horizontal else "y", alpha=0.3)
    return _to_svg(fig)


def svg_data_uri(svg: str) -> str:
    """For <img src="...">: allowed by the CSP (img-src data:), no inline script or style."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
