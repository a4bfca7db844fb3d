"""Synthetic safety work (see core/synthetic.py): cases in every stage, with scaling histories that tell a story.

Stages: screened (in and out of the target group), mapped, draft plan, active minimum plan, active detailed plan
after revisions, and ended plans with every outcome. Deterministic from `world.rng`, relative to `world.today`,
inserted in bulk. Every person and every word is fictitious.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Case, Child, Relation
from sikkerhedsnet.core import bulk
from sikkerhedsnet.core.calendar import add_months
from sikkerhedsnet.core.synthetic import FIRST_NAMES_ADULTS, World

from . import rules
from .models import (
    DEFAULT_SCALING_QUESTION,
    Mapping,
    MappingEntry,
    MappingParticipant,
    NetworkMeeting,
    NetworkMember,
    SafetyPlan,
    Scaling,
    ScalingScore,
    StoryImage,
    StoryPanel,
    TargetGroupAssessment,
    ThreeHouses,
    WordsAndPictures,
)
from .services.screening import reasoning_for

SHARE = 0.08  # of the children get safety work in the demo (at least one of each stage)
# National scale (generate_synthetic): about 40,000 safety plans with scalings per 100,000 children.
SHARE_AT_SCALE = 0.25
STAGES = (
    "screened_out",
    "screened",
    "mapped",
    "draft",
    "active_minimum",
    "active_detailed",
    *(f"ended:{o}" for o in rules.OUTCOMES),
)
REPEAT = (
    "active_minimum",
    "active_detailed",
    "mapped",
    "draft",
    "ended:stayed_home_avoided_foster_care",
    "ended:returned_home",
    "screened",
    "ended:stayed_home_avoided_institution",
    "ended:placed_voluntary",
)

ENTRIES = {
    "past_harm": (
        "Politiet blev kaldt til et voldsomt skænderi i hjemmet en aften i foråret.",
        "{child} er flere gange kommet i skole uden madpakke og i beskidt tøj.",
        "Mor var påvirket, da hun hentede {child} i institutionen.",
    ),
    "future_danger": (
        "Vi er bekymrede for, at {child} igen oplever vold mellem de voksne.",
        "Vi er bekymrede for, at {child} ikke får mad og søvn nok, når mor har det dårligt.",
    ),
    "complicating_factors": (
        "Far har ikke været med til møderne.",
        "Familien er flyttet tre gange på to år.",
        "Mors depression svinger, og hun har svært ved at bede om hjælp.",
    ),
    "strengths": (
        "Mor søger selv hjælp og er kommet til alle møder.",
        "Mormor bor tæt på og vil gerne hjælpe.",
        "{child} er glad for sin klasselærer og har en god ven i klassen.",
    ),
    "existing_safety": (
        "Mormor har haft {child} hver weekend det sidste halve år.",
        "Mor ringer til mormor, når hun har en dårlig dag.",
    ),
    "future_safety": (
        "{child} ved, hvem det kan ringe til, hvis der bliver råbt derhjemme.",
        "Der er altid en voksen, som ikke er påvirket, hos {child} om aftenen.",
    ),
    "goals": (
        "Alle i netværket er trygge ved, at {child} får mad, søvn og kommer i skole hver dag.",
        "Mor og far kan løse uenigheder uden at råbe, når {child} er hjemme.",
    ),
    "next_steps": (
        "Netværksmøde om to uger med mormor og morbror.",
        "Rådgiveren fortæller {child} om planen med Ord og billeder.",
    ),
    "agreement": (
        "Mormor ringer til mor hver aften kl. 19.",
        "Hvis mor drikker, henter mormor {child} med det samme.",
        "Skolen giver rådgiveren besked, hvis {child} ikke møder.",
    ),
}
PLAN_AGREEMENTS = (
    ("{child} bliver hentet af mormor, hvis mor ikke har det godt.", "Mormor"),
    ("Mor ringer til netværkstovholderen hver aften kl. 19.", "Mor"),
    ("Der drikkes ikke alkohol, når {child} er hjemme.", "Mor og far"),
    ("{child} kommer i skole hver dag og har madpakke med.", "Mor"),
    ("Morbror sover hos familien, hvis far kommer uanmeldt.", "Morbror"),
)
# Who typically says what in a mapping meeting (roles; the first present one is used, else the caseworker).
SPEAKERS = {
    "past_harm": ("caseworker", "mother"),
    "future_danger": ("caseworker",),
    "complicating_factors": ("caseworker", "mother", "network"),
    "strengths": ("network", "mother", "caseworker", "child"),
    "existing_safety": ("network", "mother"),
    "future_safety": ("child", "caseworker", "network"),
    "goals": ("caseworker", "mother", "father"),
    "next_steps": ("caseworker", "network"),
    "agreement": ("network", "mother", "father"),
}
DANGER = (
    "Forvaltningen er bekymret for, at {child} igen kommer til at opleve vold mellem de voksne og bliver bange "
    "og utryg, hvis intet ændrer sig."
)
GOAL = (
    "Alle omkring {child} er trygge ved, at der altid er en voksen, som passer på {child}, og at {child} ved, "
    "hvem der hjælper, hvis det bliver svært derhjemme."
)


@dataclass
class _Work:
    child: Child
    caseworker: User | None
    stage: str
    start: date
    mother: str = "Mor"
    father: str | None = None
    network: list[tuple[str, str, str]] = field(default_factory=list)  # (name, relation, phone)


def _save(objs: Any) -> list[Any]:
    """Insert generated instances of one model in bulk (core.bulk: COPY on PostgreSQL); they get their pks."""
    objs = list(objs)
    bulk.insert_objects(objs)
    return objs


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _clamp(v: float) -> int:
    return max(0, min(10, round(v)))


def _story(rng: Any, n: int, stage: str) -> dict[str, list[int]]:
    """Scores over n meetings: the family and network rise, the caseworker stays cautious, then they converge.

    A plan that ended in a placement tells the opposite story: the scores stay low and the caseworker's drops.
    """
    placed = stage.startswith("ended:placed")
    out: dict[str, list[int]] = {"mother": [], "father": [], "child": [], "network": [], "caseworker": []}
    for i in range(n):
        t = i / max(1, n - 1)
        jitter = rng.choice((-1, 0, 0, 0, 1))
        if placed:
            out["mother"].append(_clamp(4 + t + jitter))
            out["father"].append(_clamp(3 + jitter))
            out["child"].append(_clamp(5 - 2 * t))
            out["network"].append(_clamp(4 - t))
            out["caseworker"].append(_clamp(3 - 2 * t))
        else:
            out["mother"].append(_clamp(2 + 5 * t + (jitter if 0 < i < n - 1 else 0)))
            out["father"].append(_clamp(3 + 3 * t))
            out["child"].append(_clamp(5 + 3 * t))
            out["network"].append(_clamp(2 + 5.5 * t))
            out["caseworker"].append(_clamp(2 + 5 * max(0.0, (t - 0.55) / 0.45)))
    return out


def _pick(world: World) -> list[_Work]:
    children = world.made.get("children") or []
    if not children:
        return []
    cases = {
        c.child_id: c
        for c in Case.objects.filter(child__in=children, closed_on__isnull=True).select_related("caseworker")
    }
    open_children = [c for c in children if c.pk in cases]
    n = max(len(STAGES), int(len(children) * SHARE)) if world.demo else int(len(children) * SHARE_AT_SCALE)
    n = min(n, len(open_children))
    if n == 0:
        return []
    # The demo's first caseworker (raadgiver01) gets a full set, so one login shows every stage.
    worker_names = {child_id: c.caseworker.username for child_id, c in cases.items() if c.caseworker}
    first = min(worker_names.values(), default=None)
    preferred = [c for c in open_children if first and worker_names.get(c.pk) == first]
    others = [c for c in open_children if c not in preferred]
    world.rng.shuffle(others)
    chosen = (preferred[: len(STAGES)] + others)[:n]
    stages = list(STAGES) + [REPEAT[i % len(REPEAT)] for i in range(max(0, n - len(STAGES)))]
    parents: dict[int, dict[str, str]] = {}
    for r in Relation.objects.filter(child__in=chosen, kind__in=["mother", "father"]).select_related("person"):
        parents.setdefault(r.child_id, {})[r.kind] = r.person.first_name
    result = []
    for child, stage in zip(chosen, stages, strict=False):
        rng = world.rng
        relations = ("Mormor", "Morbror", "Nabo")[: rng.randrange(2, 4)]
        network = [
            (f"{name} Netværksen", rel, f"+45 2{rng.randrange(1000000, 9999999)}")
            for name, rel in zip(rng.sample(FIRST_NAMES_ADULTS, k=len(relations)), relations, strict=True)
        ]
        result.append(
            _Work(
                child=child,
                caseworker=cases[child.pk].caseworker,
                stage=stage,
                start=world.today - timedelta(days=rng.randrange(120, 420)),
                mother=parents.get(child.pk, {}).get("mother", "Mor"),
                father=parents.get(child.pk, {}).get("father"),
                network=network,
            )
        )
    return result


def _plan_content(case: _Work, level: str, rng: Any) -> dict[str, Any]:
    name = case.child.first_name
    chosen = rng.sample(PLAN_AGREEMENTS, k=3 if level == "minimum" else 5)
    coordinator = case.network[0]
    content: dict[str, Any] = {
        "agreements": [{"text": t.format(child=name), "responsible": r} for t, r in chosen],
        "contacts": [{"name": n, "phone": p, "relation": rel} for n, rel, p in case.network]
        + [{"name": "Familieafdelingen, Demo Kommune", "phone": "+45 70 00 00 00", "relation": "Rådgiver"}],
        "network_coordinator": {"name": coordinator[0], "phone": coordinator[2]},
        "child_explanation": {
            "method": "words_and_pictures",
            "text": f"Rådgiveren og mor gennemgår Ord og billeder med {name}.",
        },
        "danger_statement": DANGER.format(child=name),
        "safety_goal": GOAL.format(child=name),
        "professional_agreements": [],
        "informed_persons": [],
        "contingency": "",
    }
    if level == "detailed":
        content["professional_agreements"] = [
            {"text": f"Skolen ringer til rådgiveren samme dag, hvis {name} ikke møder.", "responsible": "Klasselærer"},
            {
                "text": "Familiebehandleren kommer hjem til familien to gange om ugen.",
                "responsible": "Familiebehandler",
            },
        ]
        content["informed_persons"] = [
            {"name": "Klasselæreren", "relation": "Skole"},
            {"name": "Fodboldtræneren", "relation": "Fritid"},
        ]
        content["contingency"] = (
            "Hvis der opstår nye bekymringer, ringer den, der opdager det, til netværkstovholderen, som samme dag "
            "kontakter rådgiveren. Holder planen ikke, indkalder rådgiveren til netværksmøde inden for tre dage."
        )
    return content


def _drawing(kind: str) -> bytes:
    """A simple child-like drawing (PNG) for the demo's Words & Pictures."""
    img = Image.new("RGB", (480, 320), "white")
    d = ImageDraw.Draw(img)
    if kind == "house":
        d.rectangle((150, 150, 330, 290), outline="#8a3a3a", width=6, fill="#f5d6c6")
        d.polygon([(130, 155), (240, 60), (350, 155)], outline="#8a3a3a", fill="#c0504d")
        d.rectangle((220, 220, 260, 290), fill="#6b4f2a")
        d.ellipse((380, 20, 450, 90), fill="#f2c200")
    elif kind == "people":
        for x, h, colour in ((170, 150, "#1a5e8a"), (300, 100, "#d55e00")):
            d.ellipse((x - 25, 290 - h - 60, x + 25, 290 - h - 10), outline=colour, width=5)
            d.line((x, 290 - h - 10, x, 290 - 40), fill=colour, width=6)
            d.line((x - 40, 290 - h + 20, x + 40, 290 - h + 20), fill=colour, width=6)
            d.line((x, 250, x - 30, 300), fill=colour, width=6)
            d.line((x, 250, x + 30, 300), fill=colour, width=6)
        d.line((210, 200, 265, 215), fill="#333", width=4)
    else:  # phone
        d.rounded_rectangle((180, 40, 300, 290), radius=20, outline="#333", width=6, fill="#e8f1f8")
        for row in range(3):
            for col in range(3):
                d.ellipse((200 + col * 32, 120 + row * 45, 224 + col * 32, 144 + row * 45), fill="#1a5e8a")
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


