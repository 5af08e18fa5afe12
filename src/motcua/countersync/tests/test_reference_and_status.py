"""The reference bundle, the node's push bookkeeping, the sync API and the status indicator.

Issue 8 §1: the node "pulls catalogue/calendar updates"; "the screens show clearly whether the node
is online, how many entries wait, and when the last sync succeeded".
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.test import Client

from motcua.catalog.models import VersionOrigin, VersionStatus
from motcua.catalog.services import create_draft_version, publish_version
from motcua.countersync import node, reference
from motcua.countersync.client import CentralUnreachable
from motcua.countersync.models import EntryState, JournalEntry, NodeState
from motcua.countersync.templatetags.countersync import status_context
from motcua.dossiers.tests.conftest import T0, receive
from motcua.lib import clock
from motcua.org.models import Department, Posting, Role, User
from motcua.worktime.models import CalendarChange, CalendarDay, CalendarRevision

pytestmark = pytest.mark.django_db


class _State:
    staff: list = []

    def save(self, **kwargs):
        pass


def _sections(registration, have=None):
    with clock.frozen(T0):
        return reference.build_bundle(registration, have or {})["sections"]


def test_unchanged_sections_are_not_sent_again(registration):
    first = _sections(registration)
    assert set(first) == set(reference.SECTIONS) and all("data" in s for s in first.values())
    again = _sections(registration, {name: s["hash"] for name, s in first.items()})
    assert all("data" not in s for s in again.values())


def test_staff_of_the_centre_come_with_their_postings_and_passwords(world, registration):
    staff = _sections(registration)["staff"]["data"]["users"]
    names = {u["username"] for u in staff}
    assert {"lan", "tuan", "minh", "hoa", "cuong"} <= names  # counter, director, the office's people
    assert "binh" not in names and "khoa" not in names  # other centres
    lan = next(u for u in staff if u["username"] == "lan")
    assert lan["password"].startswith("md5$") or "$" in lan["password"]  # a hash, never a password
    # on the node: accounts and postings as at the province; someone who left is deactivated
    User.objects.filter(username="lan").update(full_name="?", is_active=False)
    Posting.objects.filter(user__username="lan").delete()
    kept = reference.apply_staff({"users": staff}, previous=["lan", "someone-who-left"])
    User.objects.create_user(username="someone-who-left", password="x" * 12)
    reference.apply_staff({"users": staff}, previous=[*kept, "someone-who-left"])
    lan_here = User.objects.get(username="lan")
    assert lan_here.is_active and lan_here.full_name == "Nguyễn Thị Lan" and lan_here.check_password("motcua-test-123")
    assert Posting.objects.filter(user=lan_here, role=Role.COUNTER_OFFICER).exists()
    assert not User.objects.get(username="someone-who-left").is_active


def test_a_calendar_change_reaches_the_node_through_the_change_log(world, registration):
    data = _sections(registration)["calendar"]["data"]
    day = CalendarDay.objects.filter(province_code="86", date__year=2026).order_by("date").first()
    token = CalendarRevision.objects.get(province_code="86").token
    day.delete()  # the node missed it
    assert reference.apply_calendar(data, "28756") == 1
    assert CalendarDay.objects.filter(province_code="86", date=day.date).exists()
    assert CalendarChange.objects.filter(action=CalendarChange.Action.DAY_ADDED, date=day.date).exists()
    assert CalendarRevision.objects.get(province_code="86").token != token  # cached calendars rebuilt
    assert reference.apply_calendar(data, "28756") == 0  # idempotent


def test_a_version_published_at_the_province_reaches_the_node(world, registration):
    procedure = world.c.ket_hon
    with clock.frozen(T0):
        draft = create_draft_version(procedure, world.p.quan)
        publish_version(draft, T0 + dt.timedelta(days=1), world.p.quan)
    data = _sections(registration)["catalogue"]["data"]
    mine = [(v["number"], v["status"]) for v in data["versions"] if v["procedure"] == procedure.code]
    assert mine == [(1, "retired"), (2, "published")]
    # the node only has version 1, still published
    new = procedure.versions.get(number=2)
    for model in reference.PART_MODELS.values():
        model.objects.filter(version=new).delete()
    type(new).objects.filter(pk=new.pk).delete()
    type(new).objects.filter(procedure=procedure, number=1).update(status=VersionStatus.PUBLISHED, valid_until=None)
    assert reference.apply_catalogue(data) == 2
    versions = {v.number: v for v in procedure.versions.all()}
    assert versions[1].status == VersionStatus.RETIRED and versions[2].status == VersionStatus.PUBLISHED
    assert versions[2].origin == VersionOrigin.MANUAL and versions[2].required_documents.count() == 2
    assert versions[2].duration_for_channel("direct") == "5d"
    assert reference.apply_catalogue(data) == 0


def test_offices_and_their_sectors_follow_the_province(world, registration):
    data = _sections(registration)["org"]["data"]
    Department.objects.filter(code="28756-vp").update(sectors=[])
    reference.apply_org(data)
    assert "Hộ tịch" in Department.objects.get(code="28756-vp").sectors


# --- push bookkeeping ------------------------------------------------------------------------------


class FakeCentral:
    """Answers like the province: given states, or no answer at all (the link drops)."""

    def __init__(self, answer=None, fail=False):
        self.answer, self.fail, self.sent = answer, fail, []

    def upload_file(self, *args):
        pass

    def push(self, entries):
        self.sent.append([e["seq"] for e in entries])
        if self.fail:
            raise CentralUnreachable("connection reset")
        return [{"id": e["id"], "state": self.answer(e), "detail": "", "dossier_code": e["dossier_code"]}
                for e in entries]


def test_only_final_answers_stop_an_entry_from_being_sent(world, roles):
    roles.node()
    with clock.frozen(T0):
        for i in range(3):
            receive(world, applicant=_person(f"08609000000{i}"))
    states = iter([EntryState.APPLIED, EntryState.HELD, EntryState.CONFLICT])
    assert node.push(FakeCentral(lambda e: next(states))) == (3, 2)
    pending = JournalEntry.objects.get(acked_at__isnull=True)
    assert (pending.ack_state, pending.attempts) == ("held", 1)
    with pytest.raises(CentralUnreachable):  # the answer is lost: nothing is marked, all is sent again
        node.push(FakeCentral(fail=True))
    client = FakeCentral(lambda e: EntryState.APPLIED)
    assert node.push(client) == (1, 1) and client.sent == [[pending.seq]]


def test_a_committed_journal_entry_wakes_the_sync_worker(world, roles, monkeypatch, django_capture_on_commit_callbacks):
    """The province sees a counter dossier within seconds, not after up to MOTCUA_SYNC_INTERVAL."""
    roles.node()
    cycles = threading.Semaphore(0)
    outcomes = iter([True, False])  # the second cycle fails: the link went down

    def fake_cycle(client=None):
        cycles.release()
        return node.SyncReport(ok=next(outcomes, False))

    def commit_an_entry(applicant_id):
        with clock.frozen(T0), django_capture_on_commit_callbacks(execute=True):
            receive(world, applicant=_person(applicant_id))
            assert not cycles.acquire(timeout=1)  # not before the commit: a rollback has nothing to send

    monkeypatch.setattr(node, "sync_once", fake_cycle)
    stop = threading.Event()
    worker = threading.Thread(target=node.run_worker, args=(stop,), kwargs={"interval": 3600}, daemon=True)
    worker.start()
    try:
        assert cycles.acquire(timeout=10)  # the first cycle, at start
        assert not cycles.acquire(timeout=1)  # nothing committed: the worker waits (an hour here)
        commit_an_entry("086090000001")
        assert cycles.acquire(timeout=10)  # woken by the commit, long before the interval
        commit_an_entry("086090000002")  # … but that cycle failed: an outage is probed at the interval's pace
        assert not cycles.acquire(timeout=1)
        assert JournalEntry.objects.filter(acked_at__isnull=True).count() == 2
    finally:
        stop.set()
        worker.join(10)
    assert not worker.is_alive()  # ``stop`` is noticed while waiting


def _person(id_number):
    from motcua.dossiers.tests.conftest import applicant

    return applicant(id_number=id_number, name=f"Người {id_number[-2:]}")


def test_a_failed_cycle_turns_the_indicator_offline(world, roles, settings):
    roles.node()
    settings.COUNTER_SYNC = {**settings.COUNTER_SYNC, "CENTRAL_URL": "http://127.0.0.1:9"}
    with clock.frozen(T0):
        receive(world)
        report = node.sync_once()
        status = node.node_status()
    assert not report.ok and report.error
    assert (status.online, status.pending, status.last_success_at) == (False, 1, None)
    html = Client()
    html.force_login(world.p.lan)
    page = html.get("/counter-sync/trang-thai/").content.decode()
    assert 'data-online="0"' in page and 'data-pending="1"' in page and "Mất kết nối" in page
    NodeState.objects.filter(id=1).update(
        last_attempt_ok=True, last_contact_at=clock.now(), last_success_at=clock.now()
    )
    JournalEntry.objects.update(acked_at=clock.now(), ack_state="applied")
    page = html.get("/counter-sync/trang-thai/").content.decode()
    assert 'data-online="1"' in page and 'data-pending="0"' in page and "Đã kết nối" in page
    assert "sync-clock" not in page
    NodeState.objects.filter(id=1).update(clock_offset=-610)  # the PC's clock is ten minutes slow
    assert 'data-offset="-10"' in html.get("/counter-sync/trang-thai/").content.decode()


def test_the_province_shows_open_conflicts_to_supervisors_only(world, roles, registration):
    from motcua.countersync.models import ConflictRecord, ReceivedEntry

    roles.server()
    entry = ReceivedEntry.objects.create(
        entry_id="7d4c1d1e-0e0e-4a4a-9b9b-222222222222", node=registration, node_seq=1, kind="action",
        action="transfer", dossier_uid="7d4c1d1e-0e0e-4a4a-9b9b-333333333333", dossier_code="X", at=T0,
        actor="lan", payload={"args": {"note": "n"}}, state="conflict",
    )
    ConflictRecord.objects.create(entry=entry, dossier_uid=entry.dossier_uid, dossier_code="X", action="transfer",
                                  error_code="transition_not_allowed", message="đã huỷ")
    assert status_context(world.p.giang)["cs"].open_conflicts == 1
    assert status_context(world.p.tuan)["cs"].open_conflicts == 1  # the centre's director sees his node's
    assert status_context(world.p.lan)["cs"].open_conflicts == 0
    client = Client()
    client.force_login(world.p.giang)
    page = client.get("/counter-sync/xung-dot/").content.decode()
    assert "transition_not_allowed" in page and "đã huỷ" in page
    client.post(f"/counter-sync/xung-dot/{entry.conflict.pk}/", {"do": "close", "note": "Đã xử lý thủ công"})
    assert ConflictRecord.objects.get().status == ConflictRecord.Status.CLOSED
    lan = Client()
    lan.force_login(world.p.lan)
    assert lan.post(f"/counter-sync/xung-dot/{entry.conflict.pk}/", {"do": "close", "note": "x"}).status_code == 404


# --- the API ------------------------------------------------------------------------------------------


def test_the_sync_api_speaks_only_to_registered_nodes(world, roles, registration):
    roles.server()
    api = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {registration.token}"}
    assert api.get("/counter-sync/api/v1/ping").status_code == 401
    ping = api.get("/counter-sync/api/v1/ping", **auth).json()
    assert (ping["node"], ping["centre"]) == (3, "28756")
    from motcua.dossiers.api import create_token

    _token, lan_key = create_token(world.p.lan, "test")
    refused = api.get("/counter-sync/api/v1/ping", HTTP_AUTHORIZATION=f"Bearer {lan_key}")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_a_counter_node"
    assert api.post("/counter-sync/api/v1/journal", {"entries": []}, content_type="application/json",
                    **auth).json() == {"results": []}
    bundle = api.get("/counter-sync/api/v1/bundle", {"have": ""}, **auth).json()
    assert set(bundle["sections"]) == set(reference.SECTIONS)
    assert api.get("/counter-sync/api/v1/dossiers", {"after": 0}, **auth).json()["dossiers"] == []
    upload = api.post("/counter-sync/api/v1/files", {"sha256": "0" * 64, "file": _file(b"x")}, **auth)
    assert upload.status_code == 422  # the hash must match the content
    roles.node()
    assert api.get("/counter-sync/api/v1/ping", **auth).status_code == 409  # a node is not a province


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("scan", content, content_type="application/octet-stream")


def test_a_retired_node_is_refused_and_its_number_stays_reserved(world, roles, registration):
    from motcua.countersync import central
    from motcua.dossiers.models import AuditEntry

    roles.server()
    central.update_node(registration, name="Quầy cũ", is_active=False, by=world.p.quan)
    api = Client()
    refused = api.get("/counter-sync/api/v1/ping", HTTP_AUTHORIZATION=f"Bearer {registration.token}")
    assert refused.status_code == 403
    assert AuditEntry.objects.filter(action="countersync.node.updated").exists()
    with pytest.raises(ValueError):  # the number is never given to another centre
        central.register_node(registration.node_id, world.p.hoa_minh)
    admin = Client()
    admin.force_login(world.p.quan)
    page = admin.get(f"/admin/countersync/noderegistration/{registration.pk}/change/")
    assert page.status_code == 200
