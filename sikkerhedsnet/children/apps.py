from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "sikkerhedsnet.children"
    label = "children"
