"""Vigía's settings: one module, read from the environment (see docs/settings.md).

Fail closed: no default secret outside dev mode (VIGIA_DEV=1), DEBUG only in dev mode.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from vigia.lib.env import (
    ConfigError,
    env_bool,
    env_int,
    env_list,
    env_optional,
    env_path,
    env_secret,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent

VIGIA_DEV = env_bool("VIGIA_DEV")
DEBUG = VIGIA_DEV
VIGIA_DATA_DIR = env_path("VIGIA_DATA_DIR", Path.cwd() / "var")
VIGIA_MEDIA_DIR = env_path("VIGIA_MEDIA_DIR", VIGIA_DATA_DIR / "media")
VIGIA_MAX_ATTACHMENT_BYTES = env_int("VIGIA_MAX_ATTACHMENT_MB", 16, minimum=1) * 1024 * 1024
_backup_dir = env_optional("VIGIA_BACKUP_DIR")
VIGIA_BACKUP_DIR: Path | None = Path(_backup_dir).expanduser().resolve() if _backup_dir else None
VIGIA_BACKUP_KEEP = env_int("VIGIA_BACKUP_KEEP", 14, minimum=1)
VIGIA_RETENTION_RAW_DAYS = env_int("VIGIA_RETENTION_RAW_DAYS", 30, minimum=0)
VIGIA_RETENTION_ATTACHMENT_DAYS = env_int("VIGIA_RETENTION_ATTACHMENT_DAYS", 0, minimum=0)
VIGIA_RETENTION_INACTIVE_DAYS = env_int("VIGIA_RETENTION_INACTIVE_DAYS", 0, minimum=0)
VIGIA_ALLOW_KEY_BESIDE_DATA = env_bool("VIGIA_ALLOW_KEY_BESIDE_DATA") or VIGIA_DEV

# -- keys: never in the database, and outside the data directory in production ----------
_key_file = env_optional("VIGIA_KEY_FILE")
_passphrase_file = env_optional("VIGIA_PASSPHRASE_FILE")
VIGIA_KEY_FILE: Path | None = Path(_key_file).expanduser().resolve() if _key_file else None
VIGIA_PASSPHRASE_FILE: Path | None = (
    Path(_passphrase_file).expanduser().resolve() if _passphrase_file else None
)
if VIGIA_DEV and VIGIA_KEY_FILE is None and VIGIA_PASSPHRASE_FILE is None:
    VIGIA_KEY_FILE = VIGIA_DATA_DIR / "keys" / "keyring.json"
_default_key_dir = (
    VIGIA_KEY_FILE.parent
    if VIGIA_KEY_FILE
    else VIGIA_PASSPHRASE_FILE.parent
    if VIGIA_PASSPHRASE_FILE
    else VIGIA_DATA_DIR / "keys"
)
VIGIA_KEY_DIR = env_path("VIGIA_KEY_DIR", _default_key_dir)
_keys_configured = VIGIA_KEY_FILE or VIGIA_PASSPHRASE_FILE or env_optional("VIGIA_KEY_DIR")
if not VIGIA_ALLOW_KEY_BESIDE_DATA and _keys_configured:
    for _label, _path in (("VIGIA_KEY_FILE", VIGIA_KEY_FILE), ("VIGIA_KEY_DIR", VIGIA_KEY_DIR)):
        if _path is not None and _path.is_relative_to(VIGIA_DATA_DIR):
            raise ConfigError(
                f"{_label} ({_path}) is inside VIGIA_DATA_DIR ({VIGIA_DATA_DIR}): keep keys on "
                "another disk or folder, or set VIGIA_ALLOW_KEY_BESIDE_DATA=1 if you accept it."
            )

_secret = env_secret("VIGIA_SECRET_KEY")
if not _secret:
    if not VIGIA_DEV:
        raise ConfigError(
            "VIGIA_SECRET_KEY is not set: set it (or VIGIA_SECRET_KEY_FILE), "
            "or run `vigia setup`, or use VIGIA_DEV=1 to try Vigía."
        )
    _secret_path = VIGIA_DATA_DIR / "keys" / "django-secret"
    if not _secret_path.exists():
        _secret_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _secret_path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        _secret_path.chmod(0o600)
    _secret = _secret_path.read_text(encoding="utf-8").strip()
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("VIGIA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
if VIGIA_DEV:
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, "[::1]", "testserver"]

# -- database: embedded SQLite by default ---------------------------------------------------
_database_url = env_str("DATABASE_URL", f"sqlite:///{VIGIA_DATA_DIR / 'vigia.sqlite3'}")
try:
    _database = dj_database_url.parse(_database_url, conn_max_age=0)
except Exception:
    raise ConfigError(
        "DATABASE_URL is not a database address; use sqlite:///PATH or postgres://USER@HOST/NAME."
    ) from None
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["ENGINE"] = "vigia.lib.sqlite"  # Django's, with a finer wait for the write lock
    _database["OPTIONS"] = {
        # WAL lets readers work during a write; FULL makes a commit survive a power cut.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
        "PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
elif _database["ENGINE"] == "django.db.backends.postgresql":
    _database["CONN_MAX_AGE"] = env_int("VIGIA_DB_CONN_MAX_AGE", 60, minimum=0)
    _database["CONN_HEALTH_CHECKS"] = True
else:
    raise ConfigError("DATABASE_URL must name SQLite or PostgreSQL.")
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "vigia.vault",
    "vigia.audit",
    "vigia.zones",
    "vigia.accounts",
    "vigia.members",
    "vigia.incidents",
    "vigia.indicators",
    "vigia.messaging",
    "vigia.conversations",
    "vigia.alerts",
    "vigia.cases",
    "vigia.reports",
    "vigia.linkage",
    "vigia.press",
    "vigia.scheduling",
    "vigia.backups",
    "vigia.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vigia.vault.middleware.LockedMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "vigia.accounts.middleware.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]
# Provider webhooks (/hooks/, vigia/wsgi.py): a machine's signed POST needs only these.
HOOKS_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "vigia.vault.middleware.LockedMiddleware",
]

ROOT_URLCONF = "vigia.urls"
WSGI_APPLICATION = "vigia.wsgi.application"
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
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"

# -- sessions: 30 minutes idle, 12 hours in all ---------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 3600
VIGIA_SESSION_IDLE_SECONDS = env_int("VIGIA_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not VIGIA_DEV
CSRF_COOKIE_SECURE = not VIGIA_DEV
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = not VIGIA_DEV and env_bool("VIGIA_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^hooks/"]
SECURE_HSTS_SECONDS = 0 if VIGIA_DEV else env_int("VIGIA_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not VIGIA_DEV
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
# "no-referrer" would make Chromium send "Origin: null" on our own forms (CSRF fails).
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
VIGIA_BEHIND_PROXY = env_bool("VIGIA_BEHIND_PROXY")
if VIGIA_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a one-way decision for the organization's domain, not ours to make.
    "security.W021",
]

# -- CSP: nothing from a third-party host unless the organization configures one ------------
VIGIA_MAP_TILES_URL = env_str("VIGIA_MAP_TILES_URL", "")
_img_sources = [SELF, "data:"]
if VIGIA_MAP_TILES_URL:
    from urllib.parse import urlsplit

    _tiles = urlsplit(VIGIA_MAP_TILES_URL.replace("{", "").replace("}", ""))
    _img_sources.append(f"{_tiles.scheme}://{_tiles.netloc.split('@')[-1]}")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": _img_sources,
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# -- lockout (django-axes) -------------------------------------------------------------------
AXES_FAILURE_LIMIT = env_int("VIGIA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = False

VIGIA_ORGANIZATION_NAME = env_str("VIGIA_ORGANIZATION_NAME", "Vigía")
OTP_TOTP_ISSUER = VIGIA_ORGANIZATION_NAME

# -- language and time -----------------------------------------------------------------------
LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "America/Lima"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VIGIA_DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the package: no collectstatic step on a laptop.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = VIGIA_DEV

# -- tasks: a database queue, no broker ------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# -- logs carry ids, never message text, phone numbers or names ------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": env_str("VIGIA_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs full request lines with query strings on errors; keep only warnings.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "axes": {"level": "ERROR"},  # its warnings name the user and her IP address
        # httpx logs each request line at INFO, and a Telegram URL holds the bot token.
        "httpx": {"level": "WARNING"},
    },
}

if VIGIA_DEV:
    INSTALLED_APPS.append("django.contrib.admin")

# -- channels (docs/channels.md): an integration is off while its variables are unset -------
VIGIA_WHATSAPP_APP_SECRET = env_secret("VIGIA_WHATSAPP_APP_SECRET")
VIGIA_WHATSAPP_VERIFY_TOKEN = env_secret("VIGIA_WHATSAPP_VERIFY_TOKEN")
VIGIA_WHATSAPP_ACCESS_TOKEN = env_secret("VIGIA_WHATSAPP_ACCESS_TOKEN")
VIGIA_WHATSAPP_PHONE_NUMBER_ID = env_optional("VIGIA_WHATSAPP_PHONE_NUMBER_ID")
VIGIA_WHATSAPP_API_BASE = env_str("VIGIA_WHATSAPP_API_BASE", "https://graph.facebook.com/v21.0")
VIGIA_TELEGRAM_BOT_TOKEN = env_secret("VIGIA_TELEGRAM_BOT_TOKEN")
VIGIA_TELEGRAM_SECRET_TOKEN = env_secret("VIGIA_TELEGRAM_SECRET_TOKEN")
VIGIA_TELEGRAM_API_BASE = env_str("VIGIA_TELEGRAM_API_BASE", "https://api.telegram.org")
VIGIA_SMS_ACCOUNT = env_optional("VIGIA_SMS_ACCOUNT")
VIGIA_SMS_AUTH_TOKEN = env_secret("VIGIA_SMS_AUTH_TOKEN")
VIGIA_SMS_FROM = env_optional("VIGIA_SMS_FROM")
VIGIA_SMS_API_BASE = env_str("VIGIA_SMS_API_BASE", "https://api.twilio.com")

# -- reports and open data (docs/reports.md) ----------------------------------------------
# Smallest count published in any table that leaves the system (cells 1..k-1 are hidden).
VIGIA_REPORTS_MIN_CELL = env_int("VIGIA_REPORTS_MIN_CELL", 10, minimum=2)
# First day (MM-DD) of the reporting year used by `--reporting-year` (TGEU uses 10-01).
VIGIA_REPORTING_YEAR_START = env_str("VIGIA_REPORTING_YEAR_START", "10-01")
# Deaths and disappearances already in the press may be shown by year × district.
VIGIA_REPORTS_SHOW_PRESS_DEATHS = env_bool("VIGIA_REPORTS_SHOW_PRESS_DEATHS")
# Days before a press-only incident may appear in the record-level open data.
VIGIA_OPEN_DATA_RECORD_DELAY_DAYS = env_int("VIGIA_OPEN_DATA_RECORD_DELAY_DAYS", 90, minimum=0)
# The public page, public downloads and /api/v1/ are off unless the organization opts in.
VIGIA_PUBLIC_DATA = env_bool("VIGIA_PUBLIC_DATA")
VIGIA_MAP_TILES_ATTRIBUTION = env_str("VIGIA_MAP_TILES_ATTRIBUTION", "")

# -- messaging and conversations (docs/channels.md) -----------------------------------------
# The approved, content-free WhatsApp template sent outside the 24-hour window.
VIGIA_WHATSAPP_TEMPLATE = env_str("VIGIA_WHATSAPP_TEMPLATE", "vigia_mensaje_nuevo")
# Outbox rate limits: messages per second per channel, seconds between messages to one person
# (a short burst is allowed so that a conversation's replies are not slowed down).
VIGIA_WHATSAPP_RATE = env_int("VIGIA_WHATSAPP_RATE", 80, minimum=1)
VIGIA_WHATSAPP_RECIPIENT_SECONDS = env_int("VIGIA_WHATSAPP_RECIPIENT_SECONDS", 6, minimum=0)
VIGIA_TELEGRAM_RATE = env_int("VIGIA_TELEGRAM_RATE", 30, minimum=1)
VIGIA_TELEGRAM_RECIPIENT_SECONDS = env_int("VIGIA_TELEGRAM_RECIPIENT_SECONDS", 1, minimum=0)
VIGIA_SMS_RATE = env_int("VIGIA_SMS_RATE", 10, minimum=1)
VIGIA_SMS_RECIPIENT_SECONDS = env_int("VIGIA_SMS_RECIPIENT_SECONDS", 1, minimum=0)
# The public URL the SMS gateway calls (signatures cover it); empty = built from the request.
VIGIA_SMS_WEBHOOK_URL = env_str("VIGIA_SMS_WEBHOOK_URL", "")
VIGIA_CONVERSATION_IDLE_MINUTES = env_int("VIGIA_CONVERSATION_IDLE_MINUTES", 30, minimum=1)
VIGIA_NUMBER_CHECKS_PER_DAY = env_int("VIGIA_NUMBER_CHECKS_PER_DAY", 10, minimum=1)
# `vigia serve` starts the worker this much lower in CPU priority than the web server (0-19).
VIGIA_WORKER_NICE = env_int("VIGIA_WORKER_NICE", 10, minimum=0)
# Benchmarks only: exposes /hooks/bench-bare/ (one INSERT of the body, no checks). Never in
# production.
VIGIA_BENCH_BARE_VIEW = env_bool("VIGIA_BENCH_BARE_VIEW")

# -- linkage (docs/linkage.md) ----------------------------------------------------------------
# Pairs at or above this probability go to the coordinators' review queue.
VIGIA_LINKAGE_REVIEW_THRESHOLD = env_int("VIGIA_LINKAGE_REVIEW_PERCENT", 50, minimum=1) / 100
# Off (0) by default: nothing merges without a person unless an organization sets this.
VIGIA_LINKAGE_AUTO_MERGE_THRESHOLD = env_int("VIGIA_LINKAGE_AUTO_MERGE_PERCENT", 0, minimum=0) / 100
VIGIA_LINKAGE_LOOKUPS_PER_MINUTE = env_int("VIGIA_LINKAGE_LOOKUPS_PER_MINUTE", 30, minimum=1)

# -- web chat (docs/channels.md) --------------------------------------------------------------
# Where the web chat's quick exit sends her: a neutral page that replaces the chat in history.
VIGIA_WEBCHAT_EXIT_URL = env_str("VIGIA_WEBCHAT_EXIT_URL", "https://www.google.com/")
# Abuse limits: messages per minute from one open chat, and from one client address (many
# women may share a mobile operator's address); AYUDA has its own, triple allowance.
VIGIA_WEBCHAT_RATE = env_int("VIGIA_WEBCHAT_RATE", 20, minimum=1)
VIGIA_WEBCHAT_ADDRESS_RATE = env_int("VIGIA_WEBCHAT_ADDRESS_RATE", 60, minimum=1)

# -- alerts, emergencies and cases (docs/user-guide.en.md, "Alerts") --------------------------
# Days an alert stays valid; copies not yet sent are dropped when it expires.
VIGIA_ALERT_EXPIRY_DAYS = env_int("VIGIA_ALERT_EXPIRY_DAYS", 30, minimum=1)
# An alert to more members than this needs a second coordinator's approval.
VIGIA_ALERT_APPROVAL_OVER = env_int("VIGIA_ALERT_APPROVAL_OVER", 200, minimum=0)
# The WhatsApp messaging tier: conversations the organization may open per 24 hours
# (Meta's tiers: 250, 2000, 10000, 100000); alerts beyond it wait for the next day.
VIGIA_WHATSAPP_TIER = env_int("VIGIA_WHATSAPP_TIER", 250, minimum=1)
# Seconds an on-call responder has to acknowledge an emergency before the next is called.
VIGIA_EMERGENCY_ACK_SECONDS = env_int("VIGIA_EMERGENCY_ACK_SECONDS", 180, minimum=10)

# -- press monitoring (docs/press.md) ---------------------------------------------------------
# Minutes between two fetches of one feed; the worker checks for due feeds every 5 minutes.
VIGIA_PRESS_FETCH_MINUTES = env_int("VIGIA_PRESS_FETCH_MINUTES", 60, minimum=5)
# Feeds on loopback or private-network addresses are refused unless this is 1.
VIGIA_PRESS_ALLOW_PRIVATE = env_bool("VIGIA_PRESS_ALLOW_PRIVATE")
# Largest feed or page read (bytes); a bigger one is cut off and recorded as "too large".
VIGIA_PRESS_MAX_BYTES = env_int("VIGIA_PRESS_MAX_BYTES", 3_000_000, minimum=10_000)
# Seconds between two requests to one site (robots.txt's Crawl-delay wins when longer).
VIGIA_PRESS_SITE_DELAY_SECONDS = env_int("VIGIA_PRESS_SITE_DELAY_SECONDS", 5, minimum=0)
# Article pages fetched per feed and run: the rest wait for the next run.
VIGIA_PRESS_PAGES_PER_RUN = env_int("VIGIA_PRESS_PAGES_PER_RUN", 30, minimum=1)
# An article text shorter than this (words) is recorded as a stub (a paywall, a teaser).
VIGIA_PRESS_MIN_WORDS = env_int("VIGIA_PRESS_MIN_WORDS", 80, minimum=0)
VIGIA_PRESS_USER_AGENT = env_str("VIGIA_PRESS_USER_AGENT", "VigiaPress/1.0")
