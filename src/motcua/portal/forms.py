"""Forms of the citizen pages. Messages are our own Vietnamese strings (marked for translation)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Sector
from motcua.feedback.models import Feedback, Rating

from .catalogue import LEVEL_FILTERS, MAX_QUERY_LENGTH

REQUIRED = _("Vui lòng điền mục này.")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tên hoặc mã thủ tục"), required=False, max_length=MAX_QUERY_LENGTH)
    linh_vuc = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Sector.objects.none(), required=False, empty_label=_("Tất cả lĩnh vực")
    )
    cap = forms.ChoiceField(label=_("Cấp thực hiện"), required=False)

    def __init__(self, *args, sectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linh_vuc"].queryset = sectors if sectors is not None else Sector.objects.all()
        self.fields["cap"].choices = [("", _("Mọi cấp"))] + [(k, label) for k, (label, _q) in LEVEL_FILTERS.items()]
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": _("Ví dụ: khai sinh"), "autocomplete": "off"}
        )


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Mã số hồ sơ"),
        max_length=40,
        error_messages={"required": REQUIRED},
        help_text=_("In trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, ví dụ 000.00.28.H56-260302-0001."),
    )
    s = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=16,
        error_messages={"required": REQUIRED},
        help_text=_("10 ký tự in đậm dưới mã QR trên giấy tiếp nhận."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )
        self.fields["s"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Bạn có hài lòng với việc giải quyết hồ sơ này không?"),
        choices=Rating.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn mức độ hài lòng.")},
    )
    comment = forms.CharField(
        label=_("Góp ý (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại"), choices=Feedback.Kind.choices, widget=forms.RadioSelect, error_messages={"required": REQUIRED}
    )
    subject = forms.CharField(label=_("Tiêu đề"), max_length=200, error_messages={"required": REQUIRED})
    content = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": REQUIRED},
    )
    name = forms.CharField(label=_("Họ và tên"), max_length=200, error_messages={"required": REQUIRED})
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    dossier_code = forms.CharField(
        label=_("Mã số hồ sơ liên quan (nếu có)"),
        max_length=40,
        required=False,
    )
    dossier_secret = forms.CharField(label=_("Mã tra cứu của hồ sơ"), max_length=16, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs.update({"type": "email", "autocomplete": "email"})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})


class FeedbackDetailsForm(forms.Form):
    details = forms.CharField(
        label=_("Thông tin bổ sung"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={"required": REQUIRED},
    )
