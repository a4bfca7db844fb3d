"""Access expectations for the intake app, pages and API (see sikkerhedsnet/testing/access.py).

How the views check access: lists and registration need a case role (403 otherwise); a notification or an
investigation is reached through its child (children's object_for_request with forbid_without_case_role: 403
for a role without case access, 404 for a child out of sight); the child's intake pages use children's
child_for_request (404 for everyone who may not see the child, as for a child that does not exist).
"""

from datetime import timedelta

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
    only,
)


def _notification(world, relation):
    from sikkerhedsnet.intake.tests.factories import NotificationFactory

    return NotificationFactory(child=world.children[relation], registered_by=world.stranger)


def _investigation(world, relation):
    from sikkerhedsnet.intake.tests.factories import InvestigationFactory

    return InvestigationFactory(child=world.children[relation], started_by=world.stranger)


OBJECTS = {
    "notification": Obj(make=_notification, kwargs=lambda n: {"notification_id": n.pk}),
    "investigation": Obj(make=_investigation, kwargs=lambda i: {"investigation_id": i.pk}),
}

CASE = only(CASE_ROLES)
CHILD = case_object()  # child_for_request: 404 for anyone who may not see the child
RECORD = case_object(no_access=FORBIDDEN)  # object_for_request(forbid_without_case_role=True): 403 without a case role
POST_ONLY = everyone(NOT_ALLOWED)
VIEWED = ("child_viewed",)

URLS = {
    "intake:queue": Url(get=CASE, post=CASE),
    "intake:register": Url(get=CASE, post=CASE),
    "tasks:my_tasks": Url(get=CASE, post=CASE),
    "intake:notification_detail": Url(obj="notification", get=RECORD, post=RECORD, audit=VIEWED),
    "intake:notification_assess": Url(obj="notification", get=POST_ONLY, post=RECORD),
    "intake:notification_receipt": Url(obj="notification", get=POST_ONLY, post=RECORD),
    "intake:notification_conversation": Url(obj="notification", get=POST_ONLY, post=RECORD),
    "intake:notification_merge": Url(obj="notification", get=POST_ONLY, post=RECORD),
    "intake:notification_close": Url(obj="notification", get=POST_ONLY, post=RECORD),
    "intake:notification_take": Url(obj="notification", get=POST_ONLY, post=RECORD),
    "intake:child_overview": Url(obj="child", get=CHILD, post=CHILD, audit=VIEWED),
    "intake:investigation_start": Url(obj="child", get=CHILD, post=CHILD, audit=VIEWED),
    "intake:investigation_detail": Url(obj="investigation", get=RECORD, post=RECORD, audit=VIEWED),
}

# The API: no token is 401; a role without case access is 403; a child out of sight is 404.
API_CASE = only(CASE_ROLES, anonymous=UNAUTHORIZED)
API_READ = case_object(no_access=FORBIDDEN, anonymous=UNAUTHORIZED)


def _new_notification(world):
    return {
        "child_id": world.children["own"].pk,
        "received_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "reporter_type": "private",
        "summary": "Naboen hører råb. (Fiktiv.)",
    }


def _assessment(world):
    return {"outcome": "advice", "reasoning": "Rådgivning er nok. (Fiktiv.)", "assessed_at": timezone.now().isoformat()}


def _new_investigation(world):
    return {"child_id": world.children["own"].pk, "awareness_date": timezone.localdate().isoformat()}


API = {
    "POST /api/v1/notifications": Api(rule=API_CASE, body=_new_notification),
    "GET /api/v1/notifications/{notification_id}": Api(obj="notification", rule=API_READ, audit=VIEWED),
    "POST /api/v1/notifications/{notification_id}/assessment": Api(obj="notification", rule=API_READ, body=_assessment),
    "POST /api/v1/investigations": Api(rule=API_CASE, body=_new_investigation),
    "GET /api/v1/investigations/{investigation_id}": Api(obj="investigation", rule=API_READ, audit=VIEWED),
    "PUT /api/v1/investigations/{investigation_id}": Api(
        obj="investigation", rule=API_READ, body=lambda w: {"version": 1}
    ),
    "POST /api/v1/investigations/{investigation_id}/conclude": Api(
        obj="investigation", rule=API_READ, body=lambda w: {"version": 1}
    ),
}
