"""Pages: who may see what, analysts never see a child, empty municipalities, bad input, forms."""

from datetime import date

import pytest
import time_machine

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.reports.business_cases import services as business_case_services
from sikkerhedsnet.reports.business_cases.examples import BILLUND
from sikkerhedsnet.reports.evaluations import services as evaluation_services
from sikkerhedsnet.reports.models import (
    BusinessCase,
    Consultation,
    Evaluation,
    EvaluationSnapshot,
    FitScore,
    InvolvementResponse,
    WellbeingConversation,
)
from sikkerhedsnet.testing.forms import with_form_token

from .factories import (
    ConsultationFactory,
    DistrictFactory,
    EarlyInterventionProjectFactory,
    EvaluationParticipantFactory,
    FitScoreFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(municipality):
    return UserFactory(username="head", role="head", team=None, municipality=municipality)


@pytest.fixture
def analyst(municipality):
    return UserFactory(username="analyst", role="analyst", team=None, municipality=municipality)


def _as(client, user):
    client.force_login(user)
    return client


REPORT_PAGES = [
    "/rapporter/",
    "/rapporter/sagstal/",
    "/rapporter/business-cases/",
    "/rapporter/evalueringer/",
    "/rapporter/tidlig-indsats/",
]


@pytest.mark.parametrize("path", REPORT_PAGES)
@pytest.mark.parametrize("role", ["head", "analyst", "team_leader"])
def test_report_pages_open_for_report_roles_in_an_empty_municipality(client, municipality, team, path, role) -> None:
    user = UserFactory(role=role, team=team if role == "team_leader" else None, municipality=municipality)
    assert _as(client, user).get(path).status_code == 200


@pytest.mark.parametrize("path", REPORT_PAGES)
@pytest.mark.parametrize("role", ["caseworker", "sos_consultant", "admin", "auditor"])
def test_report_pages_are_403_for_other_roles(client, team, path, role) -> None:
    user = UserFactory(
        role=role,
        team=team if role in ("caseworker", "sos_consultant") else None,
        municipality=team.department.municipality,
    )
    assert _as(client, user).get(path).status_code == 403


def test_report_pages_require_login(client) -> None:
    assert client.get("/rapporter/sagstal/").status_code == 302


# --- caseload -----------------------------------------------------------------------------------------------


def test_caseload_page_analyst_sees_small_counts_suppressed(client, analyst, team, caseworker) -> None:
    for _ in range(3):
        ChildFactory(case__team=team, case__caseworker=caseworker)
    body = _as(client, analyst).get("/rapporter/sagstal/").content.decode()
    assert "&lt;5" in body and ">3<" not in body


def test_caseload_page_head_sees_exact_counts(client, head, team, caseworker) -> None:
    for _ in range(3):
        ChildFactory(case__team=team, case__caseworker=caseworker)
    body = _as(client, head).get("/rapporter/sagstal/").content.decode()
    assert '<td class="app-num">3</td>' in body


def test_caseload_page_shows_the_date_of_the_data(client, head) -> None:
    with time_machine.travel("2026-03-24 09:15 +01:00", tick=False):
        body = _as(client, head).get("/rapporter/sagstal/").content.decode()
    assert "Data pr. 24. marts 2026 kl. 09:15" in body


# --- business cases ------------------------------------------------------------------------------------------


def _line_data(prefix, lines, extra=2):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(lines) + extra),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "50",
    }
    for i, (label, amount, amounts) in enumerate(lines):
        data.update({f"{prefix}-{i}-label": label, f"{prefix}-{i}-amount": amount, f"{prefix}-{i}-amounts": amounts})
    return data


def _billund_post(**changes):
    data = {
        "title": "Billund",
        "description": "",
        "first_year": "2016",
        "years": "4",
        "baseline_placed": "",
        "average_placement_cost": "",
    }
    data.update(
        _line_data(
            "investments", [("SFM", "950.000", ""), ("Plejefamilier", "450000", ""), ("Svensk model", "2.736.000", "")]
        )
    )
    data.update(
        _line_data(
            "savings",
            [
                ("8 færre anbragte", "706.000", ""),
                ("Netværk", "303.000", ""),
                ("Tvang", "", "25.000; 50.000; 75.000; 100.000"),
            ],
        )
    )
    data.update(changes)
    return data


