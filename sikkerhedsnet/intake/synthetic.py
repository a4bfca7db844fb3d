"""Synthetic notifications and investigations in every state, relative to world.today (see core/synthetic.py).

Per caseworker (demo): a fresh acute notification, one due today, an overdue one, assessed and closed ones,
professional reporters with receipts pending, sent and overdue, an abuse notification awaiting the
conversation with the child, a pair of possible duplicates and a merged duplicate; investigations fresh,
due today, overdue and concluded. The demo also puts a few new children in the intake team's queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.children.models import Case, Child
from sikkerhedsnet.children.services import child_create
from sikkerhedsnet.core import bulk, legal
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.synthetic import FIRST_NAMES_BOYS, FIRST_NAMES_GIRLS, LAST_NAMES, World, record_created
from sikkerhedsnet.measures.models import Measure

from . import rules
from .models import Investigation, Notification
from .services import intake_team_for

BATCH = 2000
IN_CHUNK = 900
# National scale (generate_synthetic): about 7.5 notifications per child over the case's history (many children
# have a few, some have many), a fifth of them assessed as needing an investigation (about 1.5 per child).
NOTIFICATIONS_MEAN = 7.5
OUTCOMES_AT_SCALE = (("no_action", 35), ("advice", 30), ("investigation", 20), ("referral", 15))
PROFESSIONALS = (
    ("Lærer", "Demo Skole"),
    ("Pædagog", "Børnehuset Prøven"),
    ("Sundhedsplejerske", "Sundhedsplejen (demo)"),
    ("Læge", "Lægehuset Fiktivvej"),
    ("Politibetjent", "Demo Politikreds"),
    ("Skolesekretær", "Øvelsesskolen"),
)
SUMMARIES = {
    "neglect": "Barnet kommer ofte uden madpakke og i beskidt tøj og virker træt. (Fiktiv demotekst.)",
    "violence": "Barnet fortæller, at far slår, når han er vred. Blåt mærke på armen. (Fiktiv demotekst.)",
    "sexual_abuse": "Barnet har fortalt en pædagog om grænseoverskridende berøringer. (Fiktiv demotekst.)",
    "school_absence": "Fraværet er over 15 % i kvartalet, og forældrene svarer ikke. (Fiktiv demotekst.)",
    "parent_substance": "Mor var påvirket ved afhentning flere gange denne måned. (Fiktiv demotekst.)",
    "domestic_conflict": "Naboen hører høje skænderier om natten flere gange om ugen. (Fiktiv demotekst.)",
    "child_wellbeing": "Barnet trækker sig fra kammeraterne og græder ofte i timerne. (Fiktiv demotekst.)",
}
REASONINGS = (
    "Bekymringen er afklaret i samtale med forældrene; ingen yderligere handling. (Fiktiv.)",
    "Familien tilbydes rådgivning; underretter orienteres. (Fiktiv.)",
    "Bekymringen er alvorlig og sammensat; der iværksættes en børnefaglig undersøgelse. (Fiktiv.)",
)
ICS_TEXT = "Beskrevet i samarbejde med familien og skolen. (Fiktiv demotekst.)"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    # Hours are kept outside 02:00–03:59, so no demo time falls in a daylight-saving gap or overlap.
    return datetime.combine(day, time(hour, minute), tzinfo=legal.LOCAL_TZ)


@dataclass
class _Spec:
    case: Case
    received_at: datetime
    reporter_type: str
    categories: list[str]
    acute: bool = False
    outcome: str = ""
    assessed_after: timedelta | None = None
    closed: bool = False
    receipt_after_days: int | None = None
    conversation_done: bool = False
    merged_into: int | None = None  # index of the original in the spec list


def _awareness_due_today(today: date) -> date:
    """The latest awareness date whose 4-month deadline is today (or the nearest before it)."""
    candidate = today - timedelta(days=118)
    best = candidate
    for offset in range(0, 10):
        day = candidate - timedelta(days=offset)
        due = rules.investigation_due_on(day)
        if due == today:
            return day
        if due < today and rules.investigation_due_on(best) > today:
            best = day
    return best


def _queue_children(world: World, count: int) -> list[Child]:
    """A few new children registered on the spot: their cases sit in the intake team without a caseworker."""
    intake = intake_team_for(world.municipality)
    if intake is None:
        return []
    made: list[Child] = []
    for _i in range(count):
        birth = world.today - timedelta(days=world.rng.randrange(400, 15 * 365))
        serial = world.rng.randrange(1000)
        for _attempt in range(1000):
            cpr = cprlib.fictitious(birth, serial)
            if not Child.objects.filter(cpr=cpr).exists():
                break
            serial = (serial + 1) % 1000
        names = FIRST_NAMES_GIRLS if world.rng.random() < 0.5 else FIRST_NAMES_BOYS
        made.append(
            child_create(
                by=world.actor,
                cpr=cpr,
                first_name=world.rng.choice(names),
                last_name=world.rng.choice(LAST_NAMES),
                team=intake,
                caseworker=None,
                fictitious=True,
                opened_on=world.today,
            )
        )
    return made


def _scenario_specs(world: World, cases: list[Case]) -> list[_Spec]:
    """The canonical states, for each caseworker's first open cases (so every demo login sees them)."""
    today = world.today
    yesterday = today - timedelta(days=1)
    by_worker: dict[int, list[Case]] = {}
    for case in cases:
        if case.caseworker_id and case.closed_on is None:
            by_worker.setdefault(case.caseworker_id, []).append(case)
    specs: list[_Spec] = []
    for position, worker_cases in enumerate(by_worker.values()):
        if len(worker_cases) < 8:
            continue
        c = worker_cases
        m = world.rng.randrange(0, 50)  # minutes of jitter, so the caseworkers' lists differ
        mine = [
            # fresh (received at midnight, due tomorrow), due today, overdue (3 days), assessed, closed …
            _Spec(c[0], _at(today, 0, 0), "professional", ["violence"], acute=True),
            _Spec(c[1], _at(yesterday, 20, m), "private", ["neglect"]),
            _Spec(c[2], _at(today - timedelta(days=3), 9, m), "professional", ["school_absence"]),
            _Spec(
                c[3],
                _at(today - timedelta(days=12), 10, m),
                "professional",
                ["parent_substance"],
                outcome="advice",
                assessed_after=timedelta(hours=5),
            ),
            _Spec(
                c[4],
                _at(today - timedelta(days=20), 14, m),
                "professional",
                ["child_wellbeing"],
                outcome="no_action",
                assessed_after=timedelta(hours=20),
                closed=True,
                receipt_after_days=3,
            ),
            _Spec(
                c[5],
                _at(today - timedelta(days=4), 11, m),
                "anonymous",
                ["sexual_abuse"],
                outcome="investigation",
                assessed_after=timedelta(hours=3),
            ),
            _Spec(c[6], _at(yesterday, 8, 0), "professional", ["domestic_conflict"]),
            _Spec(c[6], _at(yesterday, 13, 45), "private", ["domestic_conflict"]),
            _Spec(
                c[7],
                _at(today - timedelta(days=6), 16, 0),
                "private",
                ["neglect"],
                outcome="advice",
                assessed_after=timedelta(hours=10),
                closed=True,
            ),
        ]
        # The first caseworker (raadgiver01 in the demo) gets every state; the others a random part of them.
        keep = [spec for i, spec in enumerate(mine) if position == 0 or i in (5, 8) or world.rng.random() < 0.7]
        specs += keep
        if keep[-1] is mine[-1]:
            specs.append(
                _Spec(c[7], _at(today - timedelta(days=6), 18, m), "private", ["neglect"], merged_into=len(specs) - 1)
            )
    return specs


