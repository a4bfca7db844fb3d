"""Form fuzzing targets for the accounts app's municipal settings (see sikkerhedsnet/testing/fuzz.py)."""

from sikkerhedsnet.testing.fuzz import Ctx, Target, form_run, role_client


def _head(ctx: Ctx):  # type: ignore[no-untyped-def]
    return role_client(ctx, "head")


def _defaults(ctx: Ctx) -> dict[str, str]:
    from sikkerhedsnet.accounts.settings_selectors import version

    municipality_id = ctx.child.case.team.department.municipality_id
    return {"key": "competence_limit_head", "version": str(version(municipality_id))}


TARGETS = {
    "sikkerhedsnet.accounts.forms.SettingChangeForm": Target(
        "SettingChangeForm",
        ("value", "effective_from"),
        form_run(lambda ctx: "/accounts/kommune/indstillinger/", client=_head, defaults=_defaults),
    ),
}
