"""Read the national procedure catalogue (CSDLQG về TTHC) reference files into plain dataclasses.

Framework-free on purpose (no Django import): `motcua.catalog.loading` turns the records into model
rows, and the tests of this module run without a database.

Inputs, all in ``motcua/catalog/data/`` (see ``data/PROVENANCE.md``):

- ``tthc_catalog_dvcqg_2026-06.csv`` — one row per procedure (2,625), the primary source;
- ``tthc_local_levels_extract_2026-06.json.gz`` — details of the 1,584 province/commune-level
  procedures (per-channel notes, document list, steps, legal basis, conditions);
- ``tthc_demo_core_subset.csv`` — the 66 procedures of the demo, with their tier.

Assumptions and rules, each one learnt from the real data:

1. Time limits are ``"<number> <unit>"`` per channel. Units seen: ``Ngày làm việc`` (working days),
   ``Ngày`` (calendar days — the portal distinguishes it from ``Ngày làm việc``), ``Giờ`` (the source
   does not say working or clock hours → unit ``hours``), ``Tháng`` (months). ``Giờ làm việc`` and
   ``Trong ngày`` (same day, DOMAIN §6) are also understood although the 2026-06 extract has none.
2. A number without a unit (``"1"``, ``"5"``) means the crawl lost the unit: unit ``unknown`` with
   ``unit_missing=True``. The unit is never guessed; a *hint* found in the procedure's own text is
   recorded separately (``unit_hint``) for staff to confirm.
3. Where the fee cell was a VNĐ amount, the crawler glued the time and fee digits into one number
   (``"120,000"`` = time ``1`` + fee ``20,000``; the CSV then shows fee ``?``). Both are unknown then
   (``time_fee_merged``).
4. VNĐ amounts below 1,000 đồng are evidently in thousands (``50 VNĐ((áp dụng mức phí 25.000 đồng``):
   the amount is dropped (``fee_amount_doubtful``), the text kept.
5. A structurally bad file (missing column, unknown channel or level, malformed code, duplicate code,
   unreadable quantity…) raises :class:`ReferenceDataError` with a Vietnamese message naming the file,
   the row and the column, before anything is returned.
6. Text is read in Unicode NFC: some source cells are decomposed (NFD) — e.g. the sector
   ``Cấp, quản lý căn cước`` of 1.014061 — and would not equal the same name elsewhere.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from motcua.lib.refdata import ReferenceDataError, nfc, read_csv

__all__ = ["CatalogDataError", "ReferenceDataError", "read_reference_data"]

DATA_DIR = Path(__file__).resolve().parent / "data"
CATALOG_FILE = "tthc_catalog_dvcqg_2026-06.csv"
DETAILS_FILE = "tthc_local_levels_extract_2026-06.json.gz"
DEMO_FILE = "tthc_demo_core_subset.csv"

NO_INFO = "Không có thông tin"
CODE_RE = re.compile(r"^\d\.\d{6}$")


class CatalogDataError(ReferenceDataError):
    """A catalogue file cannot be loaded. Keeps file, row and column for callers and tests."""

    def __init__(self, file: str, detail: str, row: int | str | None = None, column: str | None = None):
        self.file = file
        self.row = row
        self.column = column
        self.detail = detail
        where = [f"tệp {file}"]
        if row is not None:
            where.append(f"dòng {row}" if isinstance(row, int) else str(row))
        if column:
            where.append(f"cột {column}")
        super().__init__(f"Dữ liệu danh mục thủ tục không hợp lệ ({', '.join(where)}): {detail}.")


class Channel(StrEnum):
    """National channel codes (DOMAIN §3): 1 direct, 2 online, 3 postal."""

    DIRECT = "direct"
    ONLINE = "online"
    POSTAL = "postal"


CHANNEL_LABELS = {
    "Trực tiếp": Channel.DIRECT,
    "Trực tuyến": Channel.ONLINE,
    "Dịch vụ bưu chính": Channel.POSTAL,
}


class TimeUnit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    HOURS = "hours"  # "Giờ" — the source does not say working or clock hours
    SAME_DAY = "same_day"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"
    UNKNOWN = "unknown"


UNIT_WORDS = {
    "ngày làm việc": TimeUnit.WORKING_DAYS,
    "ngày": TimeUnit.CALENDAR_DAYS,
    "giờ làm việc": TimeUnit.WORKING_HOURS,
    "giờ": TimeUnit.HOURS,
    "tháng": TimeUnit.MONTHS,
}


class Level(StrEnum):
    CENTRAL = "central"
    PROVINCE = "province"
    COMMUNE = "commune"
    OTHER = "other"


LEVEL_LABELS = {
    "Cấp bộ": Level.CENTRAL,
    "Cấp tỉnh": Level.PROVINCE,
    "Cấp xã": Level.COMMUNE,
    "Cơ quan khác": Level.OTHER,
}

DEMO_TIERS = ("commune", "province")


@dataclass(frozen=True)
class ParsedTime:
    raw: str
    value: Decimal | None
    unit: TimeUnit
    unit_missing: bool = False
    time_fee_merged: bool = False
    note: str = ""  # Vietnamese explanation of a defect, empty when the time is clean


@dataclass(frozen=True)
class ParsedFee:
    raw: str
    text: str  # the fee as shown to people ("" when the source lost it)
    amount: Decimal | None  # in đồng; 0 when free; None when unknown or not in đồng
    currency: str = ""  # "VND", "USD" or "" when no amount
    is_free: bool = False
    amount_doubtful: bool = False
    note: str = ""


@dataclass(frozen=True)
class ChannelRecord:
    order: int
    channel: Channel
    time_raw: str
    time_value: Decimal | None
    time_unit: TimeUnit
    unit_missing: bool
    time_fee_merged: bool
    time_note: str
    fee_raw: str
    fee_text: str
    fee_amount: Decimal | None
    fee_currency: str
    is_free: bool
    fee_amount_doubtful: bool
    fee_note: str
    description: str = ""  # the portal's per-channel "Mô tả" (with any fee remark), from the JSON
    unit_hint: TimeUnit | None = None  # suggestion only — never applied automatically
    unit_hint_evidence: str = ""


@dataclass(frozen=True)
class DocumentRecord:
    order: int
    name: str
    originals: int
    copies: int
    group: str = ""
    quantity_raw: str = ""


@dataclass(frozen=True)
class ResultRecord:
    name: str
    code: str = ""  # national result code, e.g. "KQ.G15.000031"


@dataclass
class ProcedureRecord:
    code: str
    name: str
    sector: str
    levels: tuple[Level, ...]
    levels_text: str
    procedure_type: str
    decision: str
    audience: str
    implementing_agency: str
    result_text: str
    results: tuple[ResultRecord, ...]
    detail_url: str
    source_group: str
    document_count: int | None
    channels: tuple[ChannelRecord, ...] = ()
    documents: tuple[DocumentRecord, ...] = ()
    competent_agency: str = ""
    steps_text: str = ""
    legal_basis_text: str = ""
    conditions_text: str = ""
    channels_raw: str = ""
    has_details: bool = False
    demo_tier: str = ""

    @property
    def time_unit_missing(self) -> bool:
        return any(c.unit_missing for c in self.channels)

    @property
    def in_demo_subset(self) -> bool:
        return bool(self.demo_tier)


@dataclass
class Catalog:
    procedures: list[ProcedureRecord] = field(default_factory=list)

    def by_code(self) -> dict[str, ProcedureRecord]:
        return {p.code: p for p in self.procedures}


# --- small value parsers ----------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_TIME_RE = re.compile(r"^(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>.*)$")
_SAME_DAY_RE = re.compile(r"^(ngay\s+)?trong\s+(ngày|ngày làm việc)(\s+làm việc)?\.?$")
_FEE_RE = re.compile(r"^(?P<num>\d{1,3}(?:,\d{3})+|\d+)\s*(?P<cur>VNĐ|Việt Nam Đồng|đồng|USD)", re.IGNORECASE)


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\xa0", " ")).strip()


def _info(text: str) -> str:
    """Source text with the portal's "no information" placeholder turned into ""."""
    text = (text or "").strip()
    return "" if text == NO_INFO else text


