"""Access expectations for the tasks room's newer pages (see sikkerhedsnet/testing/access.py). Mine sager, Mine
opgaver and the team overview keep their rows in children, intake and accounts."""

from sikkerhedsnet.testing.access import (
    ANONYMOUS,
    CASE_ROLES,
    FORBIDDEN,
    HIDDEN,
    LOGIN,
    NOT_ALLOWED,
    OK,
    Obj,
    Url,
    everyone,
    only,
    rule,
)

_serial = iter(range(1, 10**6))


def _saved_filter(world, relation):
    from sikkerhedsnet.tasks.models import SavedFilter

    return SavedFilter.objects.create(
        user=world.users["caseworker"], page="my_tasks", name=f"Filter {next(_serial)}", query="frist=i-dag"
    )


def _calendar_secret(world, relation):
    """A fresh secret for the caseworker's calendar feed (a renewal revokes the one before)."""
    from sikkerhedsnet.accounts.services import calendar_feed_renew

    return calendar_feed_renew(user=world.users["caseworker"])


OBJECTS = {
    # The caseworker's private calendar feed address: public by design (the secret is the key, no session).
    "calendar_feed": Obj(
        make=_calendar_secret, kwargs=lambda o: {"secret": o}, child=lambda o: None, fresh=True, scoped=False
    ),
    # The caseworker's own saved filter; deleting it removes it, so a new one for every request.
    "saved_filter": Obj(
        make=_saved_filter, kwargs=lambda o: {"filter_id": o.pk}, child=lambda o: None, fresh=True, scoped=False
    ),
}


def _own_filter(role: str, relation: str) -> str:
    """Only its owner (the caseworker) deletes it; another case role gets 404, as if it did not exist."""
    if role == ANONYMOUS:
        return LOGIN
    if role not in CASE_ROLES:
        return FORBIDDEN
    return OK if role == "caseworker" else HIDDEN


LEADERS = only(["team_leader", "head"])
CASE = only(CASE_ROLES)

URLS = {
    "tasks:consultations": Url(get=only(["sos_consultant"]), post=only(["sos_consultant"])),
    "tasks:reassign": Url(get=LEADERS, post=LEADERS),
    "tasks:filter_save": Url(get=everyone(NOT_ALLOWED), post=CASE),
    # The private iCal feed is public by design, like login and /healthz: whoever holds its secret address reads it,
    # with or without a session (an unknown or revoked secret is 404: test_calendar.py). Read-only.
    "tasks:calendar_feed": Url(
        obj="calendar_feed", get=everyone(OK, anonymous=OK), post=everyone(NOT_ALLOWED, anonymous=NOT_ALLOWED)
    ),
    "tasks:filter_delete": Url(obj="saved_filter", get=everyone(NOT_ALLOWED), post=rule("own_filter", _own_filter)),
}
