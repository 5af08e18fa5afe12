"""From a profile and a seed to one plan per dossier — deterministic and framework-free.

A plan is what will happen to one dossier, to the minute: who files it where, for which procedure,
through which channel, and the list of service calls that follow (accept, transfer, assign, a
supplement request…, the result, its return). The driver plays plans through the real services;
the bulk writer turns them into the same rows directly.

Steps (:func:`plan_province`):

1. **Volumes** — the commune total is shared among the 124 commune centres by size (former units
   merged ×1.5 for wards; fixed centres such as Hòa Minh get their exact figures), a share of each
   commune centre's intake is provincial land registration received there (boundary-free), and the
   provincial centre receives the rest of the provincial total. Largest remainders: the totals are
   exact.
2. **Each dossier** — procedure by the level's mix (among those offering the channel when the
   channel is fixed), channel (online where the procedure offers it, postal sometimes, else
   direct), acceptance day by weekday weights (Saturday mornings at centres that open then) and
   minute by hour weights; online dossiers are submitted some hours before the acceptance.
3. **Outcome** — withdrawal, refusal by the agency, or a result; a supplement request by the
   procedure's rate (sometimes a second one: late by rule); a target class (early / on time /
   late) with a late chance proportional to the procedure's ``late_factor`` (civil status, land and
   construction carry the late dossiers).
4. **Timeline** — the appointment comes from the worktime engine exactly as the services compute
   it; the end is placed, in working time net of the waiting, before the appointment's day (early),
   on that day no later than the appointment (on time), or after it (late); the internal steps sit
   in between, the return some working time after.
5. **Calibration** — every dossier is classified as the report will see it at the end of the period
   (``ontime.classify``); per target group, late dossiers are re-planned on time (or the reverse)
   until the group's rate is the target's, rounded to the dossier. Groups are handled so that none
   disturbs another (Hòa Minh direct, Hòa Minh online, Châu Thành, the other commune centres, the
   provincial centre).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate

from motcua.dossiers.ontime import DeadlineFacts, classify
from motcua.lib.clock import BUSINESS_TZ
from motcua.worktime.engine import Duration, DurationKind

from .profile import Profile

EARLY_SHARE = 0.68  # of the dossiers finished no later than the appointment, those finished a day early or more
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ",
          "Dương", "Lý", "Thạch", "Sơn", "Kim", "Lâm", "Châu", "Đoàn", "Tô", "Cao", "Mai")
FAMILY_WEIGHT = (30, 10, 9, 7, 6, 6, 4, 3, 3, 2, 2, 2, 2, 2, 2, 3, 2, 1, 2, 1, 1, 1, 1, 1)
MIDDLE_M = ("Văn", "Minh", "Thanh", "Hoàng", "Quốc", "Hữu", "Công", "Đức", "Tấn", "Phước")
MIDDLE_F = ("Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Bích", "Hồng", "Diễm", "Phương")
GIVEN_M = ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khang", "Long", "Lộc", "Nam", "Phúc", "Quang", "Sang",
           "Tài", "Thắng", "Thành", "Tín", "Trí", "Tuấn", "Vinh", "Hiếu", "Nghĩa", "Danh", "Sóc")
GIVEN_F = ("Anh", "Châu", "Diệu", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "My", "Nga", "Ngân",
           "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thúy", "Trang", "Tuyết", "Vân", "Xuân", "Yến")
HAMLETS = ("Ấp 1", "Ấp 2", "Ấp 3", "Ấp Chợ", "Ấp Phú Hòa", "Ấp Long Bình", "Ấp Tân Lợi", "Khóm 1", "Khóm 2",
           "Ấp Mỹ Thuận", "Ấp Hòa Lợi", "Ấp Cồn Phụng")


# --- the world the planner sees (plain data, built by setup.py from the database) ----------------------


@dataclass(frozen=True)
class CentreInfo:
    code: str
    name: str
    level: str  # "province" | "commune"
    size: float  # intake weight
    saturday: bool
    counters: tuple[str, ...]  # usernames of counter officers
    place: str  # for addresses: "Xã Hòa Minh"


@dataclass(frozen=True)
class ProcedureInfo:
    code: str
    sector: str
    level: str  # competence level this procedure is simulated at: "province" | "commune"
    durations: dict[str, str | None]  # channel → engine notation ("3d", "sameday", "10cd")
    documents: int  # listed documents (the checklist takes the first one or two)


@dataclass(frozen=True)
class World:
    centres: dict[str, CentreInfo]
    provincial: str  # code of the provincial centre
    procedures: dict[str, ProcedureInfo]
    department: dict[tuple[str, str], str]  # (competent centre code, sector) → department code
    specialists: dict[str, tuple[str, ...]]  # department code → usernames
    approvers: dict[str, tuple[str, ...]]
    calendar: object  # worktime WorkCalendar of the province (default schedule)
    convention: str = "elapsed"


# --- plans ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event:
    at: dt.datetime
    action: str
    actor: str  # username, or "citizen"
    params: tuple = ()  # (("method", "counter"),) …


@dataclass(frozen=True)
class Person:
    id_number: str
    name: str
    phone: str
    address: str


@dataclass
class Plan:
    key: int  # generation order (deterministic)
    centre: str  # receiving centre code
    competent: str  # competent centre code
    procedure: str
    channel: str  # direct / online / postal
    accepted_at: dt.datetime
    submitted_at: dt.datetime | None
    person: Person
    documents: tuple[tuple[int, str], ...]  # (order in the published list, supplied as)
    fate: str  # "result" | "withdrawn" | "refused" | "intake_refused"
    supplements: int  # 0, 1 or 2 requests
    target: str  # early / on_time / late (wish; the timeline may have to give up "early")
    group: str  # calibration group
    late_factor: float
    seed: int
    events: list[Event] = field(default_factory=list)
    outcome: str | None = None  # the class at the end of the period (None: in progress / not received)
    received: bool = False  # accepted within the period


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BUSINESS_TZ)


def _largest_remainder(total: int, weights: dict[str, float]) -> dict[str, int]:
    mass = sum(weights.values())
    exact = {k: total * w / mass for k, w in weights.items()}
    counts = {k: math.floor(v) for k, v in exact.items()}
    rest = total - sum(counts.values())
    for k in sorted(exact, key=lambda k: (exact[k] - counts[k], k), reverse=True)[:rest]:
        counts[k] += 1
    return counts


class _Weighted:
    """Fast repeated weighted choice (cumulative weights + bisect)."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.total)]


