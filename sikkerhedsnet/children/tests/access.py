"""Access expectations for the children app, pages and API (see sikkerhedsnet/core/testing/access.py)."""

from django.utils import timezone

from sikkerhedsnet.core.testing.access import (
    CASE_ROLES,
    FORBIDDEN,
    NOT_ALLOWED,
    UNAUTHORIZED,
    Api,
    Url,
    case_object,
    everyone,
    only,
)

CASE = only(CASE_ROLES)
READ = case_object()

URLS = {
    "children:search": Url(get=CASE, post=CASE, query={"q": "Barn"}, audit=("child_searched",)),
    "children:my_cases": Url(get=CASE, post=CASE),
    "children:create": Url(get=CASE, post=CASE),
    "children:break_glass": Url(get=everyone(NOT_ALLOWED), post=CASE),
    "children:detail": Url(obj="child", get=READ, post=READ, audit=("child_viewed",)),
    "children:edit": Url(obj="child", get=READ, post=READ, audit=("child_viewed",)),
    "children:journal_add": Url(obj="child", get=everyone(NOT_ALLOWED), post=READ),
    "children:relation_add": Url(obj="child", get=READ, post=READ, audit=("child_viewed",)),
    "children:document_upload": Url(obj="child", get=everyone(NOT_ALLOWED), post=READ),
    "children:history": Url(obj="child", get=READ, post=READ, audit=("child_viewed",)),
    "children:document_download": Url(
        obj="document", get=READ, post=READ, audit=("child_viewed", "document_downloaded")
    ),
}

# The API: no token is 401; a role without case access is 403; a child out of sight is 404.
API_CASE = only(CASE_ROLES, anonymous=UNAUTHORIZED)
API_READ = case_object(no_access=FORBIDDEN, anonymous=UNAUTHORIZED)

_serial = iter(range(1, 10**6))


def _new_child(world):
    from datetime import date

    from sikkerhedsnet.core import cpr

    return {"cpr": cpr.fictitious(date(2016, 5, 17), next(_serial)), "first_name": "Ny", "last_name": "Fiktivsen"}


def _note(world):
    return {"occurred_on": timezone.localdate().isoformat(), "title": "Møde", "text": "Fiktivt notat."}


API = {
    "POST /api/v1/children": Api(rule=API_CASE, body=_new_child),
    "GET /api/v1/children": Api(rule=API_CASE, query=lambda w: {"q": "Barn"}, audit=("child_searched",)),
    "GET /api/v1/children/{child_id}": Api(obj="child", rule=API_READ, audit=("child_viewed",)),
    "POST /api/v1/children/{child_id}/journal": Api(obj="child", rule=API_READ, body=_note),
    "GET /api/v1/children/{child_id}/journal": Api(obj="child", rule=API_READ, audit=("child_viewed",)),
}
