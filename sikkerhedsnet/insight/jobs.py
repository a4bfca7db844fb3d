"""Background job: the auditor's access-log export for one person, as CSV or PDF (the first user of core.jobs).

The files themselves are made by audit/exports.py, so the download has the same columns and wording as the
screen and the API.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import Role
from sikkerhedsnet.core.jobs import JobContext, job_kind

from .exports import access_log_csv, access_log_pdf
from .selectors import access_log_for_cpr


def _is_auditor(user: object) -> bool:
    return getattr(user, "role", None) == Role.AUDITOR


@job_kind("audit.access_log_export", may_download=_is_auditor)
def access_log_export(ctx: JobContext) -> None:
    """Every event touching the person (the right of access: complete); the lookup is logged as the auditor's."""
    fmt = ctx.params["format"]
    digits = ctx.params["cpr"]
    ctx.progress(5, _("Finder hændelser"))
    events = access_log_for_cpr(ctx.user, digits)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        ctx.progress(30, _("Læser hændelser"))
        data = access_log_csv(events.iterator(chunk_size=2000))
        ctx.save_result(f"indsigt-{stamp}.csv", "text/csv; charset=utf-8", data)
        return
    ctx.progress(30, _("Danner PDF"))
    municipality = ctx.user.municipality.name if ctx.user.municipality_id else ""
    pdf = access_log_pdf(events.iterator(chunk_size=2000), cpr_digits=digits, municipality=municipality)
    ctx.save_result(f"indsigt-{stamp}.pdf", "application/pdf", pdf)