def parse_time(raw: str, fee_lost: bool = False) -> ParsedTime:
    """Parse one channel's time limit string, e.g. ``"5 Ngày làm việc"``, ``"1"``, ``"Trong ngày"``.

    ``fee_lost`` is true when the same channel's fee cell is ``?``: a bare number then holds the
    time and fee digits glued together (rule 3 of the module docstring).
    """
    text = _norm(raw)
    if text in ("", NO_INFO):
        return ParsedTime(raw, None, TimeUnit.UNKNOWN, note="nguồn không có thông tin thời hạn")
    low = text.lower()
    if _SAME_DAY_RE.match(low):
        return ParsedTime(raw, None, TimeUnit.SAME_DAY)
    m = _TIME_RE.match(text)
    if not m:
        return ParsedTime(raw, None, TimeUnit.UNKNOWN, note=f"không nhận dạng được thời hạn “{text}”")
    num, unit_word = m["num"], m["unit"].strip().lower()
    if not unit_word:
        if fee_lost or "," in num:
            return ParsedTime(
                raw,
                None,
                TimeUnit.UNKNOWN,
                unit_missing=True,
                time_fee_merged=True,
                note="thời hạn và lệ phí bị dính liền trong nguồn; không tách được",
            )
        return ParsedTime(raw, Decimal(num), TimeUnit.UNKNOWN, unit_missing=True, note="nguồn mất đơn vị thời gian")
    unit = UNIT_WORDS.get(unit_word)
    if unit is None or "," in num:
        return ParsedTime(raw, None, TimeUnit.UNKNOWN, note=f"không nhận dạng được thời hạn “{text}”")
    note = "nguồn ghi “Giờ”, không rõ giờ làm việc hay giờ liên tục" if unit is TimeUnit.HOURS else ""
    return ParsedTime(raw, Decimal(num), unit, note=note)


