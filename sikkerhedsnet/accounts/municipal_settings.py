"""Municipal settings (kommunens indstillinger) as data: what a municipality legitimately chooses, with its default,
the bounds the law leaves it and the source. Pure: no ORM, no clock.

A value is stored as a dated change (accounts.models.MunicipalSetting) and looked up "as of" the day that matters
(`accounts.selectors.setting_on`), so a change applies from its date and never rewrites history. The bounds keep
the statutory floors: a setting may shorten a statutory limit, never lengthen it (docs/settings.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikkerhedsnet.core.errors import DomainError

Kind = Literal["bool", "int"]
MAX_INT = 100_000_000


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str | Promise
    kind: Kind
    default: int | bool
    unit: str | Promise = ""
    minimum: int = 0
    maximum: int = MAX_INT
    bounds: str | Promise = ""  # the legal floor or ceiling, in words
    source: str = ""  # the law or the practice it rests on
    used_by: str = ""  # where the product reads it


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "saturday_is_working_day",
        gettext_lazy("Lørdag tæller som hverdag ved kvitteringsfristen"),
        "bool",
        False,
        bounds=gettext_lazy("Lørdag med forkorter fristen (6 hverdage); den kan aldrig blive længere."),
        source="Barnets lov § 133 stk. 2 (kvittering inden 6 hverdage)",
        used_by="intake: kvitteringsfristen for en underretning modtaget på eller efter datoen",
    ),
    SettingSpec(
        "hearing_period_days",
        gettext_lazy("Partshøringsfrist"),
        "int",
        7,
        unit=gettext_lazy("dage"),
        minimum=7,
        maximum=60,
        bounds=gettext_lazy("Mindst 7 dage (praksis efter forvaltningsloven § 19); længere er tilladt."),
        source="Forvaltningsloven § 19; Ankestyrelsens praksis",
        used_by="afgørelser (partshøring) – gemt nu, bruges af afgørelser",
    ),
    SettingSpec(
        "child_conversation_days",
        gettext_lazy("Samtale med barnet efter underretning om overgreb"),
        "int",
        7,
        unit=gettext_lazy("dage"),
        minimum=1,
        maximum=7,
        bounds=gettext_lazy("Højst 7 dage (lovens frist); kommunen kan vælge en kortere frist."),
        source="Barnets lov § 82 (samtale senest 7 dage efter underretningen)",
        used_by="gemt nu; lovens 7 dage bruges af fristmotoren",
    ),
    SettingSpec(
        "duplicate_window_hours",
        gettext_lazy("Vindue for mulige dubletter af underretninger"),
        "int",
        72,
        unit=gettext_lazy("timer"),
        minimum=1,
        maximum=720,
        bounds=gettext_lazy("Kommunens valg (ingen lovgrænse); 1–720 timer."),
        source="Produktbeslutning (docs/domain.md §9)",
        used_by="intake: mulige dubletter",
    ),
    SettingSpec(
        "break_glass_hours",
        gettext_lazy("Varighed af begrundet adgang (bryd glasset)"),
        "int",
        8,
        unit=gettext_lazy("timer"),
        minimum=1,
        maximum=24,
        bounds=gettext_lazy("Højst 24 timer: adgangen skal være tidsbegrænset (databeskyttelse, need-to-know)."),
        source="Databeskyttelsesforordningen art. 5 og 32; kommunens sikkerhedspolitik",
        used_by="children: en adgang givet på eller efter datoen",
    ),
    SettingSpec(
        "safety_plan_review_months_minimum",
        gettext_lazy("Revision af minimumssikkerhedsplan"),
        "int",
        1,
        unit=gettext_lazy("måneder"),
        minimum=1,
        maximum=12,
        bounds=gettext_lazy("1–12 måneder (Roskilde-praksis; ingen lovgrænse)."),
        source="Roskilde Kommune, Signs of Safety (docs/domain.md §2.10)",
        used_by="safety: den revisionsdato, der foreslås, når en plan godkendes på eller efter datoen",
    ),
    SettingSpec(
        "safety_plan_review_months_detailed",
        gettext_lazy("Revision af detaljeret sikkerhedsplan"),
        "int",
        3,
        unit=gettext_lazy("måneder"),
        minimum=1,
        maximum=12,
        bounds=gettext_lazy("1–12 måneder (Roskilde-praksis; ingen lovgrænse)."),
        source="Roskilde Kommune, Signs of Safety (docs/domain.md §2.10)",
        used_by="safety: den revisionsdato, der foreslås, når en plan godkendes på eller efter datoen",
    ),
    SettingSpec(
        "competence_limit_team_leader",
        gettext_lazy("Kompetencegrænse: teamleder godkender indsatser over"),
        "int",
        0,
        unit=gettext_lazy("kr. pr. måned (0: ingen grænse)"),
        minimum=0,
        maximum=MAX_INT,
        bounds=gettext_lazy("Kommunens kompetenceplan; ingen lovgrænse."),
        source="Kommunens kompetenceplan (styrelsesloven)",
        used_by="gemt nu; bruges af godkendelse af afgørelser",
    ),
    SettingSpec(
        "competence_limit_head",
        gettext_lazy("Kompetencegrænse: chef godkender indsatser over"),
        "int",
        0,
        unit=gettext_lazy("kr. pr. måned (0: ingen grænse)"),
        minimum=0,
        maximum=MAX_INT,
        bounds=gettext_lazy("Kommunens kompetenceplan; ingen lovgrænse."),
        source="Kommunens kompetenceplan (styrelsesloven)",
        used_by="gemt nu; bruges af godkendelse af afgørelser",
    ),
)

RETENTION_PREFIX = "retention_years:"
RETENTION_MIN_YEARS, RETENTION_MAX_YEARS = 1, 100


def retention_spec(key: str, *, label: str, default_years: int) -> SettingSpec:
    """The setting for one retention record type (core.retention), in whole years."""
    return SettingSpec(
        RETENTION_PREFIX + key,
        label,
        "int",
        default_years,
        unit=gettext_lazy("år"),
        minimum=RETENTION_MIN_YEARS,
        maximum=RETENTION_MAX_YEARS,
        bounds=gettext_lazy("Kommunens beslutning inden for arkivreglerne; bevaringspligtige sager slettes aldrig."),
        source="Arkivloven; databeskyttelsesforordningen art. 5 stk. 1 litra e",
        used_by="core.retention: slettekørsler på eller efter datoen",
    )


def parse(spec: SettingSpec, raw: object) -> int | bool:
    """The value checked against the spec's kind and bounds; DomainError (field `value`) otherwise."""
    if spec.kind == "bool":
        if isinstance(raw, bool):
            return raw
        if raw in ("true", "on", "1", 1):
            return True
        if raw in ("false", "off", "0", 0, "", None):
            return False
        raise DomainError(_("Vælg ja eller nej."), field="value", code="invalid_value")
    if isinstance(raw, bool):
        raise DomainError(_("Angiv et helt tal."), field="value", code="invalid_value")
    if isinstance(raw, str):
        text = raw.strip()
        if not text or not text.isascii() or not text.isdigit() or len(text) > 12:
            raise DomainError(_("Angiv et helt tal."), field="value", code="invalid_value")
        raw = int(text)
    if not isinstance(raw, int):
        raise DomainError(_("Angiv et helt tal."), field="value", code="invalid_value")
    if not spec.minimum <= raw <= spec.maximum:
        raise DomainError(
            _("Vælg et tal fra %(min)s til %(max)s (%(bounds)s)")
            % {"min": spec.minimum, "max": spec.maximum, "bounds": spec.bounds},
            field="value",
            code="out_of_bounds",
        )
    return raw
