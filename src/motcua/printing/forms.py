"""The official one-stop-shop forms (Thông tư 03/2025/TT-VPCP, Phụ lục I) as plain, typed data.

One frozen dataclass per form holds exactly what DOMAIN §8 says the form shows, already resolved to
text, numbers and moments: a printed form is *generated from the dossier's audited data, never
retyped*, so the dossier app builds these contexts from its records (see ``docs/printing.md``) and
``render.py`` only lays them out. Nothing here knows about models, templates or Django — the module
is framework-free and unit-tested on its own.

Assumptions:

- Moments (``datetime``) are timezone-aware; they are printed in business time
  (Asia/Ho_Chi_Minh) whatever zone they come in. Dates (``date``) are already business dates.
- Names of bodies are given as they must be printed: the header lines in capitals
  ("ỦY BAN NHÂN DÂN XÃ HÒA MINH"), names in running text in sentence case.
- Amounts are whole đồng (the đồng has no subunit in use).

The formatters at the bottom produce the Vietnamese legal spellings. Their patterns are marked with
:func:`gettext_noop` (a no-op here, extracted by ``makemessages``); ``render.py`` passes the
translated pattern when it renders, so an informational copy in another language is possible while
the legal document stays Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal

from motcua.lib.clock import BUSINESS_TZ


def gettext_noop(text: str) -> str:
    """Mark ``text`` for translation without translating it (same name as Django's, for makemessages)."""
    return text


# --- Shared small types --------------------------------------------------------------------------


@dataclass(frozen=True)
class Issuer:
    """The issuing body of the header block (thể thức văn bản, Nghị định 30/2020/NĐ-CP).

    ``parent`` is the governing body printed on the first line (may be empty: a commune People's
    Committee issuing in its own name has one line); ``name`` is printed bold under it; ``place`` is
    the place name of the date line ("Hòa Minh, ngày 13 tháng 02 năm 2026").
    """

    name: str  # "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    place: str  # "Hòa Minh"
    parent: str = ""  # "ỦY BAN NHÂN DÂN XÃ HÒA MINH"


@dataclass(frozen=True)
class Person:
    """An applicant (cá nhân, tổ chức). ``id_number``: personal identification number (số định danh
    cá nhân, the 12 digits of the CCCD) or an organisation's code."""

    name: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Proxy(Person):
    """Someone filing on the applicant's behalf (người được ủy quyền) and the document authorising it."""

    document: str = ""  # "Giấy ủy quyền ngày 10/02/2026, chứng thực tại UBND xã Hòa Minh (số 125/2026/SCT)"


@dataclass(frozen=True)
class Paper:
    """One paper received (thành phần hồ sơ): how many originals (bản chính) and copies (bản sao)."""

    name: str
    originals: int = 0
    copies: int = 0


@dataclass(frozen=True, kw_only=True)
class FormHeader:
    """What every form carries in its header: issuer, number (số, ký hiệu) and date of issue."""

    issuer: Issuer
    number: str  # "07/TNHS"
    issued_on: dt.date


# --- 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả --------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReceiptForm(FormHeader):
    """Form 01, issued at acceptance (status 2). ``tracking_url`` carries the lookup secret (DOMAIN §5:
    the code is sequential, so public lookup needs a second factor); it is encoded in the QR code and
    the secret is printed beside it."""

    dossier_code: str
    centre: str  # receiving centre, sentence case: "Trung tâm Phục vụ hành chính công xã Hòa Minh"
    applicant: Person
    procedure: str
    procedure_code: str = ""
    proxy: Proxy | None = None
    papers: tuple[Paper, ...] = ()
    sets: int = 1  # số lượng hồ sơ (bộ)
    time_limit: str  # as published: "01 ngày làm việc", "Trong ngày"
    received_at: dt.datetime
    due_at: dt.datetime
    return_place: str  # where the applicant collects the result (or the postal/online return)
    book_volume: str  # Sổ theo dõi hồ sơ — quyển số
    book_line: int  # Sổ theo dõi hồ sơ — số thứ tự
    officer: str  # người tiếp nhận
    tracking_url: str
    lookup_secret: str
    signed_electronically: bool = False  # online intake: the officer signs digitally, no applicant signature


# --- 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ --------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SupplementRequestForm(FormHeader):
    """Form 02 — at intake (no code yet, clock not started) or during processing (status 5). One
    request lists *everything* to complete (Nghị định 118/2025: only one request)."""

    applicant: Person
    procedure: str
    procedure_code: str = ""
    dossier_code: str = ""  # empty at intake; the dossier's code during processing
    items: tuple[str, ...]  # numbered list of what to supplement or complete
    reason: str
    contact_name: str
    contact_phone: str
    officer: str  # người hướng dẫn / công chức thụ lý
    tracking_url: str = ""
    signed_electronically: bool = False


# --- 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ -------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RefusalForm(FormHeader):
    """Form 03 — refused at intake (status 3) with the specific reasons; refusals count in statistics."""

    centre: str
    applicant: Person
    procedure: str
    procedure_code: str = ""
    dossier_code: str = ""  # an online dossier refused at acceptance already has one
    reasons: tuple[str, ...]
    officer: str
    signed_electronically: bool = False


# --- 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả -----------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ApologyForm(FormHeader):
    """Form 04 — sent at least one working day before the appointment by the competent agency, signed
    by its head (DOMAIN §6). ``original_due_at`` is the immutable first appointment; only one
    re-appointment is allowed, so there is exactly one ``new_due_at``."""

    agency: str  # the competent agency in running text: "Ủy ban nhân dân xã Hòa Minh"
    addressee: str  # "Ông Nguyễn Văn Bình"
    applicant: Person
    procedure: str
    procedure_code: str = ""
    dossier_code: str
    received_at: dt.datetime
    original_due_at: dt.datetime
    reason: str
    new_due_at: dt.datetime
    signer_title: str  # "CHỦ TỊCH", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    signer_name: str
    tracking_url: str = ""


# --- 05 Thông báo dừng xử lý hồ sơ (layout unconfirmed) -----------------------------------------


@dataclass(frozen=True, kw_only=True)
class StopNoticeForm(FormHeader):
    """Form 05 — after a citizen's stop request (status 7 → 8), possible only while no decision exists.
    The exact layout of this form is unconfirmed; ours is documented in ``docs/printing.md``."""

    agency: str
    applicant: Person
    procedure: str
    procedure_code: str = ""
    dossier_code: str
    requested_at: dt.datetime  # when the citizen asked to stop
    stage: str  # stage reached: "Đang thẩm định tại Công chức Tư pháp - Hộ tịch"
    decision: str
    fees_paid: int | Decimal = 0  # đồng
    fee_handling: str = ""  # what happens to the fees paid
    signer_title: str
    signer_name: str
    tracking_url: str = ""


# --- 06 Phiếu kiểm soát quá trình giải quyết hồ sơ -----------------------------------------------


class StepResult(enum.Enum):
    """Result of one step of the trail, judged against that step's own due moment (DOMAIN §7)."""

    EARLY = "early"  # trước hạn
    ON_TIME = "on_time"  # đúng hạn
    LATE = "late"  # quá hạn


@dataclass(frozen=True)
class HandOver:
    """One hand-over of the dossier (one line of form 06): to which ``unit``, given and received when,
    by whom, and how that step ended (``None`` while the step is still running)."""

    unit: str
    given_at: dt.datetime
    received_at: dt.datetime
    result: StepResult | None = None
    note: str = ""
    given_by: str = ""
    received_by: str = ""


@dataclass(frozen=True, kw_only=True)
class ControlSheetForm(FormHeader):
    """Form 06 — opened at acceptance; the rows are the system's own trail and cannot be edited."""

    dossier_code: str
    lead_agency: str
    cooperating_agencies: tuple[str, ...] = ()
    received_at: dt.datetime
    due_at: dt.datetime
    rows: tuple[HandOver, ...] = ()


# --- 07 Sổ theo dõi hồ sơ ------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackingBookRow:
    """One dossier in the tracking book. ``recipient`` is who signed for the result (electronic book)."""

    line: int
    dossier_code: str
    procedure: str
    applicant: str
    address: str
    phone: str
    lead_agency: str
    received_at: dt.datetime
    due_at: dt.datetime
    returned_at: dt.datetime | None = None
    return_method: str = ""
    recipient: str = ""


@dataclass(frozen=True, kw_only=True)
class TrackingBookForm(FormHeader):
    """Form 07 — the tracking book for a period, A4 landscape. ``number`` is the volume (quyển số)."""

    period_start: dt.date
    period_end: dt.date
    rows: tuple[TrackingBookRow, ...] = ()


OfficialForm = (
    ReceiptForm
    | SupplementRequestForm
    | RefusalForm
    | ApologyForm
    | StopNoticeForm
    | ControlSheetForm
    | TrackingBookForm
)


# --- Formatters ----------------------------------------------------------------------------------

LONG_DATE = gettext_noop("ngày %(day)s tháng %(month)s năm %(year)s")
SHORT_DATE = gettext_noop("%(day)s/%(month)s/%(year)s")
MOMENT = gettext_noop("%(hour)s giờ %(minute)s phút, ngày %(date)s")
MONEY = gettext_noop("%(amount)s đồng")


def local(moment: dt.datetime) -> dt.datetime:
    """``moment`` in business time; a naive datetime is refused (its zone would be a guess)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("printing: thời điểm phải có múi giờ (timezone-aware).")
    return moment.astimezone(BUSINESS_TZ)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return local(value).date() if isinstance(value, dt.datetime) else value


def long_date(value: dt.date | dt.datetime, pattern: str = LONG_DATE) -> str:
    """The date line's date: "ngày 13 tháng 02 năm 2026", "ngày 05 tháng 3 năm 2026".

    Nghị định 30/2020/NĐ-CP, Phụ lục I (địa danh và thời gian ban hành văn bản): days below 10 and
    the months 1 and 2 take a leading zero; the other months do not.
    """
    day = _as_date(value)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return pattern % {"day": f"{day.day:02d}", "month": month, "year": day.year}


def short_date(value: dt.date | dt.datetime, pattern: str = SHORT_DATE) -> str:
    """The numeric date "13/02/2026": dd/mm/yyyy, always zero-padded (tables, moments)."""
    day = _as_date(value)
    return pattern % {"day": f"{day.day:02d}", "month": f"{day.month:02d}", "year": day.year}


def moment_text(moment: dt.datetime, pattern: str = MOMENT, date_pattern: str = SHORT_DATE) -> str:
    """A moment to the minute, as receipt and return times are recorded: "16 giờ 20 phút, ngày 13/02/2026"."""
    at = local(moment)
    return pattern % {"hour": f"{at.hour:02d}", "minute": f"{at.minute:02d}", "date": short_date(at, date_pattern)}


def money(amount: int | Decimal, pattern: str = MONEY) -> str:
    """An amount in đồng, dot as thousands separator: "1.250.000 đồng". Whole đồng only."""
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal):
        raise TypeError("printing: số tiền phải là số nguyên (đồng).")
    if amount != int(amount) or amount < 0:
        raise ValueError("printing: số tiền phải là số nguyên không âm (đồng).")
    return pattern % {"amount": f"{int(amount):,}".replace(",", ".")}


def mask_name(name: str) -> str:
    """A name for pages anyone holding a code may see: "Nguyễn Văn Bình" → "Nguyễn V*** B***".

    The family name stays (it identifies nobody on its own); every other word keeps its initial and
    a fixed "***", so the mask does not reveal the length of the given name.
    """
    words = name.split()
    if len(words) <= 1:
        return f"{words[0][0]}***" if words else ""
    return " ".join([words[0], *(f"{word[0]}***" for word in words[1:])])
