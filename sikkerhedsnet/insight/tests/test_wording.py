"""The audit log in words (issue #14 item 6): names, roles and teams, actions a parent understands, no ids."""

import pytest

from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.insight import wording

pytestmark = pytest.mark.django_db
T = AuditEvent.Type


@pytest.mark.parametrize(
    ("type", "target_model", "purpose", "expected"),
    [
        (T.CHILD_VIEWED, "", "safety_plan", "Læste sikkerhedsplanen"),
        (T.CHILD_VIEWED, "", "journal", "Læste journalen"),
        (T.CHILD_VIEWED, "", "", "Læste barnets sag"),
        (T.CHILD_VIEWED, "", "a_purpose_nobody_named", "Læste barnets sag"),
        (T.CREATED, "safety.mappingentry", "", "Tilføjede et punkt til kortlægningen"),
        (T.CREATED, "children.journalentry", "", "Skrev et journalnotat"),
        (T.CHANGED, "safety.safetyplan", "", "Ændrede sikkerhedsplanen"),
        (T.DELETED, "safety.mappingentry", "", "Slettede et punkt i kortlægningen"),
        (T.DOCUMENT_DOWNLOADED, "children.document", "", "Hentede et dokument fra sagen"),
        (T.BREAK_THE_GLASS, "", "", "Åbnede sagen uden at arbejde i barnets team"),
    ],
)
def test_what_says_the_action_in_words(caseworker, type, target_model, purpose, expected) -> None:
    event = AuditEvent(type=type, target_model=target_model, target_id="596", new={"purpose": purpose})
    assert wording.what(event) == expected


def test_what_for_an_unlisted_record_uses_its_danish_name_and_no_id(caseworker) -> None:
    text = wording.what(AuditEvent(type=T.CREATED, target_model="measures.offer", target_id="596"))
    assert "596" not in text and "measures" not in text and text.startswith("Tilføjede")


def test_lines_name_the_person_with_role_and_team(caseworker) -> None:
    caseworker.first_name, caseworker.last_name = "Birte", "Rådgivsen"
    caseworker.save()
    audit.record(by=caseworker, type=T.CHILD_VIEWED, child_id=1, new={"purpose": "safety_plan"})
    line = wording.lines(AuditEvent.objects.filter(type=T.CHILD_VIEWED))[0]
    assert (line.who.name, line.who.where, line.what) == (
        "Birte Rådgivsen",
        f"Rådgiver, {caseworker.team.name}",
        "Læste sikkerhedsplanen",
    )


def test_lines_give_the_stated_reason_as_why(caseworker) -> None:
    audit.record(by=caseworker, type=T.BREAK_THE_GLASS, child_id=1, reason="Døgnvagt: politiet ringede")
    assert wording.lines(AuditEvent.objects.all())[0].why == "Døgnvagt: politiet ringede"


def test_lines_without_a_reason_give_the_ordinary_one(caseworker) -> None:
    audit.record(by=caseworker, type=T.CHILD_VIEWED, child_id=1)
    assert wording.lines(AuditEvent.objects.all())[0].why == "Som led i arbejdet med sagen"


def test_lines_read_every_actor_in_one_query(caseworker, outsider, django_assert_num_queries) -> None:
    for user in (caseworker, outsider, caseworker):
        audit.record(by=user, type=T.CHILD_VIEWED, child_id=1)
    events = list(AuditEvent.objects.all())
    with django_assert_num_queries(1):
        wording.lines(events)