def _background_specs(world: World, cases: list[Case]) -> list[_Spec]:
    """Older, settled notifications. The demo: about one in four children has one in the past two years.
    At scale: about NOTIFICATIONS_MEAN per child, spread over the two years before the case opened and its life."""
    rng = world.rng
    outcomes = [o for o, _ in OUTCOMES_AT_SCALE]
    weights = [w for _, w in OUTCOMES_AT_SCALE]
    specs: list[_Spec] = []
    for case in cases:
        if world.demo:
            if rng.random() >= 0.25:
                continue
            count = 1
        else:
            count = 1 + min(40, int(rng.expovariate(1 / (NOTIFICATIONS_MEAN - 1))))
        for _ in range(count):
            _background_spec(world, case, specs, outcomes, weights)
    return specs


def _background_spec(world: World, case: Case, specs: list[_Spec], outcomes: list[str], weights: list[int]) -> None:
    rng, today = world.rng, world.today
    if world.demo:
        received_on = today - timedelta(days=rng.randrange(30, 700))
        outcome = rng.choice(["no_action", "advice", "investigation", "referral"])
        received_on = max(received_on, case.opened_on)
    else:
        earliest = max(case.opened_on - timedelta(days=730), case.child.birth_date)
        received_on = earliest + timedelta(days=rng.randrange(max(1, (today - earliest).days)))
        outcome = rng.choices(outcomes, weights=weights)[0]
    if case.closed_on is not None:
        received_on = min(received_on, case.closed_on)
    received_on = max(received_on, case.child.birth_date)
    if received_on > today - timedelta(days=8):
        return  # a settled history only; the fresh states come from the scenarios
    kind = rng.choice(["professional", "professional", "private", "anonymous"])
    specs.append(
        _Spec(
            case,
            _at(received_on, rng.randrange(7, 22), rng.randrange(0, 60)),
            kind,
            [rng.choice(list(SUMMARIES))],
            acute=rng.random() < 0.1,
            outcome=outcome,
            assessed_after=timedelta(hours=rng.randrange(1, 23)),
            closed=True,
            receipt_after_days=rng.randrange(1, 6) if kind == "professional" else None,
            conversation_done=True,
        )
    )