def parse_fee(raw: str) -> ParsedFee:
    """Parse one channel's fee string, e.g. ``"Miễn phí"``, ``"500,000 Việt Nam Đồng(/hồ sơ)"``."""
    text = (raw or "").strip()
    if text == "?":
        return ParsedFee(raw, "", None, note="nguồn mất thông tin lệ phí")
    if text in ("", NO_INFO):
        return ParsedFee(raw, "", None, note="nguồn không có thông tin lệ phí" if text else "")
    if text.lower().startswith("miễn phí"):
        return ParsedFee(raw, text, Decimal(0), "VND", is_free=True)
    m = _FEE_RE.match(text)
    if not m:
        return ParsedFee(raw, text, None)
    amount = Decimal(m["num"].replace(",", ""))
    if m["cur"].upper() == "USD":
        return ParsedFee(raw, text, None, "USD", note="lệ phí tính bằng USD")
    if amount < 1000:
        return ParsedFee(
            raw,
            text,
            None,
            amount_doubtful=True,
            note="số tiền dưới 1.000 đồng, có thể nguồn ghi theo nghìn đồng",
        )
    return ParsedFee(raw, text, amount, "VND")


_QTY_RE = re.compile(r"^(?P<n>\d+)\s+bản\s+(?P<kind>chính|sao)$", re.IGNORECASE)


