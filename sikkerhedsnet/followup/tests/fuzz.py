"""Form fuzzing targets for the followup app (see sikkerhedsnet/testing/fuzz.py)."""

from django.utils import timezone

from sikkerhedsnet.testing.fuzz import Ctx, Target, form_run, get_run, once, role_client


def _measure(ctx: Ctx):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.measures.models import Measure
    from sikkerhedsnet.measures.tests.factories import MeasureFactory

    return Measure.objects.get(pk=once(ctx, "measure", lambda: MeasureFactory(child=ctx.child)).pk)


def _head(ctx: Ctx):  # type: ignore[no-untyped-def]
    return role_client(ctx, "head")


TARGETS = {
    "sikkerhedsnet.followup.forms.HoldForm": Target(
        "HoldForm",
        ("participants_other", "child_not_heard_reason", "summary", "decision_reason", "cadence_reason"),
        form_run(
            lambda ctx: f"/opfoelgning/indsats/{_measure(ctx).pk}/registrer/",
            defaults=lambda ctx: {
                "measure_version": _measure(ctx).version,
                "held_on": timezone.localdate().isoformat(),
                "method": "other",
                "participants": "child",
                "decision": "continue",
            },
        ),
    ),
    "sikkerhedsnet.followup.forms.PolicyForm": Target(
        "PolicyForm",
        ("policy_token",),
        form_run(
            lambda ctx: "/opfoelgning/indstillinger/",
            client=_head,
            defaults=lambda ctx: {"form": "policy", "policy_code": "legal"},
        ),
        echoes=False,
    ),
    "sikkerhedsnet.followup.forms.CaseloadTargetForm": Target(
        "CaseloadTargetForm",
        ("low", "high"),
        form_run(
            lambda ctx: "/opfoelgning/indstillinger/",
            client=_head,
            defaults=lambda ctx: {"form": "caseload", "expected_low": "0", "expected_high": "0"},
        ),
    ),
    "sikkerhedsnet.followup.forms.ScheduleForm": Target(
        "ScheduleForm", ("start", "count"), get_run(lambda ctx: "/opfoelgning/politikker/")
    ),
}
