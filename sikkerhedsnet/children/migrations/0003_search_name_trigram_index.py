"""Name search at national scale: a trigram index answers `search_name LIKE '%token%'` on PostgreSQL.

`children_search` filters with `search_name__contains` per token; without this index PostgreSQL scans every
child (about 100 ms per search at 100,000 children). pg_trgm is a trusted extension (PostgreSQL 13+), so the
database owner may create it. On SQLite this migration does nothing: a municipality's children (10,000) are
scanned in a few milliseconds, and SQLite has no index for infix LIKE.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS child_search_name_trgm ON children_child USING gin (search_name gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS child_search_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("children", "0002_relation_version")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
