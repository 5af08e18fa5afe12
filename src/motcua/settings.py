"""Django settings for motcua — one file, every knob an environment variable.

Read through the strict helpers of :mod:`motcua.lib.env`: a malformed value stops the process at
start with a message naming the variable (see docs/configuration in README). Defaults give the
embedded deployment: SQLite in WAL mode under ``MOTCUA_DATA_DIR`` — a commune centre PC with no
database server. Production sets ``DATABASE_URL=postgres://…`` (PostgreSQL 15+).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from motcua.lib.env import EnvError, env_bool, env_choice, env_int, env_list, env_str, persistent_secret

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
    SAME_DAY_CUTOFF = env_str("MOTCUA_SAME_DAY_CUTOFF", "15:00")
    SESSION_COOKIE_AGE = env_int("MOTCUA_SESSION_MINUTES", 30, min_value=5, max_value=24 * 60) * 60
    PROVINCE_CODE = env_str("MOTCUA_PROVINCE_CODE", "86")
    LOGIN_MAX_FAILURES = env_int("MOTCUA_LOGIN_MAX_FAILURES", 5, min_value=1, max_value=100)
    LOGIN_LOCK_MINUTES = env_int("MOTCUA_LOGIN_LOCK_MINUTES", 15, min_value=1, max_value=24 * 60)
    LOG_LEVEL = env_choice("MOTCUA_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
except EnvError as exc:  # one clear line for the operator instead of a traceback into dj internals
    raise ImproperlyConfigured(f"Cấu hình không hợp lệ: {exc}") from None

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
    "motcua.printing",
    "motcua.backoffice",
    "motcua.provisioning",
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True  # sliding timeout: idle counter PCs log out
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG and env_bool("MOTCUA_HTTPS", True)

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
    # DOMAIN §6: same-day procedures received after this time are due the next working day.
    "SAME_DAY_CUTOFF": SAME_DAY_CUTOFF,
    "PROVINCE_CODE": PROVINCE_CODE,
    # Staff login lockout: this many wrong passwords within the window lock the account that long.
    "LOGIN_MAX_FAILURES": LOGIN_MAX_FAILURES,
    "LOGIN_LOCK_MINUTES": LOGIN_LOCK_MINUTES,
}
