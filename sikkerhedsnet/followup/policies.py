"""Follow-up policies (opfølgningspolitikker) as data, and the pure engine that turns them into dates.

A policy says, per measure kind, in which *phases* follow-ups fall due ("every N months or weeks, until M
months after start") and which *milestones* come on top (e.g. reconsidering a return home). Rules, from
docs/domain.md §9:

- every phase's dates are counted from the measure's START date, not from the previous date, and clamped
  to month ends (`core.calendar.add_months`): start 31 January + 1 month = 28/29 February, + 2 months =
  31 March (not 28 March);
- a phase includes its last date ("monthly for the first half year" = the dates 1..6 months after start);
- the next phase continues from the last date of the previous one (so a cadence is never stretched);
- `ongoing=True` is a placement that was already running when the policy was adopted: `start` is then the
  adoption date and the policy's `ongoing` cadence applies where it defines one.

Pure: no ORM, no clock, no settings. The shipped policies are plain data (POLICY_DATA), parsed and checked
once at import; a municipality picks one of them (followup.models.PolicyAdoption).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.core.calendar import add_months

Unit = Literal["months", "weeks"]
UNITS: tuple[str, ...] = ("months", "weeks")
MEASURE_KINDS: tuple[str, ...] = ("foster_family", "network_foster_family", "residential", "preventive")
PLACEMENT_KINDS: tuple[str, ...] = ("foster_family", "network_foster_family", "residential")
MAX_COUNT = 500

MILESTONE_LABELS = {
    "home_return_reconsideration": _("Genovervej hjemgivelse eller en mindre indgribende indsats"),
}


class UnknownPolicy(LookupError):
    code = "unknown_policy"


class UnknownMeasureKind(ValueError):
    code = "unknown_measure_kind"


@dataclass(frozen=True)
class Span:
    """A length of time: `value` months or weeks."""

    value: int
    unit: Unit

    def after(self, day: date, times: int = 1) -> date:
        """The day `times` spans after `day`; months are clamped to the month's end."""
        if self.unit == "months":
            return add_months(day, self.value * times)
        return day + timedelta(weeks=self.value * times)

    def describe(self) -> str:
        if self.unit == "months":
            return str(_("1 måned") if self.value == 1 else _("%(n)s måneder") % {"n": self.value})
        return str(_("1 uge") if self.value == 1 else _("%(n)s uger") % {"n": self.value})


@dataclass(frozen=True)
class Phase:
    """Follow-ups every `every`, up to and including `until` after start (None: for as long as the measure runs)."""

    every: Span
    until: Span | None = None
    set_by_caseworker: bool = False  # `legal`: the caseworker sets this cadence at the first follow-up


@dataclass(frozen=True)
class Milestone:
    kind: str
    after: Span


@dataclass(frozen=True)
class Cadence:
    phases: tuple[Phase, ...]
    milestones: tuple[Milestone, ...] = ()


@dataclass(frozen=True)
class Policy:
    code: str
    name: str
    description: str
    cadences: Mapping[str, Cadence]
    ongoing: Mapping[str, Cadence] = field(default_factory=dict)
    caseworker_sets_cadence: bool = False
    legal_reference: str = ""
    short_name: str = ""

    def cadence(self, measure_kind: str, *, ongoing: bool = False) -> Cadence:
        if measure_kind not in MEASURE_KINDS:
            raise UnknownMeasureKind(measure_kind)
        if ongoing and measure_kind in self.ongoing:
            return self.ongoing[measure_kind]
        return self.cadences[measure_kind]


@dataclass(frozen=True)
class MilestoneDate:
    on: date
    kind: str

    @property
    def label(self) -> str:
        return str(MILESTONE_LABELS.get(self.kind, self.kind))


@dataclass(frozen=True)
class Schedule:
    dates: tuple[date, ...]
    milestones: tuple[MilestoneDate, ...]


# --- The shipped policies, as data ------------------------------------------------------------------------

_MONTHLY_TO_6 = {"every": [1, "months"], "until": [6, "months"]}
_SWEDISH_PHASES = [{"every": [4, "weeks"], "until": [4, "weeks"]}, {"every": [6, "weeks"]}]
_KOLDING_ONGOING = {"phases": [{"every": [2, "months"], "until": [6, "months"]}, {"every": [3, "months"]}]}

