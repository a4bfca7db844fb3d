import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# The WSGI server runs no system checks: refuse to start in production without the collected static files
# (core.E001) rather than answer every page with a 500.
from sikkerhedsnet.core.checks import raise_for_startup_errors  # noqa: E402 - needs the app registry

raise_for_startup_errors()
