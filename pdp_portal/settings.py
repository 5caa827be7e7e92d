"""Settings for PDP Portal, from environment variables only.

Without any variable set the portal runs on its embedded default: SQLite, Celery on the
filesystem broker and e-mails written as files under var/. DATABASE_URL and REDIS_URL switch
to PostgreSQL and Redis. Every variable is listed, with its default, in README.md.
"""

import os
import re
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


VAR_DIR = Path(os.getenv("VAR_DIR", BASE_DIR / "var"))

DEBUG = envbool("DEBUG", "False")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for a local run).")
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production-0123456789"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.getenv("SITE_NAME", "PDP Portal")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "pdp_portal.accounts",
    "pdp_portal.audit",
    "pdp_portal.notices",
    "pdp_portal.organizations",
    "pdp_portal.clock",
    "pdp_portal.filings",
    "pdp_portal.centre",
    "pdp_portal.stats",
    "subjects_rights",
    "breaches",
    "dossiers",
    "certification",
    "programme",
    "consents",
    "inspections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A post of the public request form takes a lean path (language, CSRF, clickjacking) from
    # here: the data subject has no session, account or second factor.
    "subjects_rights.middleware.PublicFormPostMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pdp_portal.accounts.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pdp_portal.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A POST whose row another request deleted meanwhile: 409 with a message, never 500.
    "pdp_portal.concurrency.RowGoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # AxesMiddleware must be last (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): scripts and styles only from the portal's own static files,
# never inline, so an injected <script> or style="" does nothing. The API docs (Swagger UI) add
# what they need on their view only (pdp_portal/urls.py). QR codes of the two-factor enrolment are
# data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "pdp_portal.urls"
WSGI_APPLICATION = "pdp_portal.wsgi.application"

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
                "pdp_portal.accounts.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
        # A kept connection is checked before a request reuses it: after a database restart or
        # a failover, the request opens a new one instead of failing.
        conn_health_checks=True,
    )
}
# Behind a pooler in transaction mode (PgBouncer's pool_mode=transaction) a session's state does
# not follow it from one transaction to the next: no server-side cursors, no prepared statements.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = envbool("DB_TRANSACTION_POOLING", "False")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a transaction's BEGIN and its audit appends sent along with its
    # other statements: fewer messages per transaction (pdp_portal/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "pdp_portal.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # The embedded default runs web, worker and beat on one file: wait for locks, write early.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend first, so a locked-out combination is refused before any check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: a working day at most, and gone when the browser closes.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Languages: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "pdp_portal" / "static"]
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024))
# DOCX, XLSX and ODT are ZIP files: limits once decompressed, so a small file cannot expand into
# hundreds of megabytes in the portal (openpyxl) or on the reader's machine.
UPLOAD_MAX_UNZIPPED_BYTES = envint("UPLOAD_MAX_UNZIPPED_BYTES", str(100 * 1024 * 1024))
UPLOAD_MAX_ZIP_ENTRIES = envint("UPLOAD_MAX_ZIP_ENTRIES", "2000")
UPLOAD_MAX_ZIP_RATIO = envint("UPLOAD_MAX_ZIP_RATIO", "200")

# The public request form's own policy (not statutory periods): how long an unconfirmed request
# waits for its e-mail confirmation, how long a closed request stays trackable, and the limits
# per e-mail address and per IP address within the window.
RIGHTS_UNVERIFIED_TTL_DAYS = envint("RIGHTS_UNVERIFIED_TTL_DAYS", "7")
RIGHTS_TRACKING_DAYS_AFTER_CLOSE = envint("RIGHTS_TRACKING_DAYS_AFTER_CLOSE", "180")
RIGHTS_RATE_WINDOW_SECONDS = envint("RIGHTS_RATE_WINDOW_SECONDS", "3600")
RIGHTS_RATE_LIMIT_PER_EMAIL = envint("RIGHTS_RATE_LIMIT_PER_EMAIL", "5")
RIGHTS_RATE_LIMIT_PER_IP = envint("RIGHTS_RATE_LIMIT_PER_IP", "30")
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES

# E-mail: SMTP when EMAIL_HOST is set, otherwise files under var/mail/.
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", "587")
    EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "True")
    # The outbox relay holds a row lock while it sends: a hung server must not hold it forever.
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "PDP Portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when REDIS_URL is set, otherwise the filesystem broker under var/celery/.
REDIS_URL = os.getenv("REDIS_URL", "")
# A parallel test run (pytest-xdist) gives each test process its own Redis database, as
# pytest-django gives each its own PostgreSQL database: a worker never takes another's tasks.
# Only the test process itself: the servers a test starts are handed their URL explicitly.
_TEST_PROCESS = os.getenv("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _TEST_PROCESS.startswith("gw") and "pytest" in sys.modules:
    REDIS_URL = re.sub(r"/\d*$", "", REDIS_URL.rstrip("/")) + f"/{int(_TEST_PROCESS[2:]) + 1}"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Short timeouts: with Redis down, queuing a task fails fast and the outbox waits for beat.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
        "max_retries": 0,
    }
    CELERY_BROKER_CONNECTION_TIMEOUT = 2
