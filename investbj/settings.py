"""Settings for investbj, read from the environment.

Production-safe by default: DEBUG is off unless DJANGO_DEBUG=true is set, and
a missing secret key is refused when DEBUG is off.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not envbool("INVESTBJ_DEV", False):
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true / INVESTBJ_DEV=true for local work).")
    SECRET_KEY = "investbj-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "simple_history",
    "django_countries",
    "axes",
    "investbj",
    "workflow",
    "workdays",
    "office",
    "attachments",
    "notifications",
    "interface",
    "directory",
    "corpus",
    "rules",
    "tracking",
    "services",
    "applications",
    "promotion",
    "reporting",
    "django_tasks_db",
    "jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After sign-in and messages, so its answers render as every page does; before any view reads a field.
    "investbj.middleware.RequestGuardMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires: it turns a lockout raised during authentication into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "investbj.urls"
WSGI_APPLICATION = "investbj.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The site's own templates first: its registration/ pages replace the admin's password pages.
        "DIRS": [BASE_DIR / "investbj" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
                "directory.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
    )
}
SQLITE_OPTIONS = {
    # WAL lets the dev server read while an ingest writes.
    "init_command": "PRAGMA journal_mode=WAL;",
    # A writer takes the lock when its transaction begins, so simultaneous writers queue on the busy timeout
    # and the later ones then see the first one's change (a 409, as on PostgreSQL) instead of "database is
    # locked" when a read lock cannot be upgraded.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id for new and changed passwords; older hashes still verify and are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Login throttling (django-axes): five failures for one username from one address lock that pair for
# 15 minutes; the web form and HTTP Basic on the API both go through it.
AUTHENTICATION_BACKENDS = ["directory.throttling.AddressThrottledAxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failures from one address over all usernames (password spraying over the official accounts); higher than the
# per-username limit because an office signs in from one address.
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", 20))
# Per address, in the default cache (a shared one, Redis or Memcached, where several processes serve).
if os.environ.get("INVESTBJ_CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["INVESTBJ_CACHE_URL"]}}
INVESTBJ_THROTTLE_RATES = {
    "registration": os.environ.get("INVESTBJ_REGISTRATION_RATE", "5/h"),
    "password_reset": os.environ.get("INVESTBJ_PASSWORD_RESET_RATE", "5/h"),
}
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "directory.throttling.lockout_response"
# Behind a reverse proxy every request arrives from the proxy: list its address in TRUSTED_PROXIES so the
# client's own address (the proxy's X-Forwarded-For entry) is the one locked, not everyone's at once.
TRUSTED_PROXIES = envlist("INVESTBJ_TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "directory.throttling.client_address"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "investbj" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after_sign_in"

# The audit trail is evidence: the admin may show it but never roll an object back from it.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Reminders go through Django's mailer: the console by default; a directory
# of .eml files (DJANGO_EMAIL=file) or SMTP (DJANGO_EMAIL=smtp) when the deployment says so.
_MAILER_BACKENDS = {
    "console": ("django.core.mail.backends.console.EmailBackend", {}),
    "file": (
        "django.core.mail.backends.filebased.EmailBackend",
        {"file_path": os.environ.get("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))},
    ),
    "smtp": (
        "django.core.mail.backends.smtp.EmailBackend",
        {
            "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("DJANGO_EMAIL_PORT", 25)),
            "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
            "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
            "use_tls": envbool("DJANGO_EMAIL_USE_TLS", False),
        },
    ),
}
_mailer = os.environ.get("DJANGO_EMAIL", "console")
if _mailer not in _MAILER_BACKENDS:
    raise ImproperlyConfigured(f"DJANGO_EMAIL must be one of {', '.join(_MAILER_BACKENDS)}, not {_mailer!r}")
MAILERS = {"default": {"BACKEND": _MAILER_BACKENDS[_mailer][0], "OPTIONS": _MAILER_BACKENDS[_mailer][1]}}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "investbj <noreply@investbj.localhost>")

# Background work (jobs.runner, reminders) goes through Django's tasks framework. "immediate" runs it in the
# request's own process (nothing else to start); "database" queues it for `manage.py db_worker` processes,
# so a long job runs beside the web server and its page shows the progress as it goes; "redis" queues it in
# Redis for a pool of RQ workers (`manage.py rqworker-pool --job-class django_tasks_rq.Job default`), the
# production choice: workers on several machines, no polling of the database.
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
}
_tasks = os.environ.get("INVESTBJ_TASKS", "immediate")
if _tasks not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"INVESTBJ_TASKS must be one of {', '.join(_TASK_BACKENDS)}, not {_tasks!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_tasks], "QUEUES": ["default"]}}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# The longest a job may run (the checks at city scale take about a minute): an RQ worker stops it after this,
# and a job unfinished this long after it started (or was queued) is shown as left behind by a stopped worker.
INVESTBJ_JOB_TIMEOUT = int(os.environ.get("INVESTBJ_JOB_TIMEOUT", 3600))
# A running worker picks a job up within seconds; one still waiting after this says no worker is running.
INVESTBJ_JOB_PICKUP_SECONDS = int(os.environ.get("INVESTBJ_JOB_PICKUP_SECONDS", 90))
if _tasks == "redis":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    # RQ keeps a finished run briefly; investbj's own record of it (jobs.Job) stays.
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": INVESTBJ_JOB_TIMEOUT}}

# Who sees every background job's page, not only their own (jobs is a core app and knows no roles).
JOBS_SEE_ALL_PERMISSION = "directory.coordinate"

# A task due within this many working days and reported under this percent is at risk.
TRACKING_AT_RISK_WORKING_DAYS = int(os.environ.get("TRACKING_AT_RISK_WORKING_DAYS", 7))
TRACKING_AT_RISK_PERCENT = int(os.environ.get("TRACKING_AT_RISK_PERCENT", 80))
# Progress-report attachments (scans, minutes, spreadsheets).
TRACKING_MAX_ATTACHMENT_BYTES = int(os.environ.get("TRACKING_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))

# Uploaded policy documents are parsed in memory; 20 MB covers long PDFs.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
INVESTBJ_MAX_DOCUMENT_BYTES = int(os.environ.get("INVESTBJ_MAX_DOCUMENT_BYTES", 20 * 1024 * 1024))

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Every page satisfies this policy: no inline scripts or styles (data for scripts travels in
# json_script blocks, which are not executed), nothing from other origins, no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Hong Kong, Macao and Taiwan are regions of China with their own investor
# statistics (外商投资统计 counts them separately), named as official usage requires.
COUNTRIES_OVERRIDE = {
    "HK": _("中国香港"),
    "MO": _("中国澳门"),
    "TW": _("中国台湾"),
}

# Attachments to enterprise issues: size cap and the types officials can open safely.
SERVICES_MAX_ATTACHMENT_BYTES = int(os.environ.get("SERVICES_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))

# The columnar store of the statistics function: Parquet files (report snapshots, department feeds)
# queried by DuckDB. The same SQL runs on Spark or Trino over the same files when one machine is outgrown.
REPORTING_STORE_DIR = Path(os.environ.get("REPORTING_STORE_DIR", MEDIA_ROOT / "columnar"))
