"""Casework settings: one file, driven by the environment.

Defaults give the embedded set-up (SQLite, inline background work, console e-mail, DEBUG on).
Production sets DJANGO_DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DJANGO_DEBUG is off")
    # Only for the embedded development set-up; production refuses to start without a key.
    SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "django_countries",
    "viewflow",
    "viewflow.workflow",
    "casework.accounts",
    "casework.cases",
    "casework.briefings",
    "casework.disclosures",
    "casework.notifications",
    "casework.reports",
    "casework.audit",
    "flows",
    "axes",
    # Optional TOTP second factor for council staff (casework.accounts: enrol, verify).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "casework.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the application server itself, compressed and cached (README).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication, so that every response to a signed-in user passes it.
    "casework.accounts.middleware.PrivateNoStoreMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "casework.accounts.middleware.SecondFactorMiddleware",
    # A government contact reaches the disclosure portal only (404 for everything else).
    "casework.disclosures.middleware.AgencyPortalMiddleware",
    "casework.accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Keeps the request for audit records written by signal receivers (who, from where).
    "casework.audit.middleware.AuditRequestMiddleware",
    # Last, as django-axes requires: turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casework.urls"
WSGI_APPLICATION = "casework.wsgi.application"

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
                "casework.accounts.context_processors.rules_of_the_user",
            ],
            # Dates as casework.dates writes them ("1er janv. 2027" in French), everywhere.
            "builtins": ["casework.templatetags.dates"],
        },
    }
]
# Labels, field groups, error lists and inputs written in Python, with Django's markup.
FORM_RENDERER = "casework.forms_rendering.OnePassRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection that the server dropped (a PostgreSQL restart, a failover) is
        # noticed before the request uses it, and replaced: the request succeeds.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as a serious embedded database. With Django's defaults a transaction starts
    # deferred, takes a read lock, then cannot upgrade it when another connection writes:
    # "database is locked", an HTTP 500, for one of two staff acting at once. Here every
    # transaction takes the write lock first (IMMEDIATE), a second writer waits up to
    # `timeout` seconds for it instead of failing, and WAL lets readers go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The test database is a file too, not Django's shared in-memory one (whose table locks
    # ignore the timeout): tests that race two requests see what production sees.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Two planner settings for a database of short queries, each overridable. The price of
    # reading a page out of order: PostgreSQL's default (4) is a disk head's seek; on SSDs, or
    # with the tables in memory, it is near a sequential read, and the manual advises lowering
    # it. At 4, "Today" read all 100,000 cases to join the 1,700 that have a deadline due
    # (50 ms; 9 ms at 1.1). JIT compilation pays off on long analytical queries only: the
    # dashboard's counts spent 210 of their 460 ms compiling themselves.
    _planner = {
        "random_page_cost": float(os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1")),
        "jit": "on" if env_bool("DATABASE_JIT", False) else "off",
    }
    _database_options = DATABASES["default"].setdefault("OPTIONS", {})
    _database_options["options"] = " ".join(
        [_database_options.get("options", ""), *(f"-c {k}={v}" for k, v in _planner.items())]
    ).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "casework.accounts.backends.MembershipModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
GUARDIAN_RAISE_403 = False
# Direct-FK permission tables only; the anonymous user never holds any permission here.
ANONYMOUS_USER_NAME = None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A password reset link works for an hour (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 3600
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reports:today"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# "3 Dec 2026" / "3 déc. 2026": never a date in numbers that reads two ways (casework.formats).
FORMAT_MODULE_PATH = ["casework.formats"]
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "America/Toronto"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# In production, hashed and compressed copies made by collectstatic, cached forever by
# browsers; in development (and the tests) the files as they are, no collectstatic needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "casework.staticfiles.StaticFilesStorage"
    },
}

# Uploaded documents and briefing PDFs: never under the static root, never served by the web
# server directly, only through the permission-checked views (casework/cases/storage.py).
# On local disk by default; on S3-compatible object storage when PRIVATE_STORAGE_BUCKET is set,
# so that every web node and worker sees the same files. Credentials come the usual boto3 way
# (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the machine's role).
PRIVATE_STORAGE_ROOT = Path(os.environ.get("PRIVATE_STORAGE_ROOT", BASE_DIR / "var" / "documents"))
PRIVATE_STORAGE_BUCKET = os.environ.get("PRIVATE_STORAGE_BUCKET", "")


def s3_private_storage(bucket: str) -> dict:
    """The STORAGES entry for documents in an S3-compatible bucket (also used by the tests)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("PRIVATE_STORAGE_ENDPOINT_URL") or None,
            "region_name": os.environ.get("PRIVATE_STORAGE_REGION") or None,
            "location": os.environ.get("PRIVATE_STORAGE_PREFIX", ""),
            # Never readable without credentials; a URL, if one were ever made, expires.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            # Random names already; never replace a stored file.
            "file_overwrite": False,
        },
    }


