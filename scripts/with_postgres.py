#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL 15 cluster: ``with_postgres.py -- pytest …``.

Starts ``initdb`` + ``pg_ctl`` in a temporary directory on a free port (as the ``postgres`` user
when running as root, since PostgreSQL refuses to run as root), exports ``DATABASE_URL`` for the
command, and always stops and deletes the cluster afterwards. Exit code: the command's.

If PostgreSQL cannot be started: with ``CI=true`` this is a failure (exit 3) — CI must never
silently skip the PostgreSQL pass; elsewhere it prints why and exits 0 so a laptop without
PostgreSQL can still run ``make test`` (the SQLite pass has run already).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

CANDIDATE_BIN_DIRS = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bin_dir() -> Path | None:
    override = os.environ.get("MOTCUA_PG_BIN")
    for candidate in [override, *CANDIDATE_BIN_DIRS] if override else CANDIDATE_BIN_DIRS:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _unavailable(reason: str) -> int:
    if os.environ.get("CI", "").lower() == "true":
        print(f"with_postgres: PostgreSQL không khởi động được trong CI: {reason}", file=sys.stderr)
        return 3
    print(f"with_postgres: bỏ qua lượt chạy PostgreSQL ({reason}).", file=sys.stderr)
    return 0


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print("usage: with_postgres.py -- command …", file=sys.stderr)
        return 2
    bin_dir = _bin_dir()
    if bin_dir is None:
        return _unavailable("không tìm thấy initdb (cài gói postgresql-15)")
    run_as: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            return _unavailable("chạy với quyền root nhưng không có người dùng postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    tmp = Path(tempfile.mkdtemp(prefix="motcua-pg-"))
    data, sock = tmp / "data", tmp / "sock"
    sock.mkdir()
    if owner:
        for path in (tmp, sock):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    log = tmp / "server.log"
    started = False
    try:
        init = subprocess.run(
            [*run_as, str(bin_dir / "initdb"), "-A", "trust", "-U", "postgres", "-E", "UTF8",
             "--locale=C.UTF-8", "-D", str(data)],
            capture_output=True, text=True,
        )
        if init.returncode != 0:
            return _unavailable(f"initdb thất bại: {init.stderr.strip()[-500:]}")
        options = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " \
                  "-c full_page_writes=off -c max_connections=200"
        start = subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"],
            capture_output=True, text=True,
        )
        if start.returncode != 0:
            detail = log.read_text(errors="replace")[-800:] if log.exists() else start.stderr
            return _unavailable(f"pg_ctl start thất bại: {detail.strip()}")
        started = True
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/postgres")
        print(f"with_postgres: PostgreSQL ({bin_dir.parent.name}) trên cổng {port}", file=sys.stderr)
        return subprocess.call(argv, env=env)
    finally:
        if started:
            subprocess.run([*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                           capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    # A run stopped from outside (CI timeout, kill) still stops the cluster and removes its folder:
    # SIGTERM becomes SystemExit, so the ``finally`` above runs.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    sys.exit(main(sys.argv[1:]))
