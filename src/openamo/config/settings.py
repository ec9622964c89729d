"""Settings, read from the environment.

DATABASE_URL   selects the database (default: SQLite file under var/).
OPENAMO_DEBUG  "1" for development pages with tracebacks (default off).
OPENAMO_SECRET_KEY  the signing key; when unset one is generated once under var/.
OPENAMO_ALLOWED_HOSTS  comma-separated host names (default: localhost, 127.0.0.1).
OPENAMO_VAR_DIR  where local state lives (default: ./var).
OPENAMO_ELIGIBILITY_RATE  eligibility checks allowed per API token (and per provider user on
    the page), e.g. "60/minute" (default), "1000/hour", "10/30s"; beyond: 429 with Retry-After.
OPENAMO_RATELIMIT_CACHE  where the rate-limit counters live: "locmem" (default, per process)
    or "db" (Django's database cache, shared by every process; `openamo createcachetable`).
OPENAMO_ELIGIBILITY_PROBE  "<misses>/<minutes>": eligibility misses by one provider in a window
    that raise a probing alert, used when no scheme parameter is in force (default "20/60").
OPENAMO_PREPAYMENT_SCREEN  the callable that opens the screening of a chunk of claims before
    payment (default "openamo.medical.screening.screening_open": the fraud rules and the
    therapeutic protocols; "openamo.fraud.prepayment.screening_open" for the fraud rules
    alone; "" to switch off).
"""

import os
import secrets
from pathlib import Path

import dj_database_url

