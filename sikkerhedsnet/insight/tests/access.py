"""Access expectations for the audit app, page and API (see sikkerhedsnet/testing/access.py)."""

from sikkerhedsnet.testing.access import UNAUTHORIZED, Api, Url, only

AUDITOR = only(["auditor"])

URLS = {"insight:index": Url(get=AUDITOR, post=AUDITOR)}

API = {
    "GET /api/v1/audit/access-log": Api(
        rule=only(["auditor"], anonymous=UNAUTHORIZED),
        query=lambda world: {"cpr": world.children["own"].cpr},
        audit=("access_log_exported",),
    ),
}
