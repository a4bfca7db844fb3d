from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "sikkerhedsnet.intake"
    label = "intake"

    def ready(self) -> None:
        # measures (a lower floor) asks whether a placement rests on a concluded investigation (issue #15).
        from sikkerhedsnet.measures.investigations import register_investigation_provider

        from .selectors import investigation_concluded_on

        register_investigation_provider(investigation_concluded_on)
