"""Safety-plan lifecycle: draft → active → new versions → ended; requirements, versioning, optimistic locking."""

from datetime import date, datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core.errors import Conflict, DomainError, StaleEdit
from sikkerhedsnet.safety import rules, services
from sikkerhedsnet.safety.models import SafetyPlan
from sikkerhedsnet.safety.tests.factories import complete_content

pytestmark = pytest.mark.django_db


def _draft(child, by, level="minimum", content=None):
    return services.safety_plan_create(by=by, child=child, level=level, content=content or {})


def _active(child, by, level="minimum"):
    plan = _draft(child, by, level, complete_content(level))
    return services.safety_plan_approve(by=by, plan=plan)


def test_safety_plan_create_incomplete_is_a_version_one_draft(child, caseworker) -> None:
    plan = _draft(child, caseworker)
    assert (plan.number, plan.status, plan.missing) == (1, "draft", list(rules.MINIMUM_REQUIREMENTS))


def test_safety_plan_create_is_audited(child, caseworker) -> None:
    plan = _draft(child, caseworker)
    assert AuditEvent.objects.filter(
        type="created", target_model="safety.safetyplan", target_id=str(plan.pk), child_id=child.pk
    ).exists()


def test_safety_plan_create_while_a_plan_is_in_progress_is_refused(child, caseworker) -> None:
    _draft(child, caseworker)
    with pytest.raises(Conflict) as exc:
        _draft(child, caseworker)
    assert exc.value.code == "safety_plan_exists"


def test_safety_plan_create_after_an_ended_plan_starts_a_new_lineage(child, caseworker) -> None:
    old = _active(child, caseworker)
    services.safety_plan_end(by=caseworker, plan=old, ended_on=timezone.localdate(), outcome="returned_home")
    new = _draft(child, caseworker)
    assert new.lineage != old.lineage and new.number == 1


def test_safety_plan_create_drops_blank_rows(child, caseworker) -> None:
    plan = _draft(child, caseworker, content={"agreements": [{"text": " ", "responsible": ""}, {"text": "Ring"}]})
    assert plan.agreements == [{"text": "Ring", "responsible": ""}]


def test_safety_plan_create_with_coordinator_and_reason_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError) as exc:
        _draft(child, caseworker, content={"network_coordinator": {"name": "Mormor", "none_reason": "Ingen"}})
    assert exc.value.code == "coordinator_or_reason"


def test_safety_plan_create_with_too_long_text_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError) as exc:
        _draft(child, caseworker, content={"contingency": "x" * 5001})
    assert exc.value.field == "contingency"


def test_safety_plan_update_draft_changes_it_in_place(child, caseworker) -> None:
    plan = _draft(child, caseworker)
    saved = services.safety_plan_update(
        by=caseworker, plan=plan, level="minimum", content=complete_content(), expected_version=plan.version
    )
    assert (saved.pk, saved.version, saved.missing) == (plan.pk, plan.version + 1, [])


def test_safety_plan_update_with_stale_version_is_refused_and_keeps_the_saved_text(
    child, caseworker, colleague_same_team
) -> None:
    plan = _draft(child, caseworker)
    services.safety_plan_update(
        by=colleague_same_team,
        plan=plan,
        level="minimum",
        content={"contingency": "Kollegas"},
        expected_version=plan.version,
    )
    with pytest.raises(StaleEdit):
        services.safety_plan_update(
            by=caseworker, plan=plan, level="minimum", content={"contingency": "Min"}, expected_version=plan.version
        )
    assert SafetyPlan.objects.get(pk=plan.pk).contingency == "Kollegas"


def test_safety_plan_update_active_creates_a_new_draft_version(child, caseworker) -> None:
    active = _active(child, caseworker)
    revision = services.safety_plan_update(by=caseworker, plan=active, level="detailed", content=complete_content())
    assert (revision.number, revision.status, revision.previous_id, revision.lineage) == (
        2,
        "draft",
        active.pk,
        active.lineage,
    )