def test_business_case_form_saves_and_shows_the_billund_table(client, head) -> None:
    response = _as(client, head).post("/rapporter/business-cases/ny/", with_form_token(_billund_post()))
    case = BusinessCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    body = client.get(case.get_absolute_url()).content.decode()
    assert all(f">{v}<" in body for v in ("-3.102.000", "-2.068.000", "-1.034.000", "-6.204.000"))


def test_business_case_form_preview_computes_without_saving(client, head) -> None:
    response = _as(client, head).post("/rapporter/business-cases/ny/", with_form_token(_billund_post(preview="1")))
    assert response.status_code == 200 and not BusinessCase.objects.exists()
    assert "Break-even (netto ≥ 0): 2019" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"years": "31"}, "Antal år skal være mellem 1 og 30."),
        ({"years": "-4"}, "Antal år skal være mellem 1 og 30."),
        ({"investments-0-amount": "ni hundrede"}, "Beløbet skal være et helt antal kroner"),
        ({"savings-2-amounts": "25.000; 50.000"}, "Der skal være ét beløb pr. år: 4 beløb, ikke 2."),
        ({"savings-2-amounts": "25.000; x; 75.000; 100.000"}, "Beløbet skal være et helt antal kroner"),
    ],
)
def test_business_case_form_bad_input_keeps_input_and_explains(client, head, changes, message) -> None:
    response = _as(client, head).post("/rapporter/business-cases/ny/", with_form_token(_billund_post(**changes)))
    body = response.content.decode()
    assert response.status_code == 422 and message in body and 'value="Svensk model"' in body
    assert not BusinessCase.objects.exists()


def test_business_case_new_from_example_is_prefilled(client, head) -> None:
    body = _as(client, head).get("/rapporter/business-cases/ny/?eksempel=billund").content.decode()
    assert 'value="2736000"' in body and "Billund" in body


def test_business_case_edit_is_403_for_team_leaders(client, head, team_leader) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    assert _as(client, team_leader).get(f"/rapporter/business-cases/{case.pk}/rediger/").status_code == 403


def test_business_case_of_another_municipality_is_404(client, head) -> None:
    case = business_case_services.business_case_create(
        by=UserFactory(role="head", team=None, municipality=UserFactory().municipality), data=BILLUND
    )
    assert _as(client, head).get(case.get_absolute_url()).status_code == 404


def test_business_case_outcome_form_records_realised_figures(client, head) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    response = _as(client, head).post(
        f"/rapporter/business-cases/{case.pk}/realiseret/",
        {"year": "2016", "investment": "4136000", "savings": "1500000", "note": ""},
    )
    assert response.status_code == 302 and case.outcomes.get().savings == 1_500_000


def test_business_case_outcome_form_year_outside_is_422(client, head) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    response = _as(client, head).post(
        f"/rapporter/business-cases/{case.pk}/realiseret/",
        {"year": "2030", "investment": "1", "savings": "1", "note": ""},
    )
    assert response.status_code == 422 and "business casens periode" in response.content.decode()


def test_business_case_edit_stale_version_is_refused_and_input_kept(client, head) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    business_case_services.business_case_update(by=head, business_case=case, expected_version=1, data=BILLUND)
    response = _as(client, head).post(
        f"/rapporter/business-cases/{case.pk}/rediger/", with_form_token(_billund_post(version="1", title="Ny titel"))
    )
    body = response.content.decode()
    assert response.status_code == 422 and "En anden har gemt" in body and 'value="Ny titel"' in body


# --- evaluations ---------------------------------------------------------------------------------------------


