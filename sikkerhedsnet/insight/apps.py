from django.apps import AppConfig


class InsightConfig(AppConfig):
    """The auditor's access log and the citizen's access-log export (reads the audit log; code only, no tables)."""

    name = "sikkerhedsnet.insight"
    label = "insight"
