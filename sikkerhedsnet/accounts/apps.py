from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sikkerhedsnet.accounts"
    label = "accounts"
