from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "sikkerhedsnet.reports"
    label = "reports"
