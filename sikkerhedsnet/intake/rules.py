"""The deadline engine: pure functions (no ORM, no clock; `now`/`today` are arguments).

Every page, report, the digest and the API compute intake deadlines here. Legal background in
../shared/domain.md §8–9. Each rule carries its legal reference as versioned data (`LEGAL_RULES`): Barnets lov
from 1 January 2024, the Serviceloven paragraphs before, so a case shows the rule that applied on its date.
The periods live in the same table, so a future change of the law is one new row, not new code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.core.calendar import add_months, add_working_days

# The municipality's time zone (api-contract: Europe/Copenhagen). Days ("the day of receipt") are Danish days.
LOCAL_TZ = ZoneInfo("Europe/Copenhagen")
BARNETS_LOV_IN_FORCE = date(2024, 1, 1)

# Rule codes (also the `kind` of the deadlines the intake app provides).
ASSESSMENT = "notification_assessment"
REASSESSMENT = "notification_reassessment"
RECEIPT = "notification_receipt"
NOTIFIER_FEEDBACK = "notifier_feedback"
CHILD_CONVERSATION = "child_conversation"
INVESTIGATION = "investigation"
CHILD_PLAN = "child_plan"

# Kept for callers that read the plain numbers; the versioned table below is the source of truth.
ASSESSMENT_WINDOW = timedelta(hours=24)
RECEIPT_WORKING_DAYS = 6
INVESTIGATION_MONTHS = 4
CHILD_PLAN_MONTHS = 3

# Product decisions (domain.md is silent; documented in docs/glossary.md and the report):
# - the law (BL § 137 stk. 3) says the conversation with the child about abuse *must* be held but sets no
#   deadline; Sikkerhedsnet makes it a task due 7 calendar days after the day of receipt.
# - two notifications about the same child received within 72 hours of each other are possible duplicates:
#   flagged for a person to merge, never merged automatically.
# - the digest covers deadlines due within the next 2 working days (and everything overdue).
CHILD_CONVERSATION_DAYS = 7
DUPLICATE_WINDOW = timedelta(hours=72)
DIGEST_WORKING_DAYS = 2
# A client's clock may run slightly ahead of ours; a minute's grace keeps "now" from being "the future".
CLOCK_SKEW = timedelta(minutes=1)

# Dates outside these years are typing errors; refusing them early also keeps time-zone arithmetic from overflowing.
PLAUSIBLE_YEARS = range(1990, 2101)

# Concern categories that mean abuse (overgreb) and so require a conversation with the child.
ABUSE_CATEGORIES = frozenset({"violence", "sexual_abuse"})


class Confidence:
    """How sure we are of a paragraph number (domain.md §8 markers); U is flagged in the UI as unverified."""

    VERIFIED = "V"
    SECONDARY = "S"
    UNVERIFIED = "U"


class Unit:
    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"
    NONE = "none"  # a duty without a deadline of its own (e.g. the reassessment is part of the assessment)


@dataclass(frozen=True)
class LegalRule:
    """One version of a statutory duty: its paragraph, how sure we are of it, and its period."""

    code: str
    law: str  # "Barnets lov" or "Serviceloven"
    paragraph: str  # "§ 136, stk. 2"
    valid_from: date | None  # inclusive; None = since forever
    valid_until: date | None  # exclusive; None = still in force
    confidence: str
    amount: int
    unit: str
    duty: str | Promise  # Danish, what must happen

    @property
    def reference(self) -> str:
        short = {"Barnets lov": "BL", "Serviceloven": "SEL"}.get(self.law, self.law)
        return f"{short} {self.paragraph}"

    @property
    def verified(self) -> bool:
        return self.confidence != Confidence.UNVERIFIED

    def applies_on(self, day: date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (
            self.valid_until is None or day < self.valid_until
        )


_BL, _SEL = "Barnets lov", "Serviceloven"
_NEW, _OLD = BARNETS_LOV_IN_FORCE, None

LEGAL_RULES: tuple[LegalRule, ...] = (
    # 1. Assess every notification within 24 clock hours (weekends and holidays included).
    LegalRule(
        ASSESSMENT,
        _BL,
        "§ 136, stk. 2",
        _NEW,
        None,
        Confidence.SECONDARY,
        24,
        Unit.HOURS,
        _("Underretningen skal vurderes inden for 24 timer"),
    ),
    LegalRule(
        ASSESSMENT,
        _SEL,
        "§ 155, stk. 2",
        _OLD,
        _NEW,
        Confidence.SECONDARY,
        24,
        Unit.HOURS,
        _("Underretningen skal vurderes inden for 24 timer"),
    ),
    # 3. A notification about a child who already has a measure: reassess, with someone new to the case.
    LegalRule(
        REASSESSMENT,
        _BL,
        "§ 137, stk. 1",
        _NEW,
        None,
        Confidence.VERIFIED,
        24,
        Unit.HOURS,
        _("Genvurdering af sagen med en ny deltager (barnet har en indsats)"),
    ),
    LegalRule(
        REASSESSMENT,
        _SEL,
        "§ 155 a, stk. 1",
        _OLD,
        _NEW,
        Confidence.VERIFIED,
        24,
        Unit.HOURS,
        _("Genvurdering af sagen med en ny deltager (barnet har en foranstaltning)"),
    ),
    # 4. Abuse: a conversation with the child must be held (no statutory deadline; product default 7 days).
    LegalRule(
        CHILD_CONVERSATION,
        _BL,
        "§ 137, stk. 3",
        _NEW,
        None,
        Confidence.VERIFIED,
        CHILD_CONVERSATION_DAYS,
        Unit.DAYS,
        _("Samtale med barnet (underretning om overgreb)"),
    ),
    LegalRule(
        CHILD_CONVERSATION,
        _SEL,
        "§ 155 a, stk. 3",
        _OLD,
        _NEW,
        Confidence.UNVERIFIED,
        CHILD_CONVERSATION_DAYS,
        Unit.DAYS,
        _("Samtale med barnet (underretning om overgreb)"),
    ),
    # 5. Confirm receipt to a professional notifier within 6 hverdage.
    LegalRule(
        RECEIPT,
        _BL,
        "§ 138, stk. 1",
        _NEW,
        None,
        Confidence.UNVERIFIED,
        6,
        Unit.WORKING_DAYS,
        _("Kvittering til fagperson for modtaget underretning"),
    ),
    LegalRule(
        RECEIPT,
        _SEL,
        "§ 155 b, stk. 1",
        _OLD,
        _NEW,
        Confidence.SECONDARY,
        6,
        Unit.WORKING_DAYS,
        _("Kvittering til fagperson for modtaget underretning"),
    ),
    # 6. Tell the professional notifier whether an investigation or a measure was started.
    LegalRule(
        NOTIFIER_FEEDBACK,
        _BL,
        "§ 138, stk. 2",
        _NEW,
        None,
        Confidence.UNVERIFIED,
        0,
        Unit.NONE,
        _("Tilbagemelding til fagperson om iværksat undersøgelse eller indsats"),
    ),
    LegalRule(
        NOTIFIER_FEEDBACK,
        _SEL,
        "§ 155 b, stk. 2",
        _OLD,
        _NEW,
        Confidence.SECONDARY,
        0,
        Unit.NONE,
        _("Tilbagemelding til fagperson om iværksat undersøgelse eller indsats"),
    ),
    # 11. The child investigation is concluded within 4 months of the municipality becoming aware.
    LegalRule(
        INVESTIGATION,
        _BL,
        "§ 20, stk. 3",
        _NEW,
        None,
        Confidence.VERIFIED,
        4,
        Unit.MONTHS,
        _("Børnefaglig undersøgelse afsluttet"),
    ),
    LegalRule(
        INVESTIGATION,
        _SEL,
        "§ 50, stk. 7",
        _OLD,
        _NEW,
        Confidence.UNVERIFIED,
        4,
        Unit.MONTHS,
        _("Børnefaglig undersøgelse afsluttet"),
    ),
    # 16–17. Barnets plan within 3 months of the decision (before it for a placement without consent);
    # before 2024 the handleplan came before the decision, or within 4 months when the decision was urgent.
    LegalRule(
        CHILD_PLAN, _BL, "§ 91, stk. 2", _NEW, None, Confidence.VERIFIED, 3, Unit.MONTHS, _("Barnets plan udarbejdet")
    ),
    LegalRule(
        CHILD_PLAN, _SEL, "§ 140, stk. 1", _OLD, _NEW, Confidence.SECONDARY, 4, Unit.MONTHS, _("Handleplan udarbejdet")
    ),
)


def rule_for(code: str, *, on: date) -> LegalRule:
    """The version of the rule that applied on this day."""
    for rule in LEGAL_RULES:
        if rule.code == code and rule.applies_on(on):
            return rule
    raise LookupError(f"no legal rule {code!r} on {on}")


def local_day(instant: datetime) -> date:
    """The Danish calendar day of an instant (23:30 UTC on a Sunday is already Monday in Copenhagen)."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(LOCAL_TZ).date()


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


