"""Synthetic measures: the Kolding-style catalogue, preventive measures and placements of every type,
staircase movements and plans with goals, inserted in bulk (see core/synthetic.py).

Deterministic from `world.rng`, relative to `world.today`. Every child is fictitious (children step).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from sikkerhedsnet.children.models import Case, Child
from sikkerhedsnet.core import bulk
from sikkerhedsnet.core.synthetic import World, record_created

from . import rules
from .models import ActionPlan, Goal, LegalBasis, Measure, Offer, StaircaseMove
from .reference import legal_bases_ensure

BATCH = 2000
# National scale (generate_synthetic): besides the current measure or placement, a history of earlier, shorter
# measures: about 5 measures and placements per child in all (domain.md §9 "Scale").
HISTORY_PER_CHILD = (2, 7)  # inclusive

# (name, kind, step, categories, placement type, legal basis code, provider, price per month, active, description)
CATALOGUE: tuple[tuple[str, str, int, list[str], str, str, str, int, bool, str], ...] = (
    (
        "Rådgivning og konsulentbistand i Familierådgivningen",
        "preventive",
        1,
        ["1", "2"],
        "",
        "bl-30",
        "Familierådgivningen",
        1500,
        True,
        "Tidlig rådgivning til familien uden forudgående undersøgelse.",
    ),
    (
        "Forebyggende forløb i Børnefamiliehuset",
        "preventive",
        1,
        ["1", "2"],
        "",
        "bl-30",
        "Børnefamiliehuset",
        3200,
        True,
        "Netværks- og samtalegrupper, forældrekurser.",
    ),
    (
        "Tværfagligt forløb med sundhedspleje, dagtilbud, skole, PPR og SSP",
        "preventive",
        1,
        ["1", "2"],
        "",
        "bl-30",
        "Tværfagligt team",
        2500,
        True,
        "Forebyggende indsats i barnets hverdag.",
    ),
    ("Familiebehandling", "preventive", 2, ["3", "4a"], "", "bl-32-1-5", "Børnefamiliehuset", 14500, True, ""),
    (
        "Sikkerhedsplan – intensiv familiebehandling (Signs of Safety)",
        "preventive",
        2,
        ["3", "4a"],
        "",
        "bl-32-1-5",
        "Sikkerheds- og netværkskonsulenterne",
        19500,
        True,
        "For børn i risiko for anbringelse; familie og netværk laver en sikkerhedsplan med kommunen.",
    ),
    (
        "Praktisk pædagogisk støtte i hjemmet",
        "preventive",
        2,
        ["3", "4a"],
        "",
        "bl-32-1-2",
        "Hjemmestøtten",
        9800,
        True,
        "",
    ),
    ("Fast kontaktperson", "preventive", 2, ["3", "4a"], "", "bl-32-1-3", "Ungekontakten", 7600, True, ""),
    (
        "Støtteophold (aflastning)",
        "preventive",
        2,
        ["3", "4a"],
        "",
        "bl-32-1-7",
        "Aflastningsfamilierne",
        12400,
        True,
        "",
    ),
    (
        "Døgnophold for hele familien (familieinstitution)",
        "preventive",
        2,
        ["4a"],
        "",
        "bl-32-1-6",
        "Familieinstitutionen Lyngbo",
        68000,
        True,
        "",
    ),
    (
        "Ophold på kost- eller efterskole (støttende)",
        "preventive",
        2,
        ["3", "4a"],
        "",
        "bl-32-1-1",
        "Eksempel Efterskole",
        9000,
        True,
        "",
    ),
    ("Praktikophold", "preventive", 2, ["3", "4a"], "", "bl-32-1-4", "Jobcentret", 4200, True, ""),
    ("Anden hjælp", "preventive", 2, ["3", "4a"], "", "bl-32-1-8", "Familierådgivningen", 3000, True, ""),
    (
        "Alternativ til anbringelse (projekt)",
        "preventive",
        3,
        ["4a", "4b"],
        "",
        "bl-32-1-8",
        "Børnefamiliehuset",
        26000,
        True,
        "Intensivt forløb i hjemmet som alternativ til anbringelse.",
    ),
    (
        "Netværksplejefamilie",
        "network_foster_family",
        3,
        ["4a", "4b"],
        "network_foster_family",
        "bl-46",
        "Familieplejen (netværk)",
        9500,
        True,
        "Anbringelse hos fx bedsteforældre eller en moster; udgifter dækkes.",
    ),
    (
        "Almen plejefamilie",
        "foster_family",
        4,
        ["4b"],
        "general_foster_family",
        "bl-46",
        "Familieplejen",
        39000,
        True,
        "",
    ),
    (
        "Forstærket plejefamilie",
        "foster_family",
        4,
        ["4b"],
        "reinforced_foster_family",
        "bl-46",
        "Familieplejen",
        48000,
        True,
        "",
    ),
    (
        "Specialiseret plejefamilie",
        "foster_family",
        4,
        ["4b"],
        "specialised_foster_family",
        "bl-46",
        "Familieplejen",
        62000,
        True,
        "",
    ),
    ("Eget værelse eller kollegium", "foster_family", 4, ["4b"], "own_room", "bl-46", "Ungekontakten", 17500, True, ""),
    (
        "Kost- eller efterskole (anbringelse)",
        "foster_family",
        4,
        ["4b"],
        "boarding_school",
        "bl-46",
        "Eksempel Efterskole",
        14500,
        True,
        "",
    ),
    (
        "Børne- og ungehjem – socialpædagogisk",
        "residential",
        5,
        ["4b"],
        "children_home",
        "bl-46",
        "Børne- og ungehjemmet Skovbrynet",
        96000,
        True,
        "",
    ),
    (
        "Tinghøj – kommunalt børne- og ungehjem",
        "residential",
        5,
        ["4b"],
        "children_home",
        "bl-46",
        "Tinghøj",
        99000,
        True,
        "",
    ),
    (
        "Sikret afdeling",
        "residential",
        5,
        ["4b"],
        "secure_unit",
        "bl-46",
        "Sikret institution",
        185000,
        True,
        "Anbringelse på delvis lukket, sikret eller særligt sikret afdeling besluttes af børne- og ungeudvalget.",
    ),
    (
        "Opholdssted Skovbrynet (før 2024)",
        "residential",
        5,
        ["4b"],
        "residential_home_pre2024",
        "bl-46",
        "Skovbrynet",
        92000,
        False,
        "Hed opholdssted indtil Barnets lov 2024.",
    ),
    (
        "Døgninstitutionen Tinghøj (før 2024)",
        "residential",
        5,
        ["4b"],
        "residential_institution_pre2024",
        "bl-46",
        "Tinghøj",
        95000,
        False,
        "Hed døgninstitution indtil Barnets lov 2024.",
    ),
)
BEFORE_PLACEMENT = (
    "Familiebehandling",
    "Sikkerhedsplan – intensiv familiebehandling (Signs of Safety)",
    "Praktisk pædagogisk støtte i hjemmet",
    "Alternativ til anbringelse (projekt)",
)
AFTER_CARE = ("Fast kontaktperson", "Familiebehandling", "Praktisk pædagogisk støtte i hjemmet")
PLACEMENT_BASIS = {  # (law, consent) -> legal basis code
    ("barnets_lov", "with_consent"): "bl-46",
    ("barnets_lov", "without_consent"): "bl-47",
    ("serviceloven", "with_consent"): "sel-52-3-7",
    ("serviceloven", "without_consent"): "sel-58",
}
GOALS_CHILD = (
    "Går i skole hver dag og fortæller selv om sin dag",
    "Har en fast voksen at gå til, når noget er svært",
    "Sover i egen seng og har faste rutiner om aftenen",
    "Deltager i en fritidsaktivitet hver uge",
    "Har kontakt med mindst én god ven",
)
GOALS_PARENTS = (
    "Sørger for faste måltider og sengetider",
    "Holder aftalerne i sikkerhedsplanen, også i weekenden",
    "Deltager i samvær som aftalt og forbereder barnet på det",
    "Tager imod hjælp fra netværket, når det er svært",
    "Er ædru, når barnet er hjemme",
)
PURPOSES = (
    "At barnet kan blive boende hjemme i trygge rammer. Forventet varighed: 6-12 måneder. (Fiktiv demo.)",
    "At barnet får ro, stabil skolegang og tæt kontakt til familien med henblik på hjemgivelse. Forventet "
    "varighed: 1-2 år. (Fiktiv demo.)",
    "At forældrene styrkes i omsorgen, så en anbringelse undgås. Forventet varighed: 6 måneder. (Fiktiv demo.)",
)


def _catalogue(world: World) -> tuple[list[Offer], int]:
    existing = list(Offer.objects.filter(municipality=world.municipality).select_related("legal_basis"))
    if existing:
        return existing, 0
    legal_bases_ensure()
    bases = {b.code: b for b in LegalBasis.objects.all()}
    offers = [
        Offer(
            municipality=world.municipality,
            name=name,
            kind=kind,
            step=step,
            categories=categories,
            placement_type=placement_type,
            legal_basis=bases[basis],
            provider=provider,
            monthly_price=price,
            active=active,
            description=description,
        )
        for name, kind, step, categories, placement_type, basis, provider, price, active, description in CATALOGUE
    ]
    bulk_create_with_history(offers, Offer, batch_size=BATCH)
    return list(Offer.objects.filter(municipality=world.municipality).select_related("legal_basis")), len(offers)


def _day_between(world: World, first: date, last: date) -> date:
    if last <= first:
        return first
    return first + timedelta(days=world.rng.randrange((last - first).days + 1))


def _basis_on(bases_by_code: dict[str, LegalBasis], basis: LegalBasis, day: date) -> LegalBasis:
    current: LegalBasis | None = basis
    while current is not None and not current.is_valid_on(day):
        current = bases_by_code.get(current.replaces.code) if current.replaces_id else None  # type: ignore[union-attr]
    return current or basis


class _Plan:
    """What the step builds per child before the bulk inserts."""

    def __init__(self, child: Child) -> None:
        self.child = child
        self.measures: list[Measure] = []
        self.moves: list[tuple[int, date, int | None, str, str]] = []  # (measure index, day, to_step, category, reason)
        self.historic: set[int] = set()  # indices of measures ended before the current plan (no action plan)


@transaction.atomic
def generate(world: World) -> dict[str, int]:
    rng, today = world.rng, world.today
    offers, offers_made = _catalogue(world)
    bases = {b.code: b for b in LegalBasis.objects.select_related("replaces")}
    active_offers = [o for o in offers if o.active]
    by_type: dict[str, list[Offer]] = {}
    for offer in offers:
        if offer.placement_type:
            by_type.setdefault(offer.placement_type, []).append(offer)
    preventive = [o for o in active_offers if o.kind == "preventive" and o.step == 2]
    early = [o for o in active_offers if o.kind == "preventive" and o.step == 1]
    before_placement = [o for o in active_offers if o.name in BEFORE_PLACEMENT] or preventive
    after_care = [o for o in active_offers if o.name in AFTER_CARE] or preventive
    children: list[Child] = world.made.get("children", [])
    cases = {
        c["child_id"]: c
        for c in Case.objects.filter(child__in=children).values("child_id", "opened_on", "closed_on", "caseworker_id")
    }
    # Every placement type appears in the demo: the first placed children take the types in turn; the old
    # names (opholdssted, døgninstitution) need a decision before 2024.
    types_cycle = [t for t in rules.PLACEMENT_TYPES if rules.PLACEMENT_TYPES[t].valid_to is None]
    old_types = [t for t in rules.PLACEMENT_TYPES if rules.PLACEMENT_TYPES[t].valid_to is not None]
    weights = {
        "general_foster_family": 8,
        "reinforced_foster_family": 3,
        "specialised_foster_family": 2,
        "network_foster_family": 3,
        "children_home": 4,
        "secure_unit": 1,
        "own_room": 2,
        "boarding_school": 1,
    }
    plans: list[_Plan] = []
    missing_old, missing_new = list(old_types), list(types_cycle)
    # The demo shows a bit of everything; bulk synthetic data follows the national mix more closely (about one
    # in six children known to the municipality placed, domain.md §9 "Scale").
    no_measure, preventive_only = (0.33, 0.66) if world.demo else (0.45, 0.84)
    for child in children:
        case = cases.get(child.pk)
        if case is None:
            continue
        opened, closed = case["opened_on"], case["closed_on"]
        horizon_end = closed or today
        span = (horizon_end - opened).days
        roll = rng.random()
        plan = _Plan(child)
        if closed is not None:
            if roll < 0.3 and span > 40:
                start = _day_between(world, opened + timedelta(days=10), horizon_end - timedelta(days=20))
                offer = rng.choice(early + preventive)
                plan.measures.append(_measure(world, child, offer, bases, start, end=horizon_end, case=case))
                plan.moves.append((0, start, offer.step, offer.categories[0], ""))
                plan.moves.append((0, horizon_end, None, "", "Indsatsen er afsluttet; sagen er lukket."))
        elif roll < no_measure or span < 45:
            pass  # no measure (yet)
        elif roll < preventive_only:
            start = _day_between(world, opened + timedelta(days=14), today + timedelta(days=10))
            offer = rng.choice(preventive + early)
            plan.measures.append(_measure(world, child, offer, bases, start, end=None, case=case))
            plan.moves.append((0, start, offer.step, rng.choice(offer.categories), ""))
        else:
            early_case = opened < date(2023, 9, 1)
            if world.demo and early_case and missing_old:
                placement_type = missing_old.pop(0)
            elif world.demo and missing_new:
                placement_type = missing_new.pop(0)
            else:
                placement_type = rng.choices(list(weights), weights=list(weights.values()))[0]
            offer = rng.choice(by_type[placement_type])
            latest_start = min(date(2023, 12, 20), today) if placement_type in old_types else today - timedelta(days=5)
            first_start = opened + timedelta(days=10)
            valid_from = rules.PLACEMENT_TYPES[placement_type].valid_from
            if valid_from is not None and first_start < valid_from + timedelta(days=20):
                first_start = valid_from + timedelta(days=20)
            prev_end = _day_between(world, first_start + timedelta(days=30), latest_start - timedelta(days=20))
            if prev_end > first_start + timedelta(days=40):
                prev_offer = rng.choice(before_placement)
                plan.measures.append(
                    _measure(world, child, prev_offer, bases, first_start, end=prev_end - timedelta(days=1), case=case)
                )
                plan.moves.append((0, first_start, prev_offer.step, "4a", ""))
                start = prev_end
            else:
                start = _day_between(world, first_start, latest_start)
            start = min(max(start, first_start), latest_start)
            end = None
            if rng.random() < 0.25 and (today - start).days > 200:
                end = start + timedelta(days=rng.randrange(120, (today - start).days - 30))
            index = len(plan.measures)
            plan.measures.append(_measure(world, child, offer, bases, start, end=end, case=case, placement=True))
            plan.moves.append(
                (
                    index,
                    start,
                    offer.step,
                    "4b",
                    "Den forebyggende indsats har ikke skabt tilstrækkelig sikkerhed i hjemmet." if index else "",
                )
            )
            if end is not None:
                # Returned home (hjemgivelse) with support at home: down the staircase.
                after = rng.choice(after_care)
                plan.measures.append(_measure(world, child, after, bases, end + timedelta(days=1), end=None, case=case))
                plan.moves.append(
                    (index + 1, end + timedelta(days=1), after.step, "4a", "Hjemgivet efter planen; støtte i hjemmet.")
                )
        if not world.demo:
            _history(world, plan, case, early + preventive, bases)
        if plan.measures:
            plans.append(plan)
    measures = [m for p in plans for m in p.measures]
    tz = ZoneInfo(settings.TIME_ZONE)
    bulk.insert_objects(measures, history_dates=[datetime.combine(m.decided_on, time(9), tzinfo=tz) for m in measures])
    moves = []
    for plan in plans:
        previous: tuple[int | None, str] = (None, "")
        for index, day, to_step, category, reason in sorted(plan.moves, key=lambda m: m[1]):
            from_step, from_category = previous
            if rules.needs_reason(from_step, to_step) and not reason:
                reason = "Behovet for støtte er vokset; en mindre indgribende indsats er ikke nok."
            moves.append(
                StaircaseMove(
                    child=plan.child,
                    measure=plan.measures[index],
                    moved_on=day,
                    from_step=from_step,
                    to_step=to_step,
                    from_category=from_category,
                    category=category,
                    reason=reason,
                    created_by_id=plan.measures[index].created_by_id,
                )
            )
            previous = (to_step, category)
    bulk.insert_objects(moves)
    plan_count, goal_count = _action_plans(world, plans)
    record_created(world, measures)
    world.made["measures"] = measures
    return {
        "offers": offers_made,
        "measures": len(measures),
        "staircase_moves": len(moves),
        "action_plans": plan_count,
        "goals": goal_count,
    }


def _history(
    world: World, plan: _Plan, case: Mapping[str, Any], offers: list[Offer], bases: dict[str, LegalBasis]
) -> None:
    """Earlier, ended measures (2-8 months each) during the case, each with its move onto the staircase."""
    rng, today = world.rng, world.today
    last = min(case["closed_on"] or today, today) - timedelta(days=30)
    if (last - case["opened_on"]).days < 90:
        return
    for _ in range(rng.randint(*HISTORY_PER_CHILD)):
        start = _day_between(world, case["opened_on"], last - timedelta(days=60))
        end = min(start + timedelta(days=rng.randrange(60, 240)), last)
        offer = rng.choice(offers)
        measure = _measure(world, plan.child, offer, bases, start, end=end, case=case)
        plan.historic.add(len(plan.measures))
        plan.moves.append((len(plan.measures), start, offer.step, rng.choice(offer.categories), ""))
        plan.measures.append(measure)


def _measure(
    world: World,
    child: Child,
    offer: Offer,
    bases: dict[str, LegalBasis],
    start: date,
    *,
    end: date | None,
    case: Mapping[str, Any],
    placement: bool = False,
) -> Measure:
    rng, today = world.rng, world.today
    decided = min(today, max(case["opened_on"], start - timedelta(days=rng.randrange(0, 15))))
    creator = case["caseworker_id"] or world.actor.pk
    cost = max(0, round(offer.monthly_price * rng.uniform(0.9, 1.1) / 100) * 100)
    tracked_from = max(start, today - timedelta(days=450 if world.demo else 270))
    measure = Measure(
        child=child,
        kind=offer.kind,
        decided_on=decided,
        start_on=start,
        end_on=end,
        monthly_cost=cost,
        offer=offer,
        provider=offer.provider,
        purpose=rng.choice(PURPOSES),
        goals_child=rng.choice(GOALS_CHILD),
        goals_parents=rng.choice(GOALS_PARENTS),
        step=offer.step,
        category=offer.categories[-1] if placement else rng.choice(offer.categories),
        created_by_id=creator,
        child_plan_required=placement or rng.random() < 0.7,
        followups_tracked_from=tracked_from if tracked_from > start else None,
        end_reason="Målene er nået." if end else "",
    )
    if not placement:
        measure.legal_basis = _basis_on(bases, offer.legal_basis, decided)
        return measure
    without = rng.random() < (0.6 if offer.placement_type == "secure_unit" else 0.25)
    consent = "without_consent" if without else "with_consent"
    measure.consent = consent
    measure.placement_type = offer.placement_type
    # Issue #15: a placement rests on a concluded investigation or a reasoned urgent route. This step runs apart
    # from intake's (which makes the investigations), so the demo's placements take the urgent route, reasoned.
    measure.urgent_reason = "Akut anbringelse: barnets sikkerhed kunne ikke afvente undersøgelsen. (Fiktiv demo.)"
    measure.legal_basis = bases[PLACEMENT_BASIS[(rules.law_on(decided), consent)]]
    if without or offer.placement_type == "secure_unit":
        measure.committee_decided_on = decided
        measure.committee_reference = f"Børne- og ungeudvalget, pkt. {rng.randrange(1, 30)}/{decided.year}"
    if consent == "with_consent" and rules.young_person_must_consent(child.age_on(decided)):
        measure.young_person_consent = True
    if rng.random() < 0.06:
        measure.return_home_exclusion = rng.choice(list(Measure.ReturnHomeExclusion.values))
        measure.return_home_exclusion_note = "Dokumenteret i den børnefaglige undersøgelse. (Fiktiv demo.)"
    else:
        measure.return_home_plan = (
            "Samvær hver anden weekend, forældrekursus og netværksmøde hver 3. måned; hjemgivelse vurderes ved "
            "opfølgningen efter 6 måneder. (Fiktiv demo.)"
        )
        measure.return_home_plan_made_on = max(
            decided - timedelta(days=rng.randrange(0, 10)), start - timedelta(days=30)
        )
        if measure.return_home_plan_made_on > start:
            measure.return_home_plan_made_on = start
    return measure


def _action_plans(world: World, plans: list[_Plan]) -> tuple[int, int]:
    rng = world.rng
    made: list[tuple[ActionPlan, list[Measure]]] = []
    for plan in plans:
        needing = [
            m
            for i, m in enumerate(plan.measures)
            if (m.is_placement or m.child_plan_required) and i not in plan.historic
        ]
        if not needing or rng.random() < 0.2:  # some plans are still missing: the deadline shows it
            continue
        first = min(m.decided_on for m in needing)
        made_on = min(world.today, first + timedelta(days=rng.randrange(5, 80)))
        made.append(
            (
                ActionPlan(
                    child=plan.child,
                    made_on=made_on,
                    participants="Barnet, mor, far, skolen og rådgiver. (Fiktiv demo.)",
                    step_down_plan="Trin for trin ned ad indsatstrappen, når målene er nået. (Fiktiv demo.)"
                    if any(m.is_placement for m in needing)
                    else "",
                    created_by_id=needing[0].created_by_id,
                ),
                needing,
            )
        )
    action_plans = bulk_create_with_history([p for p, _ in made], ActionPlan, batch_size=BATCH)
    if action_plans and action_plans[0].pk is None:
        by_child = {p.child_id: p for p in ActionPlan.objects.filter(child__in=[p.child for p, _ in made])}
        action_plans = [by_child[p.child_id] for p, _ in made]
    goals, covered = [], []
    for action_plan, (_, measures) in zip(action_plans, made, strict=True):
        for measure in measures:
            measure.action_plan = action_plan
            covered.append(measure)
            goals.append(
                Goal(
                    plan=action_plan,
                    for_whom="child",
                    text=measure.goals_child,
                    measure=measure,
                    created_on=action_plan.made_on,
                )
            )
            goals.append(
                Goal(
                    plan=action_plan,
                    for_whom="parents",
                    text=measure.goals_parents,
                    measure=measure,
                    created_on=action_plan.made_on,
                )
            )
        if rng.random() < 0.5:
            goals.append(
                Goal(
                    plan=action_plan,
                    for_whom="child",
                    text=rng.choice(GOALS_CHILD),
                    created_on=action_plan.made_on,
                    status="achieved" if rng.random() < 0.3 else "open",
                )
            )
    Measure.objects.bulk_update(covered, ["action_plan"], batch_size=BATCH)
    Goal.objects.bulk_create(goals, batch_size=BATCH)
    return len(action_plans), len(goals)
