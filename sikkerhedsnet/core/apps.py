from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sikkerhedsnet.core"
    label = "core"