def child_plan_due_on(decision_on: date, *, placement_without_consent: bool, urgent: bool = False) -> date:
    """Barnets plan: within 3 months of a placement decision; before the decision without consent.

    Before 2024 (SEL § 140) the handleplan had to exist before any decision; only an urgent decision allowed
    the plan to follow within 4 months.
    """
    rule = rule_for(CHILD_PLAN, on=decision_on)
    if placement_without_consent:
        return decision_on
    if decision_on < BARNETS_LOV_IN_FORCE and not urgent:
        return decision_on
    return add_months(decision_on, rule.amount)


def is_overdue(*, due_on: date, today: date) -> bool:
    return today > due_on


def is_overdue_at(*, due_at: datetime, now: datetime) -> bool:
    return now > due_at


def end_of_week(today: date) -> date:
    """The Sunday of today's week ("due this week" = from today up to and including this Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def is_due_this_week(*, due_on: date, today: date) -> bool:
    return today <= due_on <= end_of_week(today)


def digest_until(today: date, *, saturday_counts: bool = False) -> date:
    """The last day the daily digest looks ahead to: 2 working days after today."""
    return add_working_days(today, DIGEST_WORKING_DAYS, saturday_counts=saturday_counts)


def requires_receipt(reporter_type: str) -> bool:
    """Only a notifier with the enhanced duty to notify (a professional) gets a receipt (BL § 138)."""
    return reporter_type == "professional"


def requires_child_conversation(categories: Iterable[str]) -> bool:
    """A notification about abuse (violence or sexual abuse) requires a conversation with the child."""
    return bool(ABUSE_CATEGORIES & set(categories))


def requires_reassessment(*, child_has_active_measure: bool) -> bool:
    """A notification about a child who already has a measure triggers a reassessment (BL § 137 stk. 1)."""
    return child_has_active_measure


def are_possible_duplicates(first: datetime, second: datetime) -> bool:
    """Two notifications about the same child received within 72 hours of each other."""
    return abs(first - second) <= DUPLICATE_WINDOW


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
) -> list[str]:
    """What is still missing before the investigation can be concluded, in Danish, in form order.

    Required: every side of the ICS triangle described in at least one dimension; the conversation with the
    child (date, who was present and the child's own view) or the documented reason it was not held; a
    conclusion; whether support is needed, and if so the recommended measures.
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
    if not _filled(conclusion):
        missing.append(str(_("Konklusion")))
    if support_needed is None:
        missing.append(str(_("Er der behov for støtte (ja/nej)")))
    elif support_needed and not _filled(recommended_measures):
        missing.append(str(_("Anbefalede indsatser")))
    return missing
