"""Settings for the test suite: production settings with test-only defaults for required secrets.

The real settings stay strict (no default secret key outside DEBUG); tests supply harmless values
here instead of weakening them. ``DATABASE_URL`` is honoured, so the same suite runs on SQLite and,
under ``scripts/with_postgres.py``, on a throwaway PostgreSQL cluster.
"""

import os

os.environ.setdefault("MOTCUA_SECRET_KEY", "test-only-not-a-secret")
os.environ.setdefault("MOTCUA_HTTPS", "false")
os.environ.setdefault("MOTCUA_DATA_DIR", os.path.join(os.getcwd(), "var", "test"))
# The local stand-ins (OIDC identity provider, national-portal gateway) are part of what the suite
# tests; queued sync work is dispatched by the tests that mean to, not after every commit.
os.environ.setdefault("MOTCUA_DEV_IDP", "true")
os.environ.setdefault("MOTCUA_DEV_GATEWAY", "true")
os.environ.setdefault("MOTCUA_DVCQG_DISPATCH_ON_ENQUEUE", "false")

from motcua.settings import *  # noqa: F403

# Fast hashing: tests create many accounts; security of the hash is not what they check.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# WhiteNoise warns when STATIC_ROOT does not exist; tests serve nothing from it.
_static_root = globals()["STATIC_ROOT"]
_static_root.mkdir(parents=True, exist_ok=True)

# SQLite: test on a file, as deployed (WAL, BEGIN IMMEDIATE, one connection per thread), not on
# Django's default in-memory database. In memory, the live server's request threads share the test
# thread's single connection, so two requests at once (an autosave racing an upload in the browser
# tests) interleave inside each other's transactions — failures no deployment can have — and
# concurrent writers fail instead of queueing, which kept the concurrency tests off SQLite.
# pytest-xdist gives each worker its own file (suffix _gw0, _gw1 …).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