from openamo.documents.config import documents_storage
from openamo.documents.config import max_bytes as document_max_bytes
from openamo.ops.observability import LOGGING  # noqa: F401 (JSON lines with the request id)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OPENAMO_VAR_DIR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _private_file(path: Path) -> None:
    """Create the file readable by its owner only (0600), or narrow an existing one of ours:
    the SQLite database holds medical data (its -wal and -shm files take its mode)."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    elif path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
        path.chmod(0o600)


def _secret_key() -> str:
    if key := os.environ.get("OPENAMO_SECRET_KEY"):
        return key
    if os.environ.get("OPENAMO_HTTPS", "0") == "1":  # production: secrets from the environment
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("OPENAMO_SECRET_KEY est obligatoire en production")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        _private_file(path)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("OPENAMO_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("OPENAMO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "ninja",  # its vendored Swagger UI for /api/v1/docs (no CDN)
    "openamo.core",
    "openamo.referentials",
    "openamo.members",
    "openamo.contributions",
    "openamo.claims",
    "openamo.notifications",
    "openamo.documents",
    "openamo.authorizations",
    "openamo.payments",
    "openamo.api",
    "openamo.portal",
    "openamo.synth",
    "openamo.audit",
    "openamo.fraud",
    "openamo.complaints",
    "openamo.medical",
    "openamo.complementary",
    "openamo.analytics",
    "openamo.ops",
]

MIDDLEWARE = [
    "openamo.ops.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "openamo.portal.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "openamo.core.nostore.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "openamo.portal.language.LanguageMiddleware",  # after auth: reads the person's choice
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "openamo.audit.context.AuditActorMiddleware",
]

ROOT_URLCONF = "openamo.config.urls"
WSGI_APPLICATION = "openamo.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "openamo.portal.context.navigation",
                "openamo.notifications.context.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'openamo.sqlite3'}",
        conn_max_age=int(os.environ.get("OPENAMO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    if (_sqlite := str(DATABASES["default"]["NAME"])) and _sqlite != ":memory:":
        _private_file(Path(_sqlite))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate-limit counters: per-process local memory by default (no query on the eligibility hot
# path; with N worker processes a token gets at most N times the rate), or the database cache
# shared by every process (two more queries per counted call).
RATELIMIT_CACHE = "ratelimit"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    RATELIMIT_CACHE: {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "openamo-ratelimit",
    },
}
if os.environ.get("OPENAMO_RATELIMIT_CACHE", "locmem") == "db":
    CACHES[RATELIMIT_CACHE] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "openamo_ratelimit",
    }
ELIGIBILITY_RATE = os.environ.get("OPENAMO_ELIGIBILITY_RATE", "60/minute")
ELIGIBILITY_PROBE = os.environ.get("OPENAMO_ELIGIBILITY_PROBE", "20/60")
OPENAMO_PREPAYMENT_SCREEN = os.environ.get(
    "OPENAMO_PREPAYMENT_SCREEN", "openamo.medical.screening.screening_open"
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French is the language users read; Arabic follows through the same catalogues.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
# Documents (attachments, scans, authorisation documents): the filesystem under var/documents,
# or an S3-compatible store (openamo/documents/config.py names the variables).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": documents_storage(os.environ, VAR_DIR),
}
OPENAMO_DOCUMENT_MAX_BYTES = document_max_bytes(os.environ)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if os.environ.get("OPENAMO_HTTPS", "0") == "1":
    # Production: `openamo check --deploy` is clean with these (a test runs it).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes speak plain HTTP
    if os.environ.get("OPENAMO_BEHIND_PROXY", "0") == "1":  # TLS ends at the proxy
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# Every imported file (referentials, declarations, bank returns, claim files) is capped before
# it is read: data rows, columns, and bytes (the file, and an XLSX once unpacked).
OPENAMO_IMPORT_MAX_ROWS = int(os.environ.get("OPENAMO_IMPORT_MAX_ROWS", "100000"))
OPENAMO_IMPORT_MAX_COLUMNS = int(os.environ.get("OPENAMO_IMPORT_MAX_COLUMNS", "100"))
OPENAMO_IMPORT_MAX_BYTES = int(os.environ.get("OPENAMO_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
# Retention policy (`openamo retention_apply`, docs/operations.md): days before a row is
# deleted or anonymised. Medical, claim, payment and audit records are not in it: they are kept.
OPENAMO_RETENTION_DAYS = {
    "login_failures": 90,
    "sessions": 30,
    "idempotency": 365,
    "revoked_tokens": 365,
    "read_log_addresses": 365,
    "sent_notifications": 730,
}

LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:login"

# Notifications (openamo.notifications.channels): e-mail through Django's mail backends — SMTP
# in production (OPENAMO_EMAIL_HOST...), files under var/mail/ otherwise; SMS through a gateway: "file"
# (the demo's, one JSON line per SMS under var/), "http" (OPENAMO_SMS_URL, OPENAMO_SMS_TOKEN)
# or "" (none). `openamo worker` sends them.
EMAIL_BACKEND = os.environ.get(
    "OPENAMO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("OPENAMO_EMAIL_HOST")
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("OPENAMO_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("OPENAMO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("OPENAMO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("OPENAMO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("OPENAMO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("OPENAMO_EMAIL_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("OPENAMO_EMAIL_SSL", "0") == "1"
EMAIL_TIMEOUT = int(os.environ.get("OPENAMO_EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("OPENAMO_EMAIL_FROM", "OpenAMO <notifications@openamo.ma>")
OPENAMO_SMS_GATEWAY = os.environ.get("OPENAMO_SMS_GATEWAY", "file")
OPENAMO_SMS_URL = os.environ.get("OPENAMO_SMS_URL", "")
OPENAMO_SMS_TOKEN = os.environ.get("OPENAMO_SMS_TOKEN", "")
OPENAMO_SMS_FILE = os.environ.get("OPENAMO_SMS_FILE", str(VAR_DIR / "sms" / "outbox.jsonl"))
OPENAMO_PUBLIC_URL = os.environ.get("OPENAMO_PUBLIC_URL", "http://localhost:8000")
# What `openamo worker` runs once a day (dotted paths of callables taking `day=`), idempotent.
OPENAMO_DAILY_JOBS = [
    j
    for j in os.environ.get(
        "OPENAMO_DAILY_JOBS", "openamo.contributions.reminders.reminders_run"
    ).split(",")
    if j
]
