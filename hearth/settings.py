"""Hearth's only settings module.

Every value comes from a HEARTH_* environment variable (see docs/configuration.md and
.env.example). Unset, Hearth runs on its embedded default: SQLite in var/, an in-memory channel
layer, a local-memory cache and embedded task storage. Set HEARTH_DATABASE_URL and
HEARTH_REDIS_URL and the same code scales out.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from hearth.lib.env import ConfigError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("HEARTH_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("HEARTH_DEBUG", False)
# Plain HTTP is only for a laptop on 127.0.0.1; production always sits behind TLS.
HTTPS = env_bool("HEARTH_HTTPS", True)


def _required_secret(name: str) -> str:
    value = env_str(name)
    if not value:
        raise ConfigError(
            f"{name} (or {name}_FILE) is not set. Hearth will not start without it; "
            "`make run` creates development values in var/, production sets it from a secret store."
        )
    return value


SECRET_KEY = _required_secret("HEARTH_SECRET_KEY")


def _master_key() -> bytes:
    raw = _required_secret("HEARTH_MASTER_KEY")
    try:
        key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise ConfigError(
            "HEARTH_MASTER_KEY must be 32 random bytes in URL-safe base64 "
            "(create one with `python -c 'import secrets,base64;"
            "print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())'`)."
        )
    return key


HEARTH_MASTER_KEY = _master_key()
HEARTH_SHRED_LEDGER = Path(env_str("HEARTH_SHRED_LEDGER") or VAR_DIR / "shred-ledger")
# Heads of the audit log, appended hourly (hearth/audit/anchors.py): keep them off the database host.
HEARTH_AUDIT_ANCHORS = Path(env_str("HEARTH_AUDIT_ANCHORS") or VAR_DIR / "audit-anchors")

ALLOWED_HOSTS = env_list("HEARTH_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
# Links sent to people (invitations, reset links) are built from this, never from the Host
# header. Unset on a laptop: the request's (allowed) host is used.
HEARTH_SITE_URL = (env_str("HEARTH_SITE_URL") or "").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("HEARTH_TRUSTED_ORIGINS", [])
HEARTH_NEUTRAL_EXIT_URL = env_str("HEARTH_NEUTRAL_EXIT_URL") or "https://www.bbc.co.uk/weather"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"HEARTH_NEUTRAL_EXIT_URL must be an http(s) address, not {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "huey.contrib.djhuey",
    "csp",
    "hearth.privacy",
    "hearth.audit",
    "hearth.accounts",
    "hearth.groups",
    "hearth.safety",
    "hearth.forum",
    "hearth.chat",
    "hearth.realtime",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hearth.accounts.middleware.SessionGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hearth.lib.http.NoStoreMiddleware",
]

ROOT_URLCONF = "hearth.urls"
ASGI_APPLICATION = "hearth.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hearth" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "django.contrib.messages.context_processors.messages",
                "hearth.accounts.context.shell",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "hearth.lib.template_urls",
            ],
        },
    }
]

# --- Storage -------------------------------------------------------------------------------
DATABASE_URL = env_str("HEARTH_DATABASE_URL")
if DATABASE_URL:
    # Socket handlers reach the database from changing threads, so a connection kept per
    # thread (CONN_MAX_AGE) is never reused and leaks; a shared pool is the safe way to keep them.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    DB_POOL_SIZE = env_int("HEARTH_DB_POOL_SIZE", 10, minimum=0)
    if DB_POOL_SIZE and DATABASES["default"]["ENGINE"].endswith("postgresql"):
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": DB_POOL_SIZE,
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "hearth.sqlite3"),
            # WAL lets readers proceed while a writer commits; IMMEDIATE avoids the
            # "database is locked" upgrade deadlock between two writers.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Tests use a real file too, so the canary test can read what reaches the disk; one
            # per process, so two test runs in one checkout never share a database.
            "TEST": {"NAME": str(VAR_DIR / f"test-hearth-{os.getpid()}.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("HEARTH_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "hearth.lib.redis_cache.ReusingRedisCache", "LOCATION": REDIS_URL}
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": "hearth",
                # Frames carry what members write: whoever can watch Redis sees only Fernet
                # ciphertext, under a key derived from the master key.
                "symmetric_encryption_keys": [
                    hmac.new(HEARTH_MASTER_KEY, b"channel-layer", hashlib.sha256).hexdigest()
                ],
            },
        }
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "hearth",
        "url": REDIS_URL,
        "immediate": env_bool("HEARTH_TASKS_IMMEDIATE", False),
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            # A room hub's channel takes every frame of its rooms: room for a burst.
            "CONFIG": {"capacity": 1000},
        }
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "hearth",
        "filename": str(VAR_DIR / "tasks.sqlite3"),
        "immediate": env_bool("HEARTH_TASKS_IMMEDIATE", False),
    }

# --- Accounts and sessions -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["hearth.accounts.backends.PseudonymBackend"]
# Argon2id for every new or changed passphrase; PBKDF2 only so that imported accounts can sign
# in once, after which Django re-hashes them with Argon2id.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:sign_in"

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-hearth" if HTTPS else "hearth"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 30 * 24 * 3600
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_NAME = "__Host-csrf" if HTTPS else "csrftoken"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_FAILURE_VIEW = "hearth.lib.errors.csrf_failure"

# Session lifetimes (seconds) from DESIGN "Decisions already made".
HEARTH_MEMBER_IDLE = env_int("HEARTH_MEMBER_IDLE_SECONDS", 60 * 60, minimum=60)
HEARTH_MEMBER_ABSOLUTE = env_int("HEARTH_MEMBER_ABSOLUTE_SECONDS", 30 * 24 * 3600, minimum=60)
HEARTH_SHARED_IDLE = env_int("HEARTH_SHARED_IDLE_SECONDS", 15 * 60, minimum=60)
HEARTH_STAFF_IDLE = env_int("HEARTH_STAFF_IDLE_SECONDS", 60 * 60, minimum=60)
HEARTH_STAFF_ABSOLUTE = env_int("HEARTH_STAFF_ABSOLUTE_SECONDS", 24 * 3600, minimum=60)
HEARTH_LOGIN_HARD_STOP = 100
# Safeguarding alerts: minutes before an unacknowledged alert escalates, and an optional
# webhook (the organisation's on-call system) that receives a discreet notice.
HEARTH_ALERT_ACK_MINUTES = env_int("HEARTH_ALERT_ACK_MINUTES", 15, minimum=1)
HEARTH_ALERT_WEBHOOK_URL = env_str("HEARTH_ALERT_WEBHOOK_URL") or ""
# Held content waiting longer than this nudges the on-duty staff who can moderate its group.
HEARTH_REVIEW_NUDGE_MINUTES = env_int("HEARTH_REVIEW_NUDGE_MINUTES", 30, minimum=1)
HEARTH_SOURCE_LIMIT_PER_HOUR = env_int("HEARTH_SOURCE_LIMIT_PER_HOUR", 300, minimum=1)

# Unset: taken from the request's (allowed) host, which suits one public name per install.
HEARTH_WEBAUTHN_RP_ID = env_str("HEARTH_WEBAUTHN_RP_ID")
HEARTH_WEBAUTHN_ORIGIN = env_str("HEARTH_WEBAUTHN_ORIGIN")

# Messages live in the server-side session: a cookie would carry their text.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- HTTP security -------------------------------------------------------------------------
SECURE_SSL_REDIRECT = HTTPS and not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 63072000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts,
# which the CSRF check must refuse. Other sites still learn nothing.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "manifest-src": [SELF],
        # The quick exit's form redirects to the neutral site; without JavaScript the browser
        # checks that redirect against form-action too.
        "form-action": [SELF, _origin(HEARTH_NEUTRAL_EXIT_URL)],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Camera and microphone stay off everywhere; call pages widen this for themselves only.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
}

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "hearth" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "hearth_lang"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "hearth" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "hearth.lib.static_storage.MinifyingStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Logging -------------------------------------------------------------------------------
# Structured JSON lines; the redaction filter strips paths, addresses and arguments so that no
# content, pseudonym or IP address ever reaches a log line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "hearth.lib.logging.RedactFilter"}},
    "formatters": {"json": {"()": "hearth.lib.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("HEARTH_LOG_LEVEL") or "INFO"},
    "loggers": {
        "uvicorn.access": {"handlers": [], "propagate": False},
        "uvicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # run_huey adds a plain handler of its own to a "huey" logger that has none: every line
        # twice, once without the redacting filter and JSON format.
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