@transaction.atomic
def generate(world: World) -> dict[str, int]:
    cases = _pick(world)
    if not cases:
        return {}
    rng, today, actor = world.rng, world.today, world.actor
    counts: dict[str, int] = {}

    # --- target group screening (every chosen child) ---
    screenings = []
    for c in cases:
        if c.stage == "screened_out":
            criteria, neglect, repeated = [], ["no_school_or_daycare"], True
        else:
            criteria = rng.sample(list(rules.CRITERIA), k=rng.randrange(0, 3))
            neglect = rng.sample(list(rules.NEGLECT_CONDITIONS), k=rng.randrange(2, 4))
            repeated = True
        # The four Roskilde target-group criteria are recorded too (issue #15): all four for a child taken on.
        target = [] if c.stage == "screened_out" else list(rules.TARGET_CRITERIA)
        result = rules.target_group(criteria, neglect, neglect_repeated=repeated, target_criteria=target)
        screenings.append(
            TargetGroupAssessment(
                child=c.child,
                assessed_on=c.start,
                criteria=[x for x in rules.CRITERIA if x in criteria],
                neglect_conditions=[x for x in rules.NEGLECT_CONDITIONS if x in neglect],
                neglect_repeated=repeated,
                target_criteria=list(result.target_criteria_met),
                gross_neglect=result.gross_neglect,
                eligible=result.eligible,
                reasoning=reasoning_for(result),
                created_by=c.caseworker or actor,
            )
        )
    _save(screenings)
    counts["target_group_assessments"] = len(screenings)
    worked = [c for c in cases if c.stage not in ("screened_out", "screened")]

    # --- network members and meetings ---
    members = []
    for c in worked:
        for i, (name, relation, phone) in enumerate(c.network):
            members.append(
                NetworkMember(
                    child=c.child,
                    name=name,
                    relation=relation,
                    role=NetworkMember.Role.NETWORK_COORDINATOR
                    if i == 0
                    else rng.choice([NetworkMember.Role.SAFETY_PERSON, NetworkMember.Role.SUPPORTER]),
                    phone=phone,
                    commitment=rng.choice(
                        (
                            f"Henter {c.child.first_name} fra skole tirsdag og torsdag.",
                            "Ringer til mor hver aften og kommer, hvis hun ikke tager telefonen.",
                            f"Har {c.child.first_name} på weekend hver anden uge.",
                        )
                    ),
                    created_by=c.caseworker or actor,
                )
            )
    members = _save(members)
    meetings = _save(
        [
            NetworkMeeting(
                child=c.child,
                held_on=c.start + timedelta(days=10),
                other_participants=f"{c.mother} (mor), rådgiver",
                minutes=(
                    f"Netværket gennemgik bekymringerne for {c.child.first_name} og fordelte opgaverne. Mormor er "
                    "netværkstovholder. Næste møde om fire uger. (Fiktivt demoreferat.)"
                ),
                created_by=c.caseworker or actor,
            )
            for c in worked
        ]
    )
    by_child: dict[int, list[NetworkMember]] = {}
    for m in members:
        by_child.setdefault(m.child_id, []).append(m)
    through = NetworkMeeting.participants.through
    _save(
        [
            through(networkmeeting_id=mt.pk, networkmember_id=m.pk)
            for mt in meetings
            for m in by_child.get(mt.child_id, [])
        ]
    )
    counts["network_members"] = len(members)

    # --- mappings: two per worked case (the second builds on the first), participants and entries ---
    mappings = []
    for c in worked:
        for k, offset in enumerate((7, 70)):
            held = min(today, c.start + timedelta(days=offset))
            mappings.append(
                Mapping(
                    child=c.child,
                    held_on=held,
                    title=("Underretningsmøde med familien" if k == 0 else "Netværksmøde i hjemmet"),
                    danger_statement=DANGER.format(child=c.child.first_name),
                    safety_goal=GOAL.format(child=c.child.first_name),
                    finalized_at=_at(held, 15),
                    finalized_by=c.caseworker or actor,
                    created_by=c.caseworker or actor,
                )
            )
    mappings = _save(mappings)
    for first, second in zip(mappings[0::2], mappings[1::2], strict=True):
        second.based_on = first
    Mapping.objects.bulk_update(mappings[1::2], ["based_on"])
    participants = []
    for i, mapping in enumerate(mappings):
        c = worked[i // 2]
        present = [(c.mother, "mother"), (c.network[0][0], "network"), (c.child.first_name, "child")]
        if c.father:
            present.append((c.father, "father"))
        cw = c.caseworker.get_full_name() if c.caseworker else "Rådgiver"
        present.append((cw, "caseworker"))
        participants += [MappingParticipant(mapping=mapping, name=n, role=r) for n, r in present]
    participants = _save(participants)
    by_mapping: dict[int, list[MappingParticipant]] = {}
    for p in participants:
        by_mapping.setdefault(p.mapping_id, []).append(p)
    entries = []
    for i, mapping in enumerate(mappings):
        c = worked[i // 2]
        people = {p.role: p for p in by_mapping[mapping.pk]}
        for category, texts in ENTRIES.items():
            k = len(texts) if i % 2 else max(1, len(texts) - 1)  # the later mapping has more
            speakers = [people[r] for r in SPEAKERS[category] if r in people] or [people["caseworker"]]
            for j, text in enumerate(texts[:k]):
                entries.append(
                    MappingEntry(
                        mapping=mapping,
                        category=category,
                        text=text.format(child=c.child.first_name),
                        said_by=speakers[(j + rng.randrange(2)) % len(speakers)],
                        created_by=c.caseworker or actor,
                    )
                )
    _save(entries)
    counts["mappings"] = len(mappings)

    # --- scaling histories ---
    scalings, score_rows = [], []
    for c in worked:
        n = rng.randrange(5, 8)
        story = _story(rng, n, c.stage)
        cw = c.caseworker.get_full_name() if c.caseworker else "Rådgiver"
        end = today - timedelta(days=rng.randrange(2, 10))
        if c.stage.startswith("ended:"):
            end = today - timedelta(days=35)
        step = max(7, (end - (c.start + timedelta(days=7))).days // max(1, n - 1))
        for i in range(n):
            day = min(end, c.start + timedelta(days=7 + i * step))
            scalings.append(
                Scaling(
                    child=c.child,
                    question=str(DEFAULT_SCALING_QUESTION),
                    scored_on=day,
                    created_by=c.caseworker or actor,
                )
            )
            row = [
                (c.mother, "mother", story["mother"][i]),
                (c.network[0][0], "network", story["network"][i]),
                (cw, "caseworker", story["caseworker"][i]),
            ]
            if c.father:
                row.append((c.father, "father", story["father"][i]))
            if c.child.age_on(today) >= 6:
                row.append((c.child.first_name, "child", story["child"][i]))
            score_rows.append(row)
    scalings = _save(scalings)
    _save(
        [
            ScalingScore(scaling=s, participant=p, role=r, score=v)
            for s, row in zip(scalings, score_rows, strict=True)
            for p, r, v in row
        ]
    )
    counts["scalings"] = len(scalings)

    # --- safety plans, version by version (each pass may point back at the previous one) ---
    plans_made = _plans(world, [c for c in worked if c.stage != "mapped"])
    counts["safety_plans"] = plans_made

    # --- child-friendly documents for the cases with a plan ---
    documents = _documents(world, [c for c in worked if c.stage not in ("mapped",)])
    counts.update(documents)

    audit.record_many(
        by=actor,
        entries=[
            audit.Entry(
                type=AuditEvent.Type.CREATED,
                target_model="safety.targetgroupassessment",
                target_id=str(s.pk),
                child_id=s.child_id,
                new={"synthetic": True},
            )
            for s in screenings
        ],
    )
    return counts


def _plans(world: World, cases: list[_Work]) -> int:
    rng, today = world.rng, world.today
    specs: list[tuple[_Work, list[dict[str, Any]]]] = []
    voluntary = 0  # every other voluntary placement was expected to be compulsory (as in Kalundborg, domain §5.2)
    for c in cases:
        approve1 = c.start + timedelta(days=14)
        by = c.caseworker or world.actor
        versions: list[dict[str, Any]] = []
        if c.stage == "draft":
            content = _plan_content(c, "minimum", rng)
            content["child_explanation"] = None
            content["contacts"] = content["contacts"][:1]
            versions.append({"level": "minimum", "status": "draft", "content": content})
        elif c.stage == "active_minimum":
            approved = today - timedelta(days=rng.randrange(5, 40))
            versions.append(
                {
                    "level": "minimum",
                    "status": "active",
                    "approved": approved,
                    "review_on": today + timedelta(days=rng.randrange(-3, 25)),
                }
            )
        elif c.stage == "active_detailed":
            first = approve1
            second = first + timedelta(days=30)
            third = max(second + timedelta(days=30), today - timedelta(days=20))
            versions += [
                {"level": "minimum", "status": "superseded", "approved": first, "superseded": second},
                {"level": "detailed", "status": "superseded", "approved": second, "superseded": third},
                {
                    "level": "detailed",
                    "status": "active",
                    "approved": third,
                    "review_on": today + timedelta(days=rng.randrange(5, 60)),
                },
                {"level": "detailed", "status": "draft"},
            ]
        elif c.stage.startswith("ended:"):
            outcome = c.stage.split(":", 1)[1]
            ended = today - timedelta(days=rng.randrange(20, 60))
            middle = approve1 + (ended - approve1) / 2
            voluntary += outcome == "placed_voluntary"
            versions += [
                {"level": "minimum", "status": "superseded", "approved": approve1, "superseded": middle},
                {
                    "level": "detailed",
                    "status": "ended",
                    "approved": middle,
                    "ended": ended,
                    "outcome": outcome,
                    "flag": outcome == "placed_voluntary" and voluntary % 2 == 1,
                },
            ]
        for v in versions:
            v.setdefault("content", _plan_content(c, v["level"], rng))
            v["by"] = by
        specs.append((c, versions))
    made = 0
    previous: dict[int, SafetyPlan] = {}
    for number in range(1, 5):
        batch = []
        for c, versions in specs:
            if len(versions) < number:
                continue
            v = versions[number - 1]
            approved_on = v.get("approved")
            plan = SafetyPlan(
                child=c.child,
                number=number,
                previous=previous.get(c.child.pk),
                level=v["level"],
                status=v["status"],
                review_on=v.get("review_on")
                or (add_months(approved_on, rules.REVIEW_MONTHS[v["level"]]) if approved_on else None),
                approved_at=_at(approved_on) if approved_on else None,
                approved_by=v["by"] if approved_on else None,
                superseded_at=_at(v["superseded"], 11) if v.get("superseded") else None,
                ended_on=v.get("ended"),
                ended_by=v["by"] if v.get("ended") else None,
                outcome=v.get("outcome", ""),
                compulsory_became_voluntary=v.get("flag", False),
                outcome_note="Fiktivt demoudfald." if v.get("ended") else "",
                created_by=v["by"],
                updated_by=v["by"],
                **v["content"],
            )
            if number > 1:
                plan.lineage = previous[c.child.pk].lineage
            batch.append(plan)
        for plan in _save(batch):
            previous[plan.child_id] = plan
        made += len(batch)
    return made


def _documents(world: World, cases: list[_Work]) -> dict[str, int]:
    rng, today = world.rng, world.today
    houses = [
        ThreeHouses(
            child=c.child,
            held_on=min(today, c.start + timedelta(days=12)),
            setting=rng.choice(list(ThreeHouses.Setting.values)),
            trusted_person="Mormor",
            worries="Når mor og far råber om aftenen. Når mor er ked af det og ligger i sengen.",
            good_things="Mormor og hendes hund Bølle. Min ven i klassen. Når vi spiser pizza om fredagen.",
            dreams="At mor er glad, og at vi kan tage i sommerhus med mormor.",
            created_by=c.caseworker or world.actor,
        )
        for c in cases
    ]
    _save(houses)
    stories = _save(
        [
            WordsAndPictures(
                child=c.child,
                title=f"Historien om {c.child.first_name} og familien",
                made_with=f"{c.mother} (mor), {c.network[0][0]} og rådgiveren",
                created_by=c.caseworker or world.actor,
            )
            for c in cases
        ]
    )
    texts = (
        "Det her er {child}. {child} bor med mor i det røde hus.",
        "Nogle gange blev mor og far meget vrede og råbte. Så blev {child} bange.",
        "Nu har de voksne lavet en plan, så {child} altid er tryg.",
        "Hvis {child} bliver bange, kan {child} ringe til mormor. Mormor kommer altid.",
    )
    images: list[StoryImage | None] = [None] * len(texts)
    if world.demo and cases:
        # Drawings for the first story only (files on disk; the demo shows a complete Words & Pictures PDF).
        first = cases[0]
        made_images: list[StoryImage | None] = []
        for kind in ("house", "people", None, "phone"):
            if kind is None:
                made_images.append(None)
                continue
            image = StoryImage(
                child=first.child, content_type="image/png", size=0, uploaded_by=first.caseworker or world.actor
            )
            data = _drawing(kind)
            image.file.save("image", ContentFile(data), save=False)
            image.size = len(data)
            made_images.append(image)
        StoryImage.objects.bulk_create([i for i in made_images if i is not None])
        images = made_images
    panels = []
    for s_i, (story, c) in enumerate(zip(stories, cases, strict=True)):
        for position, text in enumerate(texts, start=1):
            panels.append(
                StoryPanel(
                    story=story,
                    position=position,
                    text=text.format(child=c.child.first_name),
                    image=images[position - 1] if s_i == 0 else None,
                    image_description="Tegning" if s_i == 0 and images[position - 1] else "",
                )
            )
    _save(panels)
    return {"three_houses": len(houses), "words_and_pictures": len(stories)}
