"""A small fictitious world for access tests: two municipalities, three teams, one user per role, and for
each relation (own team / other team / other municipality) a child with a document, a break-the-glass grant,
a user to administer and an export job."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sikkerhedsnet.accounts.models import Municipality, Role, Team, User
from sikkerhedsnet.accounts.tests.factories import DepartmentFactory, MunicipalityFactory, TeamFactory, UserFactory
from sikkerhedsnet.children.models import BreakGlassAccess, Child, Document
from sikkerhedsnet.children.services import document_upload
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core.models import DeletionRun, Job

PDF = b"%PDF-1.4\n% fiktivt dokument\n"
_BUILTIN = frozenset({"child", "document", "break_glass", "user", "job", "run"})


@dataclass
class World:
    users: dict[str, User]
    children: dict[str, Child]
    documents: dict[str, Document]
    grants: dict[str, BreakGlassAccess]
    people: dict[str, User]
    colleague: User
    stranger: User
    runs: dict[str, DeletionRun]  # a deletion run per relation: own and other in home, none in away
    municipalities: dict[str, Municipality] = field(default_factory=dict)  # own and other: home; none: away
    teams: dict[str, Team] = field(default_factory=dict)  # the children's teams per relation
    _jobs: dict[tuple[str, int], Job] = field(default_factory=dict)
    _made: dict[tuple[str, str], Any] = field(default_factory=dict)

    def forget_made(self) -> None:
        """Drop the objects made on demand (a test's rollback removed them from the database)."""
        self._made.clear()
        self._jobs.clear()

    def made(self, kind: str, relation: str) -> Any:
        """An object of a kind an app declares in its tests/access.py OBJECTS, made once per relation."""
        from .access import object_kinds

        key = (kind, relation)
        spec = object_kinds()[kind]
        if spec.fresh:
            return spec.make(self, relation)
        if key not in self._made:
            self._made[key] = spec.make(self, relation)
        return self._made[key]

    def job_for(self, relation: str, user: User | None) -> Job:
        owner = {"own": user or self.colleague, "other": self.colleague, "none": self.stranger}[relation]
        key = (relation, owner.pk)
        if key not in self._jobs:
            job = Job.objects.create(
                kind="audit.access_log_export",
                params={"cpr": "0000000000", "format": "csv"},
                created_by=owner,
                status=Job.Status.DONE,
                progress=100,
                result_name="indsigt.csv",
                result_content_type="text/csv",
                finished_at=timezone.now(),
            )
            job.result.save("result", ContentFile(b"at;user\n"), save=True)
            self._jobs[key] = job
        return self._jobs[key]

    def object_of(self, obj: str | None, relation: str, user: User | None) -> Any:
        if obj is None:
            return None
        if obj not in _BUILTIN:
            return self.made(obj, relation)
        return {
            "child": lambda: self.children[relation],
            "document": lambda: self.documents[relation],
            "break_glass": lambda: self.grants[relation],
            "user": lambda: self.people[relation],
            "job": lambda: self.job_for(relation, user),
            "run": lambda: self.runs[relation],
        }[obj]()

    def kwargs(self, obj: str | None, relation: str, user: User | None) -> dict[str, Any]:
        target = self.object_of(obj, relation, user)
        if target is None:
            return {}
        if obj not in _BUILTIN:
            from .access import object_kinds

            return object_kinds()[obj].kwargs(target)
        return {
            "child": {"child_id": getattr(target, "pk", None)},
            "document": {"public_id": getattr(target, "public_id", None)},
            "break_glass": {"access_id": getattr(target, "pk", None)},
            "user": {"user_id": getattr(target, "pk", None)},
            "job": {"public_id": getattr(target, "public_id", None)},
            "run": {"run_id": getattr(target, "pk", None)},
        }[obj]

    def child_id_of(self, obj: str | None, relation: str, user: User | None) -> int | None:
        target = self.object_of(obj, relation, user)
        if isinstance(target, Child):
            return target.pk
        if obj is not None and obj not in _BUILTIN:
            from .access import object_kinds

            return object_kinds()[obj].child(target)
        return getattr(target, "child_id", None)


def build_world() -> World:
    """Needs the database and a writable MEDIA_ROOT (documents and job results are real files)."""
    home = cast(Municipality, MunicipalityFactory(name="Hjemkommune", code="901"))
    away = cast(Municipality, MunicipalityFactory(name="Anden kommune", code="902"))
    department = DepartmentFactory(municipality=home)
    team_a = TeamFactory(department=department, name="Team A")
    team_b = TeamFactory(department=department, name="Team B")
    team_c = TeamFactory(department=DepartmentFactory(municipality=away), name="Team C")
    users = {}
    for role in Role.values:
        team = team_a if role in ("caseworker", "sos_consultant", "team_leader") else None
        users[role] = UserFactory(
            username=f"m_{role}", role=role, team=team, municipality=home, is_staff=role == "admin"
        )
    colleague = UserFactory(username="m_colleague", role="caseworker", team=team_a)
    other_worker = UserFactory(username="m_other", role="caseworker", team=team_b)
    stranger = UserFactory(username="m_stranger", role="caseworker", team=team_c)
    children = {
        "own": ChildFactory(case__team=team_a, case__caseworker=users["caseworker"]),
        "other": ChildFactory(case__team=team_b, case__caseworker=other_worker),
        "none": ChildFactory(case__team=team_c, case__caseworker=stranger),
    }
    documents = {
        rel: document_upload(
            by=stranger, child=c, title="Referat", upload=SimpleUploadedFile("r.pdf", PDF), max_bytes=10**6
        )
        for rel, c in children.items()
    }
    now = timezone.now()
    grants = {
        rel: BreakGlassAccess.objects.create(
            user=stranger,
            child=c,
            reason="Døgnvagt: fiktiv henvendelse",
            granted_at=now,
            expires_at=now + timedelta(hours=8),
        )
        for rel, c in children.items()
    }
    people = {"own": colleague, "other": other_worker, "none": stranger}
    homes = {"own": home, "other": home, "none": away}
    runs = {
        rel: DeletionRun.objects.create(municipality=m, as_of=timezone.localdate(), planned_at=now, record_types=[])
        for rel, m in homes.items()
    }
    return World(
        users,
        children,
        documents,
        grants,
        people,
        colleague,
        stranger,
        runs,
        municipalities=homes,
        teams={"own": team_a, "other": team_b, "none": team_c},
    )
