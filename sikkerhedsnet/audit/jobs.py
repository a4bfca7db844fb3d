"""Background job: the auditor's access-log export for one person, as CSV or PDF (the first user of core.jobs)."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import Role
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.jobs import JobContext, job_kind
from sikkerhedsnet.core.pdf import render_pdf

from .selectors import access_log_for_cpr

HEADER = ["at", "user", "action", "object_type", "object_id", "reason"]
MAX_EVENTS = 200_000


def _is_auditor(user: object) -> bool:
    return getattr(user, "role", None) == Role.AUDITOR


@job_kind("audit.access_log_export", may_download=_is_auditor)
def access_log_export(ctx: JobContext) -> None:
    """Every event touching the person; the lookup is logged as the auditor's (ACCESS_LOG_EXPORTED)."""
    fmt = ctx.params["format"]
    ctx.progress(5, _("Finder hændelser"))
    events = access_log_for_cpr(ctx.user, ctx.params["cpr"])
    total = events.count()
    rows = []
    for n, e in enumerate(events[:MAX_EVENTS].iterator(chunk_size=2000), start=1):
        rows.append(e)
        if n % 2000 == 0:
            ctx.progress(5 + 60 * n // max(total, 1), _("Læser hændelser"))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # Excel reads UTF-8 with a BOM
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADER)
        for e in rows:
            writer.writerow(
                [
                    timezone.localtime(e.created_at).isoformat(),
                    e.actor_username,
                    e.type,
                    e.target_model,
                    e.target_id,
                    e.reason,
                ]
            )
        ctx.save_result(f"indsigt-{stamp}.csv", "text/csv; charset=utf-8", out.getvalue().encode("utf-8"))
        return
    ctx.progress(70, _("Danner PDF"))
    pdf = render_pdf(
        "audit/access_log_pdf.html",
        {"events": rows, "cpr": cprlib.mask(ctx.params["cpr"]), "generated_at": timezone.localtime()},
    )
    ctx.save_result(f"indsigt-{stamp}.pdf", "application/pdf", pdf)