POLICY_DATA: dict[str, dict[str, Any]] = {
    # Barnets lov § 95: first follow-up within 3 months (earlier if a parallel investigation concludes);
    # at that follow-up the caseworker sets and justifies the case's cadence. Default 6 months, the
    # pre-2024 statutory maximum (SEL § 70).
    "legal": {
        "name": _("Lovens minimum (Barnets lov § 95)"),
        "short_name": _("Lovens minimum"),
        "description": _(
            "Første opfølgning 3 måneder efter start (tidligere, hvis en sideløbende undersøgelse afsluttes). "
            "Ved første opfølgning fastsætter rådgiveren med begrundelse den videre kadence – som standard "
            "hver 6. måned."
        ),
        "legal_reference": "Barnets lov § 95",
        "caseworker_sets_cadence": True,
        "kinds": {
            kind: {
                "phases": [
                    {"every": [3, "months"], "until": [3, "months"]},
                    {"every": [6, "months"], "set_by_caseworker": True},
                ]
            }
            for kind in MEASURE_KINDS
        },
    },
    # Kolding's pilot (domain.md §3.3): close follow-up of new placements, lighter for running ones.
    "kolding": {
        "name": _("Kolding-modellen (tæt opfølgning)"),
        "short_name": _("Kolding"),
        "description": _(
            "Plejefamilie (også netværksplejefamilie): hver måned det første halve år, derefter hver 3. måned. "
            "Børne- og ungehjem: hver måned det første år, derefter hver 2. måned. Anbringelser, der allerede "
            "kørte, da politikken blev vedtaget: hver 2. måned det første halve år, derefter hver 3. måned. "
            "Forebyggende indsatser: hver 3. måned."
        ),
        "legal_reference": "",
        "kinds": {
            "foster_family": {"phases": [_MONTHLY_TO_6, {"every": [3, "months"]}]},
            "network_foster_family": {"phases": [_MONTHLY_TO_6, {"every": [3, "months"]}]},
            "residential": {"phases": [{"every": [1, "months"], "until": [12, "months"]}, {"every": [2, "months"]}]},
            "preventive": {"phases": [{"every": [3, "months"]}]},
        },
        "ongoing": {kind: _KOLDING_ONGOING for kind in PLACEMENT_KINDS},
    },
    # Borås (domain.md §3.3): 4 weeks, then every 6 weeks; at 6 months reconsider a return home. The
    # seeds name placements only; preventive measures get the same cadence without the return-home milestone.
    "swedish": {
        "name": _("Den svenske model (Borås)"),
        "short_name": _("Svensk model"),
        "description": _(
            "Første opfølgning 4 uger efter start, derefter hver 6. uge. For anbragte børn genovervejes "
            "hjemgivelse eller en mindre indgribende indsats 6 måneder efter start."
        ),
        "legal_reference": "",
        "kinds": {
            **{
                kind: {
                    "phases": _SWEDISH_PHASES,
                    "milestones": [{"kind": "home_return_reconsideration", "after": [6, "months"]}],
                }
                for kind in PLACEMENT_KINDS
            },
            "preventive": {"phases": _SWEDISH_PHASES},
        },
    },
}


def _span(raw: Any) -> Span:
    value, unit = raw
    if not isinstance(value, int) or value < 1 or unit not in UNITS:
        raise ValueError(f"bad span {raw!r}")
    return Span(value, unit)


def _cadence(raw: Mapping[str, Any]) -> Cadence:
    phases = tuple(
        Phase(
            every=_span(p["every"]),
            until=_span(p["until"]) if p.get("until") else None,
            set_by_caseworker=bool(p.get("set_by_caseworker", False)),
        )
        for p in raw["phases"]
    )
    if not phases or phases[-1].until is not None or any(p.until is None for p in phases[:-1]):
        raise ValueError("a cadence needs phases whose last (and only the last) one is open-ended")
    milestones = tuple(Milestone(m["kind"], _span(m["after"])) for m in raw.get("milestones", ()))
    return Cadence(phases, milestones)


def policy_from_data(code: str, raw: Mapping[str, Any]) -> Policy:
    """Parse and check one policy's data (every measure kind must be covered)."""
    cadences = {kind: _cadence(c) for kind, c in raw["kinds"].items()}
    missing = set(MEASURE_KINDS) - set(cadences)
    if missing:
        raise ValueError(f"policy {code} lacks cadences for {sorted(missing)}")
    return Policy(
        code=code,
        name=raw["name"],  # lazy: translated when shown
        description=raw["description"],
        cadences=cadences,
        ongoing={kind: _cadence(c) for kind, c in raw.get("ongoing", {}).items()},
        caseworker_sets_cadence=bool(raw.get("caseworker_sets_cadence", False)),
        legal_reference=raw.get("legal_reference", ""),
        short_name=raw.get("short_name", raw["name"]),
    )