def parse_quantity(raw: str) -> tuple[int, int]:
    """``"1 bản chính"`` → (1, 0); ``"2 bản sao"`` → (0, 2). Raises ValueError otherwise."""
    m = _QTY_RE.match(_norm(raw))
    if not m:
        raise ValueError(raw)
    n = int(m["n"])
    return (n, 0) if m["kind"].lower() == "chính" else (0, n)


_RESULT_CODE_RE = re.compile(r"\s*\[(?P<code>KQ\.[^\]]+)\]\s*$")


def parse_results(text: str) -> tuple[ResultRecord, ...]:
    """``"Giấy khai sinh [KQ.G15.000031]"`` → one result with its national code. Not split further:
    the portal lists one result per procedure and semicolons occur inside certificate names."""
    text = _norm(_info(text))
    if not text:
        return ()
    m = _RESULT_CODE_RE.search(text)
    if m:
        return (ResultRecord(text[: m.start()].strip().rstrip("."), m["code"]),)
    return (ResultRecord(text),)


def parse_levels(text: str) -> tuple[Level, ...]:
    levels = []
    for part in (p.strip() for p in text.split(",")):
        if part not in LEVEL_LABELS:
            raise ValueError(part)
        levels.append(LEVEL_LABELS[part])
    return tuple(levels)


_HINT_UNIT_RE = r"(ngày làm việc|giờ làm việc|ngày|giờ|tháng)"
_SAME_DAY_HINT_RE = re.compile(r"sau\s+15\s*giờ|ngay trong ngày", re.IGNORECASE)


def suggest_unit(value: Decimal | None, texts: Iterable[str]) -> tuple[TimeUnit | None, str]:
    """Look in the procedure's own texts for the unit a unit-less number probably had.

    Returns (unit, evidence snippet) or (None, ""). Only a suggestion for staff — the loader stores
    it next to the ``unit_missing`` flag and never uses it to compute a deadline.
    """
    if value is None or value != value.to_integral_value():
        return None, ""
    n = int(value)
    pattern = re.compile(rf"(?<!\d)0*{n}\s*(?:\([^)]*\)\s*)?{_HINT_UNIT_RE}", re.IGNORECASE)
    for text in texts:
        if not text:
            continue
        if n == 1 and (m := _SAME_DAY_HINT_RE.search(text)):
            return TimeUnit.SAME_DAY, _snippet(text, m)
        found = {}
        for m in pattern.finditer(text):
            found.setdefault(UNIT_WORDS[m.group(1).lower()], m)
        if len(found) == 1:
            unit, m = next(iter(found.items()))
            return unit, _snippet(text, m)
        if len(found) > 1:
            return None, ""
    return None, ""


def _snippet(text: str, m: re.Match, width: int = 70) -> str:
    start, end = max(0, m.start() - width), min(len(text), m.end() + width)
    return ("…" if start else "") + _norm(text[start:end]) + ("…" if end < len(text) else "")


# --- file readers -----------------------------------------------------------------------------------

CATALOG_COLUMNS = (
    "ma_thu_tuc",
    "ten_thu_tuc",
    "cap_thuc_hien",
    "linh_vuc",
    "loai_thu_tuc",
    "so_quyet_dinh",
    "doi_tuong_thuc_hien",
    "co_quan_thuc_hien",
    "kenh",
    "thoi_han",
    "phi_le_phi",
    "so_giay_to",
    "ket_qua",
    "detail_url",
    "source_group",
)
DEMO_COLUMNS = ("demo_tier", "ma_thu_tuc")
DETAIL_FIELDS = (
    "ma_thu_tuc",
    "co_quan_co_tham_quyen",
    "ket_qua",
    "kenh_nop",
    "thanh_phan_ho_so",
    "trinh_tu_thuc_hien_raw",
    "cach_thuc_raw",
    "can_cu_phap_ly_raw",
    "yeu_cau_dieu_kien_raw",
)
DETAIL_CHANNEL_FIELDS = ("channel", "time_raw", "fee_raw", "fee_note")
DETAIL_DOCUMENT_FIELDS = ("group", "name", "quantity")