STORAGES["private"] = (
    s3_private_storage(PRIVATE_STORAGE_BUCKET)
    if PRIVATE_STORAGE_BUCKET
    else {"BACKEND": "casework.cases.storage.PrivateFileSystemStorage"}
)
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600

# E-mail goes to the console by default; production sets
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the EMAIL_HOST* variables.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "casework@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

# Background work (e-mail, briefings, reminders): Celery on Redis, e.g.
# CELERY_BROKER_URL=redis://127.0.0.1:6379/0. Worker and scheduler:
#   celery -A casework worker --loglevel=INFO
#   celery -A casework beat --loglevel=INFO --schedule=var/celerybeat-schedule
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL) or None
CELERY_RESULT_EXPIRES = 24 * 3600
# Without a broker every task runs inline, so the embedded set-up needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Inline tasks still take a producer from the broker pool: an in-memory one, rather than
    # Celery's default amqp://localhost (a warning in the logs; a RabbitMQ that happens to run
    # there would receive whatever a test sends with inline execution turned off).
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged once done, so one lost with its worker runs again: every task is
# idempotent (an e-mail is sent once, a timer fires once).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down must not hold up a page: queueing gives up after one quick retry (and
# two seconds to connect), the transition commits all the same, and what could not be queued is
# caught up later (e-mails by the retry sweep; a briefing is then rendered in the request).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Each entry has a management command for cron instead: workflow_timers, recompute_urgency,
# send_digests, send_pending_notifications, send_reminders.
CELERY_BEAT_SCHEDULE = {
    "fire-workflow-timers": {
        "task": "flows.fire_timers",
        "schedule": 60.0,
        # A sweep not started within the minute is superseded by the next one.
        "options": {"expires": 55},
    },
    "recompute-urgency": {
        "task": "casework.cases.tasks.recompute_urgency",
        "schedule": crontab(minute=5),
    },
    "send-notification-digests": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0),  # CELERY_TIMEZONE: 07:00 in Toronto
    },
    "send-pending-notifications": {
        "task": "notifications.send_pending",
        "schedule": crontab(minute="*/10"),
    },
    # Personal reminders that asked for an e-mail, on their day (hourly: a reminder set for
    # today goes out within the hour).
    "send-reminders": {
        "task": "notifications.send_reminders",
        "schedule": crontab(minute=15),
    },
}

# Security ------------------------------------------------------------------------------------
# Sessions last a working day (SESSION_COOKIE_AGE, seconds) and end with the browser unless
# SESSION_EXPIRE_AT_BROWSER_CLOSE=0. Cookies: never readable by scripts, never sent cross-site
# on a POST (SameSite=Lax), only over HTTPS outside DEBUG.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): our own static files only, no inline script or
# style (the templates have none), no framing, forms post to ourselves only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one username
# from one address, that pair is locked out for AXES_COOLOFF_TIME hours; a success resets it.
# The client address is REMOTE_ADDR: behind a reverse proxy, set AXES_IPWARE_META_PRECEDENCE_ORDER
# to the header the proxy sets (a header a client can forge would let it dodge the lock).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "casework.accounts.throttling.lockout_response"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
# Axes keeps its own AccessLog of successful logins: the audit log has them already.
AXES_DISABLE_ACCESS_LOG = True
# An attempted username can be a mistyped password: it goes to the audit table, never to logs
# (axes masks these parameters in its log lines; pinned here rather than left to its default).
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Casework"
# -----------------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs would carry case references in URLs and nothing else; keep warnings only.
        "django.request": {"level": "WARNING"},
        # weasyprint logs every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}

