"""Pages of the safety app with a real client: access, forms (no JS), htmx, PDFs, uploads."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.safety import services
from sikkerhedsnet.safety.models import Mapping, NetworkMember, SafetyPlan, Scaling, TargetGroupAssessment, ThreeHouses
from sikkerhedsnet.safety.pdfs import family_plan_context
from sikkerhedsnet.safety.tests.factories import (
    EntryFactory,
    MappingFactory,
    NetworkMemberFactory,
    ParticipantFactory,
    ScoreFactory,
    StoryFactory,
    ThreeHousesFactory,
    complete_content,
    png_bytes,
    upload,
)
from sikkerhedsnet.testing.forms import with_form_token

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def cw(client, caseworker):
    client.force_login(caseworker)
    return client


def _active(child, by, level="minimum"):
    plan = services.safety_plan_create(by=by, child=child, level=level, content=complete_content(level))
    return services.safety_plan_approve(by=by, plan=plan)


CHILD_PAGES = [
    "overview",
    "target_group",
    "mapping_list",
    "mapping_compare",
    "scaling",
    "scaling_pdf",
    "network",
    "plan_overview",
    "plan_create",
    "plan_compare",
    "story_list",
    "houses_list",
    "houses_create",
]


@pytest.mark.parametrize("name", CHILD_PAGES)
def test_child_page_renders_for_the_caseworker(cw, child, name) -> None:
    assert cw.get(reverse(f"safety:{name}", args=[child.pk])).status_code == 200


@pytest.mark.parametrize("name", CHILD_PAGES)
def test_child_page_is_404_for_another_team(client, outsider, child, name) -> None:
    client.force_login(outsider)
    assert client.get(reverse(f"safety:{name}", args=[child.pk])).status_code == 404


def _objects(child, caseworker):
    plan = _active(child, caseworker)
    return {
        "mapping_detail": MappingFactory(child=child).pk,
        "plan_detail": plan.pk,
        "plan_edit": plan.pk,
        "plan_end": plan.pk,
        "plan_pdf": plan.pk,
        "member_edit": NetworkMemberFactory(child=child).pk,
        "story_detail": StoryFactory(child=child).pk,
        "story_pdf": StoryFactory(child=child).pk,
        "houses_detail": ThreeHousesFactory(child=child).pk,
        "houses_edit": ThreeHousesFactory(child=child).pk,
        "houses_pdf": ThreeHousesFactory(child=child).pk,
    }


def test_object_pages_render_for_the_caseworker(cw, child, caseworker) -> None:
    statuses = {
        name: cw.get(reverse(f"safety:{name}", args=[pk])).status_code
        for name, pk in _objects(child, caseworker).items()
    }
    assert set(statuses.values()) == {200}, statuses


def test_object_pages_are_404_for_another_team(client, outsider, child, caseworker) -> None:
    objects = _objects(child, caseworker)
    client.force_login(outsider)
    statuses = {name: client.get(reverse(f"safety:{name}", args=[pk])).status_code for name, pk in objects.items()}
    assert set(statuses.values()) == {404}, statuses


def test_case_nav_links_to_the_safety_work(cw, child) -> None:
    assert reverse("safety:overview", args=[child.pk]) in cw.get(child.get_absolute_url()).content.decode()


def test_pages_do_not_show_the_cpr_number(cw, child) -> None:
    assert child.cpr_formatted not in cw.get(reverse("safety:overview", args=[child.pk])).content.decode()


# --- target group ---


def test_target_group_form_saves_result_and_reasoning(cw, child) -> None:
    response = cw.post(
        reverse("safety:target_group", args=[child.pk]),
        {
            "assessed_on": TODAY().isoformat(),
            "neglect_conditions": ["basic_needs_unmet", "no_school_or_daycare"],
            "neglect_repeated": "on",
            "note": "Set ved tre hjemmebesøg",
        },
    )
    assessment = TargetGroupAssessment.objects.get(child=child)
    assert response.status_code == 302 and assessment.gross_neglect and assessment.note == "Set ved tre hjemmebesøg"


def test_target_group_form_future_date_is_422_and_keeps_the_note(cw, child) -> None:
    response = cw.post(
        reverse("safety:target_group", args=[child.pk]),
        {"assessed_on": (TODAY() + timedelta(days=2)).isoformat(), "note": "Min begrundelse"},
    )
    assert response.status_code == 422 and "Min begrundelse" in response.content.decode()


# --- mapping ---


def test_mapping_create_redirects_to_the_meeting_page(cw, child) -> None:
    response = cw.post(
        reverse("safety:mapping_create", args=[child.pk]),
        with_form_token({"held_on": TODAY().isoformat(), "title": "Netværksmøde"}),
    )
    mapping = Mapping.objects.get(child=child)
    assert response.status_code == 302 and response["Location"] == mapping.get_absolute_url()


def test_mapping_entry_add_without_js_redirects_to_the_column(cw, child) -> None:
    p = ParticipantFactory(mapping__child=child)
    response = cw.post(
        reverse("safety:entry_add", args=[p.mapping.pk, "worries"]),
        with_form_token({"worries-category": "past_harm", "worries-text": "Politiet kom", "worries-said_by": p.pk}),
    )
    assert response.status_code == 302 and response["Location"].endswith("#col-worries")
    assert p.mapping.entries.get().text == "Politiet kom"


def test_mapping_entry_add_with_htmx_returns_the_column_fragment(cw, child) -> None:
    p = ParticipantFactory(mapping__child=child, name="Mette")
    response = cw.post(
        reverse("safety:entry_add", args=[p.mapping.pk, "working_well"]),
        with_form_token(
            {"working_well-category": "strengths", "working_well-text": "Mormor hjælper", "working_well-said_by": p.pk}
        ),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="col-working_well"' in html and "Mormor hjælper" in html
    assert "<html" not in html


def test_mapping_entry_add_empty_text_is_422_and_keeps_the_choices(cw, child) -> None:
    p = ParticipantFactory(mapping__child=child)
    response = cw.post(
        reverse("safety:entry_add", args=[p.mapping.pk, "worries"]),
        with_form_token({"worries-category": "future_danger", "worries-text": "", "worries-said_by": p.pk}),
    )
    assert response.status_code == 422 and 'value="future_danger" selected' in response.content.decode()


def test_mapping_entry_add_to_unknown_column_is_404(cw, child) -> None:
    p = ParticipantFactory(mapping__child=child)
    assert cw.post(reverse("safety:entry_add", args=[p.mapping.pk, "gossip"]), with_form_token({})).status_code == 404


def test_mapping_statements_stale_is_422_keeps_text_and_shows_the_saved_one(cw, child, caseworker) -> None:
    mapping = MappingFactory(child=child)
    services.mapping_statements_update(
        by=caseworker, mapping=mapping, expected_version=1, danger_statement="Kollegaens tekst", safety_goal=""
    )
    response = cw.post(
        reverse("safety:statements_update", args=[mapping.pk]),
        {"version": 1, "danger_statement": "Min egen tekst", "safety_goal": ""},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Min egen tekst" in html and "Kollegaens tekst" in html and "En anden har gemt" in html


def test_mapping_compare_shows_both_mappings(cw, child) -> None:
    a = EntryFactory(mapping__child=child, text="Gammel bekymring").mapping
    b = EntryFactory(mapping__child=child, text="Ny styrke").mapping
    html = cw.get(reverse("safety:mapping_compare", args=[child.pk]), {"a": a.pk, "b": b.pk}).content.decode()
    assert "Gammel bekymring" in html and "Ny styrke" in html


def test_mapping_compare_with_another_childs_mapping_is_404(cw, child) -> None:
    from sikkerhedsnet.children.tests.factories import ChildFactory

    other = MappingFactory(child=ChildFactory(case__team=child.case.team, case__caseworker=child.case.caseworker))
    mine = MappingFactory(child=child)
    assert cw.get(reverse("safety:mapping_compare", args=[child.pk]), {"a": mine.pk, "b": other.pk}).status_code == 404


# --- scaling ---


def _scaling_post(**rows):
    data = {
        "scored_on": TODAY().isoformat(),
        "question": "Hvor tryg?",
        "note": "",
        "scores-TOTAL_FORMS": "2",
        "scores-INITIAL_FORMS": "0",
        "scores-0-participant": "Mette",
        "scores-0-role": "mother",
        "scores-0-score": "6",
        "scores-1-participant": "",
        "scores-1-role": "",
        "scores-1-score": "",
    }
    return data | rows


def test_scaling_form_saves_scores_and_ignores_blank_rows(cw, child) -> None:
    response = cw.post(reverse("safety:scaling", args=[child.pk]), with_form_token(_scaling_post()))
    assert response.status_code == 302
    assert list(Scaling.objects.get(child=child).scores.values_list("participant", "score")) == [("Mette", 6)]


def test_scaling_form_row_without_score_is_422_and_keeps_input(cw, child) -> None:
    response = cw.post(
        reverse("safety:scaling", args=[child.pk]), with_form_token(_scaling_post(**{"scores-0-score": ""}))
    )
    assert response.status_code == 422 and 'value="Mette"' in response.content.decode()
    assert not Scaling.objects.exists()


def test_scaling_form_score_out_of_range_is_422(cw, child) -> None:
    response = cw.post(
        reverse("safety:scaling", args=[child.pk]), with_form_token(_scaling_post(**{"scores-0-score": "11"}))
    )
    assert response.status_code == 422 and not Scaling.objects.exists()


def test_scaling_more_rows_adds_rows_and_saves_nothing(cw, child) -> None:
    response = cw.post(reverse("safety:scaling", args=[child.pk]), with_form_token(_scaling_post(more_rows="scores")))
    html = response.content.decode()
    assert response.status_code == 200 and 'name="scores-TOTAL_FORMS" value="5"' in html and 'value="Mette"' in html
    assert not Scaling.objects.exists()


def test_scaling_page_shows_chart_and_table(cw, child) -> None:
    ScoreFactory(scaling__child=child, participant="Mette", score=4)
    html = cw.get(reverse("safety:scaling", args=[child.pk])).content.decode()
    assert 'src="data:image/svg+xml;base64,' in html and "<caption" in html and ">4<" in html


def test_scaling_pdf_is_a_pdf_and_is_audited(cw, child) -> None:
    ScoreFactory(scaling__child=child)
    response = cw.get(reverse("safety:scaling_pdf", args=[child.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(type="exported", child_id=child.pk, new__kind="scaling_pdf").exists()


# --- network ---


def test_network_member_add_from_the_childs_record(cw, child) -> None:
    from sikkerhedsnet.children.tests.factories import RelationFactory

    relation = RelationFactory(child=child, kind="grandparent", person__first_name="Inge", person__phone="30303030")
    response = cw.post(
        reverse("safety:member_add", args=[child.pk]),
        with_form_token(
            {"person": relation.person.pk, "name": "", "role": "network_coordinator", "commitment": "Ringer hver aften"}
        ),
    )
    member = NetworkMember.objects.get(child=child)
    assert response.status_code == 302 and (member.name, member.phone) == ("Inge Fiktivsen", "30303030")


def test_network_member_second_coordinator_is_422_with_message(cw, child) -> None:
    NetworkMemberFactory(child=child, role="network_coordinator")
    response = cw.post(
        reverse("safety:member_add", args=[child.pk]), with_form_token({"name": "Ole", "role": "network_coordinator"})
    )
    assert response.status_code == 422 and "allerede en aktiv netværkstovholder" in response.content.decode()


def test_network_meeting_is_recorded(cw, child) -> None:
    member = NetworkMemberFactory(child=child)
    cw.post(
        reverse("safety:meeting_add", args=[child.pk]),
        with_form_token({"held_on": TODAY().isoformat(), "participants": [member.pk], "minutes": "Planen holder"}),
    )
    assert child.network_meetings.get().participants.get() == member


# --- safety plans ---


def _plan_post(content=None, *, level="minimum", version="", **extra):
    content = content or {}
    data = {
        "level": level,
        "version": version,
        "danger_statement": content.get("danger_statement", ""),
        "safety_goal": "",
        "contingency": content.get("contingency", ""),
        "coordinator_name": (content.get("network_coordinator") or {}).get("name", ""),
        "coordinator_phone": (content.get("network_coordinator") or {}).get("phone", ""),
        "coordinator_none_reason": "",
        "explanation_method": (content.get("child_explanation") or {}).get("method", ""),
        "explanation_text": (content.get("child_explanation") or {}).get("text", ""),
    }
    for section, fields in (
        ("agreements", ("text", "responsible")),
        ("contacts", ("name", "phone", "relation")),
        ("professional_agreements", ("text", "responsible")),
        ("informed_persons", ("name", "relation")),
    ):
        rows = content.get(section, [])
        data |= {f"{section}-TOTAL_FORMS": str(len(rows) + 1), f"{section}-INITIAL_FORMS": "0"}
        for i, row in enumerate([*rows, {}]):
            data |= {f"{section}-{i}-{f}": row.get(f, "") for f in fields}
    return data | extra


def test_plan_form_creates_a_draft(cw, child) -> None:
    response = cw.post(reverse("safety:plan_create", args=[child.pk]), with_form_token(_plan_post(complete_content())))
    plan = SafetyPlan.objects.get(child=child)
    assert response.status_code == 302 and plan.status == "draft" and plan.missing == []


def test_plan_form_more_rows_keeps_input_and_saves_nothing(cw, child) -> None:
    data = _plan_post({"agreements": [{"text": "Mormor henter", "responsible": "Mormor"}]}, more_rows="agreements")
    html = cw.post(reverse("safety:plan_create", args=[child.pk]), with_form_token(data)).content.decode()
    assert 'name="agreements-TOTAL_FORMS" value="5"' in html and "Mormor henter" in html
    assert not SafetyPlan.objects.exists()


def test_plan_form_proposes_content_from_mapping_and_network(cw, child) -> None:
    mapping = MappingFactory(child=child, danger_statement="Fare fra kortlægningen")
    EntryFactory(mapping=mapping, category="agreement", text="Mormor ringer kl. 19")
    NetworkMemberFactory(child=child, name="Inge", role="network_coordinator", phone="30303030")
    html = cw.get(reverse("safety:plan_create", args=[child.pk])).content.decode()
    assert "Fare fra kortlægningen" in html and "Mormor ringer kl. 19" in html and 'value="Inge"' in html


def test_plan_edit_of_active_plan_creates_new_version_and_says_so(cw, child, caseworker) -> None:
    active = _active(child, caseworker)
    response = cw.post(
        reverse("safety:plan_edit", args=[active.pk]),
        with_form_token(_plan_post(complete_content("detailed"), level="detailed", version=active.version)),
        follow=True,
    )
    assert SafetyPlan.objects.filter(child=child).count() == 2
    assert "udkast til version 2" in response.content.decode()
    assert SafetyPlan.objects.get(pk=active.pk).status == "active"


def test_plan_edit_stale_draft_is_refused_with_message_and_text_kept(
    cw, child, caseworker, colleague_same_team
) -> None:
    plan = services.safety_plan_create(by=caseworker, child=child, content={})
    services.safety_plan_update(
        by=colleague_same_team,
        plan=plan,
        level="minimum",
        content={"contingency": "Kollegaens plan B"},
        expected_version=plan.version,
    )
    response = cw.post(
        reverse("safety:plan_edit", args=[plan.pk]),
        with_form_token(_plan_post({"contingency": "Min plan B"}, version=plan.version)),
    )
    html = response.content.decode()
    assert response.status_code == 422 and "En anden har gemt ændringer i planen" in html
    assert "Min plan B" in html and "Kollegaens plan B" in html
    assert SafetyPlan.objects.get(pk=plan.pk).contingency == "Kollegaens plan B"


def test_plan_edit_of_superseded_version_redirects_with_refusal(cw, child, caseworker) -> None:
    v1 = _active(child, caseworker)
    services.safety_plan_approve(
        by=caseworker,
        plan=services.safety_plan_update(by=caseworker, plan=v1, level="minimum", content=complete_content()),
    )
    response = cw.get(reverse("safety:plan_edit", args=[v1.pk]), follow=True)
    assert "kan ikke ændres" in response.content.decode()


def test_plan_approve_incomplete_names_each_missing_part_in_danish(cw, child, caseworker) -> None:
    content = complete_content()
    content.pop("contacts")
    content.pop("child_explanation")
    plan = services.safety_plan_create(by=caseworker, child=child, content=content)
    response = cw.post(reverse("safety:plan_approve", args=[plan.pk]), {"review_on": TODAY().isoformat()})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Kontaktliste (navn og telefonnummer)" in html and "Hvordan planen forklares for barnet" in html
    assert SafetyPlan.objects.get(pk=plan.pk).status == "draft"


def test_plan_approve_complete_activates_with_chosen_review_date(cw, child, caseworker) -> None:
    plan = services.safety_plan_create(by=caseworker, child=child, content=complete_content())
    review_on = TODAY() + timedelta(days=20)
    response = cw.post(reverse("safety:plan_approve", args=[plan.pk]), {"review_on": review_on.isoformat()})
    plan.refresh_from_db()
    assert response.status_code == 302 and (plan.status, plan.review_on) == ("active", review_on)


def test_plan_review_date_shows_on_mine_sager(cw, child, caseworker) -> None:
    _active(child, caseworker)
    assert "Revurdering af sikkerhedsplan" in cw.get(reverse("tasks:my_cases")).content.decode()


def test_plan_end_records_outcome(cw, child, caseworker) -> None:
    plan = _active(child, caseworker)
    cw.post(
        reverse("safety:plan_end", args=[plan.pk]),
        {"ended_on": TODAY().isoformat(), "outcome": "placed_voluntary", "compulsory_became_voluntary": "on"},
    )
    plan.refresh_from_db()
    assert (plan.status, plan.outcome, plan.compulsory_became_voluntary) == ("ended", "placed_voluntary", True)


def test_plan_compare_marks_changed_sections(cw, child, caseworker) -> None:
    v1 = _active(child, caseworker)
    v2 = services.safety_plan_update(by=caseworker, plan=v1, level="detailed", content=complete_content("detailed"))
    html = cw.get(reverse("safety:plan_compare", args=[child.pk]), {"a": v1.pk, "b": v2.pk}).content.decode()
    assert html.count("Ændret") == 4  # the level and the three sections only a detailed plan has


def test_plan_pdf_is_a_pdf_and_the_export_is_audited(cw, child, caseworker) -> None:
    plan = _active(child, caseworker)
    response = cw.get(reverse("safety:plan_pdf", args=[plan.pk]))
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(type="exported", child_id=child.pk, new__kind="safety_plan_pdf").exists()


def test_plan_pdf_for_family_holds_no_internal_case_data(child, caseworker) -> None:
    from sikkerhedsnet.children.tests.factories import JournalEntryFactory

    JournalEntryFactory(child=child, text="Fortroligt journalnotat")
    plan = _active(child, caseworker)
    html = render_to_string("safety/pdf/plan.html", family_plan_context(plan, child))
    assert child.cpr not in html and child.cpr_formatted not in html and child.case.number not in html
    assert "Fortroligt journalnotat" not in html and "Mormor henter Ida hver dag kl. 15" in html


# --- Words & Pictures, Three Houses ---


def test_story_panel_upload_is_served_only_through_the_access_check(cw, client, child, outsider) -> None:
    story = StoryFactory(child=child)
    cw.post(
        reverse("safety:panel_add", args=[story.pk]),
        {"text": "Det er Ida", "image": upload(png_bytes()), "image_description": "Tegning"},
    )
    image = story.panels.get().image
    url = reverse("safety:story_image", args=[image.public_id])
    response = cw.get(url)
    body = b"".join(response.streaming_content)
    assert (response.status_code, response["Content-Type"], body[:8]) == (200, "image/png", b"\x89PNG\r\n\x1a\n")
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_story_panel_upload_that_is_not_an_image_is_422_with_message(cw, child) -> None:
    story = StoryFactory(child=child)
    response = cw.post(
        reverse("safety:panel_add", args=[story.pk]),
        {"text": "Teksten bevares", "image": upload(b"%PDF-1.4 fake", name="x.png")},
    )
    html = response.content.decode()
    assert response.status_code == 422 and "PNG- eller JPEG" in html and "Teksten bevares" in html
    assert not story.panels.exists()


def test_story_pdf_is_a_pdf_and_audited(cw, child, caseworker) -> None:
    story = StoryFactory(child=child)
    services.story_panel_add(by=caseworker, story=story, text_value="Det er Ida", image=upload(png_bytes()))
    response = cw.get(reverse("safety:story_pdf", args=[story.pk]))
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(type="exported", child_id=child.pk, new__kind="words_and_pictures_pdf").exists()


def test_houses_create_and_pdf(cw, child) -> None:
    cw.post(
        reverse("safety:houses_create", args=[child.pk]),
        with_form_token(
            {
                "held_on": TODAY().isoformat(),
                "setting": "with_trusted_person",
                "trusted_person": "Mormor",
                "worries": "Råb",
                "good_things": "Hunden",
                "dreams": "Sommerhus",
                "note": "Intern note",
            }
        ),
    )
    houses = ThreeHouses.objects.get(child=child)
    response = cw.get(reverse("safety:houses_pdf", args=[houses.pk]))
    assert response.content.startswith(b"%PDF") and houses.trusted_person == "Mormor"


def test_houses_pdf_leaves_out_the_caseworkers_note() -> None:
    houses = ThreeHouses(held_on=TODAY(), setting="alone", worries="Råb", note="Intern vurdering")
    html = render_to_string("safety/pdf/houses.html", {"houses": houses, "child_possessive": "Idas"})
    assert "Råb" in html and "Intern vurdering" not in html


@pytest.mark.parametrize(("name", "expected"), [("Ida", "Idas"), ("Jonas", "Jonas'"), ("Felix", "Felix'")])
def test_possessive_follows_danish_spelling(name, expected) -> None:
    from sikkerhedsnet.safety.pdfs import possessive

    assert possessive(name) == expected


def test_houses_create_with_trusted_person_missing_is_422(cw, child) -> None:
    response = cw.post(
        reverse("safety:houses_create", args=[child.pk]),
        with_form_token({"held_on": TODAY().isoformat(), "setting": "with_trusted_person", "worries": "Råb"}),
    )
    assert response.status_code == 422 and "tryghedspersonen" in response.content.decode()


def test_network_member_double_submit_adds_one_member(cw, child) -> None:
    url, data = reverse("safety:member_add", args=[child.pk]), with_form_token({"name": "Ole", "role": "supporter"})
    first, second = cw.post(url, data), cw.post(url, data)
    assert (NetworkMember.objects.filter(child=child).count(), second["Location"]) == (1, first["Location"])


@pytest.mark.parametrize(("name", "expected"), [("Ella", "Ella's"), ("Jonas", "Jonas's")])
def test_possessive_in_english_is_an_english_genitive(name, expected) -> None:
    from sikkerhedsnet.safety.pdfs import possessive

    assert possessive(name, "en") == expected


def test_houses_pdf_title_in_english_has_no_danish_genitive() -> None:
    from django.utils import translation

    from sikkerhedsnet.safety.pdfs import possessive

    houses = ThreeHouses(held_on=TODAY(), setting="alone", worries="Råb")
    with translation.override("en"):
        html = render_to_string("safety/pdf/houses.html", {"houses": houses, "child_possessive": possessive("Ella")})
    assert "Ella&#x27;s three houses" in html and "Ellas" not in html