def _split_channels(text: str, *, file: str, row: int, column: str) -> list[tuple[Channel, str, str]]:
    """``"Trực tuyến: 1 Ngày làm việc | Trực tiếp: 2"`` → [(channel, label, value), …]."""
    if not text.strip():
        return []
    out = []
    for part in text.split(" | "):
        label, sep, value = part.partition(": ")
        if not sep or label not in CHANNEL_LABELS:
            raise CatalogDataError(file, f"không nhận dạng được kênh trong “{part[:60]}”", row, column)
        out.append((CHANNEL_LABELS[label], label, value))
    return out


def read_catalog(path: Path) -> list[ProcedureRecord]:
    """Read the one-row-per-procedure catalogue CSV."""
    name = path.name
    records: list[ProcedureRecord] = []
    seen: dict[str, int] = {}
    for line, row in read_csv(path, CATALOG_COLUMNS):
        code = row["ma_thu_tuc"].strip()
        if not CODE_RE.match(code):
            raise CatalogDataError(name, f"mã thủ tục “{code}” không đúng dạng N.NNNNNN", line, "ma_thu_tuc")
        if code in seen:
            raise CatalogDataError(name, f"mã thủ tục {code} trùng với dòng {seen[code]}", line, "ma_thu_tuc")
        seen[code] = line
        proc_name = _norm(row["ten_thu_tuc"])
        if not proc_name:
            raise CatalogDataError(name, "thiếu tên thủ tục", line, "ten_thu_tuc")
        try:
            levels = parse_levels(row["cap_thuc_hien"])
        except ValueError as exc:
            raise CatalogDataError(
                name, f"cấp thực hiện “{exc}” không nằm trong danh mục", line, "cap_thuc_hien"
            ) from exc
        count_text = row["so_giay_to"].strip()
        if count_text and not count_text.isdigit():
            raise CatalogDataError(name, f"số giấy tờ “{count_text}” không phải số", line, "so_giay_to")
        url = row["detail_url"].strip()
        if url and not url.startswith("https://"):
            raise CatalogDataError(name, f"đường dẫn “{url[:60]}” không hợp lệ", line, "detail_url")

        times = _split_channels(row["thoi_han"], file=name, row=line, column="thoi_han")
        fees = _split_channels(row["phi_le_phi"], file=name, row=line, column="phi_le_phi")
        if [t[0] for t in times] != [f[0] for f in fees]:
            raise CatalogDataError(name, "danh sách kênh của thời hạn và của phí không khớp", line, "phi_le_phi")
        offered = {CHANNEL_LABELS.get(k) for k in filter(None, row["kenh"].split(";"))}
        if None in offered:
            raise CatalogDataError(name, f"không nhận dạng được kênh “{row['kenh']}”", line, "kenh")
        if offered != {t[0] for t in times}:
            raise CatalogDataError(name, "cột kênh không khớp với các kênh có thời hạn", line, "kenh")
        channels = tuple(
            _channel_record(i, ch, time_value, fee_value)
            for i, ((ch, _, time_value), (_, _, fee_value)) in enumerate(zip(times, fees, strict=True), 1)
        )
        result_text = _norm(row["ket_qua"])
        records.append(
            ProcedureRecord(
                code=code,
                name=proc_name,
                sector=_norm(row["linh_vuc"]),
                levels=levels,
                levels_text=row["cap_thuc_hien"].strip(),
                procedure_type=_norm(row["loai_thu_tuc"]),
                decision=_norm(row["so_quyet_dinh"]),
                audience=_norm(_info(row["doi_tuong_thuc_hien"])),
                implementing_agency=_norm(_info(row["co_quan_thuc_hien"])),
                result_text=result_text,
                results=parse_results(result_text),
                detail_url=url,
                source_group=row["source_group"].strip(),
                document_count=int(count_text) if count_text else None,
                channels=channels,
            )
        )
    return records


