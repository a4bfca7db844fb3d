"""Access expectations for the reports app, pages and API (see sikkerhedsnet/testing/access.py).

How the views check access (reports/access.py holds the rules): reports are for analysts, team leaders and heads
(403 for anyone else, before the lookup); business cases are edited by analysts and heads, evaluations and early
intervention projects managed by heads, the early-intervention log written by the case roles. A record of
another municipality is 404. The child's measurements (FIT, questionnaire) go through children's
child_for_request: 404 for anyone who may not see the child, and the read is logged.
"""

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
    municipality_object,
    only,
)

REPORT_ROLES = ("analyst", "head", "team_leader")
BUSINESS_CASE_EDITORS = ("analyst", "head")
MANAGERS = ("head",)
RECORDERS = CASE_ROLES


def _business_case(world, relation):
    from sikkerhedsnet.reports.models import BusinessCase

    return BusinessCase.objects.create(
        municipality=world.municipalities[relation],
        title=f"Tidlig indsats i skolerne ({relation})",
        first_year=2026,
        years=5,
        created_by=world.users["head"],
    )


def _evaluation(world, relation):
    from sikkerhedsnet.reports.tests.factories import EvaluationFactory

    return EvaluationFactory(municipality=world.municipalities[relation], created_by=world.users["head"])


def _project(world, relation):
    from sikkerhedsnet.reports.tests.factories import EarlyInterventionProjectFactory

    return EarlyInterventionProjectFactory(municipality=world.municipalities[relation], created_by=world.users["head"])


NO_CHILD = {"child": lambda o: None}
OBJECTS = {
    "business_case": Obj(make=_business_case, kwargs=lambda o: {"business_case_id": o.pk}, **NO_CHILD),
    "evaluation": Obj(make=_evaluation, kwargs=lambda o: {"evaluation_id": o.pk}, **NO_CHILD),
    "early_project": Obj(make=_project, kwargs=lambda o: {"project_id": o.pk}, **NO_CHILD),
}

REPORTS = only(REPORT_ROLES)
COMPLIANCE = only(("head", "team_leader"))
POST_ONLY = everyone(NOT_ALLOWED)
CHILD = case_object()
CSV = {"fmt": "csv"}


def record(obj, roles, **kw):
    rule = municipality_object(roles)
    return Url(obj=obj, get=rule, post=rule, **kw)


