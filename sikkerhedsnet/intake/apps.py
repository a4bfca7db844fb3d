from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "sikkerhedsnet.intake"
    label = "intake"
