"""Real processes for the fault and browser tests: a provincial server and a counter node.

Each *site* is a data folder and an environment; processes are ``python -m motcua.manage …`` of
this checkout, bound to loopback only, killed with SIGKILL. The provincial database is SQLite (a
file) or PostgreSQL (a database created in the cluster of ``DATABASE_URL`` — under
``scripts/with_postgres.py`` that is the throwaway cluster of the PostgreSQL pass); the node is
always SQLite, as deployed. Reference data is loaded once per test session and copied (SQLite) or
cloned with ``CREATE DATABASE … TEMPLATE`` (PostgreSQL).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

PY = sys.executable
BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "motcua.settings",
    "MOTCUA_SECRET_KEY": "fault-test-not-a-secret",
    "MOTCUA_HTTPS": "false",
    "MOTCUA_DEBUG": "true",  # static files from the apps (browser test); nothing else depends on it here
    "MOTCUA_LOG_LEVEL": "WARNING",
    "MOTCUA_DEV_IDP": "false",
    "MOTCUA_NOTIFY_EMAIL_SENDER": "off",
    "MOTCUA_NOTIFY_SMS_SENDER": "off",
    "PYTHONUNBUFFERED": "1",
}


def _die_with_parent() -> None:
    """Linux: the child gets SIGKILL when the test process dies (no orphan servers after a killed run)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Proc:
    """A background process of a site; ``kill()`` is SIGKILL (no cleanup, like a power cut)."""

    def __init__(self, site: Site, name: str, args: list[str], env: dict[str, str]) -> None:
        self.site, self.name, self.args, self.env = site, name, args, env
        self.popen: subprocess.Popen | None = None
        self.starts = 0

    def start(self, **extra_env: str) -> Proc:
        assert not self.alive(), f"{self.name} already running"
        self.starts += 1
        log = open(self.site.root / f"{self.name}.log", "ab")  # noqa: SIM115 - owned by the child
        self.popen = subprocess.Popen(
            [PY, "-m", "motcua.manage", *self.args],
            env={**self.env, **extra_env},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.site.root,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        log.close()
        return self

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
        if self.popen is not None:
            self.popen.wait(timeout=10)

    def log_tail(self, n: int = 4000) -> str:
        path = self.site.root / f"{self.name}.log"
        return path.read_text(errors="replace")[-n:] if path.exists() else ""


class Site:
    def __init__(self, name: str, root: Path, env: dict[str, str]) -> None:
        self.name, self.root = name, root
        root.mkdir(parents=True, exist_ok=True)
        self.env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, **BASE_ENV,
                    "MOTCUA_DATA_DIR": str(root), **env}
        self.procs: list[Proc] = []
        self.port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str, check: bool = True, timeout: float = 300, **extra_env: str):
        result = subprocess.run(
            [PY, "-m", "motcua.manage", *args], env={**self.env, **extra_env}, cwd=self.root,
            capture_output=True, text=True, timeout=timeout,
        )
        if check and result.returncode != 0:
            command = " ".join(args)
            raise RuntimeError(f"{self.name}: motcua {command} → {result.returncode}\n{result.stdout}\n{result.stderr}")
        return result

    def probe(self, command: str) -> dict:
        result = subprocess.run(
            [PY, "-m", "motcua.countersync.tests.probe", command], env=self.env, cwd=self.root,
            capture_output=True, text=True, timeout=300,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{self.name}: probe {command}\n{result.stdout}\n{result.stderr}")
        return json.loads(result.stdout)

    def process(self, name: str, *args: str) -> Proc:
        proc = Proc(self, name, list(args), self.env)
        self.procs.append(proc)
        return proc

    def stop_all(self) -> None:
        for proc in self.procs:
            proc.kill()


def wait_http(url: str, timeout: float = 60, proc: Proc | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and not proc.alive():
            raise RuntimeError(f"{proc.name} exited:\n{proc.log_tail()}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # any answer means it is serving
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer in {timeout}s" + (f"\n{proc.log_tail()}" if proc else ""))


class Unreachable(Exception):
    pass


def call(base: str, token: str, method: str, path: str, body=None, *, key: str | None = None, timeout=10):
    """One JSON request; (status, body). Unreachable when there is no answer (process down, killed)."""
    request = urllib.request.Request(base + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    if key:
        request.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw)
        except ValueError:
            return exc.code, {"raw": raw[:300].decode(errors="replace")}
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise Unreachable(str(exc)) from None


# --- databases ----------------------------------------------------------------------------------------


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _pg_admin(sql: str) -> None:
    import psycopg

    parsed = urllib.parse.urlparse(postgres_url())
    with psycopg.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username or "postgres",
        password=parsed.password or None, dbname="postgres", autocommit=True,
    ) as conn:
        conn.execute(sql)


def pg_database_url(name: str) -> str:
    parsed = urllib.parse.urlparse(postgres_url())
    return urllib.parse.urlunparse(parsed._replace(path=f"/{name}"))


def create_pg_database(name: str, template: str | None = None) -> str:
    _pg_admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return pg_database_url(name)


def drop_pg_database(name: str) -> None:
    with contextlib.suppress(Exception):
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_sqlite(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")


class Templates:
    """Reference data loaded once per session: ``reference.sqlite3`` (the node's start) and the
    provincial server's prepared database (SQLite file or PostgreSQL template)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.reference = root / "reference" / "motcua.sqlite3"
        self.central: dict[str, object] = {}

    def prepare_reference(self) -> None:
        if self.reference.exists():
            return
        site = Site("reference", self.root / "reference", {})
        site.manage("migrate", "-v0")
        site.manage("load-reference-data")

    def central_database(self, backend: str) -> tuple[dict[str, str], dict]:
        """Environment for a fresh provincial database of ``backend`` and the setup facts (tokens)."""
        self.prepare_reference()
        if backend not in self.central:
            if backend == "sqlite":
                root = self.root / "central-sqlite"
                root.mkdir(exist_ok=True)
                copy_sqlite(self.reference, root / "motcua.sqlite3")
                setup = Site("central-template", root, {"MOTCUA_DEV_GATEWAY": "true"}).probe("setup-central")
                self.central[backend] = (root / "motcua.sqlite3", setup)
            else:
                template = f"motcua_fault_tpl_{uuid.uuid4().hex[:8]}"
                url = create_pg_database(template)
                env = {"DATABASE_URL": url, "MOTCUA_DEV_GATEWAY": "true"}
                site = Site("central-template", self.root / "central-pg", env)
                site.manage("migrate", "-v0")
                site.manage("load-reference-data")
                setup = site.probe("setup-central")
                self.central[backend] = (template, setup)
        source, setup = self.central[backend]
        return source, setup

    def cleanup(self) -> None:
        for backend, (source, _setup) in self.central.items():
            if backend == "postgres":
                drop_pg_database(source)


class Cluster:
    """A provincial server and one counter node (node 1, Xã Hòa Minh — the island commune)."""

    def __init__(self, root: Path, templates: Templates, backend: str) -> None:
        self.root, self.backend = root, backend
        source, self.setup = templates.central_database(backend)
        central_env = {"MOTCUA_ROLE": "server", "MOTCUA_DEV_GATEWAY": "true",
                       "MOTCUA_DVCQG_DISPATCH_ON_ENQUEUE": "false"}
        self.pg_name = None
        if backend == "sqlite":
            (root / "central").mkdir(parents=True)
            copy_sqlite(source, root / "central" / "motcua.sqlite3")
        else:
            self.pg_name = f"motcua_fault_{uuid.uuid4().hex[:8]}"
            central_env["DATABASE_URL"] = create_pg_database(self.pg_name, template=source)
        self.central = Site("central", root / "central", central_env)
        self.central.port = free_port()
        self.central.env["MOTCUA_DVCQG_URL"] = f"{self.central.url}/dev-gateway"
        (root / "node").mkdir(parents=True)
        copy_sqlite(templates.reference, root / "node" / "motcua.sqlite3")
        self.node = Site("node", root / "node", {
            "MOTCUA_ROLE": "counter-node", "MOTCUA_NODE_ID": "1", "MOTCUA_NODE_CENTRE": "29410",
            "MOTCUA_CENTRAL_URL": self.central.url, "MOTCUA_CENTRAL_TOKEN": self.setup["node_token"],
            "MOTCUA_SYNC_INTERVAL": "1", "MOTCUA_SYNC_TIMEOUT": "5", "MOTCUA_SYNC_OFFLINE_AFTER": "5",
            "MOTCUA_DEV_GATEWAY": "false",
        })
        self.node.port = free_port()
        self.central_server = self.central.process(
            "central-server", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{self.central.port}")
        self.node_server = self.node.process(
            "node-server", "counter-node", "run", "--no-sync", "--addrport", f"127.0.0.1:{self.node.port}")
        self.node_worker = self.node.process("node-worker", "counter-node", "sync")

    def start_central(self, **env: str) -> None:
        self.central_server.start(**env)
        wait_http(self.central.url + "/counter-sync/api/v1/ping", proc=self.central_server)

    def start_node(self, **env: str) -> None:
        self.node_server.start(**env)
        wait_http(self.node.url + "/api/v1/dossiers", proc=self.node_server)

    def close(self) -> None:
        self.central.stop_all()
        self.node.stop_all()
        if self.pg_name:
            drop_pg_database(self.pg_name)
