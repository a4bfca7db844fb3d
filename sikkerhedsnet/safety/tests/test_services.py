"""Services for screening, mapping, scaling and the network."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.tests.factories import ChildFactory, PersonFactory, RelationFactory
from sikkerhedsnet.core.errors import Conflict, DomainError, Duplicate, StaleEdit
from sikkerhedsnet.safety import services
from sikkerhedsnet.safety.models import MappingEntry, NetworkMember
from sikkerhedsnet.safety.tests.factories import EntryFactory, MappingFactory, NetworkMemberFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


# --- screening ---


def _screen(child, by, **kw):
    args = {"assessed_on": TODAY(), "criteria": [], "neglect_conditions": [], "neglect_repeated": False} | kw
    return services.target_group_assessment_create(by=by, child=child, **args)


def test_target_group_two_repeated_conditions_is_stored_as_eligible(child, caseworker) -> None:
    a = _screen(
        child, caseworker, neglect_conditions=["basic_needs_unmet", "no_school_or_daycare"], neglect_repeated=True
    )
    assert (a.gross_neglect, a.eligible) == (True, True)


def test_target_group_one_repeated_condition_reasoning_says_two_are_needed(child, caseworker) -> None:
    a = _screen(child, caseworker, neglect_conditions=["basic_needs_unmet"], neglect_repeated=True)
    assert not a.eligible and "Kun 1 af de 6" in a.reasoning and "mindst 2" in a.reasoning


def test_target_group_not_repeated_reasoning_says_so(child, caseworker) -> None:
    a = _screen(child, caseworker, neglect_conditions=["basic_needs_unmet", "no_school_or_daycare"])
    assert not a.gross_neglect and "ikke gentagne gange" in a.reasoning


def test_target_group_violence_as_a_neglect_sign_alone_is_stored_as_eligible(child, caseworker):  # type: ignore[no-untyped-def]
    a = _screen(child, caseworker, neglect_conditions=["violence_or_abuse"])
    assert (a.gross_neglect, a.eligible) == (False, True) and "kriterium i sig selv" in a.reasoning


def test_target_group_records_the_four_target_criteria(child, caseworker):  # type: ignore[no-untyped-def]
    a = _screen(child, caseworker, target_criteria=["parents_need_massive_support", "safety_clearly_at_risk"])
    assert a.target_criteria == ["safety_clearly_at_risk", "parents_need_massive_support"]


def test_target_group_criterion_reasoning_names_it(child, caseworker) -> None:
    a = _screen(child, caseworker, criteria=["danger_to_self"])
    assert a.eligible and "Barnet er til fare for sig selv" in a.reasoning


def test_target_group_unknown_code_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError) as exc:
        _screen(child, caseworker, neglect_conditions=["too_much_screen_time"])
    assert (exc.value.code, exc.value.field) == ("unknown_code", "neglect_conditions")


def test_target_group_future_date_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError):
        _screen(child, caseworker, assessed_on=TODAY() + timedelta(days=1))


def test_target_group_is_audited(child, caseworker) -> None:
    a = _screen(child, caseworker, criteria=["danger_to_self"])
    event = AuditEvent.objects.get(type="created", target_model="safety.targetgroupassessment", target_id=str(a.pk))
    assert event.child_id == child.pk and event.new["eligible"] is True


# --- mapping ---


def test_mapping_create_based_on_earlier_copies_participants_and_attribution(child, caseworker) -> None:
    entry = EntryFactory(mapping__child=child, said_by__name="Mette", text="Mormor hjælper")
    copy = services.mapping_create(
        by=caseworker, child=child, held_on=TODAY(), title="Opfølgning", based_on=entry.mapping
    )
    copied = copy.entries.get()
    assert (copied.text, copied.said_by.name, copied.said_by.mapping_id) == ("Mormor hjælper", "Mette", copy.pk)


def test_mapping_create_based_on_another_childs_mapping_is_refused(child, caseworker) -> None:
    other = MappingFactory(child=ChildFactory(case__team=child.case.team, case__caseworker=caseworker))
    with pytest.raises(DomainError):
        services.mapping_create(by=caseworker, child=child, held_on=TODAY(), title="x", based_on=other)


def test_mapping_entry_add_is_attributed_and_categorised(child, caseworker) -> None:
    p = ParticipantFactory(mapping__child=child, name="Mette")
    entry = services.mapping_entry_add(
        by=caseworker, mapping=p.mapping, category="future_danger", text_value="Vold", said_by_id=p.pk
    )
    assert (entry.column, entry.said_by.name) == ("worries", "Mette")


def test_mapping_entry_add_with_participant_of_another_mapping_is_refused(child, caseworker) -> None:
    mapping = MappingFactory(child=child)
    stranger = ParticipantFactory(mapping__child=child)
    with pytest.raises(DomainError) as exc:
        services.mapping_entry_add(
            by=caseworker, mapping=mapping, category="goals", text_value="x", said_by_id=stranger.pk
        )
    assert exc.value.field == "said_by"


def test_mapping_entry_add_unknown_category_is_refused(child, caseworker) -> None:
    p = ParticipantFactory(mapping__child=child)
    with pytest.raises(DomainError):
        services.mapping_entry_add(by=caseworker, mapping=p.mapping, category="gossip", text_value="x", said_by_id=p.pk)


def test_mapping_entry_add_blank_text_is_refused(child, caseworker) -> None:
    p = ParticipantFactory(mapping__child=child)
    with pytest.raises(DomainError):
        services.mapping_entry_add(by=caseworker, mapping=p.mapping, category="goals", text_value="  ", said_by_id=p.pk)


def test_mapping_finalized_refuses_new_entries(child, caseworker) -> None:
    p = ParticipantFactory(mapping__child=child)
    services.mapping_finalize(by=caseworker, mapping=p.mapping)
    with pytest.raises(Conflict):
        services.mapping_entry_add(by=caseworker, mapping=p.mapping, category="goals", text_value="x", said_by_id=p.pk)


def test_mapping_entry_remove_is_audited(child, caseworker) -> None:
    entry = EntryFactory(mapping__child=child)
    entry_id = entry.pk
    services.mapping_entry_remove(by=caseworker, entry=entry)
    assert not MappingEntry.objects.filter(pk=entry_id).exists()
    assert AuditEvent.objects.filter(type="deleted", target_id=str(entry_id), child_id=child.pk).exists()


def test_mapping_statements_stale_edit_is_refused(child, caseworker) -> None:
    mapping = MappingFactory(child=child)
    services.mapping_statements_update(
        by=caseworker, mapping=mapping, expected_version=1, danger_statement="A", safety_goal=""
    )
    with pytest.raises(StaleEdit):
        services.mapping_statements_update(
            by=caseworker, mapping=mapping, expected_version=1, danger_statement="B", safety_goal=""
        )


def test_mapping_participant_twice_is_refused(child, caseworker) -> None:
    mapping = MappingFactory(child=child)
    services.mapping_participant_add(by=caseworker, mapping=mapping, name="Mette", role="mother")
    with pytest.raises(Duplicate):
        services.mapping_participant_add(by=caseworker, mapping=mapping, name="mette", role="mother")


def test_mapping_participant_person_from_another_case_is_refused(child, caseworker) -> None:
    mapping = MappingFactory(child=child)
    with pytest.raises(DomainError):
        services.mapping_participant_add(by=caseworker, mapping=mapping, name="", role="mother", person=PersonFactory())


def test_mapping_participant_person_of_the_child_takes_the_name(child, caseworker) -> None:
    relation = RelationFactory(child=child, person__first_name="Mette", person__last_name="Fiktivsen")
    p = services.mapping_participant_add(
        by=caseworker, mapping=MappingFactory(child=child), name="", role="mother", person=relation.person
    )
    assert p.name == "Mette Fiktivsen"


# --- scaling ---


def _scores(**score):
    return [{"participant": "Mette", "role": "mother", "score": 5} | score]


def test_scaling_record_stores_each_participant(child, caseworker) -> None:
    scaling = services.scaling_record(
        by=caseworker,
        child=child,
        scored_on=TODAY(),
        scores=[
            {"participant": "Mette", "role": "mother", "score": 7},
            {"participant": "Birte", "role": "caseworker", "score": 3},
        ],
    )
    assert sorted(scaling.scores.values_list("participant", "score")) == [("Birte", 3), ("Mette", 7)]


def test_scaling_record_blank_question_uses_the_default(child, caseworker) -> None:
    scaling = services.scaling_record(by=caseworker, child=child, scored_on=TODAY(), scores=_scores())
    assert scaling.question.startswith("På en skala fra 0 til 10")


@pytest.mark.parametrize("bad", [11, -1, 7.5, 7.0, True, "7", None])
def test_scaling_record_score_not_an_integer_0_to_10_is_refused(child, caseworker, bad) -> None:
    with pytest.raises(DomainError) as exc:
        services.scaling_record(by=caseworker, child=child, scored_on=TODAY(), scores=_scores(score=bad))
    assert exc.value.code == "invalid_score"


def test_scaling_record_same_participant_twice_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError) as exc:
        services.scaling_record(
            by=caseworker, child=child, scored_on=TODAY(), scores=_scores() + _scores(participant="METTE")
        )
    assert exc.value.code == "duplicate_participant"


def test_scaling_record_unknown_role_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError):
        services.scaling_record(by=caseworker, child=child, scored_on=TODAY(), scores=_scores(role="aunt"))


def test_scaling_record_without_scores_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError):
        services.scaling_record(by=caseworker, child=child, scored_on=TODAY(), scores=[])


def test_scaling_record_in_the_future_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError):
        services.scaling_record(by=caseworker, child=child, scored_on=TODAY() + timedelta(days=1), scores=_scores())


# --- network ---


def test_network_member_linked_person_fills_name_and_phone(child, caseworker) -> None:
    relation = RelationFactory(child=child, kind="grandparent", person__first_name="Inge", person__phone="+45 30000000")
    member = services.network_member_add(by=caseworker, child=child, person=relation.person, role="safety_person")
    assert (member.name, member.phone, member.person_id) == ("Inge Fiktivsen", "+45 30000000", relation.person_id)


def test_network_member_second_coordinator_is_refused(child, caseworker) -> None:
    NetworkMemberFactory(child=child, role=NetworkMember.Role.NETWORK_COORDINATOR)
    with pytest.raises(Duplicate) as exc:
        services.network_member_add(by=caseworker, child=child, name="Ole", role="network_coordinator")
    assert exc.value.code == "coordinator_exists"


def test_network_member_update_stale_is_refused(child, caseworker) -> None:
    member = NetworkMemberFactory(child=child)
    services.network_member_update(by=caseworker, member=member, expected_version=1, commitment="Henter om tirsdagen")
    with pytest.raises(StaleEdit):
        services.network_member_update(by=caseworker, member=member, expected_version=1, commitment="Andet")


def test_network_member_invalid_email_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError) as exc:
        services.network_member_add(by=caseworker, child=child, name="Ole", role="supporter", email="ole@")
    assert exc.value.field == "email"


def test_network_meeting_with_member_of_another_child_is_refused(child, caseworker) -> None:
    stranger = NetworkMemberFactory(child=ChildFactory(case__team=child.case.team, case__caseworker=caseworker))
    with pytest.raises(DomainError):
        services.network_meeting_record(
            by=caseworker, child=child, held_on=TODAY(), minutes="x", participant_ids=[stranger.pk]
        )


def test_network_meeting_records_participants_and_minutes(child, caseworker) -> None:
    member = NetworkMemberFactory(child=child)
    meeting = services.network_meeting_record(
        by=caseworker,
        child=child,
        held_on=TODAY(),
        minutes="Aftaler gennemgået",
        participant_ids=[member.pk],
        other_participants="Mor, rådgiver",
    )
    assert list(meeting.participants.all()) == [member] and meeting.minutes == "Aftaler gennemgået"
