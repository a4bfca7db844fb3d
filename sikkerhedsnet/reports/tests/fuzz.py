"""Form fuzzing targets for the reports app (see sikkerhedsnet/testing/fuzz.py)."""

from django.utils import timezone

from sikkerhedsnet.testing.fuzz import Ctx, Target, form_run, get_run, once, role_client


def _head(ctx: Ctx):  # type: ignore[no-untyped-def]
    return role_client(ctx, "head")


def _municipality(ctx: Ctx):  # type: ignore[no-untyped-def]
    return ctx.child.case.team.department.municipality


def _business_case(ctx: Ctx):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import UserFactory
    from sikkerhedsnet.reports.models import BusinessCase

    def make():  # type: ignore[no-untyped-def]
        by = UserFactory(username="fz_bc_head", role="head", team=None, municipality=_municipality(ctx))
        return BusinessCase.objects.create(
            municipality=_municipality(ctx), title="Fiktiv business case", first_year=2026, years=3, created_by=by
        )

    return once(ctx, "business_case", make)


def _evaluation(ctx: Ctx):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.reports.tests.factories import EvaluationFactory

    return once(ctx, "evaluation", lambda: EvaluationFactory(municipality=_municipality(ctx)))


def _project(ctx: Ctx):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.reports.tests.factories import DistrictFactory, EarlyInterventionProjectFactory

    def make():  # type: ignore[no-untyped-def]
        project = EarlyInterventionProjectFactory(municipality=_municipality(ctx))
        DistrictFactory(project=project)
        return project

    return once(ctx, "project", make)