def test_safety_plan_update_active_leaves_the_approved_version_untouched(child, caseworker) -> None:
    active = _active(child, caseworker)
    services.safety_plan_update(by=caseworker, plan=active, level="minimum", content={"contingency": "Nyt"})
    active.refresh_from_db()
    assert (active.status, active.contingency, active.agreements) == ("active", "", complete_content()["agreements"])


def test_safety_plan_update_active_when_a_revision_draft_exists_is_refused(child, caseworker) -> None:
    active = _active(child, caseworker)
    services.safety_plan_update(by=caseworker, plan=active, level="minimum", content={})
    with pytest.raises(Conflict) as exc:
        services.safety_plan_update(by=caseworker, plan=active, level="minimum", content={})
    assert exc.value.code == "revision_draft_exists"


def test_safety_plan_update_superseded_version_is_refused(child, caseworker) -> None:
    v1 = _active(child, caseworker)
    v2 = services.safety_plan_update(by=caseworker, plan=v1, level="minimum", content=complete_content())
    services.safety_plan_approve(by=caseworker, plan=v2)
    with pytest.raises(Conflict) as exc:
        services.safety_plan_update(by=caseworker, plan=v1, level="minimum", content={})
    assert exc.value.code == "plan_not_editable"


@pytest.mark.parametrize(
    ("level", "section"),
    [("minimum", s) for s in rules.MINIMUM_REQUIREMENTS] + [("detailed", s) for s in rules.DETAILED_REQUIREMENTS],
)
def test_safety_plan_approve_with_one_requirement_missing_names_it(child, caseworker, level, section) -> None:
    content = complete_content(level)
    content.pop(section)
    plan = _draft(child, caseworker, level, content)
    with pytest.raises(services.IncompletePlan) as exc:
        services.safety_plan_approve(by=caseworker, plan=plan)
    assert exc.value.missing == [section]


def test_safety_plan_approve_incomplete_leaves_the_draft_a_draft(child, caseworker) -> None:
    plan = _draft(child, caseworker)
    with pytest.raises(services.IncompletePlan):
        services.safety_plan_approve(by=caseworker, plan=plan)
    assert SafetyPlan.objects.get(pk=plan.pk).status == "draft"


def test_safety_plan_approve_complete_makes_it_active_with_default_review_date(child, caseworker) -> None:
    plan = services.safety_plan_approve(
        by=caseworker, plan=_draft(child, caseworker, "detailed", complete_content("detailed"))
    )
    assert (plan.status, plan.approved_by, plan.review_on) == (
        "active",
        caseworker,
        rules.default_review_on("detailed", timezone.localdate()),
    )


def test_safety_plan_approve_revision_supersedes_the_active_version(child, caseworker) -> None:
    v1 = _active(child, caseworker)
    v2 = services.safety_plan_update(by=caseworker, plan=v1, level="detailed", content=complete_content("detailed"))
    services.safety_plan_approve(by=caseworker, plan=v2)
    statuses = list(SafetyPlan.objects.filter(lineage=v1.lineage).order_by("number").values_list("status", flat=True))
    assert statuses == ["superseded", "active"]


def test_safety_plan_every_version_is_kept(child, caseworker) -> None:
    plan = _active(child, caseworker)
    for _ in range(3):
        plan = services.safety_plan_approve(
            by=caseworker,
            plan=services.safety_plan_update(by=caseworker, plan=plan, level="minimum", content=complete_content()),
        )
    assert list(SafetyPlan.objects.filter(child=child).order_by("number").values_list("number", "status")) == [
        (1, "superseded"),
        (2, "superseded"),
        (3, "superseded"),
        (4, "active"),
    ]


def test_safety_plan_approve_twice_is_refused(child, caseworker) -> None:
    plan = _active(child, caseworker)
    with pytest.raises(Conflict) as exc:
        services.safety_plan_approve(by=caseworker, plan=plan)
    assert exc.value.code == "not_draft"


def test_safety_plan_approve_with_review_date_in_the_past_is_refused(child, caseworker) -> None:
    plan = _draft(child, caseworker, content=complete_content())
    with pytest.raises(DomainError) as exc:
        services.safety_plan_approve(by=caseworker, plan=plan, review_on=timezone.localdate() - timedelta(days=1))
    assert exc.value.field == "review_on"


