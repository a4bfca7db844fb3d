"""Access expectations for the measures app, pages and API (see sikkerhedsnet/testing/access.py).

How the views check access: the catalogue (offers, legal bases) is read by the case roles and edited by heads
and admins of a municipality (403 for anyone else); an offer of another municipality is 404. Everything about a
child goes through children's child_for_request (or object_for_request for a measure or a goal): 404 for anyone
who may not see the child, and the read is logged. The API: 401 without a token, 403 without a case role,
404 for a child out of sight.
"""

from django.utils import timezone

from sikkerhedsnet.testing.access import (
    CASE_ROLES,
    FORBIDDEN,
    NOT_ALLOWED,
    UNAUTHORIZED,
    Api,
    Obj,
    Url,
    case_object,
    everyone,
    municipality_object,
    only,
)

EDITORS = frozenset({"head", "admin"})
READERS = CASE_ROLES | EDITORS


def _offer(world, relation):
    from sikkerhedsnet.measures.tests.factories import OfferFactory

    return OfferFactory(municipality=world.municipalities[relation])


def _basis(world, relation):
    from sikkerhedsnet.measures.tests.factories import basis

    return basis("bl-32-1-5")


def _measure(world, relation):
    from sikkerhedsnet.measures.tests.factories import MeasureFactory

    return MeasureFactory(child=world.children[relation])


def _goal(world, relation):
    from sikkerhedsnet.measures.tests.factories import ActionPlanFactory, GoalFactory

    return GoalFactory(plan=ActionPlanFactory(child=world.children[relation]))


OBJECTS = {
    "offer": Obj(make=_offer, kwargs=lambda o: {"offer_id": o.pk}, child=lambda o: None),
    "legal_basis": Obj(make=_basis, kwargs=lambda o: {"basis_id": o.pk}, child=lambda o: None, scoped=False),
    "measure": Obj(make=_measure, kwargs=lambda o: {"measure_id": o.pk}),
    "goal": Obj(make=_goal, kwargs=lambda o: {"goal_id": o.pk}, child=lambda o: o.plan.child_id),
}


_catalogue = municipality_object


CHILD = case_object()
POST_ONLY = everyone(NOT_ALLOWED)
VIEWED = ("child_viewed",)

URLS = {
    "measures:offers": Url(get=only(READERS), post=only(READERS)),
    "measures:offer_create": Url(get=only(EDITORS), post=only(EDITORS)),
    "measures:offer_detail": Url(obj="offer", get=_catalogue(READERS), post=_catalogue(READERS)),
    "measures:offer_edit": Url(obj="offer", get=_catalogue(EDITORS), post=_catalogue(EDITORS)),
    "measures:legal_bases": Url(get=only(READERS), post=only(READERS)),
    # National law, shared by every municipality: no municipal role edits it (the installation's operator, a
    # superuser outside the roles, does; measures/selectors.py can_edit_legal_bases).
    "measures:legal_basis_create": Url(get=only(()), post=only(())),
    "measures:legal_basis_edit": Url(obj="legal_basis", get=only(()), post=only(())),
    "measures:child": Url(obj="child", get=CHILD, post=CHILD, audit=VIEWED),
    "measures:decide": Url(obj="child", get=CHILD, post=CHILD, audit=VIEWED),
    "measures:staircase_move": Url(obj="child", get=CHILD, post=CHILD, audit=VIEWED),
    "measures:plan": Url(obj="child", get=CHILD, post=CHILD, audit=VIEWED),
    "measures:goal_add": Url(obj="child", get=POST_ONLY, post=CHILD),
    "measures:goal_status": Url(obj="goal", get=POST_ONLY, post=CHILD),
    "measures:measure_detail": Url(obj="measure", get=CHILD, post=CHILD, audit=VIEWED),
    "measures:measure_edit": Url(obj="measure", get=CHILD, post=CHILD, audit=VIEWED),
}

API_CASE = only(CASE_ROLES, anonymous=UNAUTHORIZED)
API_READ = case_object(no_access=FORBIDDEN, anonymous=UNAUTHORIZED)


def _new_measure(world):
    return {
        "child_id": world.children["own"].pk,
        "kind": "preventive",
        "start_date": timezone.localdate().isoformat(),
        "decided_on": timezone.localdate().isoformat(),
        "monthly_cost": 14500,
    }


def _offer_body(world):
    from sikkerhedsnet.measures.tests.factories import basis

    return {
        "name": "Familiebehandling (matrix)",
        "kind": "preventive",
        "step": 2,
        "categories": ["3"],
        "legal_basis": basis("bl-32-1-5").code,
        "provider": "Børnefamiliehuset",
        "monthly_price": 14500,
    }


API_CATALOGUE_READERS = only(READERS, anonymous=UNAUTHORIZED)
API_CATALOGUE_EDITORS = only(EDITORS, anonymous=UNAUTHORIZED)

API = {
    # The catalogue and the legal bases: as the pages (readers: the case roles, heads and admins; editors: heads
    # and admins of the offer's municipality; another municipality's offer is 404).
    "GET /api/v1/offers": Api(rule=API_CATALOGUE_READERS),
    "GET /api/v1/offers/{offer_id}": Api(obj="offer", rule=municipality_object(READERS, anonymous=UNAUTHORIZED)),
    "POST /api/v1/offers": Api(rule=API_CATALOGUE_EDITORS, body=_offer_body),
    "PUT /api/v1/offers/{offer_id}": Api(
        obj="offer",
        rule=municipality_object(EDITORS, anonymous=UNAUTHORIZED),
        body=lambda w: _offer_body(w) | {"name": "Familiebehandling (rettet)", "version": 1},
    ),
    "GET /api/v1/legal-bases": Api(rule=API_CATALOGUE_READERS),
    "POST /api/v1/measures": Api(rule=API_CASE, body=_new_measure),
    "GET /api/v1/measures/{measure_id}": Api(obj="measure", rule=API_READ, audit=VIEWED),
    "GET /api/v1/children/{child_id}/measures": Api(obj="child", rule=API_READ, audit=VIEWED),
}