# The REST API (casework.api): personal tokens or the session, problem+json errors, a rate
# limit per token, an OpenAPI schema. JSON only: the browsable HTML renderer would need inline
# scripts the Content-Security-Policy refuses; the documentation is /api/docs/.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "casework.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["casework.api.throttling.TokenRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "casework.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Casework API",
    "DESCRIPTION": (
        "The cases of the council and its member organisations, with the same rules as the "
        "web pages. Authenticate with a personal API token (My settings → API tokens): "
        "`Authorization: Bearer <token>`. Errors are RFC 9457 problem details, in the language "
        "of the Accept-Language header."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choices stay inline (no shared enum components): the forms' choices, which describe
    # request bodies, and the models', which describe answers, differ by the blank choice.
    "POSTPROCESSING_HOOKS": ["casework.api.schema.add_problem_responses"],
}

CASEWORK = {
    # The organisation whose staff triage every case (the council).
    "REFERENCE_PREFIX": "CCR",
    "CASE_LIST_PAGE_SIZE": 25,
    # Days after an escalation with no answer before the council should chase the government.
    "FOLLOW_UP_DAYS": int(os.environ.get("CASEWORK_FOLLOW_UP_DAYS", "14")),
    # Days a finished case keeps its personal data before anonymise_closed_cases removes it.
    "RETENTION_DAYS": int(os.environ.get("CASEWORK_RETENTION_DAYS", str(7 * 365))),
    # Where the site is reached: links in e-mails are absolute.
    "BASE_URL": os.environ.get("CASEWORK_BASE_URL", "http://127.0.0.1:8000"),
    # Days an invitation's link works (casework.accounts: invitations).
    "INVITATION_DAYS": int(os.environ.get("CASEWORK_INVITATION_DAYS", "7")),
    # Days the link e-mailed to an agency contact with a disclosure works (casework.disclosures).
    "DISCLOSURE_LINK_DAYS": int(os.environ.get("CASEWORK_DISCLOSURE_LINK_DAYS", "14")),
    # The last day of IRCC's pilot public policy for R.117(9)(d) (casework.cases.eligibility):
    # change it when IRCC renews the policy again.
    "PILOT_POLICY_ENDS_ON": os.environ.get("CASEWORK_PILOT_POLICY_ENDS_ON", "2026-09-09"),
    # Council staff and government contacts must enrol an authenticator app before anything
    # else (off by default: the embedded demo signs in with passwords alone).
    "SECOND_FACTOR_REQUIRED": env_bool("CASEWORK_SECOND_FACTOR_REQUIRED", False),
    # Throttles of the public forms, counted in the audit log: password reset requests from
    # one address an hour, reset e-mails to one account an hour, membership applications from
    # one address a day.
    "PASSWORD_RESETS_PER_ADDRESS_PER_HOUR": int(
        os.environ.get("CASEWORK_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", "5")
    ),
    "PASSWORD_RESET_EMAILS_PER_HOUR": 3,
    # Requests one API token (or one session) may make (casework.api.throttling): "N/min",
    # "N/hour"... (429 beyond, with Retry-After).
    "API_RATE": os.environ.get("CASEWORK_API_RATE", "120/min"),
    "APPLICATIONS_PER_ADDRESS_PER_DAY": int(
        os.environ.get("CASEWORK_APPLICATIONS_PER_ADDRESS_PER_DAY", "3")
    ),
}
