"""Form fuzzing targets for the children forms added after the foundation's (core/tests/test_fuzz_forms.py)."""

from sikkerhedsnet.testing.fuzz import Ctx, Target, form_run, get_run, once, role_client


def _relation(ctx: Ctx):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.children.models import Relation
    from sikkerhedsnet.children.tests.factories import RelationFactory

    return Relation.objects.get(pk=once(ctx, "relation", lambda: RelationFactory(child=ctx.child)).pk)


def _case_version(ctx: Ctx) -> dict[str, object]:
    ctx.child.case.refresh_from_db()
    return {"version": ctx.child.case.version}


def _leader(ctx: Ctx):  # type: ignore[no-untyped-def]
    return role_client(ctx, "team_leader", team=ctx.child.case.team)


def _journal_search(ctx: Ctx, values: dict[str, str]) -> list[str]:
    from sikkerhedsnet.children.tests.factories import JournalEntryFactory

    once(ctx, "journal_note", lambda: JournalEntryFactory(child=ctx.child, author=ctx.child.case.caseworker))
    return form_run(lambda c: f"/boern/{c.child.pk}/")(ctx, values)


TARGETS = {
    # The journal search is POSTed to the child's page (the words stay out of the URL); it echoes the words.
    "sikkerhedsnet.children.forms.JournalSearchForm": Target("JournalSearchForm", ("q",), _journal_search),
    # The timeline's filter is a GET form on the child's page.
    "sikkerhedsnet.children.forms.TimelineForm": Target(
        "TimelineForm", ("vis", "foer"), get_run(lambda ctx: f"/boern/{ctx.child.pk}/"), echoes=False
    ),
    "sikkerhedsnet.children.forms.RelationEditForm": Target(
        "RelationEditForm",
        ("first_name", "last_name", "phone", "address", "note"),
        form_run(
            lambda ctx: f"/boern/{ctx.child.pk}/relationer/{_relation(ctx).pk}/",
            defaults=lambda ctx: {"version": _relation(ctx).version, "kind": "mother"},
        ),
    ),
    "sikkerhedsnet.children.forms.CaseAssignForm": Target(
        "CaseAssignForm",
        ("version",),
        form_run(lambda ctx: f"/boern/{ctx.child.pk}/sag/fordel/", client=_leader),
        echoes=False,
    ),
    "sikkerhedsnet.children.forms.CaseCloseForm": Target(
        "CaseCloseForm",
        ("closed_on",),
        form_run(lambda ctx: f"/boern/{ctx.child.pk}/sag/luk/", client=_leader, defaults=_case_version),
        echoes=False,  # a valid date closes the case, and a closed case's page no longer shows the form
    ),
    "sikkerhedsnet.children.forms.CaseReopenForm": Target(
        "CaseReopenForm",
        ("version",),
        form_run(lambda ctx: f"/boern/{ctx.child.pk}/sag/genaabn/", client=_leader),
        echoes=False,
    ),
}
