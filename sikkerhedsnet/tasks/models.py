"""A user's saved filters on the day's lists (Mine sager, Mine opgaver, the team overview)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedFilter(models.Model):
    """Gemt filter: a named query string on one list. Only `tasks.rules.FILTER_KEYS` are kept (a due window, a
    deadline kind, a team member's id), so a saved filter never holds a CPR number or a name."""

    class Page(models.TextChoices):
        MY_CASES = "my_cases", _("Mine sager")
        MY_TASKS = "my_tasks", _("Mine opgaver")
        TEAM = "team", _("Teamoverblik")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.CharField(_("side"), max_length=20, choices=Page.choices)
    name = models.CharField(_("navn"), max_length=80)
    query = models.CharField(_("filter"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gemt filter")
        verbose_name_plural = _("gemte filtre")
        constraints = [models.UniqueConstraint(fields=["user", "page", "name"], name="saved_filter_unique_name")]

    def __str__(self) -> str:
        return self.name
