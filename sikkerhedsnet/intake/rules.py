"""The deadline engine: pure functions (no ORM, no clock; `now`/`today` are arguments).

Every page, report and the API compute intake deadlines here. Legal background in docs/domain.md §8–9. The
periods and paragraphs come from the one versioned rule table, `core.legal.LEGAL_RULES` (Barnets lov from
1 January 2024, Serviceloven before), so a case shows the rule that applied on its date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.core.calendar import add_months, add_working_days
from sikkerhedsnet.core.legal import (
    ABUSE_NEEDS_INVESTIGATION,
    ASSESSMENT,
    CHILD_CONVERSATION,
    INVESTIGATION,
    INVESTIGATION_NEEDS_PARENTS_VIEW,
    LOCAL_TZ,
    RECEIPT,
    MissingPrecondition,
    local_day,
    missing,
    rule_for,
)

# Product decision (domain.md is silent): two notifications about the same child received within 72 hours of each
# other are possible duplicates: flagged for a person to merge, never merged automatically.
DUPLICATE_WINDOW = timedelta(hours=72)
# A client's clock may run slightly ahead of ours; a minute's grace keeps "now" from being "the future".
CLOCK_SKEW = timedelta(minutes=1)

# Dates outside these years are typing errors; refusing them early also keeps time-zone arithmetic from overflowing.
PLAUSIBLE_YEARS = range(1990, 2101)
EARLIEST_PLAUSIBLE, LATEST_PLAUSIBLE = date(PLAUSIBLE_YEARS[0], 1, 1), date(PLAUSIBLE_YEARS[-1], 12, 31)

# Concern categories that mean abuse (overgreb) and so require a conversation with the child.
ABUSE_CATEGORIES = frozenset({"violence", "sexual_abuse"})


def _day(value: date | datetime) -> date:
    return local_day(value) if isinstance(value, datetime) else value


def assessment_due_at(received_at: datetime) -> datetime:
    """24 elapsed hours from receipt, weekends and holidays included.

    Added in UTC: adding a timedelta to a Copenhagen wall-clock time would give 23 or 25 real hours across a
    daylight-saving change. The result is returned in Copenhagen time for display.
    """
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    rule = rule_for(ASSESSMENT, on=local_day(received_at))
    return (received_at.astimezone(UTC) + timedelta(hours=rule.amount)).astimezone(LOCAL_TZ)


def receipt_due_on(received: date | datetime, *, saturday_counts: bool = False) -> date:
    """6 working days after the day of receipt (which does not count); Saturday counts if the municipality says so."""
    day = _day(received)
    rule = rule_for(RECEIPT, on=day)
    return add_working_days(day, rule.amount, saturday_counts=saturday_counts)


def child_conversation_due_on(received: date | datetime) -> date:
    """Product default: 7 calendar days after the day of receipt (the law sets no deadline)."""
    day = _day(received)
    return day + timedelta(days=rule_for(CHILD_CONVERSATION, on=day).amount)


def investigation_due_on(awareness_on: date) -> date:
    """4 calendar months after the municipality became aware of the need, clamped to month end."""
    return add_months(awareness_on, rule_for(INVESTIGATION, on=awareness_on).amount)


def requires_receipt(reporter_type: str) -> bool:
    """Only a notifier with the enhanced duty to notify (a professional) gets a receipt (BL § 138)."""
    return reporter_type == "professional"


def requires_child_conversation(categories: Iterable[str]) -> bool:
    """A notification about abuse (violence or sexual abuse) requires a conversation with the child."""
    return bool(ABUSE_CATEGORIES & set(categories))


# Outcomes that start no child investigation: on a notification about abuse they need a reasoned exception.
OUTCOMES_WITHOUT_INVESTIGATION = frozenset({"no_action", "advice", "referral"})
# The exceptions domain practice accepts for not investigating a notification about abuse (docs/compliance.md);
# each must also be explained in writing.
ABUSE_EXCEPTIONS: tuple[tuple[str, str | Promise], ...] = (
    ("unfounded", _("Oplysningerne er afkræftet (fx forveksling af barn eller åbenlyst grundløs)")),
    ("recent_investigation", _("En nyligt afsluttet børnefaglig undersøgelse dækker allerede forholdet")),
    ("other_municipality", _("Barnet hører under en anden kommune, og underretningen er sendt videre")),
)
ABUSE_EXCEPTION_CODES = frozenset(code for code, _label in ABUSE_EXCEPTIONS)


def assessment_missing_preconditions(
    *,
    categories: Iterable[str],
    outcome: str,
    received_on: date,
    investigation_open: bool,
    exception: str,
    exception_reason: str,
) -> list[MissingPrecondition]:
    """What the law requires before this assessment may be recorded (empty when nothing is missing).

    A notification about violence or sexual abuse requires a child investigation (BL § 20 stk. 1) and the child
    conversation (§ 137 stk. 3): an outcome that starts none ("no action", advice, referral) is lawful only when an
    investigation is already open or a recognised exception is chosen and explained in writing.
    """
    if not requires_child_conversation(categories) or outcome not in OUTCOMES_WITHOUT_INVESTIGATION:
        return []
    if investigation_open:
        return []
    if exception in ABUSE_EXCEPTION_CODES and _filled(exception_reason):
        return []
    return [missing(ABUSE_NEEDS_INVESTIGATION, on=received_on, field="abuse_exception")]


def requires_reassessment(*, child_has_active_measure: bool) -> bool:
    """A notification about a child who already has a measure triggers a reassessment (BL § 137 stk. 1)."""
    return child_has_active_measure


def are_possible_duplicates(first: datetime, second: datetime, *, window: timedelta = DUPLICATE_WINDOW) -> bool:
    """Two notifications about the same child received within `window` (default 72 hours; the municipality's
    setting `duplicate_window_hours`) of each other."""
    return abs(first - second) <= window


def assessment_time_problem(*, received_at: datetime, assessed_at: datetime, now: datetime) -> str | None:
    """Why an assessment time is impossible (machine code), or None when it is fine."""
    if assessed_at < received_at:
        return "assessment_before_receipt"
    if assessed_at > now + CLOCK_SKEW:
        return "assessment_in_future"
    return None


def is_plausible(value: date | datetime) -> bool:
    """A date or time a notification or investigation can really have (years 1990–2100)."""
    return value.year in PLAUSIBLE_YEARS


def is_in_future(instant: datetime, *, now: datetime) -> bool:
    return instant > now + CLOCK_SKEW


# --- The child investigation, structured by the ICS triangle --------------------------------------------------

ICS_SIDES: tuple[tuple[str, str | Promise, tuple[tuple[str, str | Promise], ...]], ...] = (
    (
        "child",
        _("Barnets udvikling og behov"),
        (
            ("health", _("Sundhed")),
            ("education", _("Skole, dagtilbud og læring")),
            ("emotional_development", _("Følelsesmæssig og adfærdsmæssig udvikling")),
            ("identity", _("Identitet")),
            ("relationships", _("Familieforhold og sociale relationer")),
            ("social_presentation", _("Social fremtræden")),
            ("self_care", _("Selvhjulpenhed")),
        ),
    ),
    (
        "parenting",
        _("Forældrekompetencer"),
        (
            ("basic_care", _("Basal omsorg")),
            ("safety", _("Sikkerhed og beskyttelse")),
            ("emotional_warmth", _("Følelsesmæssig varme")),
            ("stimulation", _("Stimulering")),
            ("guidance_boundaries", _("Guidning og grænser")),
            ("stability", _("Stabilitet")),
        ),
    ),
    (
        "family",
        _("Familie og netværk"),
        (
            ("family_history", _("Familiens historie og funktion")),
            ("wider_family", _("Det udvidede netværk")),
            ("housing", _("Bolig")),
            ("employment", _("Beskæftigelse")),
            ("income", _("Økonomi")),
            ("social_integration", _("Familiens sociale integration")),
            ("community_resources", _("Ressourcer i lokalmiljøet")),
        ),
    ),
)

ICS_DIMENSIONS: tuple[str, ...] = tuple(f"{side}.{dim}" for side, _label, dims in ICS_SIDES for dim, _l in dims)


def _filled(value: object) -> bool:
    return bool(str(value or "").strip())


def rule_for_parents_view(awareness_on: date) -> MissingPrecondition:
    """The precondition "the parents' view is recorded", in the version of the investigation's date."""
    return missing(INVESTIGATION_NEEDS_PARENTS_VIEW, on=awareness_on, field="parents_view")


