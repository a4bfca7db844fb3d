"""Deterministic synthetic data: the demo municipality and `generate_synthetic` share this generator.

Every person is fictitious: invented names and CPR numbers in replacement form (day + 60), flagged
`fictitious`. Each app contributes one step (`<app>/synthetic.py: generate(world)`, found by `steps()`); steps insert
in bulk, never one save per row.

The step contract (national scale: 100,000 children in < 15 minutes and < 2 GiB on PostgreSQL)
-------------------------------------------------------------------------------------------------
- Generation runs in CHUNKS of at most `CHUNK_SIZE` children. Every step is called ONCE PER CHUNK, in `steps()`
  order, inside one transaction per chunk (a crash leaves whole chunks only).
- `world.made["children"]` holds THIS CHUNK's children (`Child` objects with `.case` already attached:
  `child.case.team_id`, `.caseworker_id`, `.opened_on`, `.closed_on` cost no query). `world.made` is fresh
  for each chunk; a step may put what it created there for the steps after it in the same chunk.
- `world.rng` is seeded per chunk from (seed, chunk number), so a chunk's data does not depend on how many
  chunks came before it; draw only from `world.rng` (never `random.*`) and date everything relative to
  `world.today`.
- `world.shared` survives across chunks for state a step must keep (e.g. a set of CPR numbers in use,
  loaded once on the first chunk). Keep it small.
- Work per chunk must be proportional to the chunk: never query or load a whole table inside a step.
- Insert with `sikkerhedsnet.core.bulk.insert(Model, fields, rows, with_ids=...)` (COPY on PostgreSQL) for
  anything with more than a handful of rows per child; `bulk_create` is fine for about one row per child.
  Write audit events with `audit.record_many(...)` once per chunk, never one `record` per row.
- Children belong to many teams in many municipalities: use `child.case.team_id` and
  `world.municipality_by_team[team_id]` rather than `world.municipality` (the first one, kept for old steps).
- Return `{"<what>": count, ...}`; counts are summed over chunks.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import reset_queries, transaction
from django.utils.module_loading import import_string, module_has_submodule

from . import bulk

if TYPE_CHECKING:  # core sits below accounts: it names the organisation's types, never imports them at run time
    from sikkerhedsnet.accounts.models import Municipality, Team, User

CHUNK_SIZE = 5000


def steps() -> tuple[str, ...]:
    """Each installed app's `synthetic.generate`, found by autodiscovery in INSTALLED_APPS order.

    The order matters (children first; measures before followup; reports last) and is the order of the layers.
    """
    return tuple(
        f"{config.name}.synthetic.generate"
        for config in apps.get_app_configs()
        if config.name.startswith("sikkerhedsnet.")
        and config.name != __package__  # core's own synthetic.py is this orchestration
        and module_has_submodule(config.module, "synthetic")
    )


# fmt: off
FIRST_NAMES_GIRLS = (
    "Freja", "Ida", "Clara", "Alma", "Ella", "Sofie", "Anna", "Laura", "Karla", "Emma", "Agnes", "Ellen",
    "Asta", "Olivia", "Luna", "Nora", "Josefine", "Liva", "Maja", "Lærke", "Sille", "Vigga", "Esther", "Åse",
)
FIRST_NAMES_BOYS = (
    "William", "Noah", "Oscar", "Lucas", "Carl", "Victor", "Malthe", "Alfred", "Emil", "Aksel", "Valdemar",
    "Magnus", "Frederik", "Oliver", "Elias", "Johan", "August", "Storm", "Theo", "Søren", "Bjørn", "Mads",
)
FIRST_NAMES_WOMEN = (
    "Mette", "Hanne", "Susanne", "Camilla", "Louise", "Pernille", "Maria", "Tina", "Helle", "Signe", "Birgitte",
)
FIRST_NAMES_MEN = (
    "Jens", "Peter", "Lars", "Henrik", "Thomas", "Martin", "Rasmus", "Jesper", "Kasper", "Brian", "Jørgen",
)
FIRST_NAMES_ADULTS = FIRST_NAMES_WOMEN + FIRST_NAMES_MEN
# Invented surnames (plausible-sounding, not the common real ones) so no demo child resembles a real person.
LAST_NAMES = (
    "Fiktivsen", "Demogaard", "Prøvholm", "Testrup", "Eksempelsen", "Øvelund", "Skitsebæk", "Modelsen",
    "Påfundgaard", "Opdigtsen", "Forsøgsholm", "Dummerup", "Attrapsen", "Figurlund", "Mønstergaard",
    "Prototypsen", "Skabelund", "Udkastrup", "Kladdesen", "Råskitsholm",
)
STREETS = ("Fiktivvej", "Demogade", "Prøvestien", "Testallé", "Eksempelvej", "Øvelsesgade", "Skitsevænget")
SCHOOLS = (
    "Demo Skole", "Fiktiv Friskole", "Børnehuset Prøven", "Vuggestuen Testen", "Eksempel Efterskole",
    "Øvelsesskolen", "Dagplejen (demo)",
)
# fmt: on


@dataclass
class World:
    """What the steps share for one chunk: the random source, 'today', the organisation, what was made."""

    rng: random.Random
    today: date
    municipality: Municipality
    teams: list[Team]
    caseworkers_by_team: dict[int, list[User]]
    actor: User
    n_children: int  # children in this chunk
    demo: bool = False
    made: dict[str, Any] = field(default_factory=dict)
    # Where each child's case goes: one weight per team in `teams` (None: equal weights).
    team_weights: list[float] | None = None
    municipality_by_team: dict[int, Municipality] = field(default_factory=dict)
    seed: int = 0
    chunk: int = 0  # 0-based number of this chunk
    chunks: int = 1
    shared: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Organisation:
    """The teams children are spread over, with their caseworkers and weights (see site/demo.py)."""

    municipality: Municipality
    teams: list[Team]
    caseworkers_by_team: dict[int, list[User]]
    actor: User
    team_weights: list[float] | None = None
    municipality_by_team: dict[int, Municipality] = field(default_factory=dict)


def chunk_rng(seed: int, chunk: int) -> random.Random:
    """The random source of one chunk: depends only on the seed and the chunk number."""
    return random.Random(f"sikkerhedsnet:{seed}:{chunk}")  # noqa: S311 - synthetic data, not secrets


def run(world: World, *, seconds: dict[str, float] | None = None) -> dict[str, int]:
    """Run every step on one chunk (one transaction); add each step's wall time to `seconds` if given."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        for path in steps():
            step: Callable[[World], dict[str, int]] = import_string(path)
            started = time.monotonic()
            for key, value in step(world).items():
                counts[key] = counts.get(key, 0) + value
            if seconds is not None:
                seconds[path] = seconds.get(path, 0.0) + time.monotonic() - started
    return counts


