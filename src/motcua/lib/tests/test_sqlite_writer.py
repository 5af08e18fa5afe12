"""The writer process commits everything or nothing (motcua.lib.sqlite_writer).

The bulk load of the province simulation writes through it; what a user would notice is a half-loaded
database after a failure, or rows that differ from what was sent. Plain SQLite files, no Django.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import os
import signal
import sqlite3

import pytest

from motcua.lib.sqlite_writer import SQLiteWriter, WriterError


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "load.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(
        "CREATE TABLE dossier (id INTEGER PRIMARY KEY, code TEXT UNIQUE, stage TEXT, status INTEGER, "
        "fee TEXT, day TEXT, moment TEXT)"
    )
    db.commit()
    db.close()
    return path


def rows_in(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT * FROM dossier ORDER BY id").fetchall()


def test_rows_appear_only_at_commit_and_exactly_as_sent(database):
    # like the workflow's Django TextChoices: enum members the writer process cannot import (local
    # classes cannot even be pickled by reference) — they are sent as the plain values SQLite binds
    class Stage(str, enum.Enum):  # noqa: UP042 - the shape of Django's TextChoices
        RECEIVED = "received"

    class Status(enum.IntEnum):
        RECEIVED = 2

    with SQLiteWriter(database) as writer:
        writer.executemany(
            "INSERT INTO dossier VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    1,
                    "H86.01-250701-0001",
                    Stage.RECEIVED,
                    Status.RECEIVED,
                    decimal.Decimal("25000.00"),
                    dt.date(2025, 7, 1),
                    dt.datetime(2025, 7, 1, 7, 30),
                ),
                (2, "H86.01-250701-0002", "cancelled", 7, None, None, None),
            ],
        )
        writer.execute("UPDATE dossier SET stage = ? WHERE id = ?", ("supplement_requested", 2))
        assert rows_in(database) == []  # another connection sees nothing before the commit
        writer.commit()
    assert rows_in(database) == [
        (1, "H86.01-250701-0001", "received", 2, "25000.00", "2025-07-01", "2025-07-01 07:30:00"),
        (2, "H86.01-250701-0002", "supplement_requested", 7, None, None, None),
    ]


def test_a_failing_statement_fails_the_commit_and_nothing_is_written(database):
    writer = SQLiteWriter(database)
    writer.executemany("INSERT INTO dossier (id, code) VALUES (?, ?)", [(1, "A"), (2, "B")])
    writer.executemany("INSERT INTO dossier (id, code) VALUES (?, ?)", [(3, "A")])  # code is unique
    writer.executemany("INSERT INTO dossier (id, code) VALUES (?, ?)", [(4, "C")])  # after the failure
    with pytest.raises(WriterError, match=r"UNIQUE constraint failed: dossier\.code"):
        writer.commit()
    assert rows_in(database) == []


def test_an_error_in_the_parent_rolls_everything_back(database):
    with pytest.raises(RuntimeError, match="mất điện"), SQLiteWriter(database) as writer:
        writer.executemany("INSERT INTO dossier (id, code) VALUES (?, ?)", [(n, str(n)) for n in range(1000)])
        raise RuntimeError("mất điện")
    assert rows_in(database) == []
    with SQLiteWriter(database) as writer:  # the write lock was released
        writer.execute("INSERT INTO dossier (id, code) VALUES (?, ?)", (1, "A"))
        writer.commit()
    assert rows_in(database) == [(1, "A", None, None, None, None, None)]


def test_a_writer_that_dies_is_reported_and_leaves_nothing(database):
    writer = SQLiteWriter(database)
    writer.executemany("INSERT INTO dossier (id, code) VALUES (?, ?)", [(1, "A")])
    os.kill(writer._process.pid, signal.SIGKILL)
    writer._process.wait()
    with pytest.raises(WriterError, match="dừng bất thường"):
        for n in range(2, 200):  # the broken pipe shows at a send or at the commit
            writer.executemany("INSERT INTO dossier (id, code) VALUES (?, ?)", [(n, str(n))] * 1000)
        writer.commit()
    assert rows_in(database) == []


def test_ctrl_c_is_the_parents_to_handle(database):
    writer = SQLiteWriter(database)
    writer.executemany("INSERT INTO dossier (id, code) VALUES (?, ?)", [(1, "A")])
    os.kill(writer._process.pid, signal.SIGINT)  # what the terminal sends the whole process group
    writer.rollback()
    assert writer._process.returncode == 0  # the writer rolled back on the parent's word, no traceback
    assert rows_in(database) == []


def test_a_database_it_cannot_open_is_reported_at_once(tmp_path):
    with pytest.raises(WriterError, match="unable to open database file"):
        SQLiteWriter(tmp_path / "no-such-folder" / "load.sqlite3")


def test_it_waits_for_the_write_lock_and_does_not_start_without_it(database):
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(WriterError, match="database is locked"):
        SQLiteWriter(database, pragmas=("PRAGMA busy_timeout = 100",))
    holder.execute("ROLLBACK")
