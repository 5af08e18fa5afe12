"""The ``motcua`` console script: Django's manage.py for this project.

``motcua migrate``, ``motcua runserver``, ``motcua shell`` … plus the project's own commands.
Hyphenated names map to the Python command modules: ``motcua load-reference-data`` runs
``load_reference_data``. ``DATABASE_URL`` and the other ``MOTCUA_*`` variables are honoured.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    if len(argv) > 1 and not argv[1].startswith("-") and "-" in argv[1]:
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