def _outsider(world: World, case: Case) -> User:
    """Someone new to the case for the reassessment: a caseworker from another team."""
    for team_id, workers in world.caseworkers_by_team.items():
        if team_id != case.team_id and workers:
            return workers[0]
    return world.actor


def _notification(spec: _Spec, index: int, world: World, with_measure: set[int]) -> Notification:
    rng, case = world.rng, spec.case
    worker = case.caseworker or world.actor
    job = rng.choice(PROFESSIONALS)
    professional = spec.reporter_type == "professional"
    assessed_at = spec.received_at + spec.assessed_after if spec.assessed_after is not None else None
    received_on = legal.local_day(spec.received_at)
    abuse = rules.requires_child_conversation(spec.categories)
    municipality = world.municipality_by_team.get(case.team_id, world.municipality)
    n = Notification(
        child_id=case.child_id,
        received_at=spec.received_at,
        reporter_type=spec.reporter_type,
        reporter_profession=job[0] if professional else "",
        reporter_organisation=job[1] if professional else "",
        reporter_name=("Fiktiv " + job[0])
        if professional
        else ("Fiktiv nabo" if spec.reporter_type == "private" else ""),
        reporter_contact="+45 7000 0000 (fiktiv)" if spec.reporter_type != "anonymous" else "",
        channel=rng.choice(["phone", "email", "digital", "letter"]) if spec.reporter_type != "anonymous" else "digital",
        summary=SUMMARIES[spec.categories[0]],
        categories=spec.categories,
        acute=spec.acute,
        receipt_saturday_counts=municipality.saturday_is_working_day,
        reassessment_required=case.child_id in with_measure,
        child_conversation_required=abuse,
        routed_team_id=case.team_id,
        assigned_to_id=case.caseworker_id,
        registered_by=worker,
    )
    if assessed_at is not None:
        n.outcome, n.assessed_at, n.assessed_by = spec.outcome, assessed_at, worker
        n.reasoning = REASONINGS[{"no_action": 0, "advice": 1}.get(spec.outcome, 2)]
        if n.reassessment_required:
            n.reassessment_participant = _outsider(world, case)
    if spec.closed and assessed_at is not None:
        n.closed_at, n.closed_by = assessed_at + timedelta(days=1), worker
    if professional and spec.receipt_after_days is not None:
        sent = min(received_on + timedelta(days=spec.receipt_after_days), world.today)
        n.receipt_sent_on, n.receipt_sent_by = sent, worker
        n.notifier_feedback = "investigation" if spec.outcome == "investigation" else "nothing"
    if abuse and spec.conversation_done:
        n.child_conversation_on = min(received_on + timedelta(days=2), world.today)
    return n


@transaction.atomic
def generate(world: World) -> dict[str, int]:
    children: list[Child] = world.made.get("children", [])
    ids = [c.pk for c in children]
    chunks = [ids[i : i + IN_CHUNK] for i in range(0, len(ids), IN_CHUNK)]  # SQLite caps query parameters
    loaded = Case.objects.select_related("child", "caseworker")
    cases = sorted(
        (case for chunk in chunks for case in loaded.filter(child_id__in=chunk)),
        key=lambda case: (case.caseworker_id or 0, case.child_id),
    )
    if world.demo:
        queue = _queue_children(world, 3)
        cases_queue = list(Case.objects.filter(child__in=queue).select_related("child"))
    else:
        cases_queue = []
    with_measure = {
        child_id
        for chunk in chunks
        for child_id in Measure.objects.filter(child_id__in=chunk)
        .active_on(world.today)
        .values_list("child_id", flat=True)
    }
    specs = _scenario_specs(world, cases) if world.demo else []
    specs += [
        _Spec(
            case,
            _at(world.today - timedelta(days=1), 15 + i, 10),
            "professional",
            ["neglect", "violence"],
            acute=i == 0,
        )
        for i, case in enumerate(cases_queue)
    ]
    specs += _background_specs(world, cases)
    notifications = [_notification(spec, i, world, with_measure) for i, spec in enumerate(specs)]
    bulk.insert_objects([n for s, n in zip(specs, notifications, strict=True) if s.merged_into is None])
    merged = []
    for spec, n in zip(specs, notifications, strict=True):
        if spec.merged_into is not None:
            original = notifications[spec.merged_into]
            n.duplicate_of_id, n.merged_at, n.merged_by = (
                original.pk,
                original.received_at + timedelta(days=1),
                world.actor,
            )
            merged.append(n)
    bulk.insert_objects(merged)

    investigations = _investigations(world, cases, notifications, specs)
    bulk.insert_objects(investigations)
    record_created(world, [*notifications, *investigations])
    return {"notifications": len(notifications), "investigations": len(investigations)}


