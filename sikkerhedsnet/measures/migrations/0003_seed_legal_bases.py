"""Reference data: the legal bases for measures, versioned (Serviceloven until 2023, Barnets lov from 2024).

Sources: docs/domain.md §8.2 (Barnets lov § 32 text [V]; SEL labels from OS2bos paragraphs.csv [V];
old-to-new pairs from Statistics Denmark's BU04A list where marked, otherwise aligned by content [S]).
Administrators can add later versions in the application; this migration only seeds the starting set.
"""

import datetime

from django.db import migrations

SEL_FROM = datetime.date(2014, 1, 1)
SEL_TO = datetime.date(2023, 12, 31)
BL_FROM = datetime.date(2024, 1, 1)
DST = "Danmarks Statistik BU04A (gammel ↔ ny paragraf)"
CONTENT = "Parret efter indhold (domain.md §8.2)"

# (code, paragraph, title, applies_to, replaces, source note)
SERVICELOVEN = [
    ("sel-11-3", "§ 11, stk. 3", "Forebyggende indsatser (rådgivning, konsulentbistand m.v.)", "prevention"),
    ("sel-52-3-1", "§ 52, stk. 3, nr. 1", "Ophold i dagtilbud, fritidshjem, ungdomsklub eller uddannelsessted", "support"),
    ("sel-52-3-2", "§ 52, stk. 3, nr. 2", "Praktisk, pædagogisk eller anden støtte i hjemmet", "support"),
    ("sel-52-3-3", "§ 52, stk. 3, nr. 3", "Familiebehandling eller behandling af barnets problemer", "support"),
    ("sel-52-3-4", "§ 52, stk. 3, nr. 4", "Døgnophold for hele familien", "support"),
    ("sel-52-3-5", "§ 52, stk. 3, nr. 5", "Aflastningsordning", "support"),
    ("sel-52-3-6", "§ 52, stk. 3, nr. 6", "Fast kontaktperson", "support"),
    ("sel-52-3-7", "§ 52, stk. 3, nr. 7", "Anbringelse uden for hjemmet (med samtykke)", "placement_with_consent"),
    ("sel-52-3-8", "§ 52, stk. 3, nr. 8", "Praktiktilbud med godtgørelse", "support"),
    ("sel-52-3-9", "§ 52, stk. 3, nr. 9", "Anden hjælp (rådgivning, behandling, praktisk og pædagogisk støtte)", "support"),
    ("sel-58", "§ 58", "Anbringelse uden samtykke", "placement_without_consent"),
]
BARNETS_LOV = [
    ("bl-30", "§ 30", "Tidligt forebyggende indsatser", "prevention", "sel-11-3", CONTENT),
    ("bl-32-1-1", "§ 32, stk. 1, nr. 1", "Ophold i dagtilbud, fritidshjem, ungdomsklub eller uddannelsessted",
     "support", "sel-52-3-1", CONTENT),
    ("bl-32-1-2", "§ 32, stk. 1, nr. 2", "Praktisk, pædagogisk eller anden støtte i hjemmet", "support",
     "sel-52-3-2", CONTENT),
    ("bl-32-1-3", "§ 32, stk. 1, nr. 3", "Fast kontaktperson", "support", "sel-52-3-6", CONTENT),
    ("bl-32-1-4", "§ 32, stk. 1, nr. 4", "Praktiktilbud", "support", "sel-52-3-8", CONTENT),
    ("bl-32-1-5", "§ 32, stk. 1, nr. 5", "Familiebehandling", "support", "sel-52-3-3", DST),
    ("bl-32-1-6", "§ 32, stk. 1, nr. 6", "Familieanbringelse (døgnophold for hele familien)", "support",
     "sel-52-3-4", CONTENT),
    ("bl-32-1-7", "§ 32, stk. 1, nr. 7", "Støtteophold (tidligere aflastning)", "support", "sel-52-3-5", DST),
    ("bl-32-1-8", "§ 32, stk. 1, nr. 8", "Anden hjælp", "support", "sel-52-3-9", CONTENT),
    ("bl-46", "§ 46", "Anbringelse med samtykke", "placement_with_consent", "sel-52-3-7", CONTENT),
    ("bl-47", "§ 47", "Anbringelse uden samtykke", "placement_without_consent", "sel-58", CONTENT),
]


def seed(apps, schema_editor):
    LegalBasis = apps.get_model("measures", "LegalBasis")
    by_code = {}
    for code, paragraph, title, applies_to in SERVICELOVEN:
        by_code[code], _ = LegalBasis.objects.get_or_create(
            code=code,
            defaults={
                "law": "serviceloven",
                "paragraph": paragraph,
                "title": title,
                "applies_to": applies_to,
                "valid_from": SEL_FROM,
                "valid_to": SEL_TO,
                "verified": True,
                "source_note": "OS2bos paragraphs.csv",
            },
        )
    for code, paragraph, title, applies_to, replaces, note in BARNETS_LOV:
        LegalBasis.objects.get_or_create(
            code=code,
            defaults={
                "law": "barnets_lov",
                "paragraph": paragraph,
                "title": title,
                "applies_to": applies_to,
                "valid_from": BL_FROM,
                "replaces": by_code[replaces],
                "verified": True,
                "source_note": f"Barnets lov (LBK nr. 282 af 17/03/2025); {note}",
            },
        )


def unseed(apps, schema_editor):
    LegalBasis = apps.get_model("measures", "LegalBasis")
    codes = [row[0] for row in BARNETS_LOV] + [row[0] for row in SERVICELOVEN]
    LegalBasis.objects.filter(code__in=codes, offers__isnull=True, measures__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("measures", "0002_catalogue_placements_staircase_plans")]

    operations = [migrations.RunPython(seed, unseed)]
