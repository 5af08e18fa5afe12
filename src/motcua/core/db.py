"""Database housekeeping shared by the bulk loaders (reference data, the province simulation).

Why ``refresh_planner_statistics``: a bulk load changes a table from empty to thousands or millions
of rows in one transaction. PostgreSQL's autovacuum analyzes a table only later, and only the rows
already committed — when it ran while the table was empty, the planner keeps believing the table is
empty and picks nested loops where a sequential scan or a hash join belongs (measured in the test
suite: one ``channel_options`` query of a 3 MB catalogue took 0.5 s instead of 1 ms, and a 1/50
simulation took over 20 minutes instead of 16 s). ``ANALYZE`` inside the loading transaction
samples the rows that transaction wrote, so the next queries are planned on real sizes. SQLite's
planner does not need it (it has no statistics unless asked for, and uses the indexes).
"""

from __future__ import annotations

from django.db import connection


def refresh_planner_statistics(*models) -> None:
    """``ANALYZE`` the tables of ``models`` on PostgreSQL (a no-op elsewhere)."""
    if connection.vendor != "postgresql" or not models:
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