def _investigations(
    world: World, cases: list[Case], notifications: list[Notification], specs: list[_Spec]
) -> list[Investigation]:
    today, rng = world.today, world.rng
    taken: set[int] = set()
    made: list[Investigation] = []
    workers: dict[int, User] = {c.caseworker_id: c.caseworker for c in cases if c.caseworker_id}  # type: ignore[misc]

    def concluded(case: Case, awareness: date, notification: Notification | None = None) -> Investigation:
        done = min(rules.investigation_due_on(awareness) - timedelta(days=rng.randrange(0, 20)), today)
        return Investigation(
            child_id=case.child_id,
            notification=notification,
            awareness_on=awareness,
            status="concluded",
            ics={key: ICS_TEXT for key in rules.ICS_DIMENSIONS if rng.random() < 0.6}
            | {"child.health": ICS_TEXT, "parenting.basic_care": ICS_TEXT, "family.housing": ICS_TEXT},
            conversation_on=awareness + timedelta(days=14),
            conversation_present="Barnet og rådgiveren (fiktivt)",
            child_view="Barnet vil gerne blive boende og ønsker hjælp til lektier. (Fiktiv.)",
            parents_view="Forældrene ønsker hjælp og vil gerne samarbejde. (Fiktiv.)",
            conclusion="Barnet har behov for støtte i hjemmet. (Fiktiv demotekst.)",
            support_needed=True,
            recommended_measures="Familiebehandling og kontaktperson. (Fiktiv.)",
            started_by=workers.get(case.caseworker_id or 0, world.actor),
            concluded_at=_at(done, 12),
            concluded_by=workers.get(case.caseworker_id or 0, world.actor),
        )

    def draft(
        case: Case, awareness: date, notification: Notification | None = None, filled: float = 0.3
    ) -> Investigation:
        return Investigation(
            child_id=case.child_id,
            notification=notification,
            awareness_on=awareness,
            ics={key: ICS_TEXT for key in rules.ICS_DIMENSIONS if rng.random() < filled},
            started_by=workers.get(case.caseworker_id or 0, world.actor),
        )

    # Investigations started by the scenario notifications assessed with outcome "investigation".
    for spec, n in zip(specs, notifications, strict=True):
        if spec.outcome == "investigation" and n.pk and spec.closed and not world.demo:
            # At scale every settled "investigation" outcome has its concluded investigation (history).
            made.append(concluded(spec.case, legal.local_day(spec.received_at), n))
        elif (
            spec.outcome == "investigation" and n.pk and spec.case.child_id not in taken and spec.case.closed_on is None
        ):
            taken.add(spec.case.child_id)
            awareness = legal.local_day(spec.received_at)
            if spec.closed:
                made.append(concluded(spec.case, awareness, n))
            else:
                made.append(draft(spec.case, awareness, n))
    if world.demo:
        by_worker: dict[int, list[Case]] = {}
        for case in cases:
            if case.caseworker_id and case.closed_on is None and case.child_id not in taken:
                by_worker.setdefault(case.caseworker_id, []).append(case)
        for worker_cases in by_worker.values():
            if len(worker_cases) < 4:
                continue
            c = worker_cases[-4:]  # the canonical notifications used the first cases
            plans = [
                draft(c[0], today - timedelta(days=10), filled=0.2),  # fresh
                draft(c[1], _awareness_due_today(today), filled=0.8),  # due today
                draft(c[2], today - timedelta(days=150), filled=0.5),  # overdue
                concluded(c[3], today - timedelta(days=170)),  # concluded
            ]
            for case, inv in zip(c, plans, strict=True):
                taken.add(case.child_id)
                made.append(inv)
    return made
