"""Reference data the application needs in every database: the legal bases seeded by migration 0003."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps

from .models import LegalBasis


def legal_bases_ensure() -> None:
    """Re-create the seeded legal bases if they are missing (a flushed test database, say). Idempotent."""
    if LegalBasis.objects.filter(code__in=("bl-46", "sel-58")).count() == 2:
        return
    import_module("sikkerhedsnet.measures.migrations.0003_seed_legal_bases").seed(apps, None)