def generate(
    *,
    organisation: Organisation,
    n_children: int,
    seed: int,
    today: date,
    demo: bool = False,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int, int, dict[str, int]], None] | None = None,
    seconds: dict[str, float] | None = None,
) -> dict[str, int]:
    """Generate `n_children` children and everything the steps hang on them, chunk by chunk.

    `seconds`, if given, collects each step's wall time (summed over chunks; commits are not included).
    """
    chunks = max(1, -(-n_children // chunk_size))
    shared: dict[str, Any] = {}
    totals: dict[str, int] = {}
    municipality_by_team = organisation.municipality_by_team or {
        t.pk: organisation.municipality for t in organisation.teams
    }
    for chunk in range(chunks):
        size = min(chunk_size, n_children - chunk * chunk_size)
        world = World(
            rng=chunk_rng(seed, chunk),
            today=today,
            municipality=organisation.municipality,
            teams=organisation.teams,
            caseworkers_by_team=organisation.caseworkers_by_team,
            actor=organisation.actor,
            n_children=size,
            demo=demo,
            team_weights=organisation.team_weights,
            municipality_by_team=municipality_by_team,
            seed=seed,
            chunk=chunk,
            chunks=chunks,
            shared=shared,
        )
        counts = run(world, seconds=seconds)
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
        reset_queries()  # with DEBUG on, Django keeps every query; do not let it grow across chunks
        if progress is not None:
            progress(chunk + 1, chunks, totals)
    return totals


AUDIT_BATCH = 10_000  # events per record_many call (one lock of the chain head each)


def record_created(world: World, objs: list[Any], *, new: dict[str, Any] | None = None) -> int:
    """Audit `created` for generated rows (each with `.pk` and `.child_id`), in batches; returns the count."""
    from sikkerhedsnet.audit import services as audit
    from sikkerhedsnet.audit.models import AuditEvent

    payload = new or {"synthetic": True}
    for start in range(0, len(objs), AUDIT_BATCH):
        audit.record_many(
            by=world.actor,
            entries=[
                audit.Entry(
                    type=AuditEvent.Type.CREATED,
                    target_model=obj._meta.label_lower,
                    target_id=str(obj.pk),
                    child_id=obj.child_id,
                    new=payload,
                )
                for obj in objs[start : start + AUDIT_BATCH]
            ],
            return_events=False,
            insert=bulk.insert,
        )
    return len(objs)
