"""The A4 PDFs about a child that leave the system for the family and network (the safety plan, Words & Pictures,
the Three Houses, the scaling charts). One function per PDF renders it and logs the export, so the page and the
API (`api/routers/safety_pdfs.py`) give the same file with the same audit event; access is checked by the caller
through the child's need-to-know getter (`children.access.object_for_request` / `object_for_api`)."""

from __future__ import annotations

import base64
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core import charts
from sikkerhedsnet.core.pdf import render_pdf

from . import selectors, services
from .models import SafetyPlan, StoryImage, ThreeHouses, WordsAndPictures


def possessive(name: str, language: str | None = None) -> str:
    """The genitive in the page's language: Danish »Idas«, but »Jonas'« and »Felix'« after s, x and z; English
    »Ida's« and »Jonas's« (a Danish genitive in an English sentence read »Idas's«)."""
    if (language or get_language() or "da").startswith("en"):
        return f"{name}'s"
    return f"{name}'" if name[-1:].lower() in "sxz" else f"{name}s"


def _data_uri(image: StoryImage) -> str:
    with image.file.open("rb") as fh:
        return f"data:{image.content_type};base64," + base64.b64encode(fh.read()).decode("ascii")


def story_pdf(*, by: User, story: WordsAndPictures) -> tuple[bytes, str]:
    """The story as a clean A4 PDF for the family: large type, one numbered panel after another."""
    child = story.child
    # Pictures are embedded as data URIs: the PDF renderer never fetches a URL (no access check to bypass).
    panels = [
        {"panel": p, "image_uri": _data_uri(p.image) if p.image else None} for p in story.panels.select_related("image")
    ]
    context = {"story": story, "panels": panels, "child_name": child.first_name}
    pdf = render_pdf("safety/pdf/story.html", context)
    services.export_record(by=by, child_id=child.pk, target=story, kind="words_and_pictures_pdf")
    return pdf, "ord-og-billeder.pdf"


def houses_pdf(*, by: User, houses: ThreeHouses) -> tuple[bytes, str]:
    """The three houses in the child's own words, as an A4 PDF (the caseworker's note is left out)."""
    child = houses.child
    pdf = render_pdf("safety/pdf/houses.html", {"houses": houses, "child_possessive": possessive(child.first_name)})
    services.export_record(by=by, child_id=child.pk, target=houses, kind="three_houses_pdf")
    return pdf, "de-tre-huse.pdf"


def family_plan_context(plan: SafetyPlan, child: Child) -> dict[str, Any]:
    """Only what the family and network need: the child's first name and the plan's content."""
    return {
        "child_name": child.first_name,
        "plan": plan,
        "generated_on": timezone.localdate(),
    }


def plan_pdf(*, by: User, plan: SafetyPlan) -> tuple[bytes, str]:
    """The plan printed for the family and network: no CPR, no case number, no journal."""
    child = plan.child
    pdf = render_pdf("safety/pdf/plan.html", family_plan_context(plan, child))
    services.export_record(by=by, child_id=child.pk, target=plan, kind="safety_plan_pdf")
    return pdf, f"sikkerhedsplan-version-{plan.number}.pdf"


def scaling_charts(child: Child, *, width_in: float = 7.5, height_in: float = 4.0) -> list[dict[str, Any]]:
    """One chart per scaling question: a line per participant over time, y from 0 to 10, with its table."""
    result = []
    for series in selectors.scaling_series(child):
        lines = [
            charts.Series(label=f"{participant} ({role.lower()})", points=points)
            for (participant, role), points in series.lines.items()
        ]
        svg = charts.line_chart_svg(
            lines, y_label=_("Score (0–10)"), y_min=-0.3, y_max=10.3, width_in=width_in, height_in=height_in
        )
        alt = _(
            "Graf: %(count)s deltageres scorer fra %(first)s til %(last)s, én linje pr. deltager. "
            "Tallene står i tabellen."
        ) % {
            "count": len(lines),
            "first": date_format(series.dates[0], "j. F Y"),
            "last": date_format(series.dates[-1], "j. F Y"),
        }
        result.append({"series": series, "uri": charts.svg_data_uri(svg), "alt": alt})
    return result


def scaling_pdf(*, by: User, child: Child) -> tuple[bytes, str]:
    """The scaling charts and tables as an A4 PDF (without CPR)."""
    context = {
        "child": child,
        "charts": scaling_charts(child, width_in=7.0, height_in=3.6),
        "generated_on": timezone.localdate(),
    }
    pdf = render_pdf("safety/pdf/scaling.html", context)
    services.export_record(by=by, child_id=child.pk, target=child, kind="scaling_pdf")
    return pdf, "skalering.pdf"
