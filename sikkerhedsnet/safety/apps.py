from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "sikkerhedsnet.safety"
    label = "safety"
