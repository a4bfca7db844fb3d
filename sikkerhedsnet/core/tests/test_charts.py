from datetime import date

from sikkerhedsnet.core.charts import Series, bar_chart_svg, line_chart_svg, svg_data_uri


def test_line_chart_names_every_series_in_the_svg() -> None:
    svg = line_chart_svg(
        [Series("Mor", [(date(2026, 1, 1), 3), (date(2026, 2, 1), 5)]), Series("Rådgiver", [(date(2026, 1, 1), 2)])],
        title="Skalering",
        y_min=0,
        y_max=10,
    )
    assert svg.startswith("<?xml") and "Mor" in svg and "Rådgiver" in svg


def test_line_chart_is_deterministic() -> None:
    series = [Series("Far", [(date(2026, 1, 1), 4)])]
    # Drawn twice without the memo: the same data gives the same SVG bytes.
    assert line_chart_svg.__wrapped__(series) == line_chart_svg.__wrapped__(series)


def test_the_same_chart_is_drawn_once_and_any_change_draws_anew() -> None:
    counts = bar_chart_svg.memo_counts
    labels, values = ["Memo-prøve A", "Memo-prøve B"], [7, 2]
    first = bar_chart_svg(labels, values, title="Memo")
    hits, misses = counts["hits"], counts["misses"]
    assert bar_chart_svg(list(labels), list(values), title="Memo") == first
    assert (counts["hits"], counts["misses"]) == (hits + 1, misses)
    changed = bar_chart_svg(labels, [7, 3], title="Memo")
    assert changed != first and counts["misses"] == misses + 1
    assert first == bar_chart_svg.__wrapped__(labels, values, title="Memo")


def test_the_language_is_part_of_the_key() -> None:
    from django.utils import translation

    counts = bar_chart_svg.memo_counts
    with translation.override("da"):
        bar_chart_svg(["Sprogprøve"], [1])
        misses = counts["misses"]
    with translation.override("en"):
        bar_chart_svg(["Sprogprøve"], [1])
    assert counts["misses"] == misses + 1


def test_bar_chart_and_data_uri() -> None:
    uri = svg_data_uri(bar_chart_svg(["Plejefamilie", "Børne- og ungehjem"], [10, 3]))
    assert uri.startswith("data:image/svg+xml;base64,")