URLS = {
    "reports:index": Url(get=REPORTS, post=REPORTS),
    "reports:caseload": Url(get=REPORTS, post=REPORTS),
    "reports:caseload_export": Url(get=REPORTS, post=REPORTS, kwargs=CSV),
    # The management dashboard and the placement economics: figures for a team (team leader), the municipality
    # (head) or the municipality with small numbers suppressed (analyst); never a child. Exports are logged.
    "reports:dashboard": Url(get=REPORTS, post=REPORTS),
    "reports:dashboard_export": Url(get=REPORTS, post=REPORTS, kwargs=CSV, audit=("exported",)),
    "reports:placements": Url(get=REPORTS, post=REPORTS),
    "reports:placements_export": Url(get=REPORTS, post=REPORTS, kwargs=CSV, audit=("exported",)),
    # The self-audit: team leader (own team) and head (municipality); it names cases, so never the analyst. Each
    # listed child is logged (children_listed) on the drill-down; the committee PDF is logged as an export.
    "reports:compliance": Url(get=COMPLIANCE, post=COMPLIANCE),
    "reports:compliance_cases": Url(get=COMPLIANCE, post=COMPLIANCE),
    "reports:compliance_pdf": Url(get=COMPLIANCE, post=COMPLIANCE, audit=("exported",)),
    "reports:business_case_list": Url(get=REPORTS, post=REPORTS),
    "reports:business_case_create": Url(get=only(BUSINESS_CASE_EDITORS), post=only(BUSINESS_CASE_EDITORS)),
    "reports:business_case_detail": record("business_case", REPORT_ROLES),
    "reports:business_case_edit": record("business_case", BUSINESS_CASE_EDITORS),
    "reports:business_case_outcome": Url(
        obj="business_case", get=POST_ONLY, post=municipality_object(BUSINESS_CASE_EDITORS)
    ),
    "reports:business_case_export": record("business_case", REPORT_ROLES, kwargs=CSV),
    "reports:evaluation_list": Url(get=REPORTS, post=REPORTS),
    "reports:evaluation_create": Url(get=only(MANAGERS), post=only(MANAGERS)),
    "reports:evaluation_detail": record("evaluation", REPORT_ROLES),
    "reports:evaluation_lottery": Url(obj="evaluation", get=POST_ONLY, post=municipality_object(MANAGERS)),
    "reports:evaluation_snapshot": record("evaluation", MANAGERS),
    "reports:evaluation_export": record("evaluation", REPORT_ROLES, kwargs=CSV),
    "reports:measurements": Url(obj="child", get=CHILD, post=CHILD, audit=("child_viewed",)),
    "reports:fit_add": Url(obj="child", get=POST_ONLY, post=CHILD),
    "reports:involvement_add": Url(obj="child", get=POST_ONLY, post=CHILD),
    "reports:measurements_export": Url(obj="child", get=CHILD, post=CHILD, audit=("child_viewed",), kwargs=CSV),
    "reports:early_list": Url(get=REPORTS, post=REPORTS),
    "reports:early_create": Url(get=only(MANAGERS), post=only(MANAGERS)),
    "reports:early_detail": record("early_project", REPORT_ROLES),
    "reports:early_edit": record("early_project", MANAGERS),
    "reports:early_record": record("early_project", RECORDERS),
    "reports:early_record_save": Url(
        obj="early_project", get=POST_ONLY, post=municipality_object(RECORDERS), kwargs={"kind": "consultation"}
    ),
    "reports:early_export": record("early_project", REPORT_ROLES, kwargs=CSV),
}

API_REPORTS = only(REPORT_ROLES, anonymous=UNAUTHORIZED)
EXPORTED = ("exported",)


def api_record(roles):
    return municipality_object(roles, anonymous=UNAUTHORIZED)


def _evaluation_body(world):
    worker = world.users["caseworker"]
    return {"title": "Evaluering (matrix)", "baseline_date": "2026-01-05", "pool": [worker.username]}


API = {
    # A pure computation on the figures sent: nothing stored, no personal data; any token holder may use it.
    "POST /api/v1/business-cases/compute": Api(rule=everyone(anonymous=UNAUTHORIZED), body=lambda w: {}),
    "GET /api/v1/reports/caseload": Api(rule=only(REPORT_ROLES, anonymous=UNAUTHORIZED)),
    # The dashboard and placement economics as JSON: always suppressed, logged as an export.
    "GET /api/v1/reports/dashboard": Api(rule=API_REPORTS, audit=EXPORTED),
    "GET /api/v1/reports/placements": Api(rule=API_REPORTS, audit=EXPORTED),
    "GET /api/v1/reports/compliance": Api(rule=only(("head", "team_leader"), anonymous=UNAUTHORIZED), audit=EXPORTED),
    # Evaluations and early-intervention projects: as the pages (report roles read, heads manage; another
    # municipality's record is 404).
    "GET /api/v1/evaluations": Api(rule=API_REPORTS),
    "GET /api/v1/evaluations/{evaluation_id}": Api(obj="evaluation", rule=api_record(REPORT_ROLES), audit=EXPORTED),
    "POST /api/v1/evaluations": Api(rule=only(MANAGERS, anonymous=UNAUTHORIZED), body=_evaluation_body),
    "POST /api/v1/evaluations/{evaluation_id}/lottery": Api(
        obj="evaluation", rule=api_record(MANAGERS), body=lambda w: {"seed": 42}
    ),
    "GET /api/v1/early-intervention-projects": Api(rule=API_REPORTS),
    "GET /api/v1/early-intervention-projects/{project_id}": Api(
        obj="early_project", rule=api_record(REPORT_ROLES), audit=EXPORTED
    ),
    "POST /api/v1/early-intervention-projects": Api(
        rule=only(MANAGERS, anonymous=UNAUTHORIZED), body=lambda w: {"name": "Tidlig indsats (matrix)"}
    ),
    "PUT /api/v1/early-intervention-projects/{project_id}": Api(
        obj="early_project", rule=api_record(MANAGERS), body=lambda w: {"name": "Tidlig indsats (rettet)", "version": 1}
    ),
}


