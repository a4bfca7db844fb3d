"""Sikkerhedsnet settings: one file, environments differ only by environment variables."""

from __future__ import annotations

import ipaddress
import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    """Read a string setting; `NAME_FILE` (a path) wins over `NAME`, for container secrets."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points to {file_path!r}, which cannot be read: {exc}") from exc
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name} (or {name}_FILE).")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development', 'production' or 'test'.")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = [h.strip() for h in env_str("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]
    DEBUG = False
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production-7f3a9c")
    ALLOWED_HOSTS = [
        h.strip() for h in env_str("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()
    ]
    DEBUG = env_bool("DJANGO_DEBUG", DJANGO_ENV == "development")

# The audit chain's key (HMAC-SHA256, sikkerhedsnet/audit/services.py). It lives outside the database, so someone
# who can write the database cannot recompute the chain after changing it. Production refuses to start without it
# (and the system check audit.E001 refuses a short one or the development default); elsewhere a fixed,
# clearly-marked development key. Rotation is not supported: docs/hardening.md, "The keyed audit chain".
AUDIT_HMAC_KEY_DEVELOPMENT = "dev-only-audit-key-never-use-in-production-2b8e41d7"  # noqa: S105 - marked, dev only
if PRODUCTION:
    AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY")
else:
    AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY", AUDIT_HMAC_KEY_DEVELOPMENT)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "simple_history",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from our own static files (the CDN version breaks our CSP)
    "sikkerhedsnet.core",
    "sikkerhedsnet.accounts",
    "sikkerhedsnet.audit",
    "sikkerhedsnet.insight",
    "sikkerhedsnet.children",
    "sikkerhedsnet.intake",
    "sikkerhedsnet.safety",
    "sikkerhedsnet.measures",
    "sikkerhedsnet.followup",
    "sikkerhedsnet.tasks",
    "sikkerhedsnet.reports",
    "sikkerhedsnet.api",
    "sikkerhedsnet.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sikkerhedsnet.core.middleware.NoStoreMiddleware",
    "sikkerhedsnet.core.middleware.DatabaseUnavailableMiddleware",
    "sikkerhedsnet.core.middleware.RejectNullCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sikkerhedsnet.core.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sikkerhedsnet.accounts.middleware.SessionEpochMiddleware",
    "sikkerhedsnet.accounts.middleware.OtpRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sikkerhedsnet.accounts.middleware.FormDraftMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "sikkerhedsnet.api.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CSRF_FAILURE_VIEW = "sikkerhedsnet.site.errorviews.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sikkerhedsnet.site.context_processors.site",
            ],
            # The one date format (longdate, longdatetime, isodate) in every template without a {% load %}.
            "builtins": ["sikkerhedsnet.core.templatetags.dates"],
        },
    },
]

# Database: SQLite (WAL) in var/ by default; PostgreSQL through DATABASE_URL.
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sikkerhedsnet.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0 if not PRODUCTION else 60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: a transaction takes the write lock when it starts, so the audit chain head read
        # inside it cannot be raced by another writer (no forked chain, no mid-transaction "database is locked").
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
    # Tests use a file, like production (WAL and real locking; an in-memory database cannot be shared by
    # two threads, so concurrency tests would be impossible). pytest-xdist adds a suffix per worker.
    DATABASES["default"]["TEST"] = {"NAME": env_str("SQLITE_TEST_NAME", "") or str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["TEST"] = {"NAME": env_str("PG_TEST_NAME", "") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# The organisation a deletion run belongs to. core sits below accounts and names it only through this setting,
# as it names the user through AUTH_USER_MODEL (docs/architecture.md, "registries").
MUNICIPALITY_MODEL = "accounts.Municipality"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 minutes without activity.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# django-axes, two limits (sikkerhedsnet/accounts/lockout.py), each locking for 15 minutes: 5 failures of one
# username from one address lock that pair; LOGIN_FAILURES_PER_IP failures from one address over all usernames
# (password spraying) lock the address. No lock of a username alone: that would let anyone lock anyone out.
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURES_PER_IP = int(env_str("LOGIN_FAILURES_PER_IP", "25"))
LOGIN_LOCKOUT_LIMITS = [(["username", "ip_address"], AXES_FAILURE_LIMIT), (["ip_address"], LOGIN_FAILURES_PER_IP)]
AXES_LOCKOUT_PARAMETERS = [params for params, _ in LOGIN_LOCKOUT_LIMITS]
AXES_HANDLER = "sikkerhedsnet.accounts.lockout.LoginLimitsHandler"
AXES_COOLOFF_TIME = timedelta(minutes=15)
# The client's address: X-Forwarded-For is read only from these reverse proxies (comma-separated addresses or
# networks, e.g. "10.0.0.5,10.1.0.0/16"); without them every client behind a proxy has the proxy's address.
TRUSTED_PROXIES = [p.strip() for p in env_str("TRUSTED_PROXIES", "").split(",") if p.strip()]
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is no IP address or network.") from _exc
AXES_CLIENT_IP_CALLABLE = "sikkerhedsnet.core.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

# Two-factor: production requires a verified TOTP device for every role with case access.
OTP_REQUIRED = env_bool("OTP_REQUIRED", PRODUCTION)
OTP_TOTP_ISSUER = "Sikkerhedsnet"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))  # `collectstatic` fills it (`make serve`)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Backups (sikkerhedsnet/core/backup.py): every archive is encrypted (AES-256-GCM) and signed (HMAC-SHA256) with
# keys derived from BACKUP_KEY (or BACKUP_KEY_FILE). Keep it in the secret store, not with the archives: without it
# no backup can be read. In production a missing, short or development key is the system check error backup.E001
# (so every manage.py command refuses to run without it); elsewhere a fixed, clearly-marked development key.
# BACKUP_DIR holds the archives `manage.py backup` writes without a path, and the safety copies `restore` takes
# (BACKUP_DIR/safety/). docs/hardening.md §2.
BACKUP_KEY_DEVELOPMENT = "dev-only-backup-key-never-use-in-production-5c1e93a0"  # noqa: S105 - marked, dev only
BACKUP_KEY = env_str("BACKUP_KEY", "" if PRODUCTION else BACKUP_KEY_DEVELOPMENT)
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
# Uploaded documents are never served from MEDIA_URL: downloads go through an access-checked view.
MEDIA_URL = "/_protected_media/"
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Security headers. CSP: no inline scripts anywhere; charts are SVG images, htmx and DKFDS are static files.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "sikkerhedsnet@demo-kommune.invalid")

# Logs never carry personal data: no request bodies, no query strings (CPR could be in one).
# The audit checkpoints (below) have their own handler without the CPR filter: a checkpoint line is built only from
# a sequence number, hex digests, a time and the database's name, and a run of ten digits inside a hex digest
# would otherwise be "redacted" and the copy in the log could no longer be checked.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "sikkerhedsnet.core.logging.RedactPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
        "audit_checkpoints": {"class": "logging.StreamHandler"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "sikkerhedsnet.audit.checkpoints": {"handlers": ["audit_checkpoints"], "level": "INFO", "propagate": False},
    },
}

# Signed audit-chain checkpoints (seq, hash, time, HMAC): appended to this file, outside the database, by
# `manage.py audit_checkpoint` and by the job worker every AUDIT_CHECKPOINT_MINUTES; `verify_audit` checks the
# chain against them (a truncated or recomputed chain fails). Keep the file on other storage than the database.
AUDIT_CHECKPOINT_FILE = Path(env_str("AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.jsonl")))
AUDIT_CHECKPOINT_MINUTES = float(env_str("AUDIT_CHECKPOINT_MINUTES", "5"))

NINJA_PAGINATION_PER_PAGE = 25
API_TOKEN_PREFIX = "skn_"  # noqa: S105 - a visible prefix, not a secret
# API rate limit per user (django-ninja throttling; 429 in the contract's error shape, with Retry-After).
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "1200/min")
# Fetches of one private calendar feed address (tasks.views.calendar_feed); calendars poll every 15-60 minutes.
CALENDAR_FEED_THROTTLE_RATE = env_str("CALENDAR_FEED_THROTTLE_RATE", "60/hour")

# The cache holds rate-limit counters. Production: files in var/cache, shared by every gunicorn worker on
# the host (several hosts: point CACHES at Redis or Memcached). Elsewhere: per process, in memory.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}
        if env_str("CACHE_BACKEND", "file" if PRODUCTION else "locmem") == "file"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Retention periods per record type, overriding the registered defaults (sikkerhedsnet/core/retention.py),
# e.g. {"children.case_file": {"years": 10}}. Environment: RETENTION_PERIODS_JSON.
RETENTION_PERIODS = json.loads(env_str("RETENTION_PERIODS_JSON", "{}"))