@pytest.fixture
def pilot_evaluation(head, team, caseworker):
    for _ in range(6):
        ChildFactory(
            case__team=team, case__caseworker=caseworker, case__opened_on=date(2025, 1, 1), first_name="Pilotbarn"
        )
    return evaluation_services.evaluation_create(
        by=head, title="Pilot", baseline_on=date(2025, 9, 1), pool=[caseworker]
    )


def test_evaluation_create_form(client, head, caseworker) -> None:
    response = _as(client, head).post(
        "/rapporter/evalueringer/ny/",
        with_form_token(
            {
                "title": "Forsøg",
                "description": "",
                "baseline_on": "2025-09-01",
                "unit": "cases",
                "new_model_share": "50",
                "pool": [str(caseworker.pk)],
            }
        ),
    )
    assert response.status_code == 302 and Evaluation.objects.get().pool.get() == caseworker


def test_evaluation_lottery_form_records_the_given_seed(client, head, pilot_evaluation) -> None:
    response = _as(client, head).post(f"/rapporter/evalueringer/{pilot_evaluation.pk}/lodtraekning/", {"seed": "2015"})
    pilot_evaluation.refresh_from_db()
    assert response.status_code == 302 and (pilot_evaluation.lottery_seed, pilot_evaluation.lottery_run_by) == (
        2015,
        head,
    )


def test_evaluation_lottery_twice_shows_an_error(client, head, pilot_evaluation) -> None:
    _as(client, head).post(f"/rapporter/evalueringer/{pilot_evaluation.pk}/lodtraekning/", {"seed": "1"})
    response = client.post(f"/rapporter/evalueringer/{pilot_evaluation.pk}/lodtraekning/", {"seed": "2"})
    assert response.status_code == 422 and "allerede foretaget" in response.content.decode()


def test_evaluation_manual_snapshot_form_stores_each_childs_values(client, head, pilot_evaluation, monkeypatch) -> None:
    monkeypatch.setattr("sikkerhedsnet.reports.evaluations.providers.STAIRCASE_PROVIDER", None)  # the hand-entry path
    evaluation_services.evaluation_lottery_run(by=head, evaluation=pilot_evaluation, seed=1)
    ids = list(pilot_evaluation.participants.values_list("child_id", flat=True))
    data = {"taken_on": "2025-09-01"}
    for child_id in ids:
        data[f"category_{child_id}"], data[f"step_{child_id}"] = "4a", "3"
    response = _as(client, head).post(f"/rapporter/evalueringer/{pilot_evaluation.pk}/maaling/", data)
    assert response.status_code == 302 and EvaluationSnapshot.objects.filter(step=3, category="4a").count() == 6


def test_evaluation_snapshot_page_uses_the_wired_provider(client, head, pilot_evaluation, monkeypatch) -> None:
    evaluation_services.evaluation_lottery_run(by=head, evaluation=pilot_evaluation, seed=1)
    monkeypatch.setattr(
        "sikkerhedsnet.reports.evaluations.providers.STAIRCASE_PROVIDER",
        "sikkerhedsnet.reports.tests.test_views.fake_staircase",
    )
    response = _as(client, head).post(
        f"/rapporter/evalueringer/{pilot_evaluation.pk}/maaling/", {"taken_on": "2025-09-01"}
    )
    assert response.status_code == 302
    assert set(EvaluationSnapshot.objects.values_list("category", "step", "source")) == {("2", 1, "case_data")}


def fake_staircase(child_ids, on):
    """Stands in for measures.selectors.staircase_position in the test above."""
    return {child_id: ("2", 1) for child_id in child_ids}


def test_evaluation_detail_for_analyst_names_no_child(client, analyst, head, pilot_evaluation) -> None:
    evaluation_services.evaluation_lottery_run(by=head, evaluation=pilot_evaluation, seed=1)
    body = _as(client, analyst).get(pilot_evaluation.get_absolute_url()).content.decode()
    assert "Pilotbarn" not in body and "S-2026-" not in body


def test_evaluation_snapshot_page_is_403_for_analysts(client, analyst, pilot_evaluation) -> None:
    assert _as(client, analyst).get(f"/rapporter/evalueringer/{pilot_evaluation.pk}/maaling/").status_code == 403


