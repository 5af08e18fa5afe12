"""A second process that writes rows into one SQLite database, in one transaction.

Why it exists: the bulk load of the province simulation (``reports.simulation.bulk``) builds
millions of rows in Python and spends about a third of its time inside SQLite's ``executemany``
— on one core, while the second core of a counter PC or a small server idles. A thread cannot use
that core (``sqlite3`` hands the GIL back and forth around every row; measured: 4–8 % gain). A
process can: the parent keeps building rows while this writer inserts the previous batch.

The parent sends ``(sql, rows)`` messages through a pipe, up to ``_QUEUED`` messages ahead of the
writer; then it waits (back pressure: memory stays bounded). The writer
opens its own connection, takes the write lock at the start (``BEGIN IMMEDIATE``) and holds one
transaction to the end: :meth:`SQLiteWriter.commit` makes everything visible at once, and an error
in either process — or the parent dying — rolls everything back. Nothing half-written stays.

Framework-free on purpose: the writer is a fresh interpreter running this module (forking a process
with an open SQLite connection is unsafe) and imports nothing else. Each message follows its length;
it is marshalled when it is plain data, else pickled. SQL uses ``?`` placeholders.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import io
import marshal
import pickle
import queue
import signal
import sqlite3
import struct
import subprocess
import sys
import threading
import traceback

_READY, _OK, _ERROR = "ready", "ok", "error"
# before each message: its length and how it is encoded — b"M" marshal (plain tuples of str, int,
# float, bytes, None: 3× faster than pickle, and parent and writer are the same interpreter, whose
# marshal format they share), b"P" pickle (anything else: enum members, Decimal)
_HEADER = struct.Struct("!Qc")
_QUEUED = 32  # messages encoded but not yet in the pipe (a batch of rows is a few MB)


class WriterError(RuntimeError):
    """The writer process failed; nothing it wrote was committed (message from the writer)."""


class SQLiteWriter:
    """The parent's handle on the writer process (use as a context manager, then :meth:`commit`)."""

    def __init__(self, path: str, *, pragmas: tuple[str, ...] = ()):
        # A fresh interpreter running this module (not multiprocessing's spawn, which re-runs the
        # parent's main script in the child and so breaks scripts without a ``__main__`` guard).
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1 << 20
        )
        self._done = False
        # Messages are encoded here and written to the pipe by a thread: the pipe holds only 64 KiB, so
        # writing directly would make this process wait for the writer to insert every batch but the
        # last. The queue lets it run up to _QUEUED batches ahead (memory stays bounded); the thread
        # needs the GIL only between its blocking writes.
        self._queue: queue.Queue = queue.Queue(maxsize=_QUEUED)
        self._pump_error: BaseException | None = None
        self._pump = threading.Thread(target=self._pump_messages, name="motcua-sqlite-writer-pipe", daemon=True)
        self._pump.start()
        self._send((str(path), tuple(pragmas)))
        self._expect(_READY)

    # --- sending work ----------------------------------------------------------------------------------

    def execute(self, sql: str, params=()) -> None:
        self._send(("execute", sql, tuple(params)))

    def executemany(self, sql: str, rows: list) -> None:
        self._send(("executemany", sql, rows))

    def commit(self) -> None:
        """Commit everything sent; raises :class:`WriterError` (nothing committed) if any of it failed."""
        self._send(("commit",))
        try:
            self._expect(_OK)
        finally:
            self._finish()

    def rollback(self) -> None:
        if self._done:
            return
        try:
            self._send(("rollback",))
            _receive(self._process.stdout)
        except (OSError, EOFError, WriterError):
            pass  # the writer is gone: its transaction died with it
        finally:
            self._finish()

    def __enter__(self) -> SQLiteWriter:
        return self

    def __exit__(self, *exc) -> bool:
        self.rollback()  # after commit() this does nothing
        return False

    # --- internals ----------------------------------------------------------------------------------

    def _send(self, message) -> None:
        if self._done:
            raise WriterError("Tiến trình ghi đã kết thúc.")
        if self._pump_error is not None:
            self._finish()
            raise WriterError(f"Tiến trình ghi dừng bất thường (mã {self._process.returncode}).") from (
                self._pump_error
            )
        self._queue.put(_encoded(message))

    def _pump_messages(self) -> None:
        stream = self._process.stdin
        while (item := self._queue.get()) is not None:
            if self._pump_error is not None:
                continue  # the writer is gone: drop what is left (the parent learns it at its next send)
            encoding, data = item
            try:
                stream.write(_HEADER.pack(len(data), encoding))
                stream.write(data)
                stream.flush()
            except OSError as exc:
                self._pump_error = exc

    def _expect(self, kind: str) -> None:
        try:
            reply, detail = _receive(self._process.stdout)
        except (OSError, EOFError) as exc:
            self._finish()
            raise WriterError(f"Tiến trình ghi dừng bất thường (mã {self._process.returncode}).") from exc
        if reply != kind:
            self._finish()
            raise WriterError(detail)

    def _finish(self) -> None:
        self._done = True
        self._queue.put(None)
        self._pump.join()
        for stream in (self._process.stdin, self._process.stdout):
            with contextlib.suppress(OSError):  # a broken pipe to a writer that already ended
                stream.close()
        try:
            self._process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # pragma: no cover - a writer stuck after its pipe closed
            self._process.kill()
            self._process.wait()


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        """Enum members that are strings or numbers (the workflow's stages, Django choices) go as
        the plain value SQLite would bind, so the writer needs none of the parent's classes."""
        if isinstance(obj, str):
            return str, (str.__str__(obj),)
        if isinstance(obj, int) and not isinstance(obj, bool):
            return int, (int.__index__(obj),)
        return NotImplemented


