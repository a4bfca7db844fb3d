"""Form fuzzing targets for the safety app (see sikkerhedsnet/testing/fuzz.py)."""

from django.utils import timezone

from sikkerhedsnet.testing.fuzz import Ctx, Target, form_run, once


def _today() -> str:
    return timezone.localdate().isoformat()


def _mapping(ctx: Ctx):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.safety.models import Mapping
    from sikkerhedsnet.safety.tests.factories import MappingFactory, ParticipantFactory

    def make():  # type: ignore[no-untyped-def]
        mapping = MappingFactory(child=ctx.child)
        ParticipantFactory(mapping=mapping, name="Mor", role="mother")
        return mapping

    return Mapping.objects.get(pk=once(ctx, "mapping", make).pk)


def _plan(ctx: Ctx, status: str = "draft"):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.safety.models import SafetyPlan
    from sikkerhedsnet.safety.tests.factories import SafetyPlanFactory

    def make():  # type: ignore[no-untyped-def]
        extra = {}
        if status == "active":
            extra = {"approved_at": timezone.now(), "approved_by": ctx.child.case.caseworker}
            extra["review_on"] = timezone.localdate()
        return SafetyPlanFactory(child=ctx.child, status=status, **extra)

    return SafetyPlan.objects.get(pk=once(ctx, f"plan:{status}", make).pk)


def _story(ctx: Ctx):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.safety.models import WordsAndPictures
    from sikkerhedsnet.safety.tests.factories import StoryFactory

    return WordsAndPictures.objects.get(pk=once(ctx, "story", lambda: StoryFactory(child=ctx.child)).pk)


def _houses(ctx: Ctx):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.safety.models import ThreeHouses
    from sikkerhedsnet.safety.tests.factories import ThreeHousesFactory

    return ThreeHouses.objects.get(pk=once(ctx, "houses", lambda: ThreeHousesFactory(child=ctx.child)).pk)


def _member(ctx: Ctx):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.safety.models import NetworkMember
    from sikkerhedsnet.safety.tests.factories import NetworkMemberFactory

    return NetworkMember.objects.get(pk=once(ctx, "member", lambda: NetworkMemberFactory(child=ctx.child)).pk)


def _child_url(part: str):  # type: ignore[no-untyped-def]
    return lambda ctx: f"/sikkerhed/boern/{ctx.child.pk}/{part}"


