"""The law's deadlines as versioned data: one table (`LEGAL_RULES`) of every statutory period with its
paragraph, Barnets lov from 1 January 2024 and the Serviceloven paragraphs before (docs/domain.md §8).

Each app's rules compute their deadlines from `rule_for(code, on=day)`; the management dashboard's SQL reads the
same rows, so a change of the law is one new row here, not new code in several places.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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

# Product decision (the law, BL § 137 stk. 3, says the conversation with the child about abuse *must* be held but
# sets no deadline): Sikkerhedsnet makes it a task due 7 calendar days after the day of receipt.
CHILD_CONVERSATION_DAYS = 7


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


def versions(code: str) -> list[LegalRule]:
    """Every version of a rule, oldest first (for a query that must apply each version to its own dates)."""
    found = [rule for rule in LEGAL_RULES if rule.code == code]
    if not found:
        raise LookupError(f"no legal rule {code!r}")
    return sorted(found, key=lambda rule: rule.valid_from or date.min)


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


# --- Preconditions: what the law requires to exist before a step may be taken (issue #15) ----------------------
# The same versioned shape as the deadlines (amount 0, Unit.NONE): a step's form shows the missing ones with their
# paragraph before the caseworker submits, and the service refuses the step with their codes (docs/compliance.md).

ABUSE_NEEDS_INVESTIGATION = "abuse_needs_investigation"
PLACEMENT_NEEDS_INVESTIGATION = "placement_needs_investigation"
PLACEMENT_URGENT_REASONED = "placement_urgent_reasoned"
PLACEMENT_WITHOUT_CONSENT_NEEDS_PLAN = "placement_without_consent_needs_plan"
INVESTIGATION_NEEDS_PARENTS_VIEW = "investigation_needs_parents_view"

LEGAL_PRECONDITIONS: tuple[LegalRule, ...] = (
    # A notification about violence or sexual abuse: a child investigation is mandatory (BL § 20 stk. 1) and the
    # child conversation must be held (§ 137 stk. 3); "no action" needs a reasoned exception.
    LegalRule(
        ABUSE_NEEDS_INVESTIGATION,
        _BL,
        "§ 20, stk. 1, og § 137, stk. 3",
        _NEW,
        None,
        Confidence.VERIFIED,
        0,
        Unit.NONE,
        _("En underretning om vold eller seksuelle overgreb kræver en børnefaglig undersøgelse og samtale med barnet"),
    ),
    LegalRule(
        ABUSE_NEEDS_INVESTIGATION,
        _SEL,
        "§ 50, stk. 1, og § 155 a, stk. 3",
        _OLD,
        _NEW,
        Confidence.SECONDARY,
        0,
        Unit.NONE,
        _("En underretning om vold eller seksuelle overgreb kræver en børnefaglig undersøgelse og samtale med barnet"),
    ),
    # A placement rests on a concluded child investigation (BL §§ 46–47, § 20 stk. 1) ...
    LegalRule(
        PLACEMENT_NEEDS_INVESTIGATION,
        _BL,
        "§ 20, stk. 1, og §§ 46–47",
        _NEW,
        None,
        Confidence.VERIFIED,
        0,
        Unit.NONE,
        _("En anbringelse kræver en afsluttet børnefaglig undersøgelse"),
    ),
    LegalRule(
        PLACEMENT_NEEDS_INVESTIGATION,
        _SEL,
        "§ 50, stk. 1, og §§ 52 og 58",
        _OLD,
        _NEW,
        Confidence.SECONDARY,
        0,
        Unit.NONE,
        _("En anbringelse kræver en afsluttet børnefaglig undersøgelse"),
    ),
    # ... unless it is urgent: an acute placement may run in parallel with the investigation (§ 46), a foreløbig
    # afgørelse without consent is brought to the committee (§ 143). The urgency must be reasoned.
    LegalRule(
        PLACEMENT_URGENT_REASONED,
        _BL,
        "§ 46 og § 143",
        _NEW,
        None,
        Confidence.SECONDARY,
        0,
        Unit.NONE,
        _("En akut anbringelse før undersøgelsen er afsluttet skal begrundes"),
    ),
    LegalRule(
        PLACEMENT_URGENT_REASONED,
        _SEL,
        "§ 52 og § 75",
        _OLD,
        _NEW,
        Confidence.UNVERIFIED,
        0,
        Unit.NONE,
        _("En akut anbringelse før undersøgelsen er afsluttet skal begrundes"),
    ),
    # A placement without consent: barnets plan exists before the decision (BL § 91 stk. 2, § 51 stk. 1 nr. 3).
    LegalRule(
        PLACEMENT_WITHOUT_CONSENT_NEEDS_PLAN,
        _BL,
        "§ 91, stk. 2",
        _NEW,
        None,
        Confidence.VERIFIED,
        0,
        Unit.NONE,
        _("Ved anbringelse uden samtykke skal barnets plan foreligge før afgørelsen"),
    ),
    LegalRule(
        PLACEMENT_WITHOUT_CONSENT_NEEDS_PLAN,
        _SEL,
        "§ 140, stk. 1",
        _OLD,
        _NEW,
        Confidence.SECONDARY,
        0,
        Unit.NONE,
        _("Ved anbringelse uden samtykke skal handleplanen foreligge før afgørelsen"),
    ),
    # The investigation records the parents' view (BL § 22; SEL § 50).
    LegalRule(
        INVESTIGATION_NEEDS_PARENTS_VIEW,
        _BL,
        "§ 22",
        _NEW,
        None,
        Confidence.VERIFIED,
        0,
        Unit.NONE,
        _("Forældrenes synspunkter skal fremgå af undersøgelsen"),
    ),
    LegalRule(
        INVESTIGATION_NEEDS_PARENTS_VIEW,
        _SEL,
        "§ 50",
        _OLD,
        _NEW,
        Confidence.SECONDARY,
        0,
        Unit.NONE,
        _("Forældrenes synspunkter skal fremgå af undersøgelsen"),
    ),
)


@dataclass(frozen=True)
class MissingPrecondition:
    """A precondition that is not met: its code, the rule (duty and paragraph) and the form field to fix."""

    code: str
    rule: LegalRule
    field: str = ""

    @property
    def text(self) -> str:
        return f"{self.rule.duty} ({self.rule.reference})"


def precondition_for(code: str, *, on: date) -> LegalRule:
    """The version of a precondition that applied on this day."""
    for rule in LEGAL_PRECONDITIONS:
        if rule.code == code and rule.applies_on(on):
            return rule
    raise LookupError(f"no legal precondition {code!r} on {on}")


def missing(code: str, *, on: date, field: str = "") -> MissingPrecondition:
    return MissingPrecondition(code, precondition_for(code, on=on), field)
