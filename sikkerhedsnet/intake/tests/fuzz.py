"""Form fuzzing targets for the intake app (see sikkerhedsnet/testing/fuzz.py)."""

from django.utils import timezone

from sikkerhedsnet.testing.fuzz import Ctx, Target, form_run, once


def _notification(ctx: Ctx):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.intake.models import Notification
    from sikkerhedsnet.intake.tests.factories import NotificationFactory

    # A professional's notification that needs a talk with the child shows every form on its page.
    made = once(
        ctx,
        "notification",
        lambda: NotificationFactory(child=ctx.child, reporter_type="professional", child_conversation_required=True),
    )
    return Notification.objects.get(pk=made.pk)


def _investigation(ctx: Ctx):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.intake.models import Investigation
    from sikkerhedsnet.intake.tests.factories import InvestigationFactory

    made = once(ctx, "investigation", lambda: InvestigationFactory(child=ctx.child))
    return Investigation.objects.get(pk=made.pk)


def _now() -> str:
    return timezone.localtime().strftime("%Y-%m-%d %H:%M")


def _on(action: str):  # type: ignore[no-untyped-def]
    return lambda ctx: f"/underretninger/{_notification(ctx).pk}/{action}/"


def _version(ctx: Ctx) -> dict[str, object]:
    return {"version": _notification(ctx).version}


TARGETS = {
    "sikkerhedsnet.intake.forms.NotificationForm": Target(
        "NotificationForm",
        ("first_name", "last_name", "summary", "reporter_name", "reporter_contact"),
        form_run(
            lambda ctx: "/underretninger/ny/",
            defaults=lambda ctx: {
                "cpr": ctx.child.cpr_formatted,
                "received_at": _now(),
                "reporter_type": "private",
                "channel": "phone",
                "categories": "neglect",
            },
        ),
    ),
    "sikkerhedsnet.intake.forms.AssessmentForm": Target(
        "AssessmentForm",
        ("reasoning",),
        form_run(_on("vurdering"), defaults=lambda ctx: _version(ctx) | {"outcome": "advice", "assessed_at": _now()}),
    ),
    "sikkerhedsnet.intake.forms.ReceiptForm": Target(
        "ReceiptForm", ("sent_on",), form_run(_on("kvittering"), defaults=lambda ctx: _version(ctx) | {"feedback": "x"})
    ),
    "sikkerhedsnet.intake.forms.ChildConversationForm": Target(
        "ChildConversationForm", ("omitted_reason",), form_run(_on("boernesamtale"), defaults=_version)
    ),
    "sikkerhedsnet.intake.forms.VersionForm": Target(
        "VersionForm", ("version",), form_run(_on("afslut")), echoes=False
    ),
    "sikkerhedsnet.intake.forms.MergeForm": Target(
        "MergeForm", ("original",), form_run(_on("sammenlaeg"), defaults=_version), echoes=False
    ),
    "sikkerhedsnet.intake.forms.InvestigationStartForm": Target(
        "InvestigationStartForm",
        ("awareness_date",),
        form_run(lambda ctx: f"/underretninger/barn/{ctx.child.pk}/undersoegelse/ny/"),
    ),
    "sikkerhedsnet.intake.forms.InvestigationForm": Target(
        "InvestigationForm",
        ("parents_view", "conversation_present", "child_view", "conclusion", "recommended_measures"),
        form_run(
            lambda ctx: f"/underretninger/undersoegelser/{_investigation(ctx).pk}/",
            defaults=lambda ctx: {"version": _investigation(ctx).version},
        ),
    ),
}
