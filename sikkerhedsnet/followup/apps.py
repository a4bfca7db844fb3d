from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "sikkerhedsnet.followup"
    label = "followup"

    def ready(self) -> None:
        # A measure's page shows its follow-up plan; measures sits below followup, so followup hands it the function.
        from sikkerhedsnet.measures.plans import register_plan_provider

        from .selectors import measure_plan

        register_plan_provider(measure_plan)