def test_evaluation_export_for_analyst_names_no_child(client, analyst, head, pilot_evaluation) -> None:
    evaluation_services.evaluation_lottery_run(by=head, evaluation=pilot_evaluation, seed=1)
    body = _as(client, analyst).get(f"/rapporter/evalueringer/{pilot_evaluation.pk}/eksport/csv/").content
    assert b"Pilotbarn" not in body and b"S-2026-" not in body


# --- a child's FIT and questionnaire ---------------------------------------------------------------------------


def test_measurements_page_for_the_childs_caseworker(client, caseworker, child) -> None:
    FitScoreFactory(child=child, ors=23)
    response = _as(client, caseworker).get(f"/rapporter/barn/{child.pk}/maalinger/")
    assert response.status_code == 200 and "23,0" in response.content.decode()


@pytest.mark.parametrize("who", ["outsider", "analyst"])
def test_measurements_page_is_404_without_need_to_know(client, child, outsider, analyst, who) -> None:
    user = outsider if who == "outsider" else analyst
    assert _as(client, user).get(f"/rapporter/barn/{child.pk}/maalinger/").status_code == 404


def test_measurements_page_read_is_logged(client, caseworker, child) -> None:
    _as(client, caseworker).get(f"/rapporter/barn/{child.pk}/maalinger/")
    assert AuditEvent.objects.filter(type="child_viewed", child_id=child.pk).exists()


def test_fit_form_records_a_session(client, caseworker, child) -> None:
    response = _as(client, caseworker).post(
        f"/rapporter/barn/{child.pk}/maalinger/fit/",
        with_form_token({"session_on": "2026-01-05", "respondent": "father", "ors": "19,5", "srs": "36"}),
    )
    assert response.status_code == 302 and FitScore.objects.get().respondent == "father"


def test_fit_form_out_of_range_is_422(client, caseworker, child) -> None:
    response = _as(client, caseworker).post(
        f"/rapporter/barn/{child.pk}/maalinger/fit/",
        with_form_token({"session_on": "2026-01-05", "respondent": "child", "ors": "45", "srs": ""}),
    )
    assert response.status_code == 422 and not FitScore.objects.exists()


def test_fit_form_for_an_outsider_is_404(client, outsider, child) -> None:
    response = _as(client, outsider).post(
        f"/rapporter/barn/{child.pk}/maalinger/fit/",
        with_form_token({"session_on": "2026-01-05", "respondent": "child", "ors": "20", "srs": ""}),
    )
    assert response.status_code == 404 and not FitScore.objects.exists()


def test_involvement_form_records_an_answer(client, caseworker, child) -> None:
    response = _as(client, caseworker).post(
        f"/rapporter/barn/{child.pk}/maalinger/spoergeskema/",
        with_form_token(
            {"answered_on": "2026-01-05", "respondent": "parent", "involved": "4", "heard": "5", "effect": "3"}
        ),
    )
    assert response.status_code == 302 and InvolvementResponse.objects.get().heard == 5


def test_measurements_export_is_logged_against_the_child(client, caseworker, child) -> None:
    response = _as(client, caseworker).get(f"/rapporter/barn/{child.pk}/maalinger/eksport/csv/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(type="exported", child_id=child.pk).exists()


# --- early intervention ---------------------------------------------------------------------------------------


@pytest.fixture
def project(municipality, head):
    project = EarlyInterventionProjectFactory(municipality=municipality, created_by=head)
    DistrictFactory(project=project, name="Nord")
    return project


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?first_year=2019&last_year=2017", "Perioden slutter, før den begynder."),
        ("?first_year=1990&last_year=2025", "Perioden må højst være 30 år."),
        ("?first_year=-2017&last_year=2018", "Året skal ligge mellem 1900 og 2200."),
        ("?first_year=abc&last_year=2018", "Indtast et heltal"),
    ],
)
def test_early_report_bad_period_is_422_with_a_clear_error(client, head, project, query, message) -> None:
    response = _as(client, head).get(f"/rapporter/tidlig-indsats/{project.pk}/{query}")
    assert response.status_code == 422 and message in response.content.decode()


