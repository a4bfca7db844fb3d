"""Retention of the children app's records (see sikkerhedsnet/core/retention.py).

Default: the child's case file is erased 5 years after the case was closed. This follows common municipal practice
for case records under the data-protection principle of storage limitation (GDPR art. 5(1)(e)): the records are
kept while a complaint, a new notification or a reopening is likely, then erased. It is a municipal decision, set
in the browser (accounts municipal settings, `retention_years:<key>`). Records that the archive rules require to be
preserved and handed over to the archive (e.g. out-of-home placement cases) must be registered by their app with
their own period, and a case can be held indefinitely with a legal hold (slettestop).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikkerhedsnet.core.retention import CASE_CLOSED, CREATED, RecordType, register

from .models import Person, Relation

# How a child maps to its municipality: through its case's team and the team's department. A record about a child
# prefixes it with its path to the child, e.g. f"child__{CHILD_MUNICIPALITY}".
CHILD_MUNICIPALITY = "case__team__department__municipality"


def _case_summaries(qs: QuerySet[Any]) -> dict[Any, str]:
    return {
        pk: _("Sag %(number)s, lukket %(closed)s") % {"number": number, "closed": closed.isoformat()}
        for pk, number, closed in qs.values_list("pk", "case__number", "case__closed_on")
    }


def _people_only_related_to(child: Model) -> QuerySet[Person]:
    """Parents and network known only through this child: erased with the child's case file.

    Typed as any record, as `RecordType.companions` calls it; the record type's model is children.Child."""
    related = Relation.objects.filter(child_id=child.pk).values("person_id")
    elsewhere = Relation.objects.exclude(child_id=child.pk).values("person_id")
    return Person.objects.filter(pk__in=related).exclude(pk__in=elsewhere)


register(
    RecordType(
        key="children.case_file",
        label=gettext_lazy("Barnets sag: barn, sag, relationer, journal, dokumenter og adgange"),
        model="children.Child",
        anchor=CASE_CLOSED,
        child_path="",
        municipality_path=CHILD_MUNICIPALITY,
        period={"years": 5},
        legal_basis=gettext_lazy(
            "5 år efter sagens afslutning (almindelig kommunal praksis; opbevaringsbegrænsning, GDPR art. 5, "
            "stk. 1, litra e). Kommunen kan vælge en anden periode under Kommunens indstillinger."
        ),
        summarize=_case_summaries,
        companions=_people_only_related_to,
        order=100,  # last: the other apps' records about the child go first (some protect the child)
    )
)
register(
    RecordType(
        key="children.break_glass_access",
        label=gettext_lazy("Begrundede adgange til børn uden for eget team"),
        model="children.BreakGlassAccess",
        anchor=CREATED,
        date_field="granted_at",
        child_path="child",
        municipality_path=f"child__{CHILD_MUNICIPALITY}",
        period={"years": 5},
        legal_basis=gettext_lazy(
            "Adgangen er også i logningen; selve bevillingen behøves ikke længere end loggen [U]."
        ),
    )
)
