"""Form fuzzing targets for the tasks room (saved filters, the bulk reassignment)."""

from sikkerhedsnet.testing.fuzz import Ctx, Target, form_run, role_client


def _leader(ctx: Ctx):  # type: ignore[no-untyped-def]
    return role_client(ctx, "team_leader", team=ctx.child.case.team)


TARGETS = {
    "sikkerhedsnet.tasks.forms.SavedFilterForm": Target(
        "SavedFilterForm",
        ("name",),
        form_run(
            lambda ctx: "/boern/filtre/gem/",
            defaults=lambda ctx: {"page": "my_tasks", "query": "frist=i-dag"},
            show=lambda ctx: "/underretninger/mine-opgaver/",
        ),
    ),
    "sikkerhedsnet.tasks.forms.ReassignForm": Target(
        "ReassignForm",
        ("all_to", "confirm"),
        form_run(lambda ctx: f"/accounts/team/omfordel/?raadgiver={ctx.child.case.caseworker_id}", client=_leader),
        echoes=False,  # choices and check boxes: nothing typed is shown back
    ),
}
