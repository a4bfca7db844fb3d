from django.apps import AppConfig


class TasksConfig(AppConfig):
    """The day's work across every app: Mine sager, Mine opgaver, team overviews, the digest (code only)."""

    name = "sikkerhedsnet.tasks"
    label = "tasks"
