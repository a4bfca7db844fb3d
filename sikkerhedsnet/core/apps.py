from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sikkerhedsnet.core"
    label = "core"

    def ready(self) -> None:
        from django.urls import register_converter

        from . import (
            backup,  # noqa: F401 - registers the backup key check (backup.E001)
            checks,  # noqa: F401 - registers the static-files check
        )
        from .converters import IdConverter

        register_converter(IdConverter, "id")  # before any URLconf is loaded; see converters.py
