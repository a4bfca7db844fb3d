"""Charts drawn with matplotlib as SVG text: the same chart on the page (inline <img> data URI) and in PDFs.

SVG keeps the pages free of chart JavaScript (CSP: no inline scripts) and prints sharply in WeasyPrint.
Every chart must also be shown as a table next to it (accessibility and export).
"""

from __future__ import annotations

import base64
import functools
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date
from typing import Any, ParamSpec

import matplotlib
from django.utils.translation import get_language

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


P = ParamSpec("P")
MEMO_SIZE = 256


def _plain(value: Any) -> Any:
    """JSON form of a chart input: dataclasses as dicts, lazy texts, dates and decimals as text."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return str(value)


def memoized_svg(func: Callable[P, str]) -> Callable[P, str]:
    """Draw a chart once per distinct input (and language) in this process.

    Drawing is the expensive part of a report page (about 0.25 s a chart) and a chart is a pure function of
    its numbers and labels, so the same dashboard opened again re-uses the SVG. Nothing can go stale: the key
    is the whole input. Bounded (least recently used first out) so memory stays flat.
    """
    memo: OrderedDict[str, str] = OrderedDict()
    lock = threading.Lock()
    counts = {"hits": 0, "misses": 0}

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> str:
        key = json.dumps([args, kwargs, get_language()], default=_plain, sort_keys=True)
        with lock:
            if key in memo:
                memo.move_to_end(key)
                counts["hits"] += 1
                return memo[key]
        svg = func(*args, **kwargs)
        with lock:
            counts["misses"] += 1
            memo[key] = svg
            while len(memo) > MEMO_SIZE:
                memo.popitem(last=False)
        return svg

    wrapper.memo_counts = counts  # type: ignore[attr-defined]
    return wrapper


def _to_svg(fig: plt.Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buffer.getvalue()


@memoized_svg
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


@memoized_svg
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
