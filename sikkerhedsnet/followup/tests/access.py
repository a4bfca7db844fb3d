"""Access expectations for the followup app, pages and API (see sikkerhedsnet/testing/access.py).

How the views check access: the overview needs a case role (403); the child's follow-ups, a follow-up and the
registration page for a measure go through children's child_for_request (404 for anyone who may not see the
child; the read is logged); the policy explorer is for every signed-in user; the municipality's settings for
heads and admins; the caseload page for team leaders and heads. The policy API describes the shipped policies
(no personal data): every token holder may read it.
"""

from sikkerhedsnet.testing.access import (
    CASE_ROLES,
    FORBIDDEN,
    UNAUTHORIZED,
    Api,
    Obj,
    Url,
    case_object,
    everyone,
    municipality_object,
    only,
)


def _followup(world, relation):
    from sikkerhedsnet.followup.tests.factories import FollowUpFactory

    return FollowUpFactory(measure=world.made("measure", relation))


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def _adoption(world, relation):
    """A policy adoption of the relation's municipality (own and other: home; none: away)."""
    from datetime import date

    from sikkerhedsnet.followup.models import PolicyAdoption

    return PolicyAdoption.objects.create(
        municipality=world.municipalities[relation], policy_code="kolding", adopted_on=date(2025, 1, 1)
    )


OBJECTS = {
    "followup": Obj(make=_followup, kwargs=lambda o: {"followup_id": o.pk}),
    "adoption": Obj(make=_adoption, kwargs=lambda o: {"adoption_id": o.pk}, child=lambda o: None),
}

CHILD = case_object()
VIEWED = ("child_viewed",)

URLS = {
    "followup:overview": Url(get=only(CASE_ROLES), post=only(CASE_ROLES)),
    "followup:child": Url(obj="child", get=CHILD, post=CHILD, audit=VIEWED),
    "followup:hold": Url(obj="measure", get=CHILD, post=CHILD, audit=VIEWED),
    "followup:detail": Url(obj="followup", get=CHILD, post=CHILD, audit=VIEWED),
    "followup:policies": Url(get=everyone(), post=everyone()),
    "followup:settings": Url(get=only(["head", "admin"]), post=only(["head", "admin"])),
    # After a policy change: the measures whose dates moved (names only of children the user may open).
    "followup:moved": Url(
        obj="adoption", get=municipality_object(["head", "admin"]), post=municipality_object(["head", "admin"])
    ),
    "followup:caseload": Url(get=only(["team_leader", "head"]), post=only(["team_leader", "head"])),
}

PUBLIC = everyone(anonymous=UNAUTHORIZED)
API_CHILD = case_object(no_access=FORBIDDEN, anonymous=UNAUTHORIZED)


def _held(world):
    """A meeting on a planned date that is not open: the service refuses it (422), after the access check."""
    return {
        "measure_version": 1,
        "due_date": "2026-01-05",
        "held_date": "2026-01-05",
        "method": "ics",
        "participants": ["parents"],
        "cadence_reason": "matrix",
        "next_every_months": 6,
    }


SCHEDULE_QUERY = {"measure_kind": "foster_family", "start": "2026-01-05"}

API = {
    "GET /api/v1/followup-policies": Api(rule=PUBLIC),
    "GET /api/v1/followup-policies/{code}": Api(rule=PUBLIC, params={"code": "kolding"}),
    "GET /api/v1/followup-policies/{code}/schedule": Api(
        rule=PUBLIC,
        params={"code": "kolding"},
        query=lambda w: {"measure_kind": "foster_family", "start": "2026-01-05"},
    ),
    # Held follow-ups: a child's record, through children.access (403 without a case role, 404 for a child out of
    # sight, the read logged). Recording one is a write: the measure's child must be visible (not break the glass).
    "GET /api/v1/followups/{followup_id}": Api(obj="followup", rule=API_CHILD, audit=VIEWED),
    "GET /api/v1/children/{child_id}/followups": Api(obj="child", rule=API_CHILD, audit=VIEWED),
    "POST /api/v1/measures/{measure_id}/followups": Api(obj="measure", rule=API_CHILD, body=_held),
    # The municipality's policy from a date: heads and admins; adopting the policy in force answers 200 too.
    "PUT /api/v1/followup-policies/adopted": Api(
        rule=only(["head", "admin"], anonymous=UNAUTHORIZED), body=lambda w: {"code": "kolding", "from": _today()}
    ),
}
