"""Views of the measures app: real client, permission cast, bad input keeps what was typed."""

from datetime import date

import pytest
from django.urls import reverse

from sikkerhedsnet.measures.models import ActionPlan, Goal, Measure, Offer, StaircaseMove
from sikkerhedsnet.measures.tests.factories import ActionPlanFactory, MeasureFactory, StaircaseMoveFactory, basis
from sikkerhedsnet.testing.forms import with_form_token

pytestmark = pytest.mark.django_db


def placement_form(offer, **changes: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = {
        "offer": str(offer.pk),
        "category": "4b",
        "decided_on": "2025-05-01",
        "start_on": "2025-05-10",
        "end_on": "",
        "monthly_cost": "39000",
        "provider": "",
        "legal_basis": "",
        "purpose": "Tryg opvækst med henblik på hjemgivelse.",
        "goals_child": "Går i skole hver dag",
        "goals_parents": "Deltager i samvær",
        "child_plan_required": "on",
        "placement_type": "general_foster_family",
        "consent": "with_consent",
        "return_home_plan": "Samvær hver anden weekend",
        "return_home_plan_made_on": "2025-05-01",
    }
    data.update(changes)
    return data


def decide_url(child) -> str:  # type: ignore[no-untyped-def]
    return reverse("measures:decide", args=[child.pk])


def test_child_measures_page_for_caseworker(client, caseworker, child) -> None:
    MeasureFactory(child=child)
    client.force_login(caseworker)
    response = client.get(reverse("measures:child", args=[child.pk]))
    assert response.status_code == 200 and len(response.context["active"]) == 1


def test_child_measures_page_hidden_from_outsider(client, outsider, child) -> None:
    client.force_login(outsider)
    assert client.get(reverse("measures:child", args=[child.pk])).status_code == 404


def test_measure_detail_hidden_from_outsider(client, outsider, child) -> None:
    measure = MeasureFactory(child=child)
    client.force_login(outsider)
    assert client.get(reverse("measures:measure_detail", args=[measure.pk])).status_code == 404


def test_measure_detail_for_colleague_in_team(client, colleague_same_team, child) -> None:
    measure = MeasureFactory(child=child)
    client.force_login(colleague_same_team)
    assert client.get(reverse("measures:measure_detail", args=[measure.pk])).status_code == 200


def test_decide_placement_redirects_to_measure(client, caseworker, child, placement_offer) -> None:
    client.force_login(caseworker)
    response = client.post(decide_url(child), with_form_token(placement_form(placement_offer)))
    measure = Measure.objects.get(child=child)
    assert response.status_code == 302 and response["Location"] == measure.get_absolute_url()


def test_decide_placement_takes_price_from_offer_when_blank(client, caseworker, child, placement_offer) -> None:
    client.force_login(caseworker)
    client.post(decide_url(child), with_form_token(placement_form(placement_offer, monthly_cost="")))
    assert Measure.objects.get(child=child).monthly_cost == placement_offer.monthly_price


def test_decide_end_before_start_keeps_typed_text(client, caseworker, child, placement_offer) -> None:
    client.force_login(caseworker)
    response = client.post(decide_url(child), with_form_token(placement_form(placement_offer, end_on="2025-05-09")))
    assert response.status_code == 422
    assert "end_on" in response.context["form"].errors
    assert "Tryg opvækst med henblik på hjemgivelse." in response.content.decode()
    assert not Measure.objects.exists()


def test_decide_negative_cost_keeps_typed_text(client, caseworker, child, placement_offer) -> None:
    client.force_login(caseworker)
    response = client.post(decide_url(child), with_form_token(placement_form(placement_offer, monthly_cost="-500")))
    assert response.context["form"].errors["monthly_cost"] == ["Beløbet kan ikke være negativt."]
    assert 'value="-500"' in response.content.decode()


def test_decide_placement_without_consent_type_keeps_typed_text(client, caseworker, child, placement_offer) -> None:
    client.force_login(caseworker)
    response = client.post(decide_url(child), with_form_token(placement_form(placement_offer, consent="")))
    assert response.status_code == 422
    assert "consent" in response.context["form"].errors
    assert "Samvær hver anden weekend" in response.content.decode()


def test_decide_without_consent_needs_committee(client, caseworker, child, placement_offer) -> None:
    client.force_login(caseworker)
    response = client.post(
        decide_url(child), with_form_token(placement_form(placement_offer, consent="without_consent"))
    )
    assert "committee_decided_on" in response.context["form"].errors


def test_decide_moving_up_without_reason_shows_field_error(client, caseworker, child, placement_offer) -> None:
    StaircaseMoveFactory(child=child, to_step=2, category="4a", created_by=caseworker)
    client.force_login(caseworker)
    response = client.post(decide_url(child), with_form_token(placement_form(placement_offer)))
    assert "staircase_reason" in response.context["form"].errors


def test_decide_hidden_from_outsider(client, outsider, child, placement_offer) -> None:
    client.force_login(outsider)
    assert client.post(decide_url(child), with_form_token(placement_form(placement_offer))).status_code == 404


def test_decide_form_lists_only_own_municipality_offers(client, caseworker, child, placement_offer) -> None:
    from sikkerhedsnet.measures.tests.factories import OfferFactory

    OfferFactory(name="Fremmed tilbud")
    client.force_login(caseworker)
    offers = list(client.get(decide_url(child)).context["form"].fields["offer"].queryset)
    assert offers == [placement_offer]


def test_measure_edit_stale_version_refused_keeps_input(client, caseworker, child) -> None:
    measure = MeasureFactory(child=child)
    client.force_login(caseworker)
    data = {
        "version": str(measure.version - 1 if measure.version > 1 else 99),
        "end_on": "2025-12-31",
        "monthly_cost": "1000",
        "purpose": "Nyt formål",
        "goals_child": "a",
        "goals_parents": "b",
        "end_reason": "Målene er nået",
    }
    response = client.post(reverse("measures:measure_edit", args=[measure.pk]), with_form_token(data))
    assert response.status_code == 422 and "Nyt formål" in response.content.decode()
    assert "En anden har ændret indsatsen" in response.content.decode()


def test_measure_edit_saves_end_date(client, caseworker, child) -> None:
    measure = MeasureFactory(child=child)
    client.force_login(caseworker)
    data = {
        "version": str(measure.version),
        "end_on": "2025-12-31",
        "monthly_cost": "1000",
        "purpose": "x",
        "goals_child": "a",
        "goals_parents": "b",
        "end_reason": "Målene er nået",
        "legal_basis": str(measure.legal_basis_id),
    }
    client.post(reverse("measures:measure_edit", args=[measure.pk]), with_form_token(data))
    measure.refresh_from_db()
    assert measure.end_on == date(2025, 12, 31)


def test_staircase_form_records_move(client, caseworker, child) -> None:
    StaircaseMoveFactory(child=child, to_step=3, category="4a", created_by=caseworker)
    client.force_login(caseworker)
    client.post(
        reverse("measures:staircase_move", args=[child.pk]),
        with_form_token({"moved_on": "2025-06-01", "to_step": "2", "category": "3", "reason": ""}),
    )
    assert StaircaseMove.objects.filter(child=child).latest("id").direction == "down"


def test_staircase_form_up_without_reason_shows_error(client, caseworker, child) -> None:
    StaircaseMoveFactory(child=child, to_step=2, category="3", created_by=caseworker)
    client.force_login(caseworker)
    response = client.post(
        reverse("measures:staircase_move", args=[child.pk]),
        with_form_token({"moved_on": "2025-06-01", "to_step": "4", "category": "4b", "reason": ""}),
    )
    assert "reason" in response.context["form"].errors


def test_plan_page_creates_plan(client, caseworker, child) -> None:
    measure = MeasureFactory(child=child, kind="foster_family", start_on=date(2025, 3, 1), end_on=None)
    client.force_login(caseworker)
    client.post(
        reverse("measures:plan", args=[child.pk]),
        with_form_token(
            {"version": "0", "made_on": "2025-03-20", "participants": "Barnet og mor", "measures": [str(measure.pk)]}
        ),
    )
    assert ActionPlan.objects.get(child=child).measures.get() == measure


def test_goal_add_view_adds_goal(client, caseworker, child) -> None:
    ActionPlanFactory(child=child)
    client.force_login(caseworker)
    client.post(
        reverse("measures:goal_add", args=[child.pk]),
        with_form_token({"for_whom": "parents", "text": "Faste sengetider"}),
    )
    assert Goal.objects.get().text == "Faste sengetider"


def test_goal_status_view_marks_dropped(client, caseworker, child) -> None:
    plan = ActionPlanFactory(child=child)
    goal = Goal.objects.create(plan=plan, for_whom="child", text="x", created_on=date(2025, 1, 1))
    client.force_login(caseworker)
    client.post(reverse("measures:goal_status", args=[goal.pk]), {"status": "dropped"})
    goal.refresh_from_db()
    assert goal.status == "dropped"


def test_goal_status_view_hidden_from_outsider(client, outsider, child) -> None:
    goal = Goal.objects.create(
        plan=ActionPlanFactory(child=child), for_whom="child", text="x", created_on=date(2025, 1, 1)
    )
    client.force_login(outsider)
    assert client.post(reverse("measures:goal_status", args=[goal.pk]), {"status": "dropped"}).status_code == 404


# --- Catalogue ----------------------------------------------------------------------------------------------------


def test_catalogue_readable_by_caseworker(client, caseworker, offer) -> None:
    client.force_login(caseworker)
    response = client.get(reverse("measures:offers"))
    assert response.status_code == 200 and offer.name in response.content.decode()


def test_catalogue_create_forbidden_for_caseworker(client, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get(reverse("measures:offer_create")).status_code == 403


def test_catalogue_create_by_admin(client, admin_user) -> None:
    client.force_login(admin_user)
    response = client.post(
        reverse("measures:offer_create"),
        {
            "name": "Fast kontaktperson",
            "kind": "preventive",
            "step": "2",
            "categories": ["3", "4a"],
            "placement_type": "",
            "legal_basis": str(basis("bl-32-1-3").pk),
            "provider": "Ungekontakten",
            "monthly_price": "7600",
            "description": "",
            "active": "on",
        },
    )
    offer = Offer.objects.get(name="Fast kontaktperson")
    assert response.status_code == 302 and offer.categories == ["3", "4a"]


def test_catalogue_edit_negative_price_keeps_input(client, head, offer) -> None:
    client.force_login(head)
    response = client.post(
        reverse("measures:offer_edit", args=[offer.pk]),
        {
            "version": str(offer.version),
            "name": "Omdøbt",
            "kind": "preventive",
            "step": "2",
            "categories": ["3"],
            "placement_type": "",
            "legal_basis": str(offer.legal_basis_id),
            "provider": "X",
            "monthly_price": "-1",
        },
    )
    assert response.status_code == 422 and 'value="Omdøbt"' in response.content.decode()


def test_catalogue_edit_stale_refused(client, head, offer) -> None:
    client.force_login(head)
    response = client.post(
        reverse("measures:offer_edit", args=[offer.pk]),
        {
            "version": str(offer.version + 5),
            "name": "Omdøbt",
            "kind": "preventive",
            "step": "2",
            "categories": ["3"],
            "placement_type": "",
            "legal_basis": str(offer.legal_basis_id),
            "provider": "X",
            "monthly_price": "1",
        },
    )
    assert "En anden har ændret tilbuddet" in response.content.decode()


def test_catalogue_other_municipality_offer_is_404(client, head) -> None:
    from sikkerhedsnet.measures.tests.factories import OfferFactory

    foreign = OfferFactory()
    client.force_login(head)
    assert client.get(reverse("measures:offer_detail", args=[foreign.pk])).status_code == 404


def test_offer_detail_shows_history(client, head, offer) -> None:
    from sikkerhedsnet.measures import services

    services.offer_update(by=head, offer=offer, expected_version=offer.version, monthly_price=15000)
    client.force_login(head)
    response = client.get(reverse("measures:offer_detail", args=[offer.pk]))
    assert len(response.context["changes"]) == 2


def test_legal_bases_list_for_caseworker(client, caseworker) -> None:
    client.force_login(caseworker)
    assert "§ 52, stk. 3, nr. 7" in client.get(reverse("measures:legal_bases")).content.decode()


def test_legal_basis_create_forbidden_for_caseworker(client, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get(reverse("measures:legal_basis_create")).status_code == 403


def test_legal_basis_edit_by_the_operator(client, operator) -> None:
    target = basis("bl-32-1-8")
    client.force_login(operator)
    client.post(
        reverse("measures:legal_basis_edit", args=[target.pk]),
        {
            "version": str(target.version),
            "law": "barnets_lov",
            "paragraph": target.paragraph,
            "title": "Anden hjælp",
            "applies_to": "support",
            "valid_from": "2024-01-01",
            "valid_to": "2030-12-31",
            "replaces": str(target.replaces_id),
            "verified": "on",
            "source_note": "",
        },
    )
    target.refresh_from_db()
    assert target.valid_to == date(2030, 12, 31)


def test_goal_double_submit_adds_one_goal(client, caseworker, child) -> None:
    ActionPlanFactory(child=child)
    client.force_login(caseworker)
    url, data = (
        reverse("measures:goal_add", args=[child.pk]),
        with_form_token({"for_whom": "parents", "text": "Sengetid"}),
    )
    first, second = client.post(url, data), client.post(url, data)
    assert (Goal.objects.count(), second["Location"]) == (1, first["Location"])


@pytest.mark.parametrize(
    "change",
    [
        {"start_on": "9999-12-31"},
        {"end_on": "9999-12-31"},
        {"decided_on": "9999-12-31"},
        {"start_on": "0001-01-01"},
        {"purpose": "x" * 10_000},
    ],
)
def test_decide_absurd_date_or_huge_text_is_422_not_500(client, caseworker, child, placement_offer, change) -> None:
    client.force_login(caseworker)
    response = client.post(decide_url(child), with_form_token(placement_form(placement_offer, **change)))
    assert response.status_code == 422 and not Measure.objects.exists()


def test_decide_exclusion_with_plan_date_after_start_is_a_field_error_not_500(
    client, caseworker, child, placement_offer
) -> None:
    client.force_login(caseworker)
    data = placement_form(
        placement_offer,
        return_home_plan_made_on="2025-05-11",
        return_home_exclusion="severe_disability",
        return_home_exclusion_note="Lægeerklæring i sagen.",
    )
    response = client.post(decide_url(child), with_form_token(data))
    assert response.status_code == 422 and "return_home_plan_made_on" in response.context["form"].errors
    assert not Measure.objects.exists()


# --- Issue #15: the placement's preconditions, shown before submitting and refused after ------------------------


def test_decide_form_shows_the_missing_preconditions_before_submitting(client, caseworker, placement_offer):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.children.tests.factories import ChildFactory

    uninvestigated = ChildFactory(case__caseworker=caseworker, case__team=caseworker.team)
    client.force_login(caseworker)
    page = client.get(decide_url(uninvestigated)).content.decode()
    assert 'data-precondition="placement_needs_investigation"' in page
    assert 'data-precondition="placement_without_consent_needs_plan"' in page and "§ 91, stk. 2" in page


def test_decide_placement_without_investigation_keeps_typed_text(client, caseworker, placement_offer):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.children.tests.factories import ChildFactory

    uninvestigated = ChildFactory(case__caseworker=caseworker, case__team=caseworker.team)
    client.force_login(caseworker)
    response = client.post(decide_url(uninvestigated), with_form_token(placement_form(placement_offer)))
    page = response.content.decode()
    assert response.status_code == 422 and not Measure.objects.filter(child=uninvestigated).exists()
    assert "urgent_reason" in response.context["form"].errors and "Tryg opvækst med henblik på hjemgivelse." in page


def test_decide_placement_by_the_urgent_route_is_recorded(client, caseworker, placement_offer):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.children.tests.factories import ChildFactory

    uninvestigated = ChildFactory(case__caseworker=caseworker, case__team=caseworker.team)
    client.force_login(caseworker)
    form = placement_form(placement_offer, urgent_reason="Barnet blev fundet alene hjemme.")
    response = client.post(decide_url(uninvestigated), with_form_token(form))
    assert response.status_code == 302 and Measure.objects.get(child=uninvestigated).urgent_reason