def investigation_missing_parts(
    *,
    ics: Mapping[str, str],
    conversation_on: date | None,
    conversation_present: str,
    child_view: str,
    conversation_not_held_reason: str,
    conclusion: str,
    support_needed: bool | None,
    recommended_measures: str,
    parents_view: str,
    awareness_on: date,
) -> list[str]:
    """What is still missing before the investigation can be concluded, in Danish, in form order.

    Required: every side of the ICS triangle described in at least one dimension; the conversation with the
    child (date, who was present and the child's own view) or the documented reason it was not held; the parents'
    view (BL § 22); a conclusion; whether support is needed, and if so the recommended measures.
    """
    missing: list[str] = []
    for side, label, dims in ICS_SIDES:
        if not any(_filled(ics.get(f"{side}.{dim}")) for dim, _l in dims):
            missing.append(str(_("%(side)s: beskriv mindst én dimension") % {"side": label}))
    if not _filled(conversation_not_held_reason):
        if conversation_on is None:
            missing.append(str(_("Børnesamtale: dato (eller begrundelse for, at samtalen ikke er holdt)")))
        if not _filled(conversation_present):
            missing.append(str(_("Børnesamtale: hvem var til stede")))
        if not _filled(child_view):
            missing.append(str(_("Børnesamtale: barnets egne synspunkter")))
    if not _filled(parents_view):
        reference = rule_for_parents_view(awareness_on).rule.reference
        missing.append(str(_("Forældrenes synspunkter (%(reference)s)") % {"reference": reference}))
    if not _filled(conclusion):
        missing.append(str(_("Konklusion")))
    if support_needed is None:
        missing.append(str(_("Er der behov for støtte (ja/nej)")))
    elif support_needed and not _filled(recommended_measures):
        missing.append(str(_("Anbefalede indsatser")))
    return missing
