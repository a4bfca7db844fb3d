from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sikkerhedsnet.audit"
    label = "audit"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the key check
