"""Published cells: a figure that has left the department (an analyst's page, a file, the API) is frozen at its
first release, so a late registration or a case moving on does not change what an analyst can see afterwards
(docs/hardening.md §4b, "Across the time of asking")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedCell(models.Model):
    """One released grid cell: a series (e.g. `notifications`), the teams it counts (`scope`: `m` for the whole
    municipality, else the team ids) and its month, with the figures as first released."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("kommune")
    )
    report = models.CharField(_("rapport"), max_length=60)
    key = models.CharField(_("celle"), max_length=200)
    value = models.JSONField(_("værdi"))
    published_at = models.DateTimeField(_("offentliggjort"), auto_now_add=True)

    class Meta:
        verbose_name = _("offentliggjort celle")
        verbose_name_plural = _("offentliggjorte celler")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "report", "key"], name="published_cell_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.key}"
