from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sikkerhedsnet.audit"
    label = "audit"