def _channel_record(
    order: int, channel: Channel, time_raw: str, fee_raw: str, description: str = "", hint_texts=()
) -> ChannelRecord:
    fee = parse_fee(fee_raw)
    time = parse_time(time_raw, fee_lost=fee_raw.strip() == "?")
    if time.time_fee_merged:
        # the glued number also swallowed the fee: the fee is unknown too (rule 3)
        fee = ParsedFee(fee_raw, "", None, note="thời hạn và lệ phí bị dính liền trong nguồn")
    hint, evidence = (None, "")
    if time.unit_missing and not time.time_fee_merged:
        hint, evidence = suggest_unit(time.value, (description, *hint_texts))
    return ChannelRecord(
        order=order,
        channel=channel,
        time_raw=time_raw,
        time_value=time.value,
        time_unit=time.unit,
        unit_missing=time.unit_missing,
        time_fee_merged=time.time_fee_merged,
        time_note=time.note,
        fee_raw=fee_raw,
        fee_text=fee.text,
        fee_amount=fee.amount,
        fee_currency=fee.currency,
        is_free=fee.is_free,
        fee_amount_doubtful=fee.amount_doubtful,
        fee_note=fee.note,
        description=_norm(description),
        unit_hint=hint,
        unit_hint_evidence=evidence,
    )


