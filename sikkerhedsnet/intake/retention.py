"""Retention of the intake app's records (see sikkerhedsnet/core/retention.py).

Notifications and investigations are part of the child's case file and go with it: the same default of 5 years
after the case was closed (the municipality's setting `retention_years:<key>`). They are registered on their own
because their link to the child is PROTECT (a notification must never disappear with a casual deletion): the run
erases them first (order 10), then the case file (order 100) - otherwise the case file's deletion would be refused.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from sikkerhedsnet.children.retention import CHILD_MUNICIPALITY
from sikkerhedsnet.core.retention import CASE_CLOSED, RecordType, register

REASON = gettext_lazy(
    "Som barnets sag: 5 år efter sagens afslutning (opbevaringsbegrænsning, GDPR art. 5, stk. 1, litra e). "
    "Kommunen kan vælge en anden periode under Kommunens indstillinger."
)

register(
    RecordType(
        key="intake.investigation",
        label=gettext_lazy("Børnefaglige undersøgelser"),
        model="intake.Investigation",
        anchor=CASE_CLOSED,
        child_path="child",
        municipality_path=f"child__{CHILD_MUNICIPALITY}",
        period={"years": 5},
        legal_basis=REASON,
        order=10,
    )
)
register(
    RecordType(
        key="intake.notification",
        label=gettext_lazy("Underretninger"),
        model="intake.Notification",
        anchor=CASE_CLOSED,
        child_path="child",
        municipality_path=f"child__{CHILD_MUNICIPALITY}",
        period={"years": 5},
        legal_basis=REASON,
        order=20,
    )
)
