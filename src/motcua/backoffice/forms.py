"""Forms of the back office. They validate what people type (in Vietnamese) and turn it into the
keyword arguments of a :mod:`motcua.dossiers.services` function; they never write anything.

Every form that changes state carries a hidden ``idempotency_key`` (a new one each time the form is
shown): a double click or a resent request returns the first result instead of acting twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import validators
from motcua.dossiers.models import Applicant, Channel, SuppliedAs
from motcua.dossiers.services import RETURN_METHODS, ApplicantData, DocumentData, MissingItem, Upload
from motcua.dossiers.workflow import Action
from motcua.lib import clock

from .models import EidAssistance

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%Hh%M"]
COUNTER_CHANNELS = [
    (Channel.DIRECT, _("Trực tiếp tại quầy")),
    (Channel.ON_BEHALF, _("Cán bộ nộp thay (công dân chưa có tài khoản định danh điện tử)")),
    (Channel.POSTAL, _("Qua dịch vụ bưu chính công ích")),
]
SUPPLIED_AS_CHOICES = [
    (SuppliedAs.ORIGINAL, _("Bản chính")),
    (SuppliedAs.COPY, _("Bản sao")),
    (SuppliedAs.CERTIFIED_COPY, _("Bản sao chứng thực")),
    (SuppliedAs.ELECTRONIC, _("Bản điện tử")),
    (SuppliedAs.SHOWN, _("Xuất trình")),
    (SuppliedAs.DATA_STORE, _("Khai thác từ CSDL")),
]


def gettext_lazy_value(text: str):
    """Translate a label another app computed in Vietnamese at import (its msgid is in the catalogue)."""
    return _(text)


def new_key() -> str:
    return uuid.uuid4().hex


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several scans for one paper (one image per page, DOMAIN §9)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.tif,.tiff"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _uploads(files) -> tuple[Upload, ...]:
    return tuple(Upload(name=f.name, content=f.read()) for f in files or [])


class KeyedForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=128, min_length=8)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("idempotency_key", new_key())
        super().__init__(*args, **kwargs)


# --- intake ---------------------------------------------------------------------------------------------


def _checked(validator, value: str) -> str:
    try:
        return validator(value)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from None


class ApplicantFields(forms.Form):
    """The applicant (and an optional proxy), reused by the intake and back-fill forms."""

    applicant_kind = forms.ChoiceField(
        label=_("Người nộp là"),
        choices=Applicant.Kind.choices,
        initial=Applicant.Kind.CITIZEN,
        widget=forms.RadioSelect,
    )
    applicant_id_number = forms.CharField(
        label=_("Số định danh cá nhân (CCCD) / mã số thuế"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    applicant_name = forms.CharField(label=_("Họ và tên / tên tổ chức"), max_length=255)
    applicant_phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    applicant_email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    has_proxy = forms.BooleanField(label=_("Nộp thay theo ủy quyền"), required=False)
    proxy_id_number = forms.CharField(label=_("Số định danh của người được ủy quyền"), max_length=20, required=False)
    proxy_name = forms.CharField(label=_("Họ và tên người được ủy quyền"), max_length=255, required=False)
    proxy_phone = forms.CharField(label=_("Số điện thoại người được ủy quyền"), max_length=20, required=False)
    proxy_address = forms.CharField(label=_("Địa chỉ người được ủy quyền"), max_length=500, required=False)
    proxy_document = forms.CharField(
        label=_("Văn bản ủy quyền"),
        max_length=500,
        required=False,
        help_text=_("Ví dụ: Giấy ủy quyền ngày 10/02/2026, chứng thực tại UBND xã … (số …)."),
    )

    def __init__(self, *args, form_id: str = "", **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if form_id:  # the fields sit beside the procedure card, outside the <form> element (HTML form attribute)
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id

    def clean_applicant_id_number(self):
        kind = self.data.get(self.add_prefix("applicant_kind"), Applicant.Kind.CITIZEN)
        value = self.cleaned_data["applicant_id_number"]
        return _checked(validators.tax_code if kind == Applicant.Kind.ORGANISATION else validators.citizen_id, value)

    def clean_applicant_phone(self):
        value = self.cleaned_data["applicant_phone"]
        return _checked(validators.phone, value) if value.strip() else ""

    def clean_applicant_email(self):
        value = self.cleaned_data["applicant_email"]
        return _checked(validators.email, value) if value.strip() else ""

    def clean_proxy_phone(self):
        value = self.cleaned_data["proxy_phone"]
        return _checked(validators.phone, value) if value.strip() else ""

    def clean_applicant_fields(self, cleaned):
        if cleaned.get("has_proxy"):
            for name, message in (
                ("proxy_id_number", _("Cần số định danh của người được ủy quyền.")),
                ("proxy_name", _("Cần họ và tên người được ủy quyền.")),
                ("proxy_document", _("Cần ghi văn bản ủy quyền (in trên giấy tiếp nhận).")),
            ):
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, message)
            number = cleaned.get("proxy_id_number") or ""
            if number.strip():
                try:
                    cleaned["proxy_id_number"] = validators.citizen_id(number)
                except ValueError as exc:
                    self.add_error("proxy_id_number", str(exc))

    def applicant_data(self) -> ApplicantData:
        c = self.cleaned_data
        return ApplicantData(
            kind=c["applicant_kind"],
            id_number=c["applicant_id_number"],
            name=c["applicant_name"],
            phone=c.get("applicant_phone", ""),
            email=c.get("applicant_email", ""),
            address=c.get("applicant_address", ""),
        )

    def proxy_data(self) -> ApplicantData | None:
        c = self.cleaned_data
        if not c.get("has_proxy"):
            return None
        return ApplicantData(
            kind=Applicant.Kind.CITIZEN,
            id_number=c["proxy_id_number"],
            name=c["proxy_name"],
            phone=c.get("proxy_phone", ""),
            address=c.get("proxy_address", ""),
        )


class IntakeForm(KeyedForm, ApplicantFields):
    """Tiếp nhận hồ sơ tại quầy: one form, three outcomes (receive, refuse with Mẫu 03, guide with Mẫu 02)."""

    DECISIONS = ("receive", "refuse", "guide")

    procedure = forms.CharField(widget=forms.HiddenInput, max_length=20)
    channel = forms.ChoiceField(
        label=_("Hình thức nộp"), choices=COUNTER_CHANNELS, initial=Channel.DIRECT, widget=forms.RadioSelect
    )
    competent_centre = forms.TypedChoiceField(
        label=_("Xã, phường có thẩm quyền giải quyết"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Chỉ chọn khi tiếp nhận không phụ thuộc địa giới hành chính hồ sơ của nơi khác."),
    )
    fee_collected = forms.BooleanField(label=_("Đã thu phí, lệ phí"), required=False)
    fee_amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=0, required=False)
    transfer_now = forms.BooleanField(
        label=_("Chuyển ngay đến cơ quan giải quyết (chuyển điện tử)"), required=False, initial=True
    )
    refusal_reasons = forms.CharField(
        label=_("Lý do từ chối tiếp nhận (mỗi lý do một dòng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    guidance_reason = forms.CharField(
        label=_("Nội dung hướng dẫn hoàn thiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    FORM_ID = "intake-form"

    def __init__(self, *args, card=None, centres=(), **kwargs):
        super().__init__(*args, form_id=self.FORM_ID, **kwargs)
        self.card = card
        self.documents = list(card.documents) if card else []
        for doc in self.documents:
            n = doc.order
            self.fields[f"doc_{n}"] = forms.BooleanField(label=doc.name, required=False)
            self.fields[f"doc_{n}_as"] = forms.ChoiceField(
                label=_("Hình thức"),
                choices=SUPPLIED_AS_CHOICES,
                initial=SuppliedAs.COPY if doc.copies and not doc.originals else SuppliedAs.ORIGINAL,
            )
            self.fields[f"doc_{n}_qty"] = forms.IntegerField(label=_("Số lượng"), min_value=1, max_value=99, initial=1)
            self.fields[f"doc_{n}_note"] = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
            self.fields[f"doc_{n}_files"] = MultipleFileField(label=_("Bản quét"))
        self.fields["competent_centre"].choices = [("", _("— Nơi tiếp nhận (mặc định) —"))] + [
            (c.pk, c.name) for c in centres
        ]
        if card is not None:
            self.initial.setdefault("procedure", card.procedure.code)
            if card.fee_amount is not None:
                self.initial.setdefault("fee_amount", int(card.fee_amount))
            if card.same_day:
                self.initial["transfer_now"] = False
        for field in self.fields.values():
            field.widget.attrs["form"] = self.FORM_ID

    def document_rows(self):
        for doc in self.documents:
            n = doc.order
            yield {
                "doc": doc,
                "tick": self[f"doc_{n}"],
                "as": self[f"doc_{n}_as"],
                "qty": self[f"doc_{n}_qty"],
                "note": self[f"doc_{n}_note"],
                "files": self[f"doc_{n}_files"],
            }

    @property
    def decision(self) -> str:
        value = self.data.get("decision", "receive")
        return value if value in self.DECISIONS else "receive"

    def clean(self):
        cleaned = super().clean()
        self.clean_applicant_fields(cleaned)
        if self.decision == "refuse" and not self.refusal_reason_list():
            self.add_error("refusal_reasons", _("Cần nêu rõ lý do từ chối tiếp nhận (Mẫu 03)."))
        if self.decision == "guide" and not self.missing_items():
            self.add_error(
                None, _("Đã đánh dấu đủ mọi giấy tờ: bỏ đánh dấu những giấy tờ còn thiếu để lập phiếu hướng dẫn.")
            )
        if cleaned.get("fee_collected") and cleaned.get("fee_amount") is None:
            self.add_error("fee_amount", _("Cần ghi số tiền phí, lệ phí đã thu (đồng)."))
        return cleaned

    def refusal_reason_list(self) -> list[str]:
        text = self.cleaned_data.get("refusal_reasons") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def document_data(self) -> list[DocumentData]:
        c = self.cleaned_data
        return [
            DocumentData(
                document=doc.order,
                supplied_as=c.get(f"doc_{doc.order}_as") or SuppliedAs.ORIGINAL,
                quantity=c.get(f"doc_{doc.order}_qty") or 1,
                note=c.get(f"doc_{doc.order}_note") or "",
                files=_uploads(c.get(f"doc_{doc.order}_files")),
            )
            for doc in self.documents
            if c.get(f"doc_{doc.order}")
        ]

    def missing_items(self) -> list[MissingItem]:
        c = self.cleaned_data
        return [
            MissingItem(document=doc.order, detail=c.get(f"doc_{doc.order}_note") or "")
            for doc in self.documents
            if not c.get(f"doc_{doc.order}")
        ]


class BackfillForm(IntakeForm):
    """Nhập bổ sung hồ sơ đã tiếp nhận bằng giấy khi hệ thống gián đoạn."""

    DECISIONS = ("receive",)

    received_date = forms.DateField(
        label=_("Ngày tiếp nhận ghi trên giấy (dd/mm/yyyy)"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    received_time = forms.TimeField(
        label=_("Giờ tiếp nhận (HH:MM)"),
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "HH:MM"}),
    )
    paper_receipt_number = forms.CharField(label=_("Số giấy tiếp nhận bằng giấy"), max_length=50)
    backfill_reason = forms.CharField(
        label=_("Lý do nhập bổ sung"),
        max_length=500,
        help_text=_("Ví dụ: mất điện, mất kết nối mạng từ 13:30 đến 16:00 ngày …"),
    )

    def received_at(self) -> dt.datetime:
        c = self.cleaned_data
        return dt.datetime.combine(c["received_date"], c["received_time"], clock.BUSINESS_TZ)


# --- dossier actions ----------------------------------------------------------------------------------------


class ActionForm(KeyedForm):
    """Base of the forms of :data:`ACTION_FORMS`: ``kwargs()`` gives the service's keyword arguments."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, dossier=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier, self.user = dossier, user
        if dossier is not None:
            self.initial.setdefault("expected_version", dossier.row_version)

    def kwargs(self) -> dict:
        return {}