def _nfc_strings(value):
    """``value`` (parsed JSON) with every string, keys included, in Unicode NFC."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {_nfc_strings(k): _nfc_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc_strings(v) for v in value]
    return value


def read_details(path: Path) -> dict[str, dict]:
    """Read the gzip JSON extract of the province/commune-level details, keyed by code.

    Every string is NFC-normalised, like the CSV cells (some source texts are decomposed, NFD).
    """
    name = path.name
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            data = _nfc_strings(json.load(fh))
    except FileNotFoundError as exc:
        raise CatalogDataError(name, "không tìm thấy tệp") from exc
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogDataError(name, f"không đọc được JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("procedures"), list):
        raise CatalogDataError(name, "thiếu danh sách “procedures”", column="procedures")
    out: dict[str, dict] = {}
    for i, item in enumerate(data["procedures"], 1):
        where = f"bản ghi thứ {i}"
        if not isinstance(item, dict):
            raise CatalogDataError(name, "bản ghi không phải đối tượng JSON", where)
        missing = [f for f in DETAIL_FIELDS if f not in item]
        if missing:
            raise CatalogDataError(name, f"thiếu trường {', '.join(missing)}", where, missing[0])
        code = item["ma_thu_tuc"]
        where = f"bản ghi thứ {i} (mã {code})"
        if not isinstance(code, str) or not CODE_RE.match(code):
            raise CatalogDataError(name, f"mã thủ tục “{code}” không đúng dạng N.NNNNNN", where, "ma_thu_tuc")
        if code in out:
            raise CatalogDataError(name, f"mã thủ tục {code} xuất hiện hai lần", where, "ma_thu_tuc")
        for key, fields in (
            ("kenh_nop", DETAIL_CHANNEL_FIELDS),
            ("thanh_phan_ho_so", DETAIL_DOCUMENT_FIELDS),
        ):
            value = item[key]
            if not isinstance(value, list) or any(
                not isinstance(x, dict) or any(not isinstance(x.get(f), str) for f in fields) for x in value
            ):
                raise CatalogDataError(name, f"mỗi phần tử phải có các trường {', '.join(fields)}", where, key)
        item["_where"] = where
        out[code] = item
    return out


def read_demo_subset(path: Path) -> list[tuple[int, str, str]]:
    """Return (line, code, tier) for each row of the demo subset CSV."""
    name = path.name
    out = []
    seen = set()
    for line, row in read_csv(path, DEMO_COLUMNS):
        code, tier = row["ma_thu_tuc"].strip(), row["demo_tier"].strip()
        if not CODE_RE.match(code):
            raise CatalogDataError(name, f"mã thủ tục “{code}” không đúng dạng N.NNNNNN", line, "ma_thu_tuc")
        if tier not in DEMO_TIERS:
            raise CatalogDataError(name, f"nhóm demo “{tier}” phải là {' hoặc '.join(DEMO_TIERS)}", line, "demo_tier")
        if code in seen:
            raise CatalogDataError(name, f"mã thủ tục {code} trùng", line, "ma_thu_tuc")
        seen.add(code)
        out.append((line, code, tier))
    return out


_LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"


def _merge_details(proc: ProcedureRecord, item: dict, file: str) -> None:
    """Enrich a CSV record with the JSON details (channels by position, documents, texts)."""
    where = item["_where"]
    detail_channels = item["kenh_nop"]
    if [CHANNEL_LABELS.get(c["channel"]) for c in detail_channels] != [c.channel for c in proc.channels]:
        raise CatalogDataError(file, "danh sách kênh khác với tệp danh mục", where, "kenh_nop")
    steps = item["trinh_tu_thuc_hien_raw"] or ""
    proc.channels = tuple(
        _channel_record(
            c.order,
            c.channel,
            c.time_raw,
            c.fee_raw,
            description=d["fee_note"],
            hint_texts=(steps,),
        )
        for c, d in zip(proc.channels, detail_channels, strict=True)
    )
    documents = []
    for i, doc in enumerate(item["thanh_phan_ho_so"], 1):
        try:
            originals, copies = parse_quantity(doc["quantity"])
        except ValueError as exc:
            raise CatalogDataError(
                file,
                f"giấy tờ thứ {i}: số lượng “{doc['quantity']}” không đọc được",
                where,
                "thanh_phan_ho_so",
            ) from exc
        doc_name = _norm(doc["name"])
        if not doc_name:
            raise CatalogDataError(file, f"giấy tờ thứ {i} không có tên", where, "thanh_phan_ho_so")
        documents.append(DocumentRecord(i, doc_name, originals, copies, _norm(doc["group"]), doc["quantity"]))
    proc.documents = tuple(documents)
    proc.competent_agency = _norm(_info(item["co_quan_co_tham_quyen"]))
    if item["ket_qua"] and len(_norm(item["ket_qua"])) > len(proc.result_text):
        proc.result_text = _norm(item["ket_qua"])
        proc.results = parse_results(proc.result_text)
    proc.steps_text = _info(steps)
    legal = _info(item["can_cu_phap_ly_raw"] or "")
    proc.legal_basis_text = legal.removeprefix(_LEGAL_HEADER).strip()
    proc.conditions_text = _info(item["yeu_cau_dieu_kien_raw"] or "")
    proc.channels_raw = item["cach_thuc_raw"] or ""
    proc.has_details = True


def read_reference_data(data_dir: Path = DATA_DIR) -> Catalog:
    """Read and cross-check all catalogue files. Raises ReferenceDataError before returning anything."""
    procedures = read_catalog(data_dir / CATALOG_FILE)
    by_code = {p.code: p for p in procedures}
    details = read_details(data_dir / DETAILS_FILE)
    for code, item in details.items():
        if code not in by_code:
            raise CatalogDataError(
                DETAILS_FILE, f"mã thủ tục {code} không có trong {CATALOG_FILE}", item["_where"], "ma_thu_tuc"
            )
        _merge_details(by_code[code], item, DETAILS_FILE)
    for line, code, tier in read_demo_subset(data_dir / DEMO_FILE):
        if code not in by_code:
            raise CatalogDataError(DEMO_FILE, f"mã thủ tục {code} không có trong {CATALOG_FILE}", line, "ma_thu_tuc")
        by_code[code].demo_tier = tier
    procedures.sort(key=lambda p: p.code)
    return Catalog(procedures)
