"""Chart labels are user text (district and project names): drawn as typed, never a crash."""

import pytest

from sikkerhedsnet.reports import charts


@pytest.mark.parametrize("name", ["Øst $\\frac$ vest", "Distrikt $$", "东区 🏠", "<script>alert(1)</script>"])
def test_grouped_bars_with_any_district_name_is_an_svg(name) -> None:
    svg = charts.grouped_bars_svg([name, "Nord"], [("2026", [3, 4])], title="Henvendelser", y_label="Antal")
    assert svg.lstrip().startswith("<?xml") and "<script>" not in svg
