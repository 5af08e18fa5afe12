"""A fortnight at Phú Khương, through the real services: every path a dossier can take.

Used by the aggregate tests: the figures the aggregates give for a period must equal what a scan of
the dossier table gave at the end of that period (``naive.naive_figures`` recorded at the time),
and a rebuild must leave exactly the rows the incremental path wrote.

Working days of March 2026 (no day off): Mon 2 – Fri 6, Mon 9 – Fri 13, Mon 16 – Fri 20.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from motcua.dossiers import services as s
from motcua.dossiers.access import CitizenPrincipal
from motcua.dossiers.services import MissingItem, Upload
from motcua.lib import clock

from .conftest import CITIZEN, applicant, at, docs

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FIRST_DAY, LAST_DAY = dt.date(2026, 3, 2), dt.date(2026, 3, 20)


class Story:
    def __init__(self, world):
        self.w = world
        self.d: dict[str, object] = {}
        self.events: list[tuple[dt.datetime, int, object]] = []

    def on(self, moment: dt.datetime, action) -> None:
        self.events.append((moment, len(self.events), action))

    def run(self, checkpoint=None) -> None:
        """Play the events in time order; ``checkpoint(day)`` after the last event of every day."""
        days = [FIRST_DAY + dt.timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]
        for moment, _order, action in sorted(self.events, key=lambda e: (e[0], e[1])):
            while checkpoint and days and days[0] < moment.date():
                with clock.frozen(dt.datetime.combine(days[0], dt.time(23, 59), clock.BUSINESS_TZ)):
                    checkpoint(days.pop(0))
            with clock.frozen(moment):
                action()
        while checkpoint and days:
            with clock.frozen(dt.datetime.combine(days[0], dt.time(23, 59), clock.BUSINESS_TZ)):
                checkpoint(days.pop(0))

    # --- helpers ------------------------------------------------------------------------------------

    def receive(self, name, moment, procedure=None, n=0, **kw):
        p = self.w.p

        def act():
            self.d[name] = s.receive_dossier(
                kw.pop("actor", p.lan), centre=kw.pop("centre", p.phu_khuong),
                procedure=procedure or self.w.c.khai_sinh, applicant=applicant(n),
                documents=kw.pop("documents", docs(1, 2)), **kw,
            )

        self.on(moment, act)

    def then(self, name, moment, fn, *args, **kw):
        def act():
            self.d[name] = fn(self.d[name], *args, **kw)

        self.on(moment, act)

    def process(self, name, start, done, *, specialist=None, approver=None):
        """transfer → assign → step → approve at ``start`` (+minutes), issue at ``done``."""
        p = self.w.p
        specialist, approver = specialist or p.minh, approver or p.hoa
        self.then(name, start, s.transfer_dossier, p.lan)
        self.then(name, start + dt.timedelta(minutes=5), s.assign_dossier, specialist, assignee=specialist)
        self.then(name, done - dt.timedelta(minutes=20), s.complete_step, specialist)
        self.then(name, done - dt.timedelta(minutes=10), s.approve_dossier, approver)
        self.then(name, done, s.issue_result, approver)


def fortnight(world) -> Story:
    p, c = world.p, world.c
    st = Story(world)
    missing = [MissingItem(2, "Bản chụp không rõ")]

    # d1 — early: 3 days from Mon 08:00 (due Thu 08:00), done Tue; a scan makes it digitised.
    st.receive("d1", at(2, 8), n=1)
    st.then("d1", at(2, 8, 30), lambda d: (s.attach_scan(d, p.lan, document_id=d.documents.first().pk,
                                                         upload=Upload("a.pdf", PDF)), d)[1])
    st.then("d1", at(2, 8, 31), lambda d: (s.attach_scan(d, p.lan, document_id=d.documents.last().pk,
                                                         upload=Upload("b.pdf", PDF)), d)[1])
    st.process("d1", at(2, 9), at(3, 10))
    st.then("d1", at(4, 9), s.return_result, p.lan, method="counter")
    # d2 — on time: due Thu 5 09:00, done Thu 5 08:40.
    st.receive("d2", at(2, 9), n=2)
    st.process("d2", at(2, 9, 30), at(5, 8, 40))
    # d3 — restart policy: supplement Tue 3, still waiting at the end of week 1 (rule 5: resolved
    # then, classified at the request), complete Mon 9 → full 5 days again, done Fri 13.
    st.receive("d3", at(2, 10), c.ket_hon, n=3)
    st.then("d3", at(2, 10, 30), s.transfer_dossier, p.lan)
    st.then("d3", at(2, 11), s.assign_dossier, p.minh, assignee=p.minh)
    st.then("d3", at(3, 9), s.request_supplement, p.minh, items=missing)
    st.then("d3", at(9, 10), s.receive_supplement, p.lan)
    st.then("d3", at(13, 9), s.complete_step, p.minh)
    st.then("d3", at(13, 9, 30), s.approve_dossier, p.hoa)
    st.then("d3", at(13, 10), s.issue_result, p.hoa)
    # d4 — two supplement requests: late whatever the times (rule 4); waiting at the end of week 2.
    st.receive("d4", at(2, 14), n=4)
    st.then("d4", at(2, 14, 30), s.transfer_dossier, p.lan)
    st.then("d4", at(2, 15), s.assign_dossier, p.minh, assignee=p.minh)
    st.then("d4", at(3, 8), s.request_supplement, p.minh, items=missing)
    st.then("d4", at(4, 8), s.receive_supplement, p.lan)
    st.then("d4", at(10, 8), s.request_supplement, p.minh, items=missing)
    st.then("d4", at(16, 8), s.receive_supplement, p.lan)
    st.then("d4", at(17, 9), s.complete_step, p.minh)
    # d5 — land (8 days): financial obligation Wed 4 → Tue 10 (clock stopped), done Mon 16: late.
    st.receive("d5", at(2, 15), c.dat_dai, n=5)
    st.then("d5", at(2, 15, 30), s.transfer_dossier, p.lan)
    st.then("d5", at(2, 16), s.assign_dossier, world.dat, assignee=world.dat)
    st.then("d5", at(4, 10), s.complete_step, world.dat)
    st.then("d5", at(4, 11), s.approve_dossier, world.duyen)
    st.then("d5", at(4, 14), s.request_financial_obligation, world.duyen, reason="Lệ phí trước bạ",
            amount=Decimal("500000"))
    st.then("d5", at(10, 9), s.confirm_financial_obligation, p.lan)
    st.then("d5", at(19, 9), s.issue_result, world.duyen)
    # d6 — withdrawal on Wed 4, stopped Thu 5.
    st.receive("d6", at(3, 8), n=6)
    st.then("d6", at(3, 8, 30), s.transfer_dossier, p.lan)
    st.then("d6", at(4, 9), s.request_withdrawal, p.lan, reason="Công dân xin rút")
    st.then("d6", at(5, 9), s.stop_dossier, p.lan, reason="Theo yêu cầu")
    # d7 — refused by the agency after the deadline (late).
    st.receive("d7", at(3, 9), n=7)
    st.then("d7", at(3, 9, 30), s.transfer_dossier, p.lan)
    st.then("d7", at(3, 10), s.assign_dossier, p.minh, assignee=p.minh)
    st.then("d7", at(11, 10), s.refuse_resolution, p.minh, reasons=["Không đủ điều kiện"])
    # d8 — online, accepted Tue 3 evening (clock from Wed 07:00), never finished: overdue later.
    principal = CitizenPrincipal(kind="citizen", id_number=applicant(8).id_number, eid_level=2)

    def submit_d8():
        st.d["d8"] = s.submit_dossier(principal, centre=p.phu_khuong, procedure=c.khai_sinh, applicant=applicant(8),
                                      eid_level=2, documents=docs(1, 2, supplied_as="electronic"))

    st.on(at(3, 20), submit_d8)
    st.then("d8", at(4, 7, 30), s.accept_dossier, p.lan)
    st.then("d8", at(4, 8), s.transfer_dossier, p.lan)
    # d9 — online, refused at intake.
    principal9 = CitizenPrincipal(kind="citizen", id_number=applicant(9).id_number, eid_level=2)

    def submit_d9():
        st.d["d9"] = s.submit_dossier(principal9, centre=p.phu_khuong, procedure=c.khai_sinh, applicant=applicant(9),
                                      eid_level=2)

    st.on(at(4, 21), submit_d9)
    st.then("d9", at(5, 8), s.refuse_intake, p.lan, reasons=["Không thuộc thẩm quyền"])
    # d10 — same day, after the 15:00 cut-off: due end of next working day; done at once.
    st.receive("d10", at(5, 16), c.chung_thuc, n=10)
    st.then("d10", at(5, 16, 5), s.complete_same_day, p.lan)
    # d11 — cancelled by the administrator (entered twice).
    st.receive("d11", at(6, 8), n=11)
    st.then("d11", at(6, 9), s.cancel_dossier, p.quan, reason="Nhập trùng")
    # d12 — provincial criminal-record certificate received at the commune (boundary-free), 10 days.
    st.receive("d12", at(6, 10), c.ly_lich, n=12)
    st.process("d12", at(6, 10, 30), at(18, 9), specialist=world.hung, approver=world.phuong)
    # d13 — received Mon 16, still in progress within time at the end.
    st.receive("d13", at(16, 9), c.dat_dai, n=13)
    st.then("d13", at(16, 9, 30), s.transfer_dossier, p.lan)
    # d14 — a supplement requested Wed 18, still waiting at the end (one request: resolved, early).
    st.receive("d14", at(16, 10), n=14)
    st.then("d14", at(16, 10, 30), s.transfer_dossier, p.lan)
    st.then("d14", at(16, 11), s.assign_dossier, p.minh, assignee=p.minh)
    st.then("d14", at(17, 9), s.request_supplement, p.minh, items=missing)
    # d15 — received on a Saturday morning session (clock from Monday), done Tuesday: early.
    st.receive("d15", at(7, 9), n=15)
    st.process("d15", at(9, 8), at(10, 9))
    return st


__all__ = ["CITIZEN", "Story", "fortnight"]
