"""Report charts (matplotlib → SVG, with core/charts.py's style, palette and determinism).

Every chart here is drawn from the same numbers as the table shown beside it. A figure the table withholds
arrives as `suppression.Hidden`: no bar or point is drawn for it (never a 0 bar), and its place is marked with
the table's sign ("<5" or "..") in grey at the axis, so a withheld value cannot be read as zero. None means
there is no figure at all (e.g. a share of nobody) and leaves a plain gap.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from sikkerhedsnet.core.charts import MARKERS, PALETTE, figure_svg, memoized_svg, plt  # also sets the style

from .suppression import Hidden
from .tables import danish_int

HIDDEN_COLOUR = "#555555"

Point = float | None | Hidden


def _number(value: Point) -> float | None:
    return None if value is None or isinstance(value, Hidden) else float(value)


def _mark_hidden(ax: plt.Axes, x: float, value: Point, *, horizontal: bool = False) -> None:
    """Write the table's sign where a withheld bar or point would be, at the axis."""
    if not isinstance(value, Hidden):
        return
    if horizontal:
        ax.annotate(value.label, (0, x), xytext=(3, 0), textcoords="offset points", va="center", color=HIDDEN_COLOUR)
    else:
        ax.annotate(
            value.label,
            (x, 0),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            color=HIDDEN_COLOUR,
            fontsize=8,
        )


def _kroner_axis(ax: plt.Axes) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: danish_int(int(v))))


@memoized_svg
def net_cumulative_svg(
    years: Sequence[int],
    net: Sequence[int],
    cumulative: Sequence[int],
    *,
    title: str,
    net_label: str,
    cumulative_label: str,
) -> str:
    """Bars for each year's net (savings − investment) and a line for the cumulative net, with the zero line."""
    fig, ax = plt.subplots(figsize=(8, 4))
    labels = [str(y) for y in years]
    colours = [PALETTE[2] if v >= 0 else PALETTE[1] for v in net]
    ax.bar(labels, list(net), color=colours, label=net_label, hatch=None)
    ax.plot(labels, list(cumulative), color=PALETTE[0], marker=MARKERS[0], linewidth=2, label=cumulative_label)
    ax.axhline(0, color="#333333", linewidth=0.8)
    _kroner_axis(ax)
    ax.set_ylabel("kr.")
    ax.set_title(title, loc="left")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return figure_svg(fig)


@memoized_svg
def grouped_bars_svg(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Point]]],
    *,
    title: str,
    y_label: str,
    money: bool = False,
) -> str:
    """One group of bars per category, one bar per series (e.g. requests per district and year)."""
    fig, ax = plt.subplots(figsize=(8, 4))
    n = max(1, len(series))
    width = 0.8 / n
    positions = range(len(categories))
    for i, (label, values) in enumerate(series):
        xs = [p - 0.4 + width * (i + 0.5) for p in positions]
        heights = [_number(v) or 0 for v in values]
        bars = ax.bar(xs, heights, width=width, label=label, color=PALETTE[i % len(PALETTE)])
        for x, bar, v in zip(xs, bars, values, strict=True):
            if _number(v) is None:  # no figure, or withheld: no bar (a 0-high bar would read as zero)
                bar.set_visible(False)
            _mark_hidden(ax, x, v)
    ax.set_xticks(list(positions), list(categories))
    plt.setp(ax.get_xticklabels(), rotation=20, ha="right")
    if money:
        _kroner_axis(ax)
    ax.set_ylabel(y_label)
    ax.set_title(title, loc="left")
    ax.grid(axis="y", alpha=0.3)
    if len(series) > 1:
        # Explicit handles: a hidden (withheld) first bar must not hide its series from the legend.
        handles = [Patch(color=PALETTE[i % len(PALETTE)], label=label) for i, (label, _v) in enumerate(series)]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return figure_svg(fig)


