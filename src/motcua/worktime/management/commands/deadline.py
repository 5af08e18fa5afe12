"""``motcua deadline``: deadline arithmetic on the official calendar, one JSON object on stdout.

This is a contract used by checks outside the test suite (issue 3, point 5) — keep it stable::

    motcua deadline --received 2026-02-13T16:20 --duration 3d [--centre CODE] [--convention elapsed|civil]
    → {"received": "2026-02-13T16:20+07:00", "counting_from": "2026-02-13T16:20+07:00",
       "due": "2026-02-25T16:20+07:00", "duration": "3d", "convention": "elapsed", "province": "86",
       "working_hours": ["07:00–11:00", "13:00–17:00"], "calendar_status": {"2026": "official"},
       "calendar_source": "database"}              (+ "centre": CODE when given)

    motcua deadline --between 2026-02-13T16:20 --and 2026-02-23T09:00
    → {"working_minutes": 160}

``--duration``: ``Nd`` working days, ``Nh`` working hours, ``sameday`` (cut-off
``MOTCUA_SAME_DAY_CUTOFF``) or ``sameday@HH:MM``, ``Ncd`` calendar days. Times are ISO 8601; without
an offset they are read in Asia/Ho_Chi_Minh; output times carry +07:00, to the minute.
``counting_from`` is when the period starts to run (``WorkCalendar.period_start``).
``calendar_status``: official/provisional for each year from the receipt to the due moment.

The calendar comes from the database (administrators' edits included). When the database has no
calendar yet (not migrated, or reference data not loaded) the command falls back to the calendar
shipped with the product, says so on stderr and reports ``"calendar_source": "bundled"``.
Bad input → a Vietnamese message on stderr and exit code 1 (``CommandError``).
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from motcua.lib.clock import BUSINESS_TZ
from motcua.worktime import services
from motcua.worktime.engine import CalendarRangeError, Convention, WorkCalendar
from motcua.worktime.loading import bundled_calendar
from motcua.worktime.models import CalendarYear

_EXAMPLE = "ví dụ 2026-02-13T16:20 hoặc 2026-02-13T16:20+07:00"


def parse_moment(text: str, option: str) -> dt.datetime:
    """ISO 8601 date and time (minutes at least); naive → Asia/Ho_Chi_Minh."""
    cleaned = (text or "").strip()
    try:
        if len(cleaned) < 16:  # "YYYY-MM-DDTHH:MM": a date alone is not a moment
            raise ValueError
        moment = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        raise CommandError(f"{option}: thời điểm {text!r} không hợp lệ; dùng dạng ISO 8601, {_EXAMPLE}.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BUSINESS_TZ)
    return moment.astimezone(BUSINESS_TZ)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(BUSINESS_TZ).isoformat(timespec="minutes")


class Command(BaseCommand):
    help = (
        "Tính thời hạn trên lịch làm việc chính thức và in một đối tượng JSON: hạn trả kết quả "
        "(--received THỜI_ĐIỂM --duration 3d|4h|sameday) hoặc số phút làm việc giữa hai thời điểm "
        "(--between A --and B)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--received", help=f"thời điểm tiếp nhận, ISO 8601 ({_EXAMPLE})")
        parser.add_argument(
            "--duration", help="thời hạn: 3d (ngày làm việc), 4h (giờ làm việc), sameday, sameday@16:30, 10cd"
        )
        parser.add_argument("--between", help="thời điểm đầu (ISO 8601)")
        parser.add_argument("--and", dest="and_", help="thời điểm cuối (ISO 8601)")
        parser.add_argument("--centre", help="mã trung tâm: áp dụng giờ làm việc riêng của trung tâm")
        parser.add_argument("--convention", help="quy ước tính hạn: elapsed (mặc định theo cấu hình) hoặc civil")

    def handle(self, *args, received, duration, between, and_, centre, convention, **options):
        deadline_mode = received is not None or duration is not None
        between_mode = between is not None or and_ is not None
        if deadline_mode == between_mode:
            raise CommandError(
                "Dùng một trong hai cách: --received THỜI_ĐIỂM --duration THỜI_HẠN, hoặc --between A --and B."
            )
        if centre is not None and not centre.strip():
            raise CommandError("--centre: mã trung tâm bị trống.")
        centre = centre.strip() if centre else None
        try:
            if deadline_mode:
                result = self._deadline(received, duration, centre, convention)
            else:
                result = self._between(between, and_, centre)
        except CalendarRangeError as exc:
            raise CommandError(str(exc)) from None
        except (ValueError, ValidationError, ImproperlyConfigured) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(message) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    # --- the two forms --------------------------------------------------------------------------

    def _deadline(self, received_text, duration_text, centre, convention_text) -> dict:
        if received_text is None or duration_text is None:
            raise CommandError("Cần cả --received và --duration.")
        received = parse_moment(received_text, "--received").replace(second=0, microsecond=0)
        duration = services.parse_duration(duration_text)
        if convention_text is None:
            convention = services.default_convention()
        elif convention_text.strip().lower() in {c.value for c in Convention}:
            convention = Convention(convention_text.strip().lower())
        else:
            raise CommandError(f"--convention: {convention_text!r} không hợp lệ; chỉ nhận elapsed hoặc civil.")
        calendar, data, source = self._calendar(centre, received.date())
        due = calendar.due(received, duration, convention)
        result = {
            "received": iso(received),
            "counting_from": iso(calendar.period_start(received, duration, convention)),
            "due": iso(due),
            "duration": str(duration),
            "convention": str(convention),
            "province": data.province_code,
        }
        if centre:
            result["centre"] = centre
        result["working_hours"] = [f"{s.start:%H:%M}–{s.end:%H:%M}" for s in calendar.schedule.sessions]
        years = range(received.year, due.year + 1)
        result["calendar_status"] = {str(y): s for y, s in data.status_of(years).items()}
        result["calendar_source"] = source
        return result

    def _between(self, start_text, end_text, centre) -> dict:
        if start_text is None or end_text is None:
            raise CommandError("Cần cả --between và --and.")
        start, end = parse_moment(start_text, "--between"), parse_moment(end_text, "--and")
        calendar, _data, _source = self._calendar(centre, start.date())
        return {"working_minutes": calendar.working_minutes_between(start, end)}

    # --- where the calendar comes from ----------------------------------------------------------

    def _calendar(self, centre: str | None, on: dt.date) -> tuple[WorkCalendar, services.CalendarData, str]:
        try:
            tables = connection.introspection.table_names()
        except DatabaseError as exc:
            raise CommandError(f"Không kết nối được cơ sở dữ liệu: {exc}".strip()) from None
        if CalendarYear._meta.db_table in tables:
            try:
                data = services.calendar_data()
            except services.CalendarNotLoaded as exc:
                self.stderr.write(f"Cảnh báo: {exc}")
            else:
                return services.calendar_from_data(data, services.schedule_for(centre, on)), data, "database"
        else:
            self.stderr.write("Cảnh báo: cơ sở dữ liệu chưa được khởi tạo (chạy `motcua migrate`).")
        self.stderr.write(
            "Cảnh báo: dùng lịch làm việc kèm theo phần mềm (chưa gồm chỉnh sửa của quản trị viên"
            + (", giờ làm việc mặc định của tỉnh" if centre else "")
            + ")."
        )
        data = bundled_calendar()
        return services.calendar_from_data(data), data, "bundled"
