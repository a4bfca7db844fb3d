"""Form fuzzing targets for the measures app (see sikkerhedsnet/testing/fuzz.py)."""

from django.utils import timezone

from sikkerhedsnet.testing.fuzz import Ctx, Target, form_run, once, role_client


def _today() -> str:
    return timezone.localdate().isoformat()


def _head(ctx: Ctx):  # type: ignore[no-untyped-def]
    return role_client(ctx, "head")


def _operator(ctx: Ctx):  # type: ignore[no-untyped-def]
    """The installation's operator (a superuser outside the municipal roles): the only editor of legal bases."""
    from django.test import Client

    from sikkerhedsnet.accounts.models import User

    def make() -> Client:
        client = Client()
        operator = User.objects.create_user(username="fz_operator", role="admin", is_superuser=True)
        client.force_login(operator)
        return client

    return once(ctx, "client:operator", make)


def _measure(ctx: Ctx):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.measures.models import Measure
    from sikkerhedsnet.measures.tests.factories import MeasureFactory

    return Measure.objects.get(pk=once(ctx, "measure", lambda: MeasureFactory(child=ctx.child)).pk)


def _child(part: str):  # type: ignore[no-untyped-def]
    return lambda ctx: f"/indsatser/barn/{ctx.child.pk}/{part}"


def _edit_defaults(ctx: Ctx) -> dict[str, object]:
    m = _measure(ctx)
    return {"version": m.version, "purpose": "Formål", "goals_child": "Mål", "goals_parents": "Mål", "monthly_cost": 1}


def _goal_defaults(ctx: Ctx) -> dict[str, str]:
    from sikkerhedsnet.measures.tests.factories import ActionPlanFactory

    once(ctx, "action_plan", lambda: ActionPlanFactory(child=ctx.child))
    return {"for_whom": "child"}


_edit_url = lambda ctx: f"/indsatser/{_measure(ctx).pk}/rediger/"  # noqa: E731

TARGETS = {
    "sikkerhedsnet.measures.forms.LegalBasisForm": Target(
        "LegalBasisForm",
        ("paragraph", "title", "source_note"),
        form_run(
            lambda ctx: "/indsatser/hjemler/ny/",
            client=_operator,
            defaults=lambda ctx: {"code": "fz-basis", "law": "bl", "applies_to": "preventive", "valid_from": _today()},
        ),
    ),
    "sikkerhedsnet.measures.forms.OfferForm": Target(
        "OfferForm",
        ("name", "provider", "description"),
        form_run(
            lambda ctx: "/indsatser/tilbud/ny/",
            client=_head,
            defaults=lambda ctx: {"kind": "preventive", "step": "2", "categories": "3", "monthly_price": "100"},
        ),
    ),
    "sikkerhedsnet.measures.forms.MeasureDecideForm": Target(
        "MeasureDecideForm",
        ("purpose", "goals_child", "goals_parents", "provider", "staircase_reason", "urgent_reason"),
        form_run(_child("ny/"), defaults=lambda ctx: {"decided_on": _today(), "start_on": _today(), "category": "3"}),
    ),
    "sikkerhedsnet.measures.forms.MeasureEditForm": Target(
        "MeasureEditForm",
        ("purpose", "goals_child", "goals_parents", "end_reason"),
        form_run(_edit_url, defaults=_edit_defaults),
    ),
    # The fields both forms above share (the base class), through the edit page.
    "sikkerhedsnet.measures.forms.MeasureFieldsForm": Target(
        "MeasureFieldsForm",
        ("provider", "goals_child"),
        form_run(_edit_url, defaults=_edit_defaults),
    ),
    "sikkerhedsnet.measures.forms.StaircaseMoveForm": Target(
        "StaircaseMoveForm",
        ("reason",),
        form_run(_child("trappe/"), defaults=lambda ctx: {"moved_on": _today(), "to_step": "3"}),
    ),
    "sikkerhedsnet.measures.forms.ActionPlanForm": Target(
        "ActionPlanForm",
        ("participants", "step_down_plan", "family_support"),
        form_run(_child("plan/"), defaults=lambda ctx: {"made_on": _today(), "version": "0"}),
    ),
    "sikkerhedsnet.measures.forms.GoalForm": Target(
        "GoalForm",
        ("text",),
        form_run(_child("plan/maal/"), defaults=_goal_defaults, show=_child("plan/")),
    ),
}