def _lines(prefix: str, values: dict[str, str] | None = None) -> dict[str, str]:
    data = {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"}
    for field in ("label", "amount", "amounts"):
        data[f"{prefix}-0-{field}"] = (values or {}).get(field, "")
    return data


def _business_case_data(ctx: Ctx) -> dict[str, str]:
    return {"first_year": "2026", "years": "3"} | _lines("investments") | _lines("savings")


def _line_run(ctx: Ctx, values: dict[str, str]) -> list[str]:
    from sikkerhedsnet.testing.fuzz import get_follow, post

    data = (
        {"title": "Fiktiv", "first_year": "2026", "years": "3"}
        | _lines("investments", {"amount": "1000"} | values)
        | _lines("savings")
    )
    client = _head(ctx)
    response = post(client, "/rapporter/business-cases/ny/", data)
    return [response.content.decode(), get_follow(client, response)]


def _record(kind: str):  # type: ignore[no-untyped-def]
    return lambda ctx: f"/rapporter/tidlig-indsats/{_project(ctx).pk}/registrer/{kind}/"


TODAY = lambda: timezone.localdate().isoformat()  # noqa: E731

TARGETS = {
    "sikkerhedsnet.reports.business_cases.forms.BusinessCaseForm": Target(
        "BusinessCaseForm",
        ("title", "description"),
        form_run(lambda ctx: "/rapporter/business-cases/ny/", client=_head, defaults=_business_case_data),
    ),
    "sikkerhedsnet.reports.business_cases.forms.LineForm": Target("LineForm", ("label", "amounts"), _line_run),
    "sikkerhedsnet.reports.business_cases.forms.OutcomeForm": Target(
        "OutcomeForm",
        ("note",),
        form_run(
            lambda ctx: f"/rapporter/business-cases/{_business_case(ctx).pk}/realiseret/",
            client=_head,
            defaults=lambda ctx: {"year": "2026", "investment": "1", "savings": "x"},
        ),
    ),
    "sikkerhedsnet.reports.evaluations.forms.EvaluationForm": Target(
        "EvaluationForm",
        ("title", "description"),
        form_run(
            lambda ctx: "/rapporter/evalueringer/ny/", client=_head, defaults=lambda ctx: {"baseline_on": TODAY()}
        ),
    ),
    "sikkerhedsnet.reports.evaluations.forms.LotteryForm": Target(
        "LotteryForm",
        ("seed",),
        form_run(lambda ctx: f"/rapporter/evalueringer/{_evaluation(ctx).pk}/lodtraekning/", client=_head),
        echoes=False,
    ),
    "sikkerhedsnet.reports.evaluations.forms.SnapshotDateForm": Target(
        "SnapshotDateForm",
        ("taken_on",),
        form_run(lambda ctx: f"/rapporter/evalueringer/{_evaluation(ctx).pk}/maaling/", client=_head),
        echoes=False,
    ),
    "sikkerhedsnet.reports.evaluations.forms.SnapshotForm": Target(
        "SnapshotForm",
        ("taken_on",),
        form_run(lambda ctx: f"/rapporter/evalueringer/{_evaluation(ctx).pk}/maaling/", client=_head),
        echoes=False,
    ),
    "sikkerhedsnet.reports.evaluations.forms.FollowUpChoiceForm": Target(
        "FollowUpChoiceForm",
        ("follow_up_on",),
        get_run(lambda ctx: f"/rapporter/evalueringer/{_evaluation(ctx).pk}/", client=_head),
        echoes=False,
    ),
    "sikkerhedsnet.reports.measurements.forms.FitScoreForm": Target(
        "FitScoreForm",
        ("ors", "srs"),
        form_run(
            lambda ctx: f"/rapporter/barn/{ctx.child.pk}/maalinger/fit/",
            defaults=lambda ctx: {"session_on": TODAY(), "respondent": "child"},
        ),
    ),
    "sikkerhedsnet.reports.measurements.forms.InvolvementForm": Target(
        "InvolvementForm",
        ("answered_on",),
        form_run(lambda ctx: f"/rapporter/barn/{ctx.child.pk}/maalinger/spoergeskema/"),
    ),
    "sikkerhedsnet.reports.forms.PeriodForm": Target(
        "PeriodForm",
        ("first_year", "last_year"),
        get_run(lambda ctx: f"/rapporter/tidlig-indsats/{_project(ctx).pk}/", client=_head),
        echoes=False,
    ),
    "sikkerhedsnet.reports.forms.MonthPeriodForm": Target(
        "MonthPeriodForm",
        ("start", "end"),
        get_run(lambda ctx: "/rapporter/ledelsesinformation/", client=_head),
    ),
    "sikkerhedsnet.reports.forms.DatePeriodForm": Target(
        "DatePeriodForm",
        ("start", "end"),
        get_run(lambda ctx: "/rapporter/selvrevision/", client=_head),
    ),
    "sikkerhedsnet.reports.early_intervention.forms.EarlyProjectForm": Target(
        "EarlyProjectForm",
        ("name", "leader", "goal", "content", "future"),
        form_run(lambda ctx: "/rapporter/tidlig-indsats/ny/", client=_head),
    ),
    # The base of the project form (no fields of its own), through the same page.
    "sikkerhedsnet.reports.early_intervention.forms._ProjectForm": Target(
        "_ProjectForm", ("name", "districts"), form_run(lambda ctx: "/rapporter/tidlig-indsats/ny/", client=_head)
    ),
    "sikkerhedsnet.reports.early_intervention.forms.ConsultationForm": Target(
        "ConsultationForm", ("requested_on",), form_run(_record("consultation"), prefix="consultation")
    ),
    "sikkerhedsnet.reports.early_intervention.forms.WellbeingConversationForm": Target(
        "WellbeingConversationForm",
        ("held_on", "parents_meeting_on"),
        form_run(_record("conversation"), prefix="conversation"),
    ),
    "sikkerhedsnet.reports.early_intervention.forms.BudgetForm": Target(
        "BudgetForm", ("amount",), form_run(_record("budget"), client=_head, prefix="budget")
    ),
    "sikkerhedsnet.reports.early_intervention.forms.ExpenseForm": Target(
        "ExpenseForm",
        ("text",),
        form_run(
            _record("expense"),
            client=_head,
            prefix="expense",
            defaults=lambda ctx: {"expense-booked_on": TODAY(), "expense-kind": "x", "expense-amount": "1"},
        ),
    ),
}
