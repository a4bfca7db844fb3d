"""Retention of the accounts app's technical records (see sikkerhedsnet/core/retention.py)."""

from sikkerhedsnet.core.retention import CREATED, RecordType, register

register(
    RecordType(
        key="accounts.idempotent_response",
        label="Gemte API-svar til Idempotency-Key",
        model="accounts.IdempotentResponse",
        anchor=CREATED,
        date_field="created_at",
        period={"days": 7},
        legal_basis="Teknisk: gentagne forsøg kommer inden for minutter; svaret rummer personoplysninger (CPR).",
        technical=True,
    )
)
register(
    RecordType(
        key="axes.access_log",
        label="Log over logins (brugernavn, IP-adresse)",
        model="axes.AccessLog",
        anchor=CREATED,
        date_field="attempt_time",
        period={"years": 1},
        legal_basis="Sikkerhed: opklaring af misbrug af adgange; et år dækker revisionsperioden.",
        technical=True,
    )
)
