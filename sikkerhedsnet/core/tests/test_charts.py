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
    assert line_chart_svg(series) == line_chart_svg(series)


def test_bar_chart_and_data_uri() -> None:
    uri = svg_data_uri(bar_chart_svg(["Plejefamilie", "Børne- og ungehjem"], [10, 3]))
    assert uri.startswith("data:image/svg+xml;base64,")
