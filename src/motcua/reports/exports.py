"""Exports of a report: Excel in the layout of the official periodic report, and PDF.

The periodic report on administrative-procedure handling (biểu "Tình hình, kết quả giải quyết thủ
tục hành chính tại cơ quan, đơn vị trực tiếp giải quyết", the reporting forms of the Government
Office — Thông tư 01/2020/TT-VPCP) has one line per sector (or unit) and these columns:

====  =========================================================================================
(1)   STT
(2)   Lĩnh vực / đơn vị
(3)   Số hồ sơ nhận giải quyết — tổng số = (4) + (5) + (6)
(4)     trong đó: từ kỳ trước chuyển qua (:func:`~motcua.reports.queries.carried_over`: in progress
        at the end of the day before the period, or then waiting for a supplement and back or
        ended in it)
(5)     mới tiếp nhận trực tuyến
(6)     mới tiếp nhận trực tiếp và qua dịch vụ bưu chính công ích
(7)   Số hồ sơ đã giải quyết — tổng số = (8) + (9) + (10)
(8)     trước hạn
(9)     đúng hạn
(10)    quá hạn
(11)  Số hồ sơ đang giải quyết — tổng số = (12) + (13)
(12)    trong hạn
(13)    quá hạn
(14)  Tỷ lệ giải quyết trước hạn và đúng hạn (%) — added: the figure leaders quote
====  =========================================================================================

Every line balances as the office filing it checks: (3) = (7) + (11), plus the dossiers an
administrator cancelled in the period (received, but not a resolution — said in the footnote).
The column structure follows the form as we know it; the province should confirm the exact
template it files (docs/reports.md). Figures are those of :func:`motcua.reports.queries.figures`.
PDF: the same table rendered by WeasyPrint with the vendored Tinos fonts of ``motcua.printing``
(no network), A4 landscape.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import weasyprint
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.lib import clock
from motcua.printing.render import FONT_DIR

from . import queries
from .metrics import Figures
from .periods import Period

HEADERS = (
    ("STT", "(1)"),
    ("", "(2)"),
    ("Tổng số", "(3)"),
    ("Từ kỳ trước chuyển qua", "(4)"),
    ("Mới tiếp nhận trực tuyến", "(5)"),
    ("Mới tiếp nhận trực tiếp, bưu chính", "(6)"),
    ("Tổng số", "(7)"),
    ("Trước hạn", "(8)"),
    ("Đúng hạn", "(9)"),
    ("Quá hạn", "(10)"),
    ("Tổng số", "(11)"),
    ("Trong hạn", "(12)"),
    ("Quá hạn", "(13)"),
    ("Tỷ lệ trước hạn và đúng hạn (%)", "(14)"),
)


@dataclass(frozen=True)
class Line:
    label: str
    carried: int
    online: int
    direct_postal: int
    early: int
    on_time: int
    late: int
    within: int
    overdue: int
    rate: float | None
    cancelled: int = 0  # cancelled by an administrator in the period: received, neither (7) nor (11)

    @property
    def received_total(self) -> int:
        return self.carried + self.online + self.direct_postal

    @property
    def resolved(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def in_progress(self) -> int:
        return self.within + self.overdue

    def cells(self) -> list:
        return [self.received_total, self.carried, self.online, self.direct_postal, self.resolved, self.early,
                self.on_time, self.late, self.in_progress, self.within, self.overdue, self.rate]


def line(label: str, figures: Figures, carried: int) -> Line:
    rate = figures.on_time_rate
    return Line(
        label=label,
        carried=carried,
        online=figures.received_online,
        direct_postal=figures.received - figures.received_online,
        early=figures.early,
        on_time=figures.on_time,
        late=figures.late,
        within=figures.in_progress_within,
        overdue=figures.in_progress_overdue,
        rate=None if rate is None else float(rate),
        cancelled=figures.cancelled,
    )


@dataclass
class PeriodicReport:
    title: str
    unit: str
    period: Period
    group_label: str
    lines: list[Line]
    total: Line
    filters: dict = field(default_factory=dict)
    simulated: bool = False
    generated_at: dt.datetime = field(default_factory=clock.local_now)

    @property
    def notes(self) -> str:
        """The footnote under the table: how the columns add up, and what (4) holds."""
        text = ("Cột (3) = (4) + (5) + (6) = (7) + (11); (7) = (8) + (9) + (10); (11) = (12) + (13). "
                "Cột (4): hồ sơ tiếp nhận trước kỳ còn đang giải quyết, hoặc đang chờ bổ sung và được bổ sung, "
                "kết thúc trong kỳ.")
        if self.total.cancelled:
            text += (f" Trong kỳ có {self.total.cancelled} hồ sơ bị hủy (không phải kết quả giải quyết), "
                     "không tính ở (7), (11).")
        return text


def build(period: Period, group: str, names: dict, *, unit: str, group_label: str, filters: dict,
          labels: dict, simulated: bool) -> PeriodicReport:
    """The report's lines: the period's figures per breakdown value, plus what was carried over
    (column (4), :func:`~motcua.reports.queries.carried_over`)."""
    current = queries.figures(period, group, **filters)
    carried = queries.carried_over(period, group, **filters)
    keys = sorted(set(current) | set(carried),
                  key=lambda k: (-(current.get(k) or Figures()).received, str(names.get(k, k))))
    lines = [line(str(names.get(k, k)), current.get(k, Figures()), carried.get(k, 0)) for k in keys]
    total = line(_("Tổng cộng"), queries.total(period, **filters),
                 queries.carried_over(period, **filters).get(None, 0))
    return PeriodicReport(_("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"), unit, period, group_label, lines,
                          total, labels, simulated)


def to_xlsx(report: PeriodicReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Bao cao"
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet["A1"] = report.unit
    sheet["A1"].font = bold
    sheet.merge_cells("A2:N2")
    sheet["A2"] = report.title
    sheet["A2"].font = Font(bold=True, size=13)
    sheet["A2"].alignment = centre
    sheet.merge_cells("A3:N3")
    period = report.period
    sheet["A3"] = f"Kỳ báo cáo: {period.label} (từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y})"
    sheet["A3"].alignment = centre
    if report.simulated:
        sheet["A4"] = "Dữ liệu mô phỏng (không phải số liệu chính thức)."
        sheet["A4"].font = Font(italic=True, color="A33B3B")
    # two header rows with group captions, then the column numbers (1)…(14)
    top = 6
    groups = (("A", "A", "STT"), ("B", "B", report.group_label), ("C", "F", "Số hồ sơ nhận giải quyết"),
              ("G", "J", "Kết quả giải quyết: số hồ sơ đã giải quyết"), ("K", "M", "Số hồ sơ đang giải quyết"),
              ("N", "N", "Tỷ lệ trước hạn và đúng hạn (%)"))
    for first, last, caption in groups:
        sheet.merge_cells(f"{first}{top}:{last}{top}" if first != last else f"{first}{top}:{first}{top + 1}")
        sheet[f"{first}{top}"] = caption
    for index, (caption, number) in enumerate(HEADERS, start=1):
        column = get_column_letter(index)
        if 3 <= index <= 13:
            sheet[f"{column}{top + 1}"] = caption
        sheet[f"{column}{top + 2}"] = number
    for row in sheet.iter_rows(min_row=top, max_row=top + 2, max_col=14):
        for cell in row:
            cell.font, cell.alignment, cell.border = bold, centre, border
    current = top + 3
    for number, item in enumerate(report.lines, start=1):
        sheet.append([number, item.label, *item.cells()])
        current += 1
    sheet.append(["", report.total.label, *report.total.cells()])
    for row in sheet.iter_rows(min_row=top + 3, max_row=current, max_col=14):
        for cell in row:
            cell.border = border
            if cell.column > 2:
                cell.number_format = "0.00" if cell.column == 14 else "#,##0"
    for cell in sheet[current]:
        cell.font = bold
    widths = [6, 44, 10, 11, 11, 12, 10, 10, 10, 10, 10, 10, 10, 12]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"C{top + 3}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{top}:{top + 2}"
    footer = current + 2
    made = f"Lập lúc {report.generated_at:%H:%M %d/%m/%Y} từ số liệu tổng hợp của hệ thống motcua."
    sheet[f"A{footer}"] = f"{made} {report.notes}"
    sheet[f"A{footer}"].font = Font(italic=True, size=9)
    workbook.properties.title = report.title
    workbook.properties.creator = "motcua"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_pdf(report: PeriodicReport) -> bytes:
    html = render_to_string("reports/export_pdf.html", {"report": report, "font_base": FONT_DIR.as_uri() + "/",
                                                         "headers": HEADERS})
    document = weasyprint.HTML(string=html, base_url=FONT_DIR.as_uri() + "/")
    return document.write_pdf()