@memoized_svg
def shares_with_intervals_svg(
    labels: Sequence[str],
    estimates: Sequence[Point],
    lows: Sequence[float | None],
    highs: Sequence[float | None],
    *,
    title: str,
    y_label: str,
) -> str:
    """Percentages with their 95 % confidence intervals as error bars."""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for i, (_label, est, low, high) in enumerate(zip(labels, estimates, lows, highs, strict=True)):
        if isinstance(est, Hidden):
            ax.annotate(est.label, (i, 50), ha="center", va="center", color=HIDDEN_COLOUR)
            continue
        if est is None or low is None or high is None:
            continue
        ax.errorbar(
            [i],
            [est * 100],
            yerr=[[(est - low) * 100], [(high - est) * 100]],
            fmt=MARKERS[i % len(MARKERS)],
            color=PALETTE[i % len(PALETTE)],
            capsize=6,
            markersize=8,
            linewidth=2,
        )
    ax.set_xticks(list(range(len(labels))), list(labels))
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.set_ylim(0, 100)
    ax.set_ylabel(y_label)
    ax.set_title(title, loc="left")
    ax.grid(axis="y", alpha=0.3)
    return figure_svg(fig)


@memoized_svg
def lines_svg(
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Point]]],
    *,
    title: str,
    y_label: str,
    y_min: float | None = None,
    y_max: float | None = None,
) -> str:
    """Lines over ordered categories (sessions, quarters); None leaves a gap, a withheld point a marked gap."""
    fig, ax = plt.subplots(figsize=(8, 4))
    xs = list(range(len(x_labels)))
    for i, (label, values) in enumerate(series):
        ys: list[float] = [float("nan") if (n := _number(v)) is None else n for v in values]
        ax.plot(xs, ys, label=label, color=PALETTE[i % len(PALETTE)], marker=MARKERS[i % len(MARKERS)], linewidth=2)
        for x, v in zip(xs, values, strict=True):
            _mark_hidden(ax, x, v)
    every = max(1, -(-len(xs) // 12))  # at most about 12 labels, so they never overlap
    ax.set_xticks(xs[::every], list(x_labels)[::every])
    plt.setp(ax.get_xticklabels(), rotation=20, ha="right")
    if y_min is not None or y_max is not None:
        ax.set_ylim(y_min, y_max)
    ax.set_ylabel(y_label)
    ax.set_title(title, loc="left")
    ax.grid(axis="y", alpha=0.3)
    if series:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return figure_svg(fig)


CHART_MAX_BARS = 30
CASELOAD_BAND = 5  # open cases per column of the distribution


def _caseload_distribution_svg(
    counts: Sequence[int | Hidden | None],
    *,
    target_min: int,
    target_max: int,
    title: str,
    x_label: str,
    target_label: str,
) -> str:
    # A withheld caseload is 1–4: it belongs in the first column (0–4), which says no more than its "<5".
    values = [1 if isinstance(c, Hidden) else c for c in counts if c is not None]
    top = max([*values, target_max]) // CASELOAD_BAND * CASELOAD_BAND + CASELOAD_BAND
    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.hist(values, bins=range(0, top + CASELOAD_BAND, CASELOAD_BAND), color=PALETTE[0], edgecolor="white")
    ax.axvspan(target_min, target_max, color=PALETTE[2], alpha=0.18, label=target_label)
    ax.set_xlabel(x_label)
    ax.set_ylabel(_("Rådgivere"))
    ax.set_title(title, loc="left")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return figure_svg(fig)


@memoized_svg
def caseload_svg(
    names: Sequence[str],
    counts: Sequence[int | Hidden | None],
    *,
    target_min: int,
    target_max: int,
    title: str,
    x_label: str,
    target_label: str,
) -> str:
    """Open cases per caseworker as horizontal bars, with the municipality's target range shaded.

    Above CHART_MAX_BARS caseworkers (a large municipality has hundreds) one bar each is unreadable and costs
    seconds to draw; the chart then shows how caseloads are distributed (the table beside it still lists every
    caseworker).
    """
    if len(names) > CHART_MAX_BARS:
        return _caseload_distribution_svg(
            counts,
            target_min=target_min,
            target_max=target_max,
            title=title,
            x_label=x_label,
            target_label=target_label,
        )
    height = max(2.5, 0.35 * len(names) + 1.2)
    fig, ax = plt.subplots(figsize=(8, height))
    values = [_number(c) or 0 for c in counts]
    colours = [PALETTE[1] if v > target_max else PALETTE[0] for v in values]
    bars = ax.barh(list(names), values, color=colours)
    for y, (bar, c) in enumerate(zip(bars, counts, strict=True)):
        if _number(c) is None:
            bar.set_visible(False)
        _mark_hidden(ax, y, c, horizontal=True)
    ax.axvspan(target_min, target_max, color=PALETTE[2], alpha=0.18, label=target_label)
    ax.invert_yaxis()
    ax.set_xlabel(x_label)
    ax.set_title(title, loc="left")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return figure_svg(fig)