# --- Filling the gaps (v2): measurements, snapshots, the early-intervention log ----------------------------------
# The child's measurements as the page: need to know through child_for_api (403 for a role without case access,
# 404 for a child not seen), every read logged on the child. A refusal by the service (no lottery yet, a district
# that is not the project's) is a 409/422, which the matrix counts as "ok".
API_CHILD = case_object(no_access=FORBIDDEN, anonymous=UNAUTHORIZED)
VIEWED = ("child_viewed",)


def _today(world):
    from django.utils import timezone

    return timezone.localdate().isoformat()


API |= {
    "GET /api/v1/children/{child_id}/fit-scores": Api(obj="child", rule=API_CHILD, audit=VIEWED),
    "POST /api/v1/children/{child_id}/fit-scores": Api(
        obj="child", rule=API_CHILD, body=lambda w: {"session_on": _today(w), "respondent": "child", "ors": 20}
    ),
    "GET /api/v1/children/{child_id}/involvement-responses": Api(obj="child", rule=API_CHILD, audit=VIEWED),
    "POST /api/v1/children/{child_id}/involvement-responses": Api(
        obj="child",
        rule=API_CHILD,
        body=lambda w: {"answered_on": _today(w), "respondent": "parent", "involved": 4, "heard": 5, "effect": 3},
    ),
    "POST /api/v1/evaluations/{evaluation_id}/snapshots": Api(
        obj="evaluation", rule=api_record(MANAGERS), body=lambda w: {"taken_on": "2025-09-01"}
    ),
}

# The early-intervention log, as the record page: the case roles of the project's municipality (404 otherwise). The
# matrix's project has no districts, so an allowed call is the service's 422 invalid_district (counted as "ok").
API |= {
    "POST /api/v1/early-intervention-projects/{project_id}/consultations": Api(
        obj="early_project",
        rule=api_record(RECORDERS),
        body=lambda w: {"district": "Nord", "requested_on": _today(w)},
    ),
    "POST /api/v1/early-intervention-projects/{project_id}/wellbeing-conversations": Api(
        obj="early_project",
        rule=api_record(RECORDERS),
        body=lambda w: {
            "district": "Nord",
            "held_on": _today(w),
            "age_band": "7-12",
            "parental_consent": True,
            "parents_meeting_on": _today(w),
        },
    ),
    "POST /api/v1/early-intervention-projects/{project_id}/budgets": Api(
        obj="early_project", rule=api_record(RECORDERS), body=lambda w: {"year": 2026, "amount": 100000}
    ),
    "POST /api/v1/early-intervention-projects/{project_id}/expenses": Api(
        obj="early_project",
        rule=api_record(RECORDERS),
        body=lambda w: {"booked_on": _today(w), "amount": 2500, "text": "Materialer"},
    ),
}

# Reading the early-intervention log back (the lists next to the POSTs): the same people as the record page; single
# anonymous records are not suppressed figures, so the analyst (and every other role outside the case roles) is 403.
API |= {
    f"GET /api/v1/early-intervention-projects/{{project_id}}/{kind}": Api(
        obj="early_project", rule=api_record(RECORDERS)
    )
    for kind in ("consultations", "wellbeing-conversations", "budgets", "expenses")
}