class Planner:
    def __init__(self, profile: Profile, world: World, seed: int):
        self.p, self.w, self.seed = profile, world, seed
        self.cal = world.calendar
        self.rng = random.Random(seed)
        self.end_moment = local(profile.end + dt.timedelta(days=1), 0)  # the report moment (end of period)
        self.start_moment = local(profile.start, 0, 5)
        self._durations: dict[tuple[str, str], Duration] = {}
        self._days = self._reception_days()
        self._mixes: dict[tuple, _Weighted] = {}
        self._day_pick: dict[bool, _Weighted] = {}
        self._hour_pick: dict[bool, _Weighted] = {}
        self._family_cum = list(accumulate(FAMILY_WEIGHT))

    # --- calendar helpers ---------------------------------------------------------------------

    def duration(self, code: str, channel: str) -> Duration:
        key = (code, channel)
        if key not in self._durations:
            self._durations[key] = Duration.parse(self.w.procedures[code].durations[channel])
        return self._durations[key]

    def wm(self, a: dt.datetime, b: dt.datetime) -> int:
        return self.cal.working_minutes_between(a, b)

    def add(self, a: dt.datetime, minutes: int) -> dt.datetime:
        return self.cal.add_working_minutes(a, max(0, int(minutes)))

    def _reception_days(self) -> dict[str, list[dt.date]]:
        days = {"weekday": [], "saturday": []}
        day = self.p.start
        while day <= self.p.end:
            if self.cal.is_working_day(day):
                days["weekday"].append(day)
            elif day.weekday() == 5:
                days["saturday"].append(day)
            day += dt.timedelta(days=1)
        return days

    # --- 1. volumes -----------------------------------------------------------------------------

    def volumes(self) -> list[tuple[str, str, str | None, int]]:
        """[(centre, competence level, fixed channel or None, count)] with exact totals."""
        p, w = self.p, self.w
        communes = {c.code: c for c in w.centres.values() if c.level == "commune"}
        fixed_total = sum(sum(ch.values()) for ch in p.fixed_centres.values())
        free = {code: c.size for code, c in communes.items() if code not in p.fixed_centres}
        shares = _largest_remainder(p.commune_total - fixed_total, free)
        result = []
        boundary_free = 0
        for code in sorted(communes):
            if code in p.fixed_centres:
                for channel, n in sorted(p.fixed_centres[code].items()):
                    result.append((code, "commune", channel, n))
                continue
            n = shares[code]
            provincial = round(n * p.boundary_free_share)
            boundary_free += provincial
            result.append((code, "commune", None, n - provincial))
            result.append((code, "province", None, provincial))
        result.append((w.provincial, "province", None, p.provincial_total - boundary_free))
        return result

    # --- 2. one dossier ---------------------------------------------------------------------------

    def _mix(self, level: str, channel: str | None, boundary_free: bool) -> _Weighted:
        key = (level, channel, boundary_free)
        cache = self._mixes
        if key not in cache:
            mix = self.p.provincial_mix if level == "province" else self.p.commune_mix
            items = [
                m for m in mix
                if m.code in self.w.procedures
                and (not boundary_free or m.code in self.p.boundary_free_codes)
                and (channel is None or self.w.procedures[m.code].durations.get(channel))
            ]
            cache[key] = _Weighted(items, [m.weight for m in items])
        return cache[key]

    def _channel(self, code: str, level: str, rng: random.Random) -> str:
        durations = self.w.procedures[code].durations
        if durations.get("online") and rng.random() < self.p.online_share[level]:
            return "online"
        if durations.get("postal") and rng.random() < self.p.postal_share:
            return "postal"
        if durations.get("direct"):
            return "direct"
        return "online" if durations.get("online") else "postal"

    def _acceptance(self, centre: CentreInfo, channel: str, rng: random.Random) -> dt.datetime:
        p = self.p
        saturday = centre.saturday and channel != "online"
        days = self._days["weekday"] + (self._days["saturday"] if saturday else [])
        cache = self._day_pick
        if saturday not in cache:
            weights = [
                p.weekday_weight[d.weekday()] * (p.first_week_boost if (d - p.start).days < 7 else 1.0) for d in days
            ]
            cache[saturday] = _Weighted(days, weights)
        day = cache[saturday].pick(rng)
        hours = p.saturday_hour_weight if day.weekday() == 5 else p.hour_weight
        hour_pick = self._hour_pick
        key = day.weekday() == 5
        if key not in hour_pick:
            hour_pick[key] = _Weighted(sorted(hours), [hours[h] for h in sorted(hours)])
        hour = hour_pick[key].pick(rng)
        minute = rng.randrange(60)
        if day.weekday() == 5 and hour == 7:
            minute = 30 + rng.randrange(30)  # Saturday sessions open at 07:30
        return local(day, hour, minute)

    def _person(self, rng: random.Random, key: int, centre: CentreInfo) -> Person:
        female = rng.random() < 0.5
        family = FAMILY[bisect(self._family_cum, rng.random() * self._family_cum[-1])]
        middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
        given = rng.choice(GIVEN_F if female else GIVEN_M)
        born = rng.randrange(1950, 2007)
        century = (0 if born < 2000 else 2) + (1 if female else 0)
        province = rng.choice(("086", "083", "084"))  # Vĩnh Long, Bến Tre, Trà Vinh (birth registration)
        id_number = f"{province}{century}{born % 100:02d}{key % 1_000_000:06d}"  # unique per plan
        phone = f"0{rng.choice('3789')}{rng.randrange(10**8):08d}"
        address = f"{rng.choice(HAMLETS)}, {centre.place}, tỉnh Vĩnh Long"
        return Person(id_number, f"{family} {middle} {given}", phone, address)

    # --- 3–4. outcome and timeline ---------------------------------------------------------------

    def make(self, key: int, centre: CentreInfo, level: str, channel: str | None, group: str) -> Plan:
        rng = random.Random(self.seed * 1_000_003 + key)
        competent = centre.code if level == centre.level else self.w.provincial
        boundary_free = level == "province" and centre.level == "commune"
        mix = self._mix(level, channel, boundary_free).pick(rng)
        code = mix.code
        channel = channel or self._channel(code, level, rng)
        accepted = self._acceptance(centre, channel, rng)
        submitted = None
        if channel == "online":
            lag = rng.randrange(15, 20 * 60)
            submitted = max(self.start_moment, accepted - dt.timedelta(minutes=lag)).replace(second=0)
            if submitted >= accepted:
                accepted = submitted + dt.timedelta(minutes=10)
        info = self.w.procedures[code]
        supplied = "electronic" if channel == "online" else "original"
        documents = tuple((order, supplied if order == 1 else ("electronic" if channel == "online" else "copy"))
                          for order in range(1, min(2, info.documents) + 1))
        same_day = self.duration(code, channel).kind is DurationKind.SAME_DAY
        roll = rng.random()
        fate = "result"
        if same_day:
            pass  # decided at the counter at once: no withdrawal, no refusal after intake
        elif roll < self.p.withdrawal_rate:
            fate = "withdrawn"
        elif roll < self.p.withdrawal_rate + self.p.refusal_rate:
            fate = "refused"
        supplements = 0
        if fate == "result" and not same_day and info.documents and rng.random() < mix.supplement_rate:
            supplements = 2 if rng.random() < self.p.second_supplement_rate else 1
        plan = Plan(
            key=key, centre=centre.code, competent=competent, procedure=code, channel=channel,
            accepted_at=accepted, submitted_at=submitted, person=self._person(rng, key, centre),
            documents=documents, fate=fate, supplements=supplements, target="on_time", group=group,
            late_factor=mix.late_factor, seed=rng.randrange(2**31),
        )
        return plan

    def _actors(self, plan: Plan) -> tuple[str, str, str]:
        rng = random.Random(plan.seed ^ 0x5BD1E995)
        centre = self.w.centres[plan.centre]
        department = self.w.department[(plan.competent, self.w.procedures[plan.procedure].sector)]
        return (
            rng.choice(centre.counters),
            rng.choice(self.w.specialists[department]),
            rng.choice(self.w.approvers[department]),
        )

    def timeline(self, plan: Plan) -> None:
        """(Re)build ``plan.events`` for ``plan.target`` and classify it at the end of the period."""
        rng = random.Random(plan.seed)
        counter, specialist, approver = self._actors(plan)
        events: list[Event] = []
        acc = plan.accepted_at
        if plan.channel == "online":
            events.append(Event(plan.submitted_at, "submit", "citizen"))
        if plan.fate == "intake_refused":
            events.append(Event(acc, "refuse_intake", counter, (("reasons", ("Hồ sơ không thuộc thẩm quyền",)),)))
            self._finish(plan, events)
            return
        events.append(Event(acc, "accept" if plan.channel == "online" else "receive", counter))
        duration = self.duration(plan.procedure, plan.channel)
        start = self.cal.period_start(acc, duration, self.w.convention)
        due = self.cal.due(acc, duration, self.w.convention)
        limit = self.wm(start, due)
        day0 = self.wm(start, self.cal.counting_from(local(due.astimezone(BUSINESS_TZ).date(), 0)))
        method = {"online": "electronic", "postal": "post"}.get(plan.channel, "counter")
        if duration.kind is DurationKind.SAME_DAY and plan.fate == "result":
            used_min = self.wm(start, acc) + 5
            done = self.add(start, self._pick_used(plan, rng, used_min, day0, limit))
            done = max(done, acc + dt.timedelta(minutes=5))
            events.append(Event(done, "complete_same_day", counter))
            back = self.add(done, rng.randrange(0, 40) if plan.channel != "direct" else rng.randrange(0, 90))
            events.append(Event(max(back, done), "return_result", counter, (("method", method),)))
            self._finish(plan, events)
            return
        transfer = self.add(acc, rng.randrange(3, 45))
        events.append(Event(transfer, "transfer", counter))
        assign = self.add(transfer, rng.randrange(5, 240))
        events.append(Event(assign, "assign", specialist))
        last, excluded = assign, 0
        if plan.fate == "withdrawn":
            asked = self.add(start, self._pick_used(plan, rng, self.wm(start, assign) + 20, day0, limit))
            asked = max(asked, self.add(assign, 10))
            actor = "citizen" if plan.channel == "online" else counter
            events.append(Event(asked, "request_withdrawal", actor, (("reason", "Công dân xin rút hồ sơ"),)))
            events.append(Event(self.add(asked, rng.randrange(10, 480)), "stop", counter,
                                (("reason", "Dừng xử lý theo yêu cầu của công dân"),)))
            self._finish(plan, events)
            return
        for n in range(plan.supplements):
            room = max(60, limit // 2) if n == 0 else 480
            asked = self.add(last, rng.randrange(30, room + 30))
            answered = self.add(asked, rng.randrange(1, 8) * 480 + rng.randrange(480))
            events.append(Event(asked, "request_supplement", specialist))
            events.append(Event(answered, "receive_supplement", counter))
            excluded += self.wm(asked, answered)
            last = answered
        used_min = self.wm(start, last) - excluded + 20
        if plan.fate == "refused":
            refused = self.add(start, self._pick_used(plan, rng, used_min, day0, limit) + excluded)
            events.append(Event(max(refused, self.add(last, 10)), "refuse_resolution", specialist,
                                (("reasons", ("Hồ sơ không đủ điều kiện giải quyết",)),)))
            self._finish(plan, events)
            return
        done = self.add(start, self._pick_used(plan, rng, used_min, day0, limit) + excluded)
        done = max(done, self.add(last, 20))
        gap = self.wm(last, done)
        events.append(Event(self.add(last, gap * 6 // 10), "complete_step", specialist))
        events.append(Event(self.add(last, gap * 85 // 100), "approve", approver))
        events.append(Event(done, "issue_result", approver))
        back = self.add(done, rng.randrange(0, 30) if plan.channel == "online" else rng.randrange(10, 3 * 480))
        events.append(Event(back, "return_result", counter, (("method", method),)))
        self._finish(plan, events)

    def _pick_used(self, plan: Plan, rng: random.Random, used_min: int, day0: int, limit: int) -> int:
        """Working minutes (net of waiting) at the end, for the plan's target class."""
        target = plan.target
        if target == "early" and used_min > day0:
            target = "on_time"
        if target == "on_time" and used_min > limit:
            target = "late"
        if target == "early":
            return rng.randint(used_min, day0)
        if target == "on_time":
            return rng.randint(max(used_min, day0 + 1), limit)
        extra = 1 + int(rng.expovariate(1 / (self.p.late_share_of_late_days * 480)))
        return max(used_min, limit + min(extra, 20 * 480))

    def _finish(self, plan: Plan, events: list[Event]) -> None:
        """Keep what happens before the end of the period; classify as the report will."""
        plan.events = [e for e in events if e.at < self.end_moment]
        plan.outcome, plan.received = self.classify(plan)

    def classify(self, plan: Plan) -> tuple[str | None, bool]:
        """The class the report gives at the end of the period (None: in progress or not received)."""
        accepted = any(e.action in ("receive", "accept") for e in plan.events)
        if not accepted:
            return None, False
        received = self.p.start <= plan.accepted_at.astimezone(BUSINESS_TZ).date() <= self.p.end
        duration = self.duration(plan.procedure, plan.channel)
        start = self.cal.period_start(plan.accepted_at, duration, self.w.convention)
        due = self.cal.due(plan.accepted_at, duration, self.w.convention)
        excluded, requests, pending, end = 0, 0, None, None
        for e in plan.events:
            if e.action == "request_supplement":
                requests += 1
                pending = e.at
            elif e.action == "receive_supplement":
                excluded += self.wm(pending, e.at)
                pending = None
            elif e.action in ("issue_result", "complete_same_day", "refuse_resolution", "request_withdrawal"):
                end = end or e.at
        facts = DeadlineFacts(
            clock_started_at=start, appointment=due, end=end, excluded_minutes=excluded,
            paused_since=pending, pending_supplement_since=pending, supplement_requests=requests,
        )
        result = classify(facts, self.end_moment, self.cal)
        return (str(result) if result.finished else None), received

    # --- 5. calibration ------------------------------------------------------------------------------

    def calibrate(self, plans: list[Plan], group: str, late_needed: int) -> None:
        """Re-plan dossiers of ``group`` until exactly ``late_needed`` of its resolved ones are late."""
        members = [p for p in plans if p.group == group and p.received and p.outcome is not None]
        rng = random.Random(self.seed + len(group) * 7 + sum(map(ord, group)))
        late = sum(p.outcome == "late" for p in members)
        if late > late_needed:
            # late → on time: prefer the sectors that are rarely late (late stays where it belongs)
            movable = [p for p in members if p.outcome == "late" and p.supplements < 2 and not self._pending(p)]
            rng.shuffle(movable)
            movable.sort(key=lambda p: -p.late_factor)  # popped from the end: lowest factor first
            while late > late_needed and movable:
                plan = movable.pop()
                plan.target = "early" if rng.random() < EARLY_SHARE else "on_time"
                self.timeline(plan)
                late -= plan.outcome != "late"
        elif late < late_needed:
            # on time → late: prefer civil status, land, construction
            candidates = [p for p in members if p.outcome != "late" and not self._pending(p)]
            rng.shuffle(candidates)
            candidates.sort(key=lambda p: p.late_factor)  # popped from the end: highest factor first
            while late < late_needed and candidates:
                plan = candidates.pop()
                before = plan.target
                plan.target = "late"
                self.timeline(plan)
                if plan.outcome == "late":
                    late += 1
                else:  # no longer resolved within the period: put it back as it was
                    plan.target = before
                    self.timeline(plan)

    @staticmethod
    def _pending(plan: Plan) -> bool:
        return bool(plan.events) and plan.events[-1].action == "request_supplement"

    # --- the whole province -----------------------------------------------------------------------------

    def plan(self) -> list[Plan]:
        plans: list[Plan] = []
        key = 0
        fixed = set(self.p.fixed_centres)
        for code, level, channel, count in self.volumes():
            centre = self.w.centres[code]
            for _ in range(count):
                group = self._group(code, level, channel, centre, fixed)
                plans.append(self.make(key, centre, level, channel, group))
                key += 1
        # online submissions refused at intake come on top of the received volumes (not received)
        rng = random.Random(self.seed + 1)
        for plan in [p for p in plans if p.channel == "online"]:
            if rng.random() < self.p.intake_refusal_rate:
                level = "province" if plan.competent == self.w.provincial else "commune"
                twin = self.make(key, self.w.centres[plan.centre], level, "online", plan.group)
                twin.fate, twin.supplements = "intake_refused", 0
                plans.append(twin)
                key += 1
        self._initial_targets(plans)
        for plan in plans:
            self.timeline(plan)
        self._calibrate_all(plans)
        return plans

    def _group(self, code, level, channel, centre, fixed) -> str:
        if code in fixed:
            return f"centre:{code}:{channel}"
        if centre.level == "commune":
            return f"centre:{code}" if self.p.target(f"centre:{code}") else "commune"
        return "province"

    def _target_rate(self, group: str) -> float:
        target = self.p.target(group)
        if target is not None:
            return target.on_time_rate
        name = "commune_level" if group == "commune" else "provincial_level"
        return self.p.target(name).on_time_rate

    def _initial_targets(self, plans: list[Plan]) -> None:
        by_group: dict[str, list[Plan]] = {}
        for plan in plans:
            by_group.setdefault(plan.group, []).append(plan)
        for group, members in by_group.items():
            late_share = 1 - self._target_rate(group) / 100
            mean = sum(p.late_factor for p in members) / len(members)
            rng = random.Random(self.seed + 17 + len(members))
            for plan in members:
                chance = min(0.9, late_share * plan.late_factor / mean) if late_share > 0 else 0.0
                if plan.supplements == 2:
                    chance = 1.0
                roll = rng.random()
                plan.target = "late" if roll < chance else ("early" if rng.random() < EARLY_SHARE else "on_time")
                if late_share <= 0:
                    plan.supplements = 0  # a target of 100 %: no request that could make it late

    def _calibrate_all(self, plans: list[Plan]) -> None:
        def resolved(filter_) -> list[Plan]:
            return [p for p in plans if filter_(p) and p.received and p.outcome is not None]

        def late_count(items) -> int:
            return sum(p.outcome == "late" for p in items)

        # 1. groups with their own target (Hòa Minh per channel, Châu Thành)
        own = sorted({p.group for p in plans if p.group.startswith("centre:")})
        for group in own:
            items = resolved(lambda p, g=group: p.group == g)
            rate = self._target_rate(group)
            self.calibrate(plans, group, round(len(items) * (1 - rate / 100)))
        # 2. the other commune centres: the commune level as a whole must reach its target
        communes = resolved(lambda p: self.w.centres[p.centre].level == "commune")
        rate = self.p.target("commune_level").on_time_rate
        fixed_late = late_count([p for p in communes if p.group != "commune"])
        self.calibrate(plans, "commune", max(0, round(len(communes) * (1 - rate / 100)) - fixed_late))
        # 3. the provincial centre: provincial competence as a whole (boundary-free ones included)
        provincial = resolved(lambda p: p.competent == self.w.provincial)
        rate = self.p.target("provincial_level").on_time_rate
        elsewhere = late_count([p for p in provincial if p.group != "province"])
        self.calibrate(plans, "province", max(0, round(len(provincial) * (1 - rate / 100)) - elsewhere))


def plan_province(profile: Profile, world: World, seed: int) -> list[Plan]:
    return Planner(profile, world, seed).plan()


def ordered_events(plans: list[Plan]) -> list[tuple[dt.datetime, int, int, Event]]:
    """Every event of every plan in the order they happen: (moment, plan key, index, event).

    Ties (same minute) go by plan key, then by the event's place in its plan — the driver and the
    bulk writer both follow this order, so rows get the same ids and the audit chain the same
    sequence.
    """
    events = [(e.at, p.key, i, e) for p in plans for i, e in enumerate(p.events)]
    events.sort(key=lambda item: (item[0], item[1], item[2]))
    return events