else:
    _celery_dir = VAR_DIR / "celery"
    # The filesystem transport expects its folders to exist (embedded default only).
    for _sub in ("queue", "processed", "control", "bad"):
        (_celery_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    # kombu's filesystem transport, writing atomically and setting aside a message that does not
    # parse instead of dying on it (pdp_portal/broker.py).
    CELERY_BROKER_TRANSPORT = "pdp_portal.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "queue"),
        "data_folder_out": str(_celery_dir / "queue"),
        "processed_folder": str(_celery_dir / "processed"),
        "control_folder": str(_celery_dir / "control"),
        "bad_folder": str(_celery_dir / "bad"),
        "store_processed": False,
        "polling_interval": 0.2,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", "False")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ROUTES = {"pdf.*": {"queue": "pdf"}}
CELERY_BEAT_SCHEDULE = {
    "notices-relay": {"task": "notices.relay", "schedule": timedelta(seconds=30)},
    # State-based: a missed tick is caught up by the next one (clock.services.sweep).
    "clock-sweep": {"task": "clock.sweep", "schedule": timedelta(minutes=1)},
    # Seals what was appended since the last tick and signs a checkpoint when one is due.
    "audit-seal": {"task": "audit.seal", "schedule": timedelta(minutes=1)},
    "audit-verify": {"task": "audit.verify", "schedule": timedelta(hours=24)},
    "audit-publish": {"task": "audit.publish", "schedule": timedelta(hours=24)},
    # The register and profiles change in other apps: new obligations surface within the hour.
    "programme-sync": {"task": "programme.sync", "schedule": timedelta(hours=1)},
    "rights-expire-unverified": {
        "task": "subjects_rights.expire_unverified",
        "schedule": timedelta(hours=1),
    },
    # State-based: consents whose stated period ended (Law 91/2025 Art. 9(4)(c)) get their
    # expiry record; a consent ends at 23:59:59 Vietnam time, so a quarter-hour tick is timely.
    "consents-expire": {"task": "consents.expire", "schedule": timedelta(minutes=15)},
    "consents-sweep-links": {"task": "consents.sweep_links", "schedule": timedelta(hours=1)},
}

# The audit ledger (pdp_portal.audit): the signing key of checkpoints and receipts, the file
# that keeps a copy of every checkpoint outside the database, and how often one is signed.
SIGNING_KEY = os.getenv("SIGNING_KEY", "")
SIGNING_KEY_FILE = Path(os.getenv("SIGNING_KEY_FILE", VAR_DIR / "keys" / "signing-key.jwk"))
AUDIT_LOG_ID = os.getenv("AUDIT_LOG_ID") or SITE_URL
AUDIT_WITNESS_FILE = Path(
    os.getenv("AUDIT_WITNESS_FILE", VAR_DIR / "audit-witness" / "checkpoints.jws")
)
AUDIT_CHECKPOINT_SECONDS = envint("AUDIT_CHECKPOINT_SECONDS", "600")
AUDIT_SEALER_LATE_SECONDS = envint("AUDIT_SEALER_LATE_SECONDS", "600")

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# django-guardian: no anonymous user; object permissions are only granted from Membership.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# django-axes: lock the (username, IP) pair, so that a burst of bad passwords from elsewhere
# cannot lock the real user out from their own address.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "30"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Per account, across every address (pdp_portal/accounts/protection.py): past this many bad
# passwords within AXES_COOLOFF_TIME, each try waits a delay that doubles, except from a browser
# that completed a two-factor login for the account before (a signed "known device" cookie).
ACCOUNT_FAILURE_LIMIT = envint("ACCOUNT_FAILURE_LIMIT", "10")
ACCOUNT_DELAY_SECONDS = envint("ACCOUNT_DELAY_SECONDS", "30")
ACCOUNT_DELAY_MAX_SECONDS = envint("ACCOUNT_DELAY_MAX_SECONDS", "900")
KNOWN_DEVICE_DAYS = envint("KNOWN_DEVICE_DAYS", "90")
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = envlist("AXES_IP_HEADERS", "REMOTE_ADDR")

OTP_TOTP_ISSUER = SITE_NAME

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "pdp_portal.accounts.authentication.VerifiedSessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Documents the 400/401/403/404/409 answers every operation can give (pdp_portal.apivalidation).
    "DEFAULT_SCHEMA_CLASS": "pdp_portal.apivalidation.PortalAutoSchema",
    # Turns a row deleted under a request into 404 and a too-large number into 400, never 500.
    "EXCEPTION_HANDLER": "pdp_portal.apivalidation.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PDP Portal API",
    "DESCRIPTION": "Personal data protection compliance (Law 91/2025/QH15, Decree 356/2025/ND-CP).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies get their own components, so they can say what the code validates
    # (required, non-blank, write-only) apart from what the answers carry.
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status" or "channel": name each choice set after its owner.
    "ENUM_NAME_OVERRIDES": {
        "RightsRequestStatusEnum": "subjects_rights.models.Status",
        "RightsChannelEnum": "subjects_rights.models.Channel",
        "RefusalGroundEnum": "subjects_rights.models.RefusalGround",
        "DeadlineStatusEnum": "pdp_portal.clock.models.Deadline.Status",
        "ProcessingRoleEnum": "pdp_portal.organizations.models.ProcessingRole",
        "ObligationStatusEnum": "programme.models.ObligationState.Status",
        "InspectionKindEnum": "inspections.models.Kind",
        "InspectionGroundEnum": "inspections.models.Ground",
        "InspectionStatusEnum": "inspections.models.Status",
    },
}

# Production hardening, on unless DEBUG; SECURE_SSL_REDIRECT can be turned off behind a proxy
# that already redirects.
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "True")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = envlist("SILENCED_SYSTEM_CHECKS", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