def _textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class NoteForm(ActionForm):
    note = forms.CharField(label=_("Ghi chú, ý kiến xử lý"), required=False, max_length=500, widget=_textarea(2))

    def kwargs(self):
        return {"note": self.cleaned_data.get("note", "")}


class AssignForm(ActionForm):
    assignee = forms.ModelChoiceField(label=_("Chuyên viên xử lý"), queryset=None, empty_label=None)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(self, *args, specialists=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = specialists

    def kwargs(self):
        return {"assignee": self.cleaned_data["assignee"], "note": self.cleaned_data.get("note", "")}


class DocumentChoiceForm(ActionForm):
    """Forms listing the documents of the dossier's pinned version (the published list is the maximum)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        documents = list(self.dossier.procedure_version.required_documents.order_by("order")) if self.dossier else []
        self.document_choices = documents
        self.fields["documents"] = forms.TypedMultipleChoiceField(
            label=_("Thành phần hồ sơ"),
            choices=[(d.order, d.name) for d in documents],
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            required=self.documents_required,
        )
        self.order_fields(["documents"])

    documents_required = False


class ItemsForm(DocumentChoiceForm):
    """Yêu cầu bổ sung / hướng dẫn hoàn thiện: ONE list of everything missing (Mẫu 02)."""

    documents_required = True
    details = forms.CharField(
        label=_("Nội dung cụ thể (mỗi dòng: số thứ tự giấy tờ, dấu hai chấm, nội dung)"),
        required=False,
        widget=_textarea(3),
        help_text=_("Ví dụ: 2: bản chụp mờ, cần bản chính."),
    )
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=1000, widget=_textarea(2))

    def _details(self) -> dict[int, str]:
        found = {}
        for line in (self.cleaned_data.get("details") or "").splitlines():
            number, sep, text = line.partition(":")
            if sep and number.strip().isdigit():
                found[int(number.strip())] = text.strip()
        return found

    def kwargs(self):
        details = self._details()
        items = [MissingItem(document=n, detail=details.get(n, "")) for n in self.cleaned_data["documents"]]
        return {"items": items, "reason": self.cleaned_data.get("reason", "")}


class DocumentsForm(DocumentChoiceForm):
    """Giấy tờ nhận thêm (bổ sung, hoàn thiện, tiếp nhận hồ sơ trực tuyến)."""

    def kwargs(self):
        return {"documents": [DocumentData(document=n) for n in self.cleaned_data["documents"]]}


class ReceiveSupplementForm(DocumentsForm):
    documents_required = True
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def kwargs(self):
        return {**super().kwargs(), "note": self.cleaned_data.get("note", "")}


class FinancialForm(ActionForm):
    reason = forms.CharField(label=_("Nội dung nghĩa vụ tài chính (thông báo thuế, lệ phí)"), widget=_textarea(2))
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=0, required=False)

    def kwargs(self):
        amount = self.cleaned_data.get("amount")
        return {"reason": self.cleaned_data["reason"], "amount": Decimal(amount) if amount is not None else None}


class ExtendForm(ActionForm):
    working_days = forms.IntegerField(label=_("Số ngày làm việc gia hạn"), min_value=1, max_value=60)
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý cho phép gia hạn"), max_length=500)
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=1000, widget=_textarea(2))

    def kwargs(self):
        c = self.cleaned_data
        return {"working_days": c["working_days"], "legal_basis": c["legal_basis"], "reason": c.get("reason", "")}


class ApologyActionForm(ActionForm):
    new_due_date = forms.DateField(
        label=_("Ngày hẹn trả kết quả mới (dd/mm/yyyy)"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    new_due_time = forms.TimeField(
        label=_("Giờ hẹn mới (HH:MM)"),
        input_formats=TIME_FORMATS,
        initial=dt.time(16, 0),
        widget=forms.TimeInput(format="%H:%M"),
    )
    reason = forms.CharField(label=_("Lý do chậm trả kết quả"), max_length=1000, widget=_textarea(3))

    def kwargs(self):
        c = self.cleaned_data
        due = dt.datetime.combine(c["new_due_date"], c["new_due_time"], clock.BUSINESS_TZ)
        return {"new_due_at": due, "reason": c["reason"]}


class ReasonsForm(ActionForm):
    reasons = forms.CharField(label=_("Lý do (mỗi lý do một dòng)"), widget=_textarea(3))

    def kwargs(self):
        return {"reasons": [line.strip() for line in self.cleaned_data["reasons"].splitlines() if line.strip()]}


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Lý do"), max_length=1000, widget=_textarea(2))

    def kwargs(self):
        return {"reason": self.cleaned_data["reason"]}


class OptionalReasonForm(ReasonForm):
    reason = forms.CharField(label=_("Lý do (nếu có)"), required=False, max_length=1000, widget=_textarea(2))


class StopForm(ActionForm):
    reason = forms.CharField(label=_("Quyết định dừng xử lý"), required=False, max_length=1000, widget=_textarea(2))
    fee_handling = forms.CharField(label=_("Xử lý phí, lệ phí đã nộp"), required=False, max_length=500)

    def kwargs(self):
        return {
            "reason": self.cleaned_data.get("reason", ""),
            "fee_handling": self.cleaned_data.get("fee_handling", ""),
        }


class ResultForm(ActionForm):
    result_reference = forms.CharField(label=_("Số, ký hiệu kết quả"), required=False, max_length=200)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def kwargs(self):
        return {
            "result_reference": self.cleaned_data.get("result_reference", ""),
            "note": self.cleaned_data.get("note", ""),
        }


# action → form class; return_result has its own screen at the counter (identity checks, fees).
ACTION_FORMS: dict[str, type[ActionForm]] = {
    Action.REQUEST_COMPLETION: ItemsForm,
    Action.COMPLETE_SUBMISSION: DocumentsForm,
    Action.ACCEPT: DocumentsForm,
    Action.REFUSE_INTAKE: ReasonsForm,
    Action.TRANSFER: NoteForm,
    Action.ASSIGN: AssignForm,
    Action.COMPLETE_STEP: NoteForm,
    Action.APPROVE: NoteForm,
    Action.REQUEST_SUPPLEMENT: ItemsForm,
    Action.RECEIVE_SUPPLEMENT: ReceiveSupplementForm,
    Action.REQUEST_FINANCIAL_OBLIGATION: FinancialForm,
    Action.CONFIRM_FINANCIAL_OBLIGATION: NoteForm,
    Action.EXTEND: ExtendForm,
    Action.APOLOGISE: ApologyActionForm,
    Action.REFUSE_RESOLUTION: ReasonsForm,
    Action.REQUEST_WITHDRAWAL: OptionalReasonForm,
    Action.STOP: StopForm,
    Action.ISSUE_RESULT: ResultForm,
    Action.COMPLETE_SAME_DAY: ResultForm,
    Action.CANCEL: ReasonForm,
}


# --- returning results, fees, e-identity -------------------------------------------------------------------


class ReturnForm(ActionForm):
    """Trả kết quả: check the receipt (its lookup secret), or the ID card when it is lost, and the
    authorisation of anyone collecting for the applicant; record who collected it; collect the fee."""

    METHODS = [(key, gettext_lazy_value(label)) for key, label in RETURN_METHODS.items()]
    COLLECTORS = [
        ("applicant", _("Chính người nộp hồ sơ")),
        ("proxy", _("Người được ủy quyền")),
    ]
    CHECKS = [
        ("receipt", _("Đối chiếu giấy tiếp nhận (mã tra cứu)")),
        ("id_card", _("Mất giấy tiếp nhận: đối chiếu căn cước của người nhận")),
    ]

    method = forms.ChoiceField(
        label=_("Hình thức trả kết quả"), choices=METHODS, initial="counter", widget=forms.RadioSelect
    )
    collector = forms.ChoiceField(
        label=_("Người nhận kết quả"), choices=COLLECTORS, initial="applicant", widget=forms.RadioSelect, required=False
    )
    check = forms.ChoiceField(
        label=_("Kiểm tra"), choices=CHECKS, initial="receipt", widget=forms.RadioSelect, required=False
    )
    lookup_secret = forms.CharField(label=_("Mã tra cứu in trên giấy tiếp nhận"), required=False, max_length=16)
    collector_name = forms.CharField(label=_("Họ và tên người nhận"), required=False, max_length=150)
    collector_id_number = forms.CharField(label=_("Số định danh của người nhận"), required=False, max_length=20)
    proxy_document = forms.CharField(label=_("Văn bản ủy quyền nhận kết quả"), required=False, max_length=500)
    fee_collected = forms.BooleanField(label=_("Đã thu phí, lệ phí"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def clean(self):
        c = super().clean()
        d = self.dossier
        if c.get("method") != "counter":
            return c
        collector = c.get("collector") or "applicant"
        if not (c.get("collector_name") or "").strip():
            self.add_error("collector_name", _("Cần ghi họ và tên người nhận kết quả."))
        number = "".join((c.get("collector_id_number") or "").split())
        if c.get("check") == "id_card":
            if not number:
                self.add_error("collector_id_number", _("Mất giấy tiếp nhận: cần số định danh của người nhận."))
            else:
                expected = (
                    d.applicant.id_number if collector == "applicant" else (d.proxy.id_number if d.proxy_id else "")
                )
                if collector == "applicant" and number != expected:
                    self.add_error(
                        "collector_id_number", _("Số định danh không khớp với người nộp hồ sơ; không trả kết quả.")
                    )
        else:
            secret = "".join((c.get("lookup_secret") or "").split()).upper().replace("-", "")
            if not secret:
                self.add_error("lookup_secret", _("Cần mã tra cứu in trên giấy tiếp nhận."))
            elif secret != d.lookup_secret.replace("-", "").upper():
                self.add_error("lookup_secret", _("Mã tra cứu không khớp với giấy tiếp nhận của hồ sơ này."))
        if collector == "proxy" and not (c.get("proxy_document") or "").strip():
            self.add_error("proxy_document", _("Người nhận thay phải có văn bản ủy quyền."))
        c["collector_id_number"] = number
        return c

    def kwargs(self):
        c = self.cleaned_data
        if c["method"] != "counter":
            return {"method": c["method"], "recipient": c.get("collector_name", ""), "note": c.get("note", "")}
        recipient = c["collector_name"].strip()
        if c.get("collector_id_number"):
            recipient = f"{recipient} ({c['collector_id_number']})"
        with translation.override("vi"):  # the record is kept in Vietnamese whatever the screen's language
            check = str(dict(self.CHECKS)[c.get("check") or "receipt"])
        return {
            "method": "counter",
            "recipient": recipient,
            "note": c.get("note", ""),
            "identity_check": check,
            "proxy_document": c.get("proxy_document", "") if c.get("collector") == "proxy" else "",
        }


class FeeForm(KeyedForm):
    amount = forms.IntegerField(label=_("Số tiền đã thu (đồng)"), min_value=0)
    receipt_number = forms.CharField(label=_("Số biên lai"), required=False, max_length=50)


class EidAssistanceForm(KeyedForm):
    kind = forms.ChoiceField(
        label=_("Nội dung hỗ trợ"),
        choices=EidAssistance.Kind.choices,
        widget=forms.RadioSelect,
        initial=EidAssistance.Kind.REGISTER_LEVEL_1,
    )
    id_number = forms.CharField(label=_("Số định danh cá nhân của công dân"), max_length=20)
    name = forms.CharField(label=_("Họ và tên công dân"), max_length=150)
    succeeded = forms.BooleanField(label=_("Đã hoàn thành"), required=False, initial=True)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def clean_id_number(self):
        return _checked(validators.citizen_id, self.cleaned_data["id_number"])


class BookForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    start = forms.DateField(
        label=_("Từ ngày (dd/mm/yyyy)"), input_formats=DATE_FORMATS, widget=forms.DateInput(format="%d/%m/%Y")
    )
    end = forms.DateField(
        label=_("Đến ngày (dd/mm/yyyy)"), input_formats=DATE_FORMATS, widget=forms.DateInput(format="%d/%m/%Y")
    )

    def clean(self):
        c = super().clean()
        if c.get("start") and c.get("end") and c["end"] < c["start"]:
            self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        if c.get("start") and c.get("end") and (c["end"] - c["start"]).days > 366:
            self.add_error("end", _("Mỗi lần in tối đa một năm."))
        return c
