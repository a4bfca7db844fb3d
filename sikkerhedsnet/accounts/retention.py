"""Retention of the accounts app's technical records (see sikkerhedsnet/core/retention.py)."""

from django.utils.translation import gettext_lazy

from sikkerhedsnet.core.retention import CREATED, RecordType, register

register(
    RecordType(
        key="accounts.idempotent_response",
        label=gettext_lazy("Gemte API-svar til Idempotency-Key"),
        model="accounts.IdempotentResponse",
        anchor=CREATED,
        date_field="created_at",
        period={"days": 7},
        legal_basis=gettext_lazy(
            "Teknisk: gentagne forsøg kommer inden for minutter; svaret rummer personoplysninger (CPR)."
        ),
        technical=True,
    )
)
register(
    RecordType(
        key="axes.access_log",
        label=gettext_lazy("Log over logins (brugernavn, IP-adresse)"),
        model="axes.AccessLog",
        anchor=CREATED,
        date_field="attempt_time",
        period={"years": 1},
        legal_basis=gettext_lazy("Sikkerhed: opklaring af misbrug af adgange; et år dækker revisionsperioden."),
        technical=True,
    )
)
