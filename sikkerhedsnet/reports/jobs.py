"""Background job: the committee PDFs of the management dashboard and the placement economics.

WeasyPrint takes seconds for these many-page reports with charts, so they are made by the job worker
(core/jobs.py) while the user watches a progress page; CSV and XLSX stay direct downloads (fast). The PDF is
always suppressed (it leaves the department); the download is logged as an export by core's job_download.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.core.jobs import JobContext, job_kind

from .access import REPORT_ROLES
from .exports import pdf_bytes
from .management_documents import dashboard_report, placement_economics_report

KIND = "reports.committee_pdf"


def _may_read_reports(user: object) -> bool:
    return getattr(user, "role", None) in REPORT_ROLES


@job_kind(KIND, may_download=_may_read_reports)
def committee_pdf(ctx: JobContext) -> None:
    params = ctx.params
    ctx.progress(10, _("Beregner tallene"))
    now = timezone.now()
    if params["report"] == "dashboard":
        report = dashboard_report(
            ctx.user,
            date.fromisoformat(params["start"]),
            date.fromisoformat(params["end"]),
            suppressed=True,
            now=now,
            today=timezone.localdate(),
        )
    else:
        report = placement_economics_report(
            ctx.user, int(params["first_year"]), int(params["last_year"]), suppressed=True, now=now
        )
    ctx.progress(50, _("Danner PDF"))
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    ctx.save_result(f"{report.slug}-{stamp}.pdf", "application/pdf", pdf_bytes(report, suppressed=True))
