from django.db import migrations


class Migration(migrations.Migration):
    """Joins two parallel branches of work: the legal hold (slettestop) and the trigram search index."""

    dependencies = [
        ("children", "0003_case_legal_hold"),
        ("children", "0003_search_name_trigram_index"),
    ]

    operations = []
