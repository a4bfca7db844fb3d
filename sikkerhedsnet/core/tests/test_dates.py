"""The one date format of the user interface (core/templatetags/dates.py): long dates in text, ISO in inputs."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from sikkerhedsnet.core.templatetags.dates import isodate, longdate, longdatetime

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("da", date(2026, 12, 3), "3. december 2026"),
        ("en", date(2026, 12, 3), "3 December 2026"),
        ("da", datetime(2026, 12, 2, 23, 30, tzinfo=ZoneInfo("UTC")), "3. december 2026"),  # Danish day, not UTC's
        ("da", None, ""),
        ("da", "", ""),
    ],
)
def test_longdate_writes_the_day_in_words(language, value, expected) -> None:
    with translation.override(language):
        assert longdate(value) == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("da", "3. december 2026 kl. 14.05"), ("en", "3 December 2026, 14:05")]
)
def test_longdatetime_gives_the_danish_local_time(language, expected) -> None:
    with translation.override(language):
        assert longdatetime(datetime(2026, 12, 3, 13, 5, tzinfo=ZoneInfo("UTC"))) == expected


def test_longdatetime_of_a_day_is_the_long_day() -> None:
    with translation.override("da"):
        assert longdatetime(date(2026, 3, 29)) == "29. marts 2026"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 1, 5), "2026-01-05"),
        (datetime(2026, 1, 4, 23, 30, tzinfo=ZoneInfo("UTC")), "2026-01-05"),
        (None, ""),
    ],
)
def test_isodate_is_the_inputs_format(value, expected) -> None:
    assert isodate(value) == expected


def test_filters_are_builtins_in_every_template() -> None:
    with translation.override("da"):
        html = Template("{{ d|longdate }} {{ d|isodate }}").render(Context({"d": date(2026, 12, 3)}))
    assert html == "3. december 2026 2026-12-03"


def test_templates_use_no_date_style_of_their_own() -> None:
    """Only a time of day may still be formatted in place (|date:"H:i"); every day goes through the filters."""
    own = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*"):
        if path.suffix in {".html", ".txt"}:
            for match in re.finditer(r"\|date:[\"']([^\"']*)[\"']", path.read_text("utf-8")):
                if match.group(1) != "H:i":
                    own.append(f"{path.name}: {match.group(0)}")
    assert own == []
