"""The audit log in words: who (name, role and team), what they did or looked at, and why.

The log stores machine-readable rows (`child_viewed`, `safety.mappingentry 596`, a username). The auditor and the
person the log is about read sentences instead: "Birte Rådgivsen, rådgiver i Team Nord, læste sikkerhedsplanen".
No internal ids reach the words; the auditor may still ask for the technical columns (insight/views.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit.models import AuditEvent

T = AuditEvent.Type

# What a reader looked at, by the `purpose` the page passed to the access getter (definite form).
LOOKED_AT = {
    "": gettext_lazy("barnets sag"),
    "edit": gettext_lazy("barnets oplysninger"),
    "journal": gettext_lazy("journalen"),
    "document": gettext_lazy("dokumenterne"),
    "document_download": gettext_lazy("et dokument"),
    "history": gettext_lazy("tidligere versioner af barnets oplysninger"),
    "relation": gettext_lazy("familie og netværk"),
    "relation_edit": gettext_lazy("familie og netværk"),
    "relation_remove": gettext_lazy("familie og netværk"),
    "case_assign": gettext_lazy("sagens fordeling"),
    "case_close": gettext_lazy("sagen"),
    "case_reopen": gettext_lazy("sagen"),
    "legal_hold": gettext_lazy("sagen"),
    "break_the_glass_search": gettext_lazy("barnets sag"),
    "safety": gettext_lazy("sikkerhedsarbejdet"),
    "safety_plan": gettext_lazy("sikkerhedsplanen"),
    "safety_plan_pdf": gettext_lazy("sikkerhedsplanen"),
    "safety_mapping": gettext_lazy("kortlægningen"),
    "safety_network": gettext_lazy("netværket"),
    "safety_scaling": gettext_lazy("skaleringerne"),
    "safety_scaling_pdf": gettext_lazy("skaleringerne"),
    "safety_documents": gettext_lazy("barnets fortællinger (Ord og billeder, De tre huse)"),
    "safety_documents_pdf": gettext_lazy("barnets fortællinger (Ord og billeder, De tre huse)"),
    "safety_image": gettext_lazy("en tegning"),
    "safety_target_group": gettext_lazy("vurderingen af, om barnet er i målgruppen"),
    "notification": gettext_lazy("en underretning"),
    "notification_created": gettext_lazy("en underretning"),
    "register_notification": gettext_lazy("barnets sag for at registrere en underretning"),
    "assess_notification": gettext_lazy("en underretning"),
    "take_notification": gettext_lazy("en underretning"),
    "close_notification": gettext_lazy("en underretning"),
    "merge_notification": gettext_lazy("en underretning"),
    "notification_receipt": gettext_lazy("en underretning"),
    "intake_overview": gettext_lazy("underretningerne og undersøgelserne"),
    "investigation": gettext_lazy("den børnefaglige undersøgelse"),
    "start_investigation": gettext_lazy("den børnefaglige undersøgelse"),
    "edit_investigation": gettext_lazy("den børnefaglige undersøgelse"),
    "conclude_investigation": gettext_lazy("den børnefaglige undersøgelse"),
    "child_conversation": gettext_lazy("samtalen med barnet"),
    "measure": gettext_lazy("en indsats"),
    "measures": gettext_lazy("indsatserne"),
    "measure_edit": gettext_lazy("en indsats"),
    "measure_decide": gettext_lazy("en indsats"),
    "staircase": gettext_lazy("indsatstrappen"),
    "plan": gettext_lazy("handleplanen"),
    "followup": gettext_lazy("opfølgningen"),
    "followup_hold": gettext_lazy("opfølgningen"),
    "measurements": gettext_lazy("målingerne"),
    "fit": gettext_lazy("målingerne"),
    "questionnaire": gettext_lazy("spørgeskemaerne"),
    "export": gettext_lazy("barnets oplysninger"),
}

# What a change was made to, by the record's model (indefinite form, as in "Ændrede et journalnotat").
RECORDS = {
    "children.child": gettext_lazy("barnets oplysninger"),
    "children.case": gettext_lazy("sagen"),
    "children.person": gettext_lazy("oplysninger om en person i familien"),
    "children.relation": gettext_lazy("en person i familien"),
    "children.journalentry": gettext_lazy("et journalnotat"),
    "children.document": gettext_lazy("et dokument"),
    "intake.notification": gettext_lazy("en underretning"),
    "intake.investigation": gettext_lazy("den børnefaglige undersøgelse"),
    "measures.measure": gettext_lazy("en indsats"),
    "measures.actionplan": gettext_lazy("en handleplan"),
    "measures.goal": gettext_lazy("et mål i handleplanen"),
    "measures.staircasemove": gettext_lazy("barnets trin på indsatstrappen"),
    "followup.followup": gettext_lazy("en opfølgning"),
    "safety.mapping": gettext_lazy("en kortlægning"),
    "safety.mappingentry": gettext_lazy("et punkt i kortlægningen"),
    "safety.mappingparticipant": gettext_lazy("en deltager i kortlægningen"),
    "safety.scaling": gettext_lazy("en skalering"),
    "safety.safetyplan": gettext_lazy("sikkerhedsplanen"),
    "safety.networkmember": gettext_lazy("en person i netværket"),
    "safety.networkmeeting": gettext_lazy("et netværksmøde"),
    "safety.wordsandpictures": gettext_lazy("Ord og billeder"),
    "safety.storypanel": gettext_lazy("et billede i Ord og billeder"),
    "safety.threehouses": gettext_lazy("De tre huse"),
    "safety.targetgroupassessment": gettext_lazy("vurderingen af, om barnet er i målgruppen"),
    "reports.fitscore": gettext_lazy("en måling"),
    "reports.involvementresponse": gettext_lazy("et spørgeskema"),
}

# Sentences of their own where "Tilføjede ..." would read oddly.
CREATED = {
    "children.child": gettext_lazy("Oprettede barnet"),
    "children.journalentry": gettext_lazy("Skrev et journalnotat"),
    "children.document": gettext_lazy("Lagde et dokument på sagen"),
    "intake.notification": gettext_lazy("Registrerede en underretning"),
    "intake.investigation": gettext_lazy("Startede den børnefaglige undersøgelse"),
    "safety.mappingentry": gettext_lazy("Tilføjede et punkt til kortlægningen"),
    "safety.mappingparticipant": gettext_lazy("Tilføjede en deltager til kortlægningen"),
    "safety.storypanel": gettext_lazy("Tilføjede et billede til Ord og billeder"),
    "followup.followup": gettext_lazy("Registrerede en opfølgning"),
}

# The kinds an auditor filters by.
KIND_READ = "read"
KIND_CHANGE = "change"
KIND_EXPORT = "export"
KIND_ACCESS = "access"
KINDS = {
    KIND_READ: gettext_lazy("Læsninger og søgninger"),
    KIND_CHANGE: gettext_lazy("Ændringer"),
    KIND_EXPORT: gettext_lazy("Udtræk og hentede dokumenter"),
    KIND_ACCESS: gettext_lazy("Begrundet adgang uden for teamet"),
}
TYPES_OF_KIND = {
    KIND_READ: (T.CHILD_VIEWED, T.CHILD_SEARCHED, T.CHILDREN_LISTED, T.CHILD_HISTORY_VIEWED, T.RECORD_VIEWED),
    KIND_CHANGE: (T.CREATED, T.CHANGED, T.DELETED),
    KIND_EXPORT: (T.EXPORTED, T.DOCUMENT_DOWNLOADED, T.ACCESS_LOG_EXPORTED),
    KIND_ACCESS: (T.BREAK_THE_GLASS,),
}


@dataclass(frozen=True)
class Person:
    """Who did it, as a person reads it."""

    name: str
    role: str
    team: str

    @property
    def where(self) -> str:
        """ "Rådgiver, Team Nord" (no team for the roles that have none)."""
        return f"{self.role}, {self.team}" if self.team else self.role


@dataclass(frozen=True)
class Line:
    """One event in words, plus the technical fields the auditor may ask to see."""

    at: datetime
    who: Person
    what: str
    why: str
    username: str
    type: str
    object: str


def people(actor_ids: Iterable[int | None]) -> dict[int, Person]:
    """The actors' names, roles and teams: one query for any number of events."""
    ids = {i for i in actor_ids if i is not None}
    users = User.objects.filter(pk__in=ids).select_related("team")
    return {
        u.pk: Person(
            name=u.get_full_name() or u.get_username(),
            role=str(u.get_role_display()),
            team=u.team.name if u.team_id and u.team else "",
        )
        for u in users
    }


