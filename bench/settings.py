"""Settings for the benchmark's gunicorn servers: production-like, but plain HTTP on 127.0.0.1.

Like production: DEBUG off (no query log), persistent database connections (CONN_MAX_AGE 60, as production
sets), the Argon2 hasher, sessions saved on every request, audit on every read. Unlike production: no TLS on
loopback, so no HTTPS redirect or secure-only cookies, and no second factor (no TOTP device in synthetic data).
"""

import os

os.environ.setdefault("DJANGO_ENV", "test")

from config.settings import *  # noqa: E402, F403
from config.settings import DATABASES  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
OTP_REQUIRED = False
DATABASES["default"]["CONN_MAX_AGE"] = 60
