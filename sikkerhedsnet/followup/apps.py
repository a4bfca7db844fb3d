from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "sikkerhedsnet.followup"
    label = "followup"
