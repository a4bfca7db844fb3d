from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sikkerhedsnet.accounts"
    label = "accounts"

    def ready(self) -> None:
        from sikkerhedsnet.core import retention

        from .settings_selectors import retention_years_on

        retention.set_municipal_period_source(retention_years_on)