def _encoded(message) -> tuple[bytes, bytes]:
    try:
        return b"M", marshal.dumps(message)
    except ValueError:  # an object marshal does not know (it stops at the first one)
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(message)
        return b"P", buffer.getvalue()


def _transmit(stream, message) -> None:
    encoding, data = _encoded(message)
    stream.write(_HEADER.pack(len(data), encoding))
    stream.write(data)
    stream.flush()


def _receive(stream):
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    size, encoding = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return marshal.loads(data) if encoding == b"M" else pickle.loads(data)


def _serve(source, sink) -> None:
    """The writer: one connection, one transaction, until commit, rollback or the parent's end."""
    # Ctrl-C at the terminal reaches the whole process group: the parent decides (it rolls back, or
    # dies and the pipe's end makes this process roll back) — no second traceback from here.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the values Django's SQLite backend adapts itself (the parent sends rows prepared for it)
    sqlite3.register_adapter(decimal.Decimal, str)
    sqlite3.register_adapter(dt.date, lambda value: value.isoformat())
    sqlite3.register_adapter(dt.datetime, lambda value: value.isoformat(" "))
    failure = None
    try:
        path, pragmas = _receive(source)
        db = sqlite3.connect(path, timeout=60, isolation_level=None)
        for pragma in pragmas:
            db.execute(pragma)
        db.execute("BEGIN IMMEDIATE")
    except Exception:
        _transmit(sink, (_ERROR, traceback.format_exc(limit=3)))
        return
    _transmit(sink, (_READY, None))
    while True:
        try:
            message = _receive(source)
        except EOFError:  # the parent is gone without committing: closing rolls the transaction back
            db.close()
            return
        kind = message[0]
        if kind == "commit":
            if failure is None:
                try:
                    db.execute("COMMIT")
                except Exception:
                    failure = traceback.format_exc(limit=3)
            if failure is not None and db.in_transaction:
                db.execute("ROLLBACK")
            db.close()
            _transmit(sink, (_OK, None) if failure is None else (_ERROR, failure))
            return
        if kind == "rollback":
            db.execute("ROLLBACK")
            db.close()
            _transmit(sink, (_OK, None))
            return
        if failure is not None:
            continue  # keep draining the pipe so the parent never blocks; report at commit
        try:
            if kind == "executemany":
                db.executemany(message[1], message[2])
            else:
                db.execute(message[1], message[2])
        except Exception:
            failure = traceback.format_exc(limit=3)


if __name__ == "__main__":
    _serve(sys.stdin.buffer, sys.stdout.buffer)


__all__ = ["SQLiteWriter", "WriterError"]
