"""Fault tests of issue 8 §4: a provincial server and a counter node as real processes, killed.

What the scenario does (seeded; ``quick`` in ``make test``, ``soak`` under ``make soak``):

1. **Intake under fire.** The counter officer (binh, Xã Hòa Minh — node 1) receives dossiers
   through the node's API, one request at a time with an ``Idempotency-Key``, and transfers some of
   them, while a chaos thread SIGKILLs, at random moments, the node's server (mid-intake), the
   node's sync worker (mid-push, mid-mirror) and the provincial server (mid-apply), and restarts
   them. Crash points (``faults.py``) also kill the province right after it committed an entry
   (before the node heard) and the worker right after the province answered (before it wrote the
   acknowledgement). A request that got no answer is sent again with the same key.
2. **Cut the link.** The provincial server is stopped; the node keeps receiving and transferring;
   its status says offline with entries waiting; the server comes back.
3. **Processing at the province** (assign → step → approve → result, by the island commune's
   office staff) of dossiers the node transferred, then **return of the result at the node**
   once the node's mirror shows them done.
4. **A conflict** (first round): with the worker stopped, the node transfers a dossier the
   province meanwhile cancels — the transfer must be kept and flagged, not applied, not dropped.
5. **Twice and out of order.** The whole journal is delivered again straight to the province,
   shuffled, twice.
6. **Converge** (everything up, no crash points) and check:
   - every dossier the node confirmed exists exactly once at the province, same code;
   - every journal entry was received exactly once and is applied (or is the flagged conflict);
   - each dossier's history at the province is exactly the node's actions (at the moment and by
     the officer recorded at the node, in the node's order) plus the province's own actions, and
     the node's copy equals the province's;
   - the audit chain verifies on both sides (``motcua audit verify``);
   - the national-portal stand-in holds exactly one record per dossier, in its final state.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest

from .harness import Cluster, Templates, Unreachable, call, postgres_url

BACKENDS = ["sqlite", "postgres"]


def _backend_or_skip(backend: str) -> None:
    if backend == "postgres" and not postgres_url():
        pytest.skip("PostgreSQL pass only (make test-postgres / scripts/with_postgres.py)")
    if backend == "sqlite" and postgres_url():
        pytest.skip("SQLite pass only")


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    t = Templates(tmp_path_factory.mktemp("countersync-templates"))
    yield t
    t.cleanup()


@dataclass
class Config:
    seed: int
    rounds: int
    intakes: int  # at least this many per round, under chaos…
    chaos_seconds: float = 8  # …and for at least this long
    chaos: bool = True


def _moment(text: str) -> str:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC).isoformat()


@dataclass
class Record:
    code: str
    node: dict = field(default_factory=dict)  # node transition seq → (action, at, actor)
    province: list = field(default_factory=list)  # (action, at, actor)


class Driver:
    """The people at the counter and at the province, through the APIs; keeps the ledger of what
    each side confirmed."""

    def __init__(self, cluster: Cluster, config: Config) -> None:
        self.c, self.config = cluster, config
        self.rng = random.Random(config.seed)
        self.ledger: dict[str, Record] = {}
        self.tokens = cluster.setup["tokens"]
        self.node_token = ""
        self.n = 0
        self.procedure = cluster.setup["procedure"]

    def _retry(self, base_fn, deadline: float = 90):
        end = time.monotonic() + deadline
        while True:
            try:
                status, body = base_fn()
            except Unreachable:
                status, body = None, None
            if status is not None and 200 <= status < 300 and body is None:
                # A success without its JSON body: the answer was cut (seen once in CI on PostgreSQL,
                # not reproduced). Every call carries an idempotency key, so asking again returns the
                # same answer — what a real client does; a body that never comes still times out below.
                print(f"[retry] {status} without a body")
                status = None
            if status is not None and status < 500:
                return status, body
            if time.monotonic() > end:
                raise TimeoutError(f"no answer: {status} {body}")
            time.sleep(0.2)

    def node(self, method, path, body=None, key=None):
        return self._retry(lambda: call(self.c.node.url, self.node_token, method, path, body, key=key))

    def province(self, user, method, path, body=None, key=None):
        return self._retry(lambda: call(self.c.central.url, self.tokens[user], method, path, body, key=key))

    def _note_node(self, detail: dict, action: str) -> None:
        record = self.ledger.setdefault(str(detail["uid"]), Record(detail["code"]))
        t = [t for t in detail["timeline"] if t["action"] == action][-1]
        record.node[t["seq"]] = (action, _moment(t["at"]), "binh")

    def intake(self) -> None:
        i = self.n = self.n + 1
        body = {
            "centre": "29410", "procedure": self.procedure, "decision": "receive",
            "applicant": {"kind": "citizen", "id_number": f"0860{self.config.seed % 100:02d}{i:06d}",
                          "name": f"Nguyễn Văn Số {i}", "phone": "0912345678"},
            "documents": [{"document": 1}],
        }
        status, detail = self.node("POST", "/api/v1/dossiers", body, key=f"fault-{self.config.seed}-intake-{i}")
        assert status == 201, detail
        self._note_node(detail, "receive")

    def node_action(self, uid: str, action: str, body: dict) -> tuple[int, dict]:
        code = self.ledger[uid].code
        status, detail = self.node("POST", f"/api/v1/dossiers/{code}/actions/{action}", body,
                                   key=f"fault-{self.config.seed}-{action}-{uid}")
        if status == 200:
            self._note_node(detail, action)
        return status, detail

    def province_action(self, uid: str, user: str, action: str, body: dict) -> tuple[int, dict]:
        code = self.ledger[uid].code
        status, detail = self.province(user, "POST", f"/api/v1/dossiers/{code}/actions/{action}", body,
                                       key=f"fault-{self.config.seed}-p-{action}-{uid}")
        if status == 200:
            t = [t for t in detail["timeline"] if t["action"] == action][-1]
            entry = (action, _moment(t["at"]), user)
            if entry not in self.ledger[uid].province:
                self.ledger[uid].province.append(entry)
        return status, detail

    def stage_at(self, where: str, uid: str) -> str | None:
        code = self.ledger[uid].code
        if where == "node":
            status, detail = self.node("GET", f"/api/v1/dossiers/{code}")
        else:
            status, detail = self.province("quan", "GET", f"/api/v1/dossiers/{code}")
        return detail["stage"] if status == 200 else None

    def _last_node_stage(self, uid):
        actions = [a for a, _at, _actor in self.ledger[uid].node.values()]
        if "return_result" in actions:
            return "returned"
        if "transfer" in actions:
            return "transferred"
        return "accepted"


class Chaos:
    """Kills and restarts processes at random moments; restarts anything that died (crash points)."""

    def __init__(self, cluster: Cluster, rng: random.Random, crash: bool) -> None:
        self.c, self.rng, self.crash = cluster, rng, crash
        self.stop = threading.Event()
        self.kills: Counter = Counter()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def env(self, proc) -> dict:
        if not self.crash:
            return {}
        seed = f"{self.rng.random()}-{proc.starts}"
        points = {"central-server": "central.after_apply:0.08",
                  "node-worker": "node.before_ack:0.15,node.mid_mirror:0.03"}.get(proc.name)
        return {"MOTCUA_COUNTERSYNC_CRASH": points, "MOTCUA_COUNTERSYNC_CRASH_SEED": seed} if points else {}

    def revive(self) -> None:
        c = self.c
        if not c.central_server.alive():
            c.start_central(**self.env(c.central_server))
        if not c.node_server.alive():
            c.start_node()
        if not c.node_worker.alive():
            c.node_worker.start(**self.env(c.node_worker))

    def _run(self) -> None:
        procs = [self.c.node_server, self.c.node_worker, self.c.central_server]
        while not self.stop.wait(self.rng.uniform(0.2, 1.0)):
            victim = self.rng.choice(procs)
            victim.kill()
            self.kills[victim.name] += 1
            time.sleep(self.rng.uniform(0, 0.6))
            self.revive()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=60)
        self.crash = False  # the rest of the round runs without crash points
        for proc in (self.c.central_server, self.c.node_worker):
            proc.kill()
        self.revive()


def _node_status(cluster: Cluster) -> dict:
    import json

    result = cluster.node.manage("counter-node", "status", check=False)
    return json.loads(result.stdout.strip().splitlines()[-1])


T_START = [0.0]


def log(message: str) -> None:
    print(f"[{time.monotonic() - T_START[0]:6.1f}s] {message}", flush=True)


def run_scenario(cluster: Cluster, config: Config) -> dict:
    T_START[0] = time.monotonic()
    c = cluster
    driver = Driver(c, config)
    rng = driver.rng
    c.start_central()
    # the sync API answers only to a registered node's key
    assert call(c.central.url, "wrong", "GET", "/counter-sync/api/v1/ping")[0] == 401
    status, body = call(c.central.url, c.setup["tokens"]["son"], "GET", "/counter-sync/api/v1/ping")
    assert status == 403 and body["error"]["code"] == "not_a_counter_node"
    status, body = call(c.central.url, c.setup["node_token"], "GET", "/counter-sync/api/v1/ping")
    assert (status, body["node"], body["centre"]) == (200, 1, "29410")
    log("central up")
    c.node.manage("counter-node", "sync", "--once")  # staff accounts, calendar, catalogue from the province
    log("first sync done")
    driver.node_token = c.node.probe("node-token")["token"]
    c.start_node()
    c.node_worker.start()
    conflict_uid = None
    kills: Counter = Counter()

    for round_no in range(config.rounds):
        # 1. intake (and transfers) under fire
        chaos = Chaos(c, rng, crash=config.chaos)
        with chaos if config.chaos else _nothing():
            end, done = time.monotonic() + config.chaos_seconds, 0
            while done < config.intakes or time.monotonic() < end:
                driver.intake()
                done += 1
                time.sleep(rng.uniform(0.1, 0.4))  # people at a counter, not a load test
                accepted = [u for u in driver.ledger if driver._last_node_stage(u) == "accepted" and u != conflict_uid]
                if accepted and rng.random() < 0.6:
                    driver.node_action(rng.choice(accepted), "transfer", {"note": "Chuyển Văn phòng"})
        kills += chaos.kills

        log("round intakes done")
        # 2. cut the link: the province is down, the counter keeps receiving
        c.central_server.kill()
        driver.intake()
        driver.intake()
        assert _wait(lambda: _node_db(c, "select last_attempt_ok from countersync_nodestate") == [(0,)], 20)
        status = _node_status(c)  # what the counter screens show
        assert not status["online"] and status["pending"] >= 2, status
        c.start_central()

        log("cut link done")
        # 3. processing at the province, return of the result at the node
        transferred = [u for u in driver.ledger if driver._last_node_stage(u) == "transferred" and u != conflict_uid]
        for uid in rng.sample(transferred, k=min(len(transferred), 2)):
            if _wait(lambda uid=uid: driver.stage_at("province", uid) == "transferred", 60) is None:
                raise AssertionError(f"{uid} never reached the province")
            driver.province_action(uid, "thu", "assign", {"assignee": "son"})
            driver.province_action(uid, "son", "complete_step", {"note": "Đủ điều kiện"})
            driver.province_action(uid, "thu", "approve", {"note": ""})
            status, detail = driver.province_action(uid, "thu", "issue_result", {"result_reference": "KQ"})
            assert status == 200 and detail["stage"] == "done", detail
            assert _wait(lambda uid=uid: driver.stage_at("node", uid) == "done", 60), "the node never saw the result"
            status, detail = driver.node_action(uid, "return_result", {"method": "counter", "recipient": "Chính chủ"})
            assert status == 200, detail

        log("processing done")
        # 4. a conflict: the node transfers what the province has cancelled meanwhile
        if round_no == 0:
            conflict_uid = next(u for u in driver.ledger if driver._last_node_stage(u) == "accepted")
            assert _wait(lambda uid=conflict_uid: driver.stage_at("province", uid) == "accepted", 60)
            c.node_worker.kill()
            status, _ = driver.node_action(conflict_uid, "transfer", {"note": "Chuyển (mất kết nối)"})
            assert status == 200
            status, _ = driver.province_action(conflict_uid, "quan", "cancel", {"reason": "Nhập trùng"})
            assert status == 200
            c.node_worker.start()

    log("rounds done")
    # 5. the whole journal again, shuffled, twice
    entries = c.node.probe("wire")["entries"]
    replay = entries * 2
    rng.shuffle(replay)
    for chunk in (replay[: len(replay) // 3], replay[len(replay) // 3:]):
        status, body = call(c.central.url, c.setup["node_token"], "POST", "/counter-sync/api/v1/journal",
                            {"entries": chunk}, timeout=120)
        assert status == 200, body
        assert not [r for r in body["results"] if r["state"] == "rejected"], body

    log("replay done")
    # 6. converge: everything up, no crash points
    for proc in (c.central_server, c.node_worker):
        proc.kill()
    c.start_central()
    if not c.node_server.alive():
        c.start_node()
    c.node_worker.start()
    facts = _wait(lambda: _converged(c, driver), 120, interval=1)
    assert facts, "did not converge:\n" + c.node_worker.log_tail()
    log("converged")
    c.central.probe("drain")
    central, node = c.central.probe("facts"), c.node.probe("facts")
    log("drained and facts")
    _check(driver, central, node, conflict_uid, c)
    starts = {p.name: p.starts for p in (c.central_server, c.node_server, c.node_worker)}
    report = {"dossiers": len(driver.ledger), "entries": len(entries), "kills": dict(kills), "starts": starts,
              "conflicts": len(central["conflicts"])}
    log(f"report {report}")
    return report


class _nothing:
    kills: Counter = Counter()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _wait(predicate, timeout: float, interval: float = 0.3):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def _node_db(c: Cluster, sql: str) -> list:
    import sqlite3

    uri = f"file:{c.node.root / 'motcua.sqlite3'}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=10)) as db:
        return db.execute(sql).fetchall()


def _converged(c: Cluster, driver: Driver):
    if _node_db(c, "select count(*) from countersync_journalentry where acked_at is null") != [(0,)]:
        return None
    node, central = c.node.probe("facts"), c.central.probe("facts")
    if any(not e["acked"] for e in node["journal"].values()):
        return None
    if any(e["state"] not in ("applied", "conflict") for e in central["received"].values()):
        return None
    for uid in driver.ledger:
        if uid not in central["dossiers"] or node["dossiers"][uid]["digest"] != central["dossiers"][uid]["digest"]:
            return None
    return node, central


def _node_of(code: str) -> int:
    return int(code.rsplit("-", 1)[1]) // 10_000


def _check(driver: Driver, central: dict, node: dict, conflict_uid: str, c: Cluster) -> None:
    ledger = driver.ledger
    # every dossier the node confirmed is at the node, and exactly once at the province with its code
    assert set(node["dossiers"]) >= set(ledger)
    node_made = {u for u, d in node["dossiers"].items() if d["code"] and _node_of(d["code"]) == 1}
    assert node_made == set(ledger), "the node holds dossiers nobody confirmed, or lost some"
    for uid, record in ledger.items():
        assert central["dossiers"][uid]["code"] == record.code
    codes = [d["code"] for d in central["dossiers"].values() if d["code"]]
    assert len(codes) == len(set(codes))
    assert sum(1 for code in codes if _node_of(code) == 1) == len(ledger)

    # every journal entry received exactly once, applied or the one flagged conflict
    assert set(central["received"]) == set(node["journal"])
    conflicts = central["conflicts"]
    assert [(x["action"], x["error_code"], x["status"], x["dossier_uid"]) for x in conflicts] == [
        ("transfer", "transition_not_allowed", "open", conflict_uid)
    ]
    flagged = {x["entry"] for x in conflicts}
    assert all(e["state"] == "applied" for k, e in central["received"].items() if k not in flagged)
    assert all(node["journal"][k]["ack_state"] == "conflict" for k in flagged)

    # each history: the node's actions (minus the flagged one) and the province's, nothing twice
    flagged_actions = {(node["journal"][k]["action"], _moment(node["journal"][k]["at"]), node["journal"][k]["actor"])
                       for k in flagged}
    for uid, record in ledger.items():
        history = [(a, _moment(at), actor) for _seq, a, at, actor in central["dossiers"][uid]["transitions"]]
        node_actions = [
            v for _seq, v in sorted(record.node.items()) if not (uid == conflict_uid and v in flagged_actions)
        ]
        assert Counter(history) == Counter(node_actions + record.province), uid
        from_node = [h for h in history if h[2] == "binh"]
        assert from_node == node_actions, f"{uid}: the node's order is kept"
        assert node["dossiers"][uid]["digest"] == central["dossiers"][uid]["digest"]  # the node follows the province
    assert central["dossiers"][conflict_uid]["stage"] == "cancelled"

    # audit chains
    for site in (c.central, c.node):
        result = site.manage("audit", "verify", check=False)
        assert result.returncode == 0, result.stdout + result.stderr

    # the national-portal stand-in: one record per dossier with a code, in its final state
    with_code = {d["code"]: d for d in central["dossiers"].values() if d["code"]}
    assert set(central["portal"]) == set(with_code)
    for code, record in central["portal"].items():
        assert record["status"] == with_code[code]["status"], code
    assert central["outbox_pending"] == 0


# --- the tests ---------------------------------------------------------------------------------------


@pytest.fixture
def cluster(tmp_path, templates, request):
    backend = request.param
    _backend_or_skip(backend)
    c = Cluster(tmp_path, templates, backend)
    yield c
    c.close()


@pytest.mark.parametrize("cluster", BACKENDS, indirect=True)
def test_every_counter_dossier_reaches_the_province_exactly_once(cluster):
    """Quick variant (``make test``): two rounds, a dozen intakes, random kills of every process."""
    report = run_scenario(cluster, Config(seed=20260801, rounds=2, intakes=6, chaos_seconds=5))
    assert report["dossiers"] >= 16


@pytest.mark.slow
@pytest.mark.parametrize("cluster", BACKENDS, indirect=True)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_soak_every_counter_dossier_reaches_the_province_exactly_once(cluster, seed):
    """Long variant (``make soak``): more rounds and intakes per seed."""
    report = run_scenario(cluster, Config(seed=seed, rounds=6, intakes=15, chaos_seconds=20))
    assert report["dossiers"] >= 100
