"""Django settings for motcua — one file, every knob an environment variable.

Read through the strict helpers of :mod:`motcua.lib.env`: a malformed value stops the process at
start with a message naming the variable (see docs/configuration in README). Defaults give the
embedded deployment: SQLite in WAL mode under ``MOTCUA_DATA_DIR`` — a commune centre PC with no
database server. Production sets ``DATABASE_URL=postgres://…`` (PostgreSQL 15+).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from motcua.lib.env import (
    EnvError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_pattern,
    env_str,
    env_time,
    env_url,
    persistent_secret,
)

PACKAGE_DIR = Path(__file__).resolve().parent

try:
    DATA_DIR = Path(env_str("MOTCUA_DATA_DIR", str(Path.cwd() / "var"))).resolve()
    DEBUG = env_bool("MOTCUA_DEBUG", False)
    # Unset: a random key generated once into the data folder (embedded single-PC deployments).
    SECRET_KEY = env_str("MOTCUA_SECRET_KEY", "") or persistent_secret(DATA_DIR / "secret-key")
    ALLOWED_HOSTS = env_list("MOTCUA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
    CSRF_TRUSTED_ORIGINS = env_list("MOTCUA_CSRF_TRUSTED_ORIGINS", [])
    DATABASE_URL = env_str("DATABASE_URL", "")
    SQLITE_PATH = env_str("MOTCUA_SQLITE_PATH", str(DATA_DIR / "motcua.sqlite3"))
    TIME_CONVENTION = env_choice("MOTCUA_DEADLINE_CONVENTION", "elapsed", ("elapsed", "civil"))
    # Parsed here, once: a bad value stops the start instead of the first same-day appointment.
    SAME_DAY_CUTOFF = env_time("MOTCUA_SAME_DAY_CUTOFF", dt.time(15, 0))
    SESSION_COOKIE_AGE = env_int("MOTCUA_SESSION_MINUTES", 30, min_value=5, max_value=24 * 60) * 60
    # Two digits, as in the national code table (org/data/vn_provinces_2025.csv); whether the
    # province exists is for the loaders to say, the database is not open yet.
    PROVINCE_CODE = env_pattern("MOTCUA_PROVINCE_CODE", "86", r"\d{2}", "mã tỉnh gồm 2 chữ số, ví dụ 86")
    # Printed in QR codes and notification links: a wrong base would be on paper for good.
    PUBLIC_BASE_URL = env_url("MOTCUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
    NODE_ID = env_int("MOTCUA_NODE_ID", 0, min_value=0, max_value=99)  # dossier-code issuing node (0 = server)
    LOGIN_MAX_FAILURES = env_int("MOTCUA_LOGIN_MAX_FAILURES", 5, min_value=1, max_value=100)
    LOGIN_LOCK_MINUTES = env_int("MOTCUA_LOGIN_LOCK_MINUTES", 15, min_value=1, max_value=24 * 60)
    LOG_LEVEL = env_choice("MOTCUA_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
except EnvError as exc:  # one clear line for the operator instead of a traceback into dj internals
    raise ImproperlyConfigured(f"Cấu hình không hợp lệ: {exc}") from None

# --- Citizen sign-in: OpenID Connect with the national portal's SSO (docs/sso.md) ----------------
# DOMAIN §3: online filing needs the applicant's e-identity (VNeID level 2 by default); level 1 may
# track and rate. The identity provider says which level through one claim of its tokens.
try:
    # Local development identity provider at /dev-idp/ (demo citizens). Never enable in production.
    DEV_IDP_ENABLED = env_bool("MOTCUA_DEV_IDP", DEBUG)
    CITIZEN_SSO = {
        # Expected `iss` of ID tokens. Empty: citizen sign-in is switched off.
        "ISSUER": env_str("MOTCUA_OIDC_ISSUER", "http://127.0.0.1:8000/dev-idp" if DEV_IDP_ENABLED else "").rstrip("/"),
        # Discovery document; default <issuer>/.well-known/openid-configuration (WSO2 serves it elsewhere).
        "DISCOVERY_URL": env_str("MOTCUA_OIDC_DISCOVERY_URL", ""),
        "CLIENT_ID": env_str("MOTCUA_OIDC_CLIENT_ID", "motcua-dev" if DEV_IDP_ENABLED else ""),
        "CLIENT_SECRET": env_str("MOTCUA_OIDC_CLIENT_SECRET", "motcua-dev-secret" if DEV_IDP_ENABLED else ""),
        "SCOPES": env_list("MOTCUA_OIDC_SCOPES", ["openid"]),
        "ACR_VALUES": env_str("MOTCUA_OIDC_ACR_VALUES", "LoA1"),  # requested minimum; the token's claim decides
        # Callback URL registered with the provider; empty: built from the request (needs a correct Host/scheme).
        "REDIRECT_URI": env_str("MOTCUA_OIDC_REDIRECT_URI", ""),
        # Claim carrying the assurance level (ID token first, then userinfo) and its values meaning level 2;
        # any other value, or no claim at all, is level 1.
        "LOA_CLAIM": env_str("MOTCUA_OIDC_LOA_CLAIM", "acr"),
        "LOA2_VALUES": env_list("MOTCUA_OIDC_LOA2_VALUES", ["LoA2"]),
    }
    DEV_IDP = {  # the one client the development provider knows: this system itself
        "CLIENT_ID": CITIZEN_SSO["CLIENT_ID"],
        "CLIENT_SECRET": CITIZEN_SSO["CLIENT_SECRET"],
        "REDIRECT_URIS": env_list(
            "MOTCUA_DEV_IDP_REDIRECT_URIS",
            ["http://127.0.0.1:8000/sso/callback/", "http://localhost:8000/sso/callback/"],
        ),
    }
except EnvError as exc:
    raise ImproperlyConfigured(f"Cấu hình không hợp lệ: {exc}") from None
if CITIZEN_SSO["ISSUER"] and not (CITIZEN_SSO["CLIENT_ID"] and CITIZEN_SSO["CLIENT_SECRET"]):
    raise ImproperlyConfigured(
        "Cấu hình không hợp lệ: MOTCUA_OIDC_ISSUER cần MOTCUA_OIDC_CLIENT_ID và MOTCUA_OIDC_CLIENT_SECRET."
    )
if CITIZEN_SSO["ISSUER"] and "openid" not in CITIZEN_SSO["SCOPES"]:
    raise ImproperlyConfigured("Cấu hình không hợp lệ: MOTCUA_OIDC_SCOPES phải có 'openid'.")

# --- National public-service portal (DVCQG) through the province's gateway -----------------------
# DOMAIN §10; protocol, retry policy and what must be confirmed with the operator:
# docs/national-portal.md. An empty URL disables sending (records wait as "pending").
# MOTCUA_DEV_GATEWAY mounts the local stand-in of the gateway at /dev-gateway/ (demo, contract tests).
try:
    DEV_GATEWAY = env_bool("MOTCUA_DEV_GATEWAY", DEBUG)
    NATIONAL_PORTAL = {
        "URL": env_str("MOTCUA_DVCQG_URL", "http://127.0.0.1:8000/dev-gateway" if DEV_GATEWAY else ""),
        "USERNAME": env_str("MOTCUA_DVCQG_USERNAME", "motcua-dev" if DEV_GATEWAY else ""),
        "PASSWORD": env_str("MOTCUA_DVCQG_PASSWORD", "motcua-dev-password" if DEV_GATEWAY else ""),  # or _FILE
        "DSTCODE": env_str("MOTCUA_DVCQG_DSTCODE", "DVCQG" if DEV_GATEWAY else ""),
        "UNIT_CODE": env_str("MOTCUA_DVCQG_UNIT_CODE", "000.00.00.H56" if DEV_GATEWAY else ""),  # madonvi
        "CONNECT_TIMEOUT": env_int("MOTCUA_DVCQG_CONNECT_TIMEOUT", 5, min_value=1, max_value=120),
        "READ_TIMEOUT": env_int("MOTCUA_DVCQG_READ_TIMEOUT", 30, min_value=1, max_value=600),
        "MAX_ATTEMPTS": env_int("MOTCUA_DVCQG_MAX_ATTEMPTS", 15, min_value=1, max_value=100),
        "BACKOFF_SECONDS": env_int("MOTCUA_DVCQG_BACKOFF_SECONDS", 60, min_value=1, max_value=24 * 3600),
        "BACKOFF_MAX_SECONDS": env_int("MOTCUA_DVCQG_BACKOFF_MAX_SECONDS", 6 * 3600, min_value=1, max_value=7 * 86400),
        "BACKOFF_JITTER_PERCENT": env_int("MOTCUA_DVCQG_BACKOFF_JITTER_PERCENT", 20, min_value=0, max_value=100),
        "BATCH_LIMIT": env_int("MOTCUA_DVCQG_BATCH_LIMIT", 100, min_value=1, max_value=10_000),
        "DISPATCH_ON_ENQUEUE": env_bool("MOTCUA_DVCQG_DISPATCH_ON_ENQUEUE", True),
        "EXTENSION_FIELDS": env_bool("MOTCUA_DVCQG_EXTENSION_FIELDS", True),
    }
    DEV_GATEWAY_FAULTS = {
        "FAIL_EVERY": env_int("MOTCUA_DEV_GATEWAY_FAIL_EVERY", 0, min_value=0, max_value=1000),  # 0 = never
        "DELAY_MS": env_int("MOTCUA_DEV_GATEWAY_DELAY_MS", 0, min_value=0, max_value=600_000),
        "SESSION_SECONDS": env_int("MOTCUA_DEV_GATEWAY_SESSION_SECONDS", 1800, min_value=1, max_value=86400),
    }
except EnvError as exc:
    raise ImproperlyConfigured(f"Cấu hình không hợp lệ: {exc}") from None

# --- Applicant notifications: e-mail and SMS through pluggable senders (docs/notifications.md) ---
# DOMAIN §6, §11: the applicant hears of the receipt, supplement requests, an apology with a new
# appointment and the result. Messages wait in an outbox: retried with exponential backoff, then
# "failed" for an operator to resend. A sender is a short name or the dotted path of a Sender class.
_NOTIFY_SENDERS = {
    "console": "motcua.integrations.notifications.senders.ConsoleSender",
    "file": "motcua.integrations.notifications.senders.FileSender",
    "smtp": "motcua.integrations.notifications.senders.SmtpEmailSender",
    "http": "motcua.integrations.notifications.senders.HttpSmsSender",
    "off": "",
}


def _notify_sender(name: str, default: str) -> str:
    value = env_str(name, default)
    if value in _NOTIFY_SENDERS:
        return _NOTIFY_SENDERS[value]
    if "." in value and all(part.isidentifier() for part in value.split(".")):
        return value
    raise EnvError(f"{name}={value!r} không hợp lệ: chọn {', '.join(_NOTIFY_SENDERS)} hoặc đường dẫn lớp Python.")


try:
    _SMS_URL = env_str("MOTCUA_SMS_URL", "")
    NOTIFICATIONS = {
        # Development writes messages to files under <data>/outbox; production e-mails through SMTP
        # and sends SMS through the HTTP gateway once MOTCUA_SMS_URL is set.
        "EMAIL_SENDER": _notify_sender("MOTCUA_NOTIFY_EMAIL_SENDER", "file" if DEBUG else "smtp"),
        "SMS_SENDER": _notify_sender("MOTCUA_NOTIFY_SMS_SENDER", "file" if DEBUG else ("http" if _SMS_URL else "off")),
        "FILE_DIR": Path(env_str("MOTCUA_NOTIFY_FILE_DIR", str(DATA_DIR / "outbox"))),
        "SMS_URL": _SMS_URL,  # generic HTTP gateway: POST JSON {to, text, sender, reference}
        "SMS_TOKEN": env_str("MOTCUA_SMS_TOKEN", ""),  # Bearer token (or MOTCUA_SMS_TOKEN_FILE)
        "SMS_SENDER_NAME": env_str("MOTCUA_SMS_BRANDNAME", ""),  # registered brandname
        "SMS_TIMEOUT": env_int("MOTCUA_SMS_TIMEOUT", 10, min_value=1, max_value=120),
        # Brandname SMS in Vietnam is usually sent without diacritics (GSM 7-bit, 160 characters a part).
        "SMS_UNACCENTED": env_bool("MOTCUA_SMS_UNACCENTED", True),
        "MAX_ATTEMPTS": env_int("MOTCUA_NOTIFY_MAX_ATTEMPTS", 6, min_value=1, max_value=50),
        "BACKOFF_SECONDS": env_int("MOTCUA_NOTIFY_BACKOFF_SECONDS", 60, min_value=1, max_value=24 * 3600),
        "BACKOFF_MAX_SECONDS": env_int("MOTCUA_NOTIFY_BACKOFF_MAX_SECONDS", 6 * 3600, min_value=1, max_value=7 * 86400),
        "BATCH_LIMIT": env_int("MOTCUA_NOTIFY_BATCH_LIMIT", 200, min_value=1, max_value=10_000),
        "SEND_ON_ENQUEUE": env_bool("MOTCUA_NOTIFY_SEND_ON_ENQUEUE", True),  # a task per new batch
    }
    EMAIL_HOST = env_str("MOTCUA_EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("MOTCUA_EMAIL_PORT", 25, min_value=1, max_value=65535)
    EMAIL_HOST_USER = env_str("MOTCUA_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("MOTCUA_EMAIL_PASSWORD", "")  # or MOTCUA_EMAIL_PASSWORD_FILE
    EMAIL_USE_TLS = env_bool("MOTCUA_EMAIL_STARTTLS", False)
    EMAIL_USE_SSL = env_bool("MOTCUA_EMAIL_SSL", False)
    EMAIL_TIMEOUT = env_int("MOTCUA_EMAIL_TIMEOUT", 10, min_value=1, max_value=120)
    DEFAULT_FROM_EMAIL = env_str("MOTCUA_EMAIL_FROM", "motcua@localhost")
except EnvError as exc:
    raise ImproperlyConfigured(f"Cấu hình không hợp lệ: {exc}") from None
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Cấu hình không hợp lệ: chỉ đặt một trong MOTCUA_EMAIL_STARTTLS và MOTCUA_EMAIL_SSL.")

# --- Counter nodes: intake through an outage, replicated to the province (docs/operations.md) -----
# Issue 8. "server" is the provincial system; "counter-node" is the same codebase on a commune
# centre's PC with its own SQLite database: it receives locally (codes from its own range,
# MOTCUA_NODE_ID ≥ 1; appointments from its cached calendar and catalogue) and pushes its journal
# to MOTCUA_CENTRAL_URL whenever the link is up (motcua.countersync).
try:
    ROLE = env_choice("MOTCUA_ROLE", "server", ("server", "counter-node"))
    COUNTER_SYNC = {
        "ROLE": ROLE,
        "CENTRAL_URL": env_str("MOTCUA_CENTRAL_URL", "").rstrip("/"),  # the provincial server, https://…
        "CENTRAL_TOKEN": env_str("MOTCUA_CENTRAL_TOKEN", ""),  # or MOTCUA_CENTRAL_TOKEN_FILE; `counter-node register`
        "NODE_CENTRE": env_str("MOTCUA_NODE_CENTRE", ""),  # the centre this node serves (ServiceCentre code)
        "INTERVAL": env_int("MOTCUA_SYNC_INTERVAL", 15, min_value=1, max_value=3600),  # seconds between cycles
        "TIMEOUT": env_int("MOTCUA_SYNC_TIMEOUT", 20, min_value=1, max_value=600),  # per HTTP request
        "BATCH": env_int("MOTCUA_SYNC_BATCH", 50, min_value=1, max_value=1000),  # journal entries per request
        # Shown as "offline" when the last exchange with the province failed or is older than this.
        "OFFLINE_AFTER": env_int("MOTCUA_SYNC_OFFLINE_AFTER", 60, min_value=5, max_value=86400),
    }
except EnvError as exc:
    raise ImproperlyConfigured(f"Cấu hình không hợp lệ: {exc}") from None
if ROLE == "counter-node":
    _needs = [name for name, key in (("MOTCUA_CENTRAL_URL", "CENTRAL_URL"), ("MOTCUA_NODE_CENTRE", "NODE_CENTRE"))
              if not COUNTER_SYNC[key]]
    if NODE_ID < 1:
        _needs.append("MOTCUA_NODE_ID ≥ 1 (dải mã số hồ sơ riêng của máy trạm)")
    if _needs:
        raise ImproperlyConfigured(
            "Cấu hình không hợp lệ: máy trạm (MOTCUA_ROLE=counter-node) cần " + ", ".join(_needs) + "."
        )
    if DATABASE_URL:
        raise ImproperlyConfigured("Cấu hình không hợp lệ: máy trạm dùng cơ sở dữ liệu SQLite riêng; bỏ DATABASE_URL.")
    # Only the province talks to the national portal and to applicants: a node's dossiers reach them
    # once, from the province, after replication.
    NATIONAL_PORTAL["URL"] = ""
    if "NOTIFICATIONS" in globals():
        NOTIFICATIONS = {**NOTIFICATIONS, "EMAIL_SENDER": "", "SMS_SENDER": ""}

# --- Applications -------------------------------------------------------------------------------
# Apps by bounded context; lower layers first. Arrows (who may import whom) are documented in
# docs/architecture.md and checked by motcua/core/tests/test_architecture.py.
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "motcua.core",
    "motcua.org",
    "motcua.catalog",
    "motcua.worktime",
    "motcua.dossiers",
    "motcua.printing",
    "motcua.reports",
    "motcua.feedback",
    "motcua.backoffice",
    "motcua.integrations.sso",
    *(["motcua.devidp"] if DEV_IDP_ENABLED else []),
    "motcua.provisioning",
    "motcua.integrations.nationalportal",
    "motcua.integrations.notifications",
    "motcua.portal",
    *(["motcua.devgateway"] if DEV_GATEWAY else []),
    "motcua.countersync",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "motcua.portal.middleware.PortalLanguageMiddleware",  # Khmer on citizen pages only (docs/portal.md)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "backoffice:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
if DATABASE_URL:
    try:
        _db = dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"Cấu hình không hợp lệ: DATABASE_URL ({exc}).") from None
    if _db["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "Cấu hình không hợp lệ: DATABASE_URL chỉ hỗ trợ PostgreSQL (postgres://…); "
            "để trống để dùng SQLite nhúng."
        )
    DATABASES = {"default": _db}
else:
    Path(SQLITE_PATH).parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # WAL lets the counter keep reading while a write commits; IMMEDIATE takes the write
                # lock at BEGIN so two writers queue (busy timeout) instead of failing on upgrade.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work ----------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Auth ---------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "motcua.org.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},  # Vietnamese message
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True  # sliding timeout: idle counter PCs log out
try:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG and env_bool("MOTCUA_HTTPS", True)
except EnvError as exc:
    raise ImproperlyConfigured(f"Cấu hình không hợp lệ: {exc}") from None

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static files (vendored: centres may have no internet) --------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # WeasyPrint reports every rendering step at INFO; only its warnings matter to operators.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Domain settings (DOMAIN.md marks these "(default)": the law gives no algorithm) -------------
MOTCUA = {
    # DOMAIN §6: appointment convention — "elapsed" (count from the receipt moment) or "civil"
    # (receipt day not counted, due at end of the last working day).
    "DEADLINE_CONVENTION": TIME_CONVENTION,
    # DOMAIN §6: same-day procedures received after this time are due the next working day (a datetime.time).
    "SAME_DAY_CUTOFF": SAME_DAY_CUTOFF,
    "PROVINCE_CODE": PROVINCE_CODE,
    # Dossier codes: node 0 (central server) issues 0001–9999 per agency and day, node k k·10000+1….
    "NODE_ID": NODE_ID,
    # Staff login lockout: this many wrong passwords within the window lock the account that long.
    "LOGIN_MAX_FAILURES": LOGIN_MAX_FAILURES,
    "LOGIN_LOCK_MINUTES": LOGIN_LOCK_MINUTES,
    # Public tracking page printed as a QR code on the receipt: <base>/tra-cuu/<code>/?s=<secret> (citizen portal).
    "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
}