def _rows(prefix: str, fields: tuple[str, ...], values: dict[str, str] | None = None) -> dict[str, str]:
    """One formset row (management form included) holding `values` or nothing."""
    data = {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"}
    for field in fields:
        data[f"{prefix}-0-{field}"] = (values or {}).get(field, "")
    return data


PLAN_ROWS = {
    "agreements": ("text", "responsible"),
    "contacts": ("name", "phone", "relation"),
    "professional_agreements": ("text", "responsible"),
    "informed_persons": ("name", "relation"),
}


def _plan_data(ctx: Ctx, rows: str = "", values: dict[str, str] | None = None) -> dict[str, str]:
    data = {"level": "minimum"}
    for prefix, fields in PLAN_ROWS.items():
        data |= _rows(prefix, fields, values if prefix == rows else None)
    return data


def _plan_rows_run(section: str):  # type: ignore[no-untyped-def]
    def run(ctx: Ctx, values: dict[str, str]) -> list[str]:
        from sikkerhedsnet.testing.fuzz import get_follow, post

        plan = _plan(ctx)
        response = post(ctx.client, f"/sikkerhed/sikkerhedsplaner/{plan.pk}/rediger/", _plan_data(ctx, section, values))
        return [response.content.decode(), get_follow(ctx.client, response)]

    return run


def _scores_run(ctx: Ctx, values: dict[str, str]) -> list[str]:
    from sikkerhedsnet.testing.fuzz import get_follow, post

    data = {"scored_on": _today(), "question": "Hvor sikker er du?"} | _rows(
        "scores", ("participant", "role", "score"), {"role": "mother", "score": "5"} | values
    )
    response = post(ctx.client, f"/sikkerhed/boern/{ctx.child.pk}/skalering/", data)
    return [response.content.decode(), get_follow(ctx.client, response)]


def _scaling_defaults(ctx: Ctx) -> dict[str, str]:
    return {"scored_on": _today()} | _rows(
        "scores", ("participant", "role", "score"), {"participant": "Mor", "role": "mother", "score": "5"}
    )


TARGETS = {
    "sikkerhedsnet.safety.forms.TargetGroupForm": Target(
        "TargetGroupForm",
        ("note",),
        form_run(_child_url("maalgruppe/"), defaults=lambda ctx: {"assessed_on": _today()}),
    ),
    "sikkerhedsnet.safety.forms.MappingCreateForm": Target(
        "MappingCreateForm",
        ("title",),
        form_run(_child_url("kortlaegning/ny/"), defaults=lambda ctx: {"held_on": _today()}),
    ),
    "sikkerhedsnet.safety.forms.ParticipantForm": Target(
        "ParticipantForm",
        ("name",),
        form_run(
            lambda ctx: f"/sikkerhed/kortlaegning/{_mapping(ctx).pk}/deltagere/",
            defaults=lambda ctx: {"participant-role": "network"},
            prefix="participant",
        ),
    ),
    "sikkerhedsnet.safety.forms.EntryForm": Target(
        "EntryForm",
        ("text",),
        form_run(
            lambda ctx: f"/sikkerhed/kortlaegning/{_mapping(ctx).pk}/punkter/worries/",
            defaults=lambda ctx: {
                "worries-category": "past_harm",
                "worries-said_by": _mapping(ctx).participants.first().pk,
            },
            prefix="worries",
        ),
    ),
    "sikkerhedsnet.safety.forms.StatementsForm": Target(
        "StatementsForm",
        ("danger_statement", "safety_goal"),
        form_run(
            lambda ctx: f"/sikkerhed/kortlaegning/{_mapping(ctx).pk}/faresaetninger/",
            defaults=lambda ctx: {"version": _mapping(ctx).version},
        ),
    ),
    "sikkerhedsnet.safety.forms.CompareForm": Target(
        "CompareForm", ("a", "b"), form_run(_child_url("kortlaegning/sammenlign/")), echoes=False
    ),
    "sikkerhedsnet.safety.forms.ScalingForm": Target(
        "ScalingForm", ("question", "note"), form_run(_child_url("skalering/"), defaults=_scaling_defaults)
    ),
    "sikkerhedsnet.safety.forms.ScoreRowForm": Target("ScoreRowForm", ("participant",), _scores_run),
    "sikkerhedsnet.safety.forms.NetworkMemberForm": Target(
        "NetworkMemberForm",
        ("name", "relation", "phone", "commitment"),
        form_run(_child_url("netvaerk/ny/"), defaults=lambda ctx: {"role": "supporter"}),
    ),
    "sikkerhedsnet.safety.forms.NetworkMemberEditForm": Target(
        "NetworkMemberEditForm",
        ("name", "relation", "phone", "commitment"),
        form_run(
            lambda ctx: f"/sikkerhed/netvaerk/{_member(ctx).pk}/",
            defaults=lambda ctx: {"version": _member(ctx).version, "role": "supporter", "active": "on"},
        ),
    ),
    "sikkerhedsnet.safety.forms.NetworkMeetingForm": Target(
        "NetworkMeetingForm",
        ("other_participants", "minutes"),
        form_run(_child_url("netvaerk/moeder/"), defaults=lambda ctx: {"held_on": _today()}),
    ),
    "sikkerhedsnet.safety.forms.PlanForm": Target(
        "PlanForm",
        ("danger_statement", "safety_goal", "coordinator_name", "contingency"),
        form_run(_child_url("sikkerhedsplan/ny/"), defaults=_plan_data),
    ),
    "sikkerhedsnet.safety.forms.AgreementRowForm": Target(
        "AgreementRowForm", ("text", "responsible"), _plan_rows_run("agreements")
    ),
    "sikkerhedsnet.safety.forms.ContactRowForm": Target(
        "ContactRowForm", ("name", "phone", "relation"), _plan_rows_run("contacts")
    ),
    "sikkerhedsnet.safety.forms.InformedRowForm": Target(
        "InformedRowForm", ("name", "relation"), _plan_rows_run("informed_persons")
    ),
    "sikkerhedsnet.safety.forms.ApproveForm": Target(
        "ApproveForm", ("review_on",), form_run(lambda ctx: f"/sikkerhed/sikkerhedsplaner/{_plan(ctx).pk}/godkend/")
    ),
    "sikkerhedsnet.safety.forms.EndForm": Target(
        "EndForm",
        ("note",),
        form_run(
            lambda ctx: f"/sikkerhed/sikkerhedsplaner/{_plan(ctx, 'active').pk}/afslut/",
            defaults=lambda ctx: {"ended_on": "x", "outcome": "other"},
        ),
    ),
    "sikkerhedsnet.safety.forms.StoryForm": Target(
        "StoryForm", ("title", "made_with"), form_run(_child_url("ord-og-billeder/"))
    ),
    "sikkerhedsnet.safety.forms.PanelForm": Target(
        "PanelForm",
        ("text", "image_description"),
        form_run(lambda ctx: f"/sikkerhed/ord-og-billeder/{_story(ctx).pk}/billeder/"),
    ),
    "sikkerhedsnet.safety.forms.ThreeHousesForm": Target(
        "ThreeHousesForm",
        ("trusted_person", "worries", "good_things", "dreams", "note"),
        form_run(
            lambda ctx: f"/sikkerhed/tre-huse/{_houses(ctx).pk}/ret/",
            defaults=lambda ctx: {"version": _houses(ctx).version, "held_on": _today(), "setting": "alone"},
        ),
    ),
}