def test_early_report_for_a_period_without_data_is_empty_not_an_error(client, analyst, project) -> None:
    response = _as(client, analyst).get(f"/rapporter/tidlig-indsats/{project.pk}/?first_year=2030&last_year=2031")
    assert response.status_code == 200


def test_early_record_conversation_without_consent_is_refused_with_the_reason(client, head, project) -> None:
    district = project.districts.get()
    response = _as(client, head).post(
        f"/rapporter/tidlig-indsats/{project.pk}/registrer/conversation/",
        with_form_token(
            {
                "conversation-district": str(district.pk),
                "conversation-held_on": "2018-05-03",
                "conversation-age_band": "7-12",
                "conversation-parents_meeting_on": "2018-05-01",
            }
        ),
    )
    assert response.status_code == 422 and "kræver forældrenes samtykke" in response.content.decode()
    assert not WellbeingConversation.objects.exists()


def test_early_record_conversation_with_meeting_after_is_refused(client, head, project) -> None:
    district = project.districts.get()
    response = _as(client, head).post(
        f"/rapporter/tidlig-indsats/{project.pk}/registrer/conversation/",
        with_form_token(
            {
                "conversation-district": str(district.pk),
                "conversation-held_on": "2018-05-03",
                "conversation-age_band": "7-12",
                "conversation-parental_consent": "on",
                "conversation-parents_meeting_on": "2018-05-09",
            }
        ),
    )
    assert response.status_code == 422 and "skal ligge før samtalen" in response.content.decode()


def test_early_record_consultation(client, head, project) -> None:
    district = project.districts.get()
    response = _as(client, head).post(
        f"/rapporter/tidlig-indsats/{project.pk}/registrer/consultation/",
        with_form_token(
            {
                "consultation-district": str(district.pk),
                "consultation-requested_on": "2018-05-03",
                "consultation-specific_child": "on",
                "consultation-age_band": "0-6",
            }
        ),
    )
    assert response.status_code == 302 and Consultation.objects.get().age_band == "0-6"


def test_early_record_is_403_for_analysts(client, analyst, project) -> None:
    assert _as(client, analyst).get(f"/rapporter/tidlig-indsats/{project.pk}/registrer/").status_code == 403


def test_early_report_analyst_sees_small_counts_suppressed(client, analyst, project) -> None:
    for _ in range(3):
        ConsultationFactory(district=project.districts.get(), requested_on=date(2018, 1, 3))
    body = _as(client, analyst).get(f"/rapporter/tidlig-indsats/{project.pk}/?first_year=2018&last_year=2018")
    assert "&lt;5" in body.content.decode()


def test_early_project_form_creates_project_with_districts(client, head) -> None:
    response = _as(client, head).post("/rapporter/tidlig-indsats/ny/", {"name": "SFM", "districts": "Nord\nSyd\n"})
    assert response.status_code == 302
    assert list(EarlyInterventionProjectFactory._meta.model.objects.get().districts.values_list("name", flat=True)) == [
        "Nord",
        "Syd",
    ]


def test_unknown_export_format_is_404(client, head) -> None:
    assert _as(client, head).get("/rapporter/sagstal/eksport/docx/").status_code == 404


def test_evaluation_participant_of_another_municipality_cannot_be_reached(client, head) -> None:
    participant = EvaluationParticipantFactory()
    assert _as(client, head).get(participant.evaluation.get_absolute_url()).status_code == 404


def test_fit_form_double_submit_records_one_session(client, caseworker, child) -> None:
    url, data = (
        f"/rapporter/barn/{child.pk}/maalinger/fit/",
        with_form_token({"session_on": "2026-01-05", "respondent": "father", "ors": "19,5", "srs": "36"}),
    )
    first, second = _as(client, caseworker).post(url, data), client.post(url, data)
    assert (FitScore.objects.count(), second["Location"]) == (1, first["Location"])
