"""Settings, all read from the environment.

Development needs nothing set: SQLite in ``var/``, DEBUG on through the set-up script.
Production (``DEBUG`` unset or false) refuses to start without ``SECRET_KEY`` and the
field-encryption keys.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

_DEV_SECRET = "insecure-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production mode).")
    SECRET_KEY = _DEV_SECRET

# Phone and ID numbers are encrypted with Fernet. The first key encrypts, all keys decrypt
# (rotation). The hash key makes the keyed hash used for exact look-ups; it must never change.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
FIELD_HASH_KEY = os.environ.get("FIELD_HASH_KEY", "")
if not FIELD_ENCRYPTION_KEYS or not FIELD_HASH_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY must be set when DEBUG is off (production mode)."
        )
    # Development only: fixed keys so that the demo database stays readable across restarts.
    FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or ["ZGV2ZWxvcG1lbnQtb25seS1rZXktMzItYnl0ZXMhISE="]
    FIELD_HASH_KEY = FIELD_HASH_KEY or "development-only-hash-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "treebeard",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "lianxin.core",
    "lianxin.core.security",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "lianxin.orgs",
    "lianxin.people",
    "lianxin.casework",
    "lianxin.reports",
    "lianxin.open311",
    "lianxin.campaigns",
    "lianxin.liaison",
    "lianxin.meetings",
    "lianxin.posts",
    "lianxin.volunteers",
    "lianxin.socialwork",
    "lianxin.events",
    "lianxin.learning",
    "lianxin.ops",
    "lianxin.demo",
]

MIDDLEWARE = [
    "lianxin.core.middleware.RequestIdMiddleware",  # first: every log line of a request has its id
    "django.middleware.security.SecurityMiddleware",
    "lianxin.core.security.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lianxin.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lianxin.core.security.middleware.SessionTimeoutMiddleware",
    "lianxin.core.security.middleware.SecondFactorMiddleware",
    "lianxin.core.security.middleware.PasswordChangeRequiredMiddleware",
    "lianxin.core.security.middleware.RateLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lianxin.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lianxin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lianxin.core.context_processors.shell",
            ],
        },
    }
]

(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'lianxin.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Writers take the lock at BEGIN, so two state changes of one row serialise.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    # A database that does not answer fails fast (the health check says so) instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DB_CONNECT_TIMEOUT", "5")
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# AUTH_PASSWORD_VALIDATORS: see the security block below.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lianxin" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "lianxin" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ROSTER_MAX_ROWS = int(os.environ.get("ROSTER_MAX_ROWS", "5000"))
CASE_PHOTO_MAX_BYTES = int(os.environ.get("CASE_PHOTO_MAX_BYTES", str(5 * 2**20)))
CASE_PHOTO_MAX_COUNT = 6

# A shared cache (Redis) in production, so that every process sees a write at once; the
# default is each process's own memory, where figures may lag by FIGURES_CACHE_SECONDS.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
FIGURES_CACHE_SECONDS = int(os.environ.get("FIGURES_CACHE_SECONDS", "300"))
# With Redis a request reads its session from the cache; the database still keeps every session,
# so an account's sessions can be listed and ended, and restarting Redis logs nobody out.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)

# How many party members or residents each party representative is linked to (联系帮扶).
LIAISON_LINKS_MIN = int(os.environ.get("LIAISON_LINKS_MIN", "2"))
LIAISON_LINKS_MAX = int(os.environ.get("LIAISON_LINKS_MAX", "3"))

# Background tasks (django.tasks API): kept in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# How often the worker looks for overdue requests.
OVERDUE_CHECK_MINUTES = int(os.environ.get("OVERDUE_CHECK_MINUTES", "5"))

# Office hours for working-hour deadlines (Beijing time), as "HH:MM-HH:MM" pairs.
WORK_PERIODS = [tuple(period.split("-", 1)) for period in env_list("WORK_PERIODS", "09:00-12:00,13:00-17:00")]

# Logging and health
# Logs go to standard error, one JSON object a line (LOG_FORMAT=text for plain lines; the
# default in development), each with the request id (X-Request-ID, echoed in the response).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lianxin.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "lianxin.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
}
# /healthz answers 503 when the task worker's heartbeat (a task it runs every
# HEARTBEAT_SECONDS) is older than HEARTBEAT_MAX_AGE_SECONDS.
HEARTBEAT_SECONDS = int(os.environ.get("HEARTBEAT_SECONDS", "60"))
HEARTBEAT_MAX_AGE_SECONDS = int(os.environ.get("HEARTBEAT_MAX_AGE_SECONDS", "300"))
# Where `manage.py backup` finds pg_dump and `restore` finds pg_restore.
PG_BIN_DIR = os.environ.get("PG_BIN_DIR", "")

# Security (log-in, sessions, HTTP)
# Password rules (GB/T 22239-2019 level 3): 10+ characters mixing three kinds, not the user
# name, not a common password, and none of the last 5 (their hashes are kept).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "lianxin.core.security.passwords.ComplexityValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "lianxin.core.security.passwords.HistoryValidator", "OPTIONS": {"keep": 5}},
]
# Lock-outs: so many failures within the window lock the account (or the client address).
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "20"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", str(15 * 60)))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", str(30 * 60)))
# Sessions end after SESSION_IDLE_SECONDS without a request, and SESSION_COOKIE_AGE (8 h)
# after the log-in whatever the activity.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
# Second factor (TOTP app): optional, or mandatory for staff (workbench users and admin staff).
OTP_REQUIRED_FOR_STAFF = env_bool("OTP_REQUIRED_FOR_STAFF")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Lianxin")
# No inline script or style anywhere; static files from our own origin only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
# Rate limits (counted in the cache: shared across processes when REDIS_URL is set).
RATE_LIMITS = {
    "anonymous": {
        "limit": int(os.environ.get("RATE_LIMIT_ANONYMOUS", "300")),
        "seconds": 60,
    },
    "intake": {
        "limit": int(os.environ.get("RATE_LIMIT_INTAKE", "10")),
        "seconds": 600,
        "methods": ("POST",),
        "paths": r"^/(app/cases/new/$|api/v1/cases/?$|open311/v2/requests\.)",
        # A retry that names a request already taken (its Idempotency-Key) is never refused:
        # the client must learn its case number.
        "retry_taken": "lianxin.casework.selectors.idempotency_key_taken",
    },
}
if not DEBUG:
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)  # usually done by nginx
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
