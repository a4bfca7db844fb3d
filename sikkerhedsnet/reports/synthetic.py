"""Demo data of the reports app (see core/synthetic.py): the shipped business cases, an evaluation with its
lottery, snapshots, FIT scores and questionnaire answers, and an early-intervention project whose records
reproduce the Aarhus template's figures (255 requests in 2017, 408 in 2018 over 6 districts; budget 1,697,504 kr.
and surplus 117,513 kr.). Only for the demo municipality; deterministic from `world.rng`; bulk inserts.

The one registry entry for the whole app (core.synthetic finds `<app>/synthetic.py`), so it writes the records of
all four sub-domains: it is wiring, not part of the read-side aggregates.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sikkerhedsnet.accounts.models import Role, User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core.calendar import add_months
from sikkerhedsnet.core.synthetic import World

from .business_cases import services as business_case_services
from .business_cases.examples import BILLUND, KALUNDBORG, KALUNDBORG_REALISED
from .business_cases.models import BusinessCase, BusinessCaseOutcome
from .early_intervention.models import (
    Consultation,
    District,
    EarlyInterventionProject,
    ProjectBudget,
    ProjectExpense,
    WellbeingConversation,
)
from .evaluations.models import Evaluation, EvaluationParticipant, EvaluationSnapshot
from .evaluations.rules import lottery, quarter_dates
from .evaluations.selectors import evaluation_population
from .measurements.models import FitScore, InvolvementResponse

EVALUATION_TITLE = "Systematisk helhedsorienteret sagsbehandling (pilot)"
EVALUATION_SEED = 20150901  # recorded like any other seed; the Kolding pilot's baseline date, as a number
SFM_NAME = "Socialfaglige Medarbejdere (SFM)"
DISTRICTS = ("Distrikt Centrum", "Distrikt Midt", "Distrikt Nord", "Distrikt Syd", "Distrikt Vest", "Distrikt Øst")
# Year → (requests, about a specific child, of those aged 0–6). 2017+2018: 388 of 663 = 58.5 % about a specific
# child (the seed's figure; its base is unknown, domain.md §5.5), 196 of 388 = 50.5 % aged 0–6 (seed: 50.4 %,
# which no whole count of these totals gives exactly).
CONSULTATIONS = {2017: (255, 150, 75), 2018: (408, 238, 121)}
CONVERSATIONS_2018 = 26
BUDGET_2018 = 1_697_504
# Net spending 1,579,991 kr. = 12 × 138,450 (salaries) + 36,000 (SoS training) + 18,591 (transport) − 136,000
# (reimbursement for long-term sick leave), so the surplus is 117,513 kr.
EXPENSES_2018 = [(date(2018, m, 25), "expense", 138_450, "Løn, socialfaglige medarbejdere") for m in range(1, 13)] + [
    (date(2018, 3, 15), "expense", 36_000, "Undervisning i Signs of Safety (øvebaner)"),
    (date(2018, 11, 30), "expense", 18_591, "Kørsel"),
    (date(2018, 9, 30), "reimbursement", 136_000, "Refusion for langtidssygemelding"),
]


@transaction.atomic
def generate(world: World) -> dict[str, int]:
    if not world.demo:
        return {}
    counts = {"business_cases": _business_cases(world)}
    counts.update(_evaluation(world))
    counts.update(_early_intervention(world))
    return counts


def _business_cases(world: World) -> int:
    made = 0
    existing = set(BusinessCase.objects.filter(municipality=world.municipality).values_list("title", flat=True))
    for example in (BILLUND, KALUNDBORG):
        if example["title"] in existing:
            continue
        case = business_case_services.business_case_create(
            by=world.actor, data=example, municipality_id=world.municipality.pk
        )
        made += 1
        if example is KALUNDBORG:
            BusinessCaseOutcome.objects.create(
                business_case=case,
                year=KALUNDBORG_REALISED["year"],
                investment=KALUNDBORG_REALISED["investment"],
                savings=KALUNDBORG_REALISED["savings"],
                note=KALUNDBORG_REALISED["note"],
                recorded_by=world.actor,
            )
    return made


def _head(world: World) -> User:
    return User.objects.filter(municipality=world.municipality, role=Role.HEAD).first() or world.actor


_CATEGORY_FOR_STEP = {1: ("1", "2"), 2: ("3", "4a"), 3: ("4a", "4b"), 4: ("4b",), 5: ("4b",)}


def _evaluation(world: World) -> dict[str, int]:
    if Evaluation.objects.filter(municipality=world.municipality, title=EVALUATION_TITLE).exists():
        return {}
    rng, head = world.rng, _head(world)
    pool = world.caseworkers_by_team.get(world.teams[0].pk, []) if world.teams else []
    if not pool:
        return {}
    # Baseline: the first day of the month a year ago; quarterly snapshots since, up to today.
    baseline = add_months(world.today.replace(day=1), -12)
    evaluation = Evaluation.objects.create(
        municipality=world.municipality,
        title=EVALUATION_TITLE,
        baseline_on=baseline,
        created_by=head,
        description=(
            "Forsøg efter Kolding-modellen: lavere sagstal, tæt opfølgning og inddragelse af netværket. Sagerne "
            "er trukket lod blandt forsøgsrådgivernes egne sager, så så få børn som muligt skifter rådgiver."
        ),
    )
    evaluation.pool.set(pool)
    population = evaluation_population(evaluation)
    draws = {d.unit_id: d for d in lottery([c for c, _w in population], seed=EVALUATION_SEED)}
    participants = [
        EvaluationParticipant(
            evaluation=evaluation, child_id=c, caseworker_id=w, group=draws[c].group, ticket=draws[c].ticket
        )
        for c, w in population
    ]
    EvaluationParticipant.objects.bulk_create(participants)
    run_at = timezone.make_aware(datetime.combine(baseline, time(10, 0)))
    Evaluation.objects.filter(pk=evaluation.pk).update(
        lottery_seed=EVALUATION_SEED, lottery_run_at=run_at, lottery_run_by=head
    )
    snapshots = []
    dates = [d for d in quarter_dates(baseline, 4) if d <= world.today]
    for p in participants:
        step = rng.choices([1, 2, 3, 4, 5], weights=[2, 5, 3, 3, 2])[0]
        down = 0.22 if p.group == "new_model" else 0.09
        for on in dates:
            if on != baseline:
                roll = rng.random()
                if roll < down and step > 1:
                    step -= 1
                elif roll > 0.95 and step < 5:
                    step += 1
            snapshots.append(
                EvaluationSnapshot(
                    evaluation=evaluation,
                    child_id=p.child_id,
                    taken_on=on,
                    step=step,
                    category=rng.choice(_CATEGORY_FOR_STEP[step]),
                    recorded_by=head,
                )
            )
    EvaluationSnapshot.objects.bulk_create(snapshots, batch_size=2000)
    fit, answers = _fit_and_questionnaire(world, [p for p in participants if p.group == "new_model"][:12], baseline)
    audit.record_many(
        by=head,
        entries=[
            audit.Entry(
                type=AuditEvent.Type.CREATED,
                target_model="reports.evaluation",
                target_id=str(evaluation.pk),
                new={"synthetic": True, "seed": EVALUATION_SEED},
            )
        ]
        + [
            audit.Entry(
                type=AuditEvent.Type.CREATED,
                target_model="reports.evaluationparticipant",
                target_id=str(evaluation.pk),
                child_id=p.child_id,
                new={"group": p.group, "synthetic": True},
            )
            for p in participants
        ],
    )
    return {
        "evaluation_children": len(participants),
        "evaluation_snapshots": len(snapshots),
        "fit_scores": fit,
        "questionnaire_answers": answers,
    }


def _fit_and_questionnaire(world: World, participants: list[EvaluationParticipant], since: date) -> tuple[int, int]:
    rng = world.rng
    scores, answers = [], []
    for p in participants:
        ors = Decimal(rng.randrange(120, 220)) / 10
        session = since + timedelta(days=rng.randrange(7, 30))
        while session <= world.today:
            for respondent in ("child", "mother"):
                ors_value = min(Decimal(40), max(Decimal(0), ors + Decimal(rng.randrange(-25, 26)) / 10))
                scores.append(
                    FitScore(
                        child_id=p.child_id,
                        session_on=session,
                        respondent=respondent,
                        ors=ors_value,
                        srs=Decimal(rng.randrange(300, 400)) / 10,
                        recorded_by=world.actor,
                    )
                )
            ors += Decimal(rng.randrange(0, 18)) / 10
            session += timedelta(days=rng.randrange(14, 29))
        for on in quarter_dates(since, 4):
            if on > world.today:
                break
            base = 3 if on == since else 4
            answers.append(
                InvolvementResponse(
                    child_id=p.child_id,
                    answered_on=on,
                    respondent="parent",
                    recorded_by=world.actor,
                    involved=min(5, base + rng.randrange(0, 2)),
                    heard=min(5, base + rng.randrange(0, 2)),
                    effect=min(5, base - 1 + rng.randrange(0, 3)),
                )
            )
    FitScore.objects.bulk_create(scores, batch_size=2000)
    InvolvementResponse.objects.bulk_create(answers, batch_size=2000)
    return len(scores), len(answers)


def _spread(world: World, year: int, n: int) -> list[date]:
    """n dates in the year, deterministic, never on a weekend."""
    days: list[date] = []
    while len(days) < n:
        day = date(year, 1, 1) + timedelta(days=world.rng.randrange(0, 365))
        if day.weekday() < 5:
            days.append(day)
    return sorted(days)


def _early_intervention(world: World) -> dict[str, int]:
    if EarlyInterventionProject.objects.filter(municipality=world.municipality, name=SFM_NAME).exists():
        return {}
    rng, head = world.rng, _head(world)
    project = EarlyInterventionProject.objects.create(
        municipality=world.municipality,
        name=SFM_NAME,
        created_by=head,
        leader="Pia Projektsen (fiktiv)",
        goal=(
            "Ved at styrke det pædagogiske personales kompetencer understøtter SFM en hurtigere, mere målrettet "
            "og systematisk opfølgning på børn i udsatte positioner, så forældrene oplever sig inddraget."
        ),
        target_group="Børn og unge 0–18 år og deres forældre.",
        content=(
            "Sparring til pædagogisk personale, undervisning i Signs of Safety og facilitering af SoS-møder. "
            "Fra 2018 også trivselssamtaler med børn i begyndende mistrivsel."
        ),
        progress=(
            "Let adgang til uvildig socialfaglig sparring styrker det målrettede arbejde med udsatte børn. "
            "Forebyggelsen styrkes gennem hurtigere handling og mere systematik."
        ),
        economy_explanation="Mindreforbruget skyldes, at der ikke er trykt nye materialer, og refusion for "
        "langtidssygemelding.",
        evaluation_process="Skarpere fokus på udsatte børn; SoS styrker samarbejdet; et fælles sprog og en fælles "
        "metode.",
        evaluation_effect="Fagpersoner reagerer hurtigere på bekymringer; forældrene oplever sig inddraget; "
        "trivselssamtalerne har en positiv effekt.",
        organisational_learning="Tilgængelighed, SoS som systematisk løsningsfokuseret tilgang, faglig indsigt og "
        "tværfaglig sparring, ansættelsesforhold.",
        future="SFM gøres permanent med én SFM pr. børne- og ungeområde, ledet af områdechefen.",
    )
    districts = District.objects.bulk_create([District(project=project, name=name) for name in DISTRICTS])
    consultations = []
    for year, (total, specific, young) in CONSULTATIONS.items():
        bands = ["0-6"] * young + [rng.choice(["7-12", "13-18"]) for _ in range(specific - young)]
        bands += [""] * (total - specific)
        rng.shuffle(bands)
        for day, band in zip(_spread(world, year, total), bands, strict=True):
            consultations.append(
                Consultation(
                    project=project,
                    district=rng.choice(districts),
                    requested_on=day,
                    specific_child=bool(band),
                    age_band=band,
                    recorded_by=head,
                )
            )
    Consultation.objects.bulk_create(consultations, batch_size=2000)
    conversations = []
    for day in _spread(world, 2018, CONVERSATIONS_2018):
        conversations.append(
            WellbeingConversation(
                project=project,
                district=rng.choice(districts),
                held_on=day,
                age_band=rng.choice(["7-12", "13-18"]),
                parental_consent=True,
                parents_meeting_on=day - timedelta(days=rng.randrange(2, 15)),
                recorded_by=head,
            )
        )
    WellbeingConversation.objects.bulk_create(conversations)
    ProjectBudget.objects.create(project=project, year=2018, amount=BUDGET_2018)
    ProjectExpense.objects.bulk_create(
        [
            ProjectExpense(project=project, booked_on=on, kind=kind, amount=amount, text=text, recorded_by=head)
            for on, kind, amount, text in EXPENSES_2018
        ]
    )
    audit.record(
        by=head,
        type=AuditEvent.Type.CREATED,
        target=project,
        new={"synthetic": True, "consultations": len(consultations), "conversations": len(conversations)},
    )
    return {"consultations": len(consultations), "wellbeing_conversations": len(conversations)}