POLICIES: dict[str, Policy] = {code: policy_from_data(code, raw) for code, raw in POLICY_DATA.items()}
DEFAULT_POLICY = "legal"


def get_policy(code: str) -> Policy:
    try:
        return POLICIES[code]
    except KeyError:
        raise UnknownPolicy(code) from None


# --- The engine -------------------------------------------------------------------------------------------


def iter_dates(
    cadence: Cadence, start: date, *, later_every: Span | None = None, first_on: date | None = None
) -> Iterator[date]:
    """Every follow-up date of a cadence, in order, without end (the last phase is open-ended).

    `later_every` replaces the cadence of a phase the caseworker sets (`legal`). `first_on` is an earlier
    first follow-up (a parallel investigation concluded): it replaces the first date, and what follows is
    counted from it.
    """
    # The position of the next date is `offset` units after `base`; `base` moves only when the unit changes
    # (or the first date is moved), so dates in months stay counted from the start and never drift.
    base, unit, offset = start, "", 0
    last = start
    use_first_on = first_on is not None and first_on > start
    for phase in cadence.phases:
        every = later_every if (phase.set_by_caseworker and later_every is not None) else phase.every
        if every.unit != unit:
            base, unit, offset = last, every.unit, 0
        limit = phase.until.after(start) if phase.until is not None else None
        k = 0
        while True:
            candidate = Span(offset + (k + 1) * every.value, every.unit).after(base)
            if limit is not None and candidate > limit:
                break
            k += 1
            if use_first_on:
                use_first_on = False
                if first_on is not None and first_on < candidate:
                    candidate = first_on
                    base, offset, k = first_on, 0, 0
            last = candidate
            yield candidate
        offset += k * every.value


def schedule(
    policy: Policy,
    *,
    measure_kind: str,
    start: date,
    count: int,
    ongoing: bool = False,
    later_every: Span | None = None,
    first_on: date | None = None,
) -> Schedule:
    """The first `count` follow-up dates and the milestones of a measure of this kind starting on `start`."""
    if not 1 <= count <= MAX_COUNT:
        raise ValueError(f"count must be 1..{MAX_COUNT}")
    cadence = policy.cadence(measure_kind, ongoing=ongoing)
    if not policy.caseworker_sets_cadence:
        later_every, first_on = None, None
    dates = tuple(islice(iter_dates(cadence, start, later_every=later_every, first_on=first_on), count))
    return Schedule(dates, milestone_dates(cadence, start))


def milestone_dates(cadence: Cadence, start: date) -> tuple[MilestoneDate, ...]:
    return tuple(sorted((MilestoneDate(m.after.after(start), m.kind) for m in cadence.milestones), key=lambda m: m.on))


def _every(span: Span) -> str:
    if span.unit == "months":
        return str(_("hver måned") if span.value == 1 else _("hver %(n)s. måned") % {"n": span.value})
    return str(_("hver uge") if span.value == 1 else _("hver %(n)s. uge") % {"n": span.value})


def describe_cadence(cadence: Cadence) -> str:
    """A short Danish description, e.g. 'hver måned til 6 måneder efter start, derefter hver 3. måned'."""
    parts = []
    for phase in cadence.phases:
        if phase.until is not None and phase.until == phase.every:
            text = str(_("efter %(span)s") % {"span": phase.every.describe()})
        elif phase.until is not None:
            text = str(
                _("%(every)s til %(until)s efter start")
                % {"every": _every(phase.every), "until": phase.until.describe()}
            )
        else:
            text = _every(phase.every)
        if phase.set_by_caseworker:
            text = str(_("%(text)s (standard; rådgiveren fastsætter kadencen ved første opfølgning)") % {"text": text})
        parts.append(text)
    described = str(_(", derefter ")).join(parts)
    for m in cadence.milestones:
        label = str(MILESTONE_LABELS.get(m.kind, m.kind))
        described += str(
            _("; %(label)s efter %(after)s") % {"label": label[:1].lower() + label[1:], "after": m.after.describe()}
        )
    return described
