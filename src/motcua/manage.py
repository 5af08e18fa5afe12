"""The ``motcua`` console script: Django's manage.py for this project.

``motcua migrate``, ``motcua runserver``, ``motcua shell`` … plus the project's own commands.
Hyphenated names map to the Python command modules: ``motcua load-reference-data`` runs
``load_reference_data``. ``DATABASE_URL`` and the other ``MOTCUA_*`` variables are honoured.

A malformed variable ends any command with the one line settings.py composed (naming the variable
and the expected form) and exit status 78 (EX_CONFIG); ``MOTCUA_DEBUG=true`` shows the traceback.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    if len(argv) > 1 and not argv[1].startswith("-") and "-" in argv[1]:
        argv[1] = argv[1].replace("-", "_")
    _settings_or_exit()
    from django.core.management import execute_from_command_line

    from motcua.lib import argparse_vi

    argparse_vi.install()  # "thiếu tham số bắt buộc: --to", not argparse's English

    execute_from_command_line(argv)


# sysexits.h EX_CONFIG: lets a supervisor (systemd RestartPreventExitStatus=78) tell "fix the
# configuration" from a crash worth restarting.
EXIT_BAD_CONFIGURATION = 78


def _settings_or_exit() -> None:
    """Read the settings before Django does.

    Left to Django, a malformed variable surfaces as a long traceback into its internals (or, for
    the project's own commands, as a misleading "Unknown command"); the operator needs only the
    message.
    """
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from motcua.lib.env import EnvError, env_bool

    try:
        settings.INSTALLED_APPS  # noqa: B018 -- imports the settings module
    except (ImproperlyConfigured, EnvError) as exc:
        try:
            debug = env_bool("MOTCUA_DEBUG", False)
        except EnvError:  # the malformed variable may be MOTCUA_DEBUG itself
            debug = False
        if debug:
            raise
        message = str(exc) if isinstance(exc, ImproperlyConfigured) else f"Cấu hình không hợp lệ: {exc}"
        sys.stderr.write(f"motcua: {message}\n")
        raise SystemExit(EXIT_BAD_CONFIGURATION) from None


if __name__ == "__main__":
    main()
