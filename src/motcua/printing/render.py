"""Rendering the official forms: PDF through Django templates and WeasyPrint, the tracking book also
as a spreadsheet.

One template per form (``templates/printing/form_0N.html``) extends ``base.html``, which holds the
header (issuer left, national name and motto right, number and date line) and the print CSS. Fonts
are the vendored Tinos files (``fonts/``), loaded by ``file://`` URL; the URL fetcher refuses
anything else but ``data:`` URIs, so rendering never touches the network and user data cannot make
it fetch anything.

PDFs are PDF/A-2b (fonts embedded, sRGB output intent, XMP metadata): issued forms are kept with
the dossier for archival transfer (DOMAIN §11), and PDF/A is the archival profile of PDF.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from motcua.printing import forms

FONT_DIR = Path(__file__).resolve().parent / "fonts"
PDF_VARIANT = "pdf/a-2b"

TEMPLATES: dict[type, str] = {
    forms.ReceiptForm: "printing/form_01.html",
    forms.SupplementRequestForm: "printing/form_02.html",
    forms.RefusalForm: "printing/form_03.html",
    forms.ApologyForm: "printing/form_04.html",
    forms.StopNoticeForm: "printing/form_05.html",
    forms.ControlSheetForm: "printing/form_06.html",
    forms.TrackingBookForm: "printing/form_07.html",
}


def _is_vendored_font(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(url2pathname(parts.path)).resolve()  # decodes %2e%2e before resolving ".."
    return path.parent == FONT_DIR and path.is_file()


class _LocalOnlyFetcher(URLFetcher):
    """Serve ``data:`` URIs and the vendored fonts; refuse everything else (fatal: a template bug)."""

    def fetch(self, url, headers=None):
        if url.startswith("data:") or _is_vendored_font(url):
            return super().fetch(url, headers)
        raise FatalURLFetchingError(f"printing: không được tải tài nguyên ngoài: {url[:80]}")


def render_html(form: forms.OfficialForm, *, language: str = "vi") -> str:
    """The form's HTML (what :func:`render_pdf` lays out), in ``language``."""
    try:
        template = TEMPLATES[type(form)]
    except KeyError:
        raise TypeError(f"printing: không có mẫu in cho {type(form).__name__}.") from None
    with translation.override(language):
        return render_to_string(template, {"form": form, "font_base": FONT_DIR.as_uri() + "/"})


def render_pdf(form: forms.OfficialForm, *, language: str = "vi") -> bytes:
    """The form as a PDF/A document.

    Vietnamese by default: the form is a legal document (Thông tư 03/2025/TT-VPCP); another
    ``language`` gives an informational copy from the translated labels.
    """
    html = render_html(form, language=language)
    document = weasyprint.HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=_LocalOnlyFetcher())
    return document.write_pdf(font_config=FontConfiguration(), pdf_variant=PDF_VARIANT)


# --- Tracking book as a spreadsheet ----------------------------------------------------------------

_DATE_FORMAT = "dd/mm/yyyy"
# (header, width in characters) — the columns of form 07, in its order.
_BOOK_COLUMNS = (
    (forms.gettext_noop("STT"), 6),
    (forms.gettext_noop("Mã hồ sơ"), 28),
    (forms.gettext_noop("Tên thủ tục hành chính"), 40),
    (forms.gettext_noop("Tên cá nhân, tổ chức"), 24),
    (forms.gettext_noop("Địa chỉ, số điện thoại"), 36),
    (forms.gettext_noop("Cơ quan chủ trì giải quyết"), 28),
    (forms.gettext_noop("Nhận hồ sơ"), 12),
    (forms.gettext_noop("Hẹn trả kết quả"), 12),
    (forms.gettext_noop("Trả kết quả"), 12),
    (forms.gettext_noop("Hình thức trả kết quả"), 18),
    (forms.gettext_noop("Ký nhận"), 22),
)


def _excel_moment(moment: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: write the business-time wall clock, naive."""
    return forms.local(moment).replace(tzinfo=None) if moment else None


def render_tracking_book_xlsx(form: forms.TrackingBookForm, *, language: str = "vi") -> bytes:
    """Form 07 as an .xlsx: header row bold and frozen, one row per dossier, dates as real dates.

    The moments keep their time of day in the cell value (sorting and filtering stay exact); the
    cells show dd/mm/yyyy like the paper book. Title, issuer and period go in the printed page header.
    """
    with translation.override(language):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = gettext("Sổ theo dõi hồ sơ")[:31]
        sheet.append([gettext(title) for title, _width in _BOOK_COLUMNS])
        for row in form.rows:
            sheet.append(
                [
                    row.line,
                    row.dossier_code,
                    row.procedure,
                    row.applicant,
                    "; ".join(part for part in (row.address, row.phone) if part),
                    row.lead_agency,
                    _excel_moment(row.received_at),
                    _excel_moment(row.due_at),
                    _excel_moment(row.returned_at),
                    row.return_method,
                    row.recipient,
                ]
            )
        header_font = Font(bold=True)
        header_alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        wrap = Alignment(wrap_text=True, vertical="top")
        for index, (_title, width) in enumerate(_BOOK_COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
            sheet.cell(row=1, column=index).font = header_font
            sheet.cell(row=1, column=index).alignment = header_alignment
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                cell.alignment = wrap
            for cell in cells[6:9]:
                cell.number_format = _DATE_FORMAT
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:1"
        period = gettext("Từ %(start)s đến %(end)s") % {
            "start": forms.short_date(form.period_start, gettext(forms.SHORT_DATE)),
            "end": forms.short_date(form.period_end, gettext(forms.SHORT_DATE)),
        }
        sheet.oddHeader.left.text = form.issuer.name
        sheet.oddHeader.center.text = f"{gettext('SỔ THEO DÕI HỒ SƠ')} — {period}"
        sheet.oddHeader.right.text = f"{gettext('Quyển số:')} {form.number}"
        workbook.properties.title = gettext("Sổ theo dõi hồ sơ")
        workbook.properties.creator = "motcua"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
