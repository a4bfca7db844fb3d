"""Deterministic synthetic data: the demo municipality and `generate_synthetic` share this generator.

Every person is fictitious: invented names and CPR numbers in replacement form (day + 60), flagged
`fictitious`. Each app contributes one step (a function taking the `World`) listed in STEPS; steps insert
in bulk, never one save per row.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.module_loading import import_string

from sikkerhedsnet.accounts.models import Municipality, Team, User

STEPS: tuple[str, ...] = (
    "sikkerhedsnet.children.synthetic.generate",
    "sikkerhedsnet.intake.synthetic.generate",
    "sikkerhedsnet.safety.synthetic.generate",
    "sikkerhedsnet.measures.synthetic.generate",
    "sikkerhedsnet.followup.synthetic.generate",
    "sikkerhedsnet.reports.synthetic.generate",
)

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


@dataclass
class World:
    """What the steps share: the random source, 'today', the organisation and what earlier steps made."""

    rng: random.Random
    today: date
    municipality: Municipality
    teams: list[Team]
    caseworkers_by_team: dict[int, list[User]]
    actor: User
    n_children: int
    demo: bool = False
    made: dict[str, Any] = field(default_factory=dict)


def run(world: World) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in STEPS:
        step: Callable[[World], dict[str, int]] = import_string(path)
        counts.update(step(world))
    return counts
