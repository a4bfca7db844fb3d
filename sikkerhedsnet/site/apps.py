from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top of the house: home, error pages, retention and legal-hold pages, the demo and synthetic data."""

    name = "sikkerhedsnet.site"
    label = "site"