def _record(target_model: str) -> str:
    if target_model in RECORDS:
        return str(RECORDS[target_model])
    try:
        return str(apps.get_model(target_model)._meta.verbose_name)
    except (LookupError, ValueError):
        return _("oplysninger på sagen")


def what(event: AuditEvent) -> str:
    """What happened, as a sentence without a subject: "Læste sikkerhedsplanen"."""
    new = event.new if isinstance(event.new, dict) else {}
    purpose = str(new.get("purpose") or "")
    looked_at = str(LOOKED_AT.get(purpose, LOOKED_AT[""]))
    if event.type in (T.CHILD_VIEWED, T.RECORD_VIEWED):
        return _("Læste %(what)s") % {"what": looked_at}
    if event.type == T.CHILD_SEARCHED:
        return _("Fandt barnet ved en søgning")
    if event.type == T.CHILDREN_LISTED:
        return _("Så barnets navn på en oversigt over sager")
    if event.type == T.CHILD_HISTORY_VIEWED:
        return _("Læste tidligere versioner af barnets oplysninger")
    if event.type == T.DOCUMENT_DOWNLOADED:
        return _("Hentede et dokument fra sagen")
    if event.type == T.EXPORTED:
        return _("Tog et udtræk med oplysninger fra sagen")
    if event.type == T.BREAK_THE_GLASS:
        return _("Åbnede sagen uden at arbejde i barnets team")
    if event.type == T.ACCESS_LOG_EXPORTED:
        return _("Tog et udtræk af denne oversigt over, hvem der har set oplysningerne")
    if event.type == T.CREATED:
        if event.target_model in CREATED:
            return str(CREATED[event.target_model])
        return _("Tilføjede %(what)s") % {"what": _record(event.target_model)}
    if event.type == T.CHANGED:
        return _("Ændrede %(what)s") % {"what": _record(event.target_model)}
    if event.type == T.DELETED:
        return _("Slettede %(what)s") % {"what": _record(event.target_model)}
    return str(event.get_type_display())


def why(event: AuditEvent, who: Person | None) -> str:
    """The stated reason where there is one (access outside the team); otherwise the ordinary reason."""
    if event.reason:
        return event.reason
    if event.type == T.ACCESS_LOG_EXPORTED:
        return _("For at kunne svare på en anmodning om indsigt")
    return _("Som led i arbejdet med sagen")


UNKNOWN = Person(name=gettext_lazy("En medarbejder"), role="", team="")  # type: ignore[arg-type]


def lines(events: Iterable[AuditEvent]) -> list[Line]:
    """The events in words, in the order given."""
    events = list(events)
    found = people(e.actor_id for e in events)
    result = []
    for e in events:
        who = found.get(e.actor_id) if e.actor_id is not None else None
        result.append(
            Line(
                at=e.created_at,
                who=who or Person(name=str(UNKNOWN.name), role="", team=""),
                what=what(e),
                why=why(e, who),
                username=e.actor_username,
                type=e.type,
                object=f"{e.target_model} {e.target_id}".strip(),
            )
        )
    return result
