from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "sikkerhedsnet.measures"
    label = "measures"