@pytest.mark.parametrize(
    ("moment", "review_on"),
    [
        ("2027-01-31 23:30", date(2027, 2, 28)),  # still 31 January in Copenhagen
        ("2027-02-01 00:30", date(2027, 3, 1)),  # already 1 February in Copenhagen (still 31 January in UTC)
        ("2027-03-28 03:30", date(2027, 4, 28)),  # the spring daylight-saving day
        ("2027-10-31 02:30", date(2027, 11, 30)),  # the autumn daylight-saving day, clamped to month end
    ],
)
def test_safety_plan_approve_review_date_follows_copenhagen_day(child, caseworker, moment, review_on) -> None:
    plan = _draft(child, caseworker, content=complete_content())
    at = datetime.fromisoformat(moment).replace(tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(at, tick=False):
        approved = services.safety_plan_approve(by=caseworker, plan=plan)
    assert approved.review_on == review_on


def test_safety_plan_end_records_outcome_and_discards_a_pending_draft(child, caseworker) -> None:
    active = _active(child, caseworker)
    draft = services.safety_plan_update(by=caseworker, plan=active, level="minimum", content={})
    ended = services.safety_plan_end(
        by=caseworker, plan=active, ended_on=timezone.localdate(), outcome="stayed_home_avoided_foster_care"
    )
    assert (ended.status, ended.outcome, SafetyPlan.objects.get(pk=draft.pk).status) == (
        "ended",
        "stayed_home_avoided_foster_care",
        "discarded",
    )


def test_safety_plan_end_flag_without_voluntary_placement_is_refused(child, caseworker) -> None:
    active = _active(child, caseworker)
    with pytest.raises(DomainError) as exc:
        services.safety_plan_end(
            by=caseworker,
            plan=active,
            ended_on=timezone.localdate(),
            outcome="returned_home",
            compulsory_became_voluntary=True,
        )
    assert exc.value.field == "compulsory_became_voluntary"


def test_safety_plan_end_a_draft_is_refused(child, caseworker) -> None:
    with pytest.raises(Conflict):
        services.safety_plan_end(
            by=caseworker, plan=_draft(child, caseworker), ended_on=timezone.localdate(), outcome="other"
        )


def test_safety_plan_end_in_the_future_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError):
        services.safety_plan_end(
            by=caseworker,
            plan=_active(child, caseworker),
            ended_on=timezone.localdate() + timedelta(days=1),
            outcome="other",
        )


def test_safety_plan_discard_draft_keeps_it_marked(child, caseworker) -> None:
    plan = services.safety_plan_discard(by=caseworker, plan=_draft(child, caseworker))
    assert plan.status == "discarded" and SafetyPlan.objects.filter(pk=plan.pk).exists()


def test_safety_plan_discard_active_is_refused(child, caseworker) -> None:
    with pytest.raises(Conflict):
        services.safety_plan_discard(by=caseworker, plan=_active(child, caseworker))


def test_safety_plan_approve_proposes_the_municipalitys_review_period_in_force(child, caseworker) -> None:
    """The municipality sets 2 months for a minimum plan from today (issue #15, municipal settings): approving on
    3 March 2026 without a date proposes 3 May 2026, not the practice default of 1 month."""
    from sikkerhedsnet.accounts import settings_services
    from sikkerhedsnet.accounts.models import User
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    municipality = child.case.team.department.municipality
    with time_machine.travel(datetime(2026, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False):
        head = cast(User, UserFactory(role="head", team=None, municipality=municipality))
        settings_services.setting_change(
            by=head,
            municipality=municipality,
            key="safety_plan_review_months_minimum",
            value="2",
            effective_from=None,
            expected_version=0,
        )
        plan = services.safety_plan_approve(
            by=caseworker, plan=_draft(child, caseworker, "minimum", complete_content("minimum"))
        )
    assert plan.review_on == date(2026, 5, 3)
