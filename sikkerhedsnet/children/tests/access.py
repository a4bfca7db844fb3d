"""Access expectations for the children app, pages and API (see sikkerhedsnet/testing/access.py)."""

from django.utils import timezone

from sikkerhedsnet.testing.access import (
    CASE_ROLES,
    FORBIDDEN,
    HIDDEN,
    NOT_ALLOWED,
    UNAUTHORIZED,
    Api,
    Obj,
    Url,
    case_object,
    everyone,
    only,
)


def _relation(world, relation):
    from sikkerhedsnet.children.tests.factories import RelationFactory

    return RelationFactory(child=world.children[relation])


OBJECTS = {
    "relation": Obj(make=_relation, kwargs=lambda o: {"child_id": o.child_id, "relation_id": o.pk}),
    # Removing deletes it: a new relation for every request.
    "relation_to_remove": Obj(
        make=_relation, kwargs=lambda o: {"child_id": o.child_id, "relation_id": o.pk}, fresh=True
    ),
}

CASE = only(CASE_ROLES)
READ = case_object()
# Assigning a case: the team leader of its team or the head (a visible case; others 403). Closing and reopening
# also the case's own caseworker (the world's own child is the caseworker role's case).
ASSIGN = case_object(roles=["team_leader", "head"], no_access=HIDDEN)
CLOSE = case_object(roles=["caseworker", "team_leader", "head"])

URLS = {
    # The search text is POSTed and kept in the session (never in a URL), so a GET only pages through the
    # stored search; its child_searched event is checked in test_search.py.
    "children:search": Url(get=CASE, post=CASE, query={"side": "2"}),
    "tasks:my_cases": Url(get=CASE, post=CASE),
    "children:create": Url(get=CASE, post=CASE),
    "children:break_glass": Url(get=everyone(NOT_ALLOWED), post=CASE),
    "children:detail": Url(obj="child", get=READ, post=READ, audit=("child_viewed",)),
    "children:edit": Url(obj="child", get=READ, post=READ, audit=("child_viewed",)),
    "children:journal_add": Url(obj="child", get=everyone(NOT_ALLOWED), post=READ),
    "children:relation_add": Url(obj="child", get=READ, post=READ, audit=("child_viewed",)),
    "children:document_upload": Url(obj="child", get=everyone(NOT_ALLOWED), post=READ),
    "children:relation_edit": Url(obj="relation", get=READ, post=READ, audit=("child_viewed",)),
    "children:relation_remove": Url(obj="relation_to_remove", get=READ, post=READ, audit=("child_viewed",)),
    "children:case_assign": Url(obj="child", get=ASSIGN, post=ASSIGN, audit=("child_viewed",)),
    "children:case_close": Url(obj="child", get=CLOSE, post=CLOSE, audit=("child_viewed",)),
    "children:case_reopen": Url(obj="child", get=everyone(NOT_ALLOWED), post=CLOSE),
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


def _reassign(world):
    return {
        "from_caseworker": world.users["caseworker"].username,
        "moves": [{"child_id": world.children["own"].pk, "to_caseworker": world.colleague.username}],
    }


API = {
    # Omfordeling: the team leader and the head only. (After the first allowed cell has moved the case, the next
    # one's move is refused as input, 422, which the matrix counts as the operation being allowed.)
    "POST /api/v1/cases/reassign": Api(rule=only(["team_leader", "head"], anonymous=UNAUTHORIZED), body=_reassign),
    "POST /api/v1/children": Api(rule=API_CASE, body=_new_child),
    "GET /api/v1/children": Api(rule=API_CASE, query=lambda w: {"q": "Barn"}, audit=("child_searched",)),
    "GET /api/v1/children/{child_id}": Api(obj="child", rule=API_READ, audit=("child_viewed",)),
    "POST /api/v1/children/{child_id}/journal": Api(obj="child", rule=API_READ, body=_note),
    "GET /api/v1/children/{child_id}/journal": Api(obj="child", rule=API_READ, audit=("child_viewed",)),
}
