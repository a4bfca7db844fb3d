from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sikkerhedsnet.api"
    label = "api"
