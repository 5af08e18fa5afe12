"""What a dossier event (or an answer to a phản ánh, kiến nghị) says to the applicant, in Vietnamese.

One template pair per kind in ``templates/notifications/`` (``<kind>_email.txt``, ``<kind>_sms.txt``),
rendered with Vietnamese active whatever the language of the request that caused the event (the
applicant's notices are Vietnamese administrative documents). Facts come from the dossier and from
the transition that emitted the event (the supplement items, the apology's reason and new date).
SMS text is unaccented by default (``SMS_UNACCENTED``: brandname SMS go out as GSM 7-bit).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from motcua.printing.forms import moment_text, money

from .models import NotificationMessage

Kind = NotificationMessage.Kind

# The dossier action (outbox payload "action") → the message the applicant gets. Other actions
# (transfer, assignment, internal steps…) are visible on the tracking page but not pushed.
ACTION_KINDS = {
    "submit": Kind.SUBMITTED,
    "receive": Kind.RECEIVED,
    "accept": Kind.RECEIVED,
    "request_completion": Kind.COMPLETION_REQUESTED,
    "request_supplement": Kind.SUPPLEMENT_REQUESTED,
    "apologise": Kind.REAPPOINTED,
    "issue_result": Kind.RESULT_READY,
    "complete_same_day": Kind.RESULT_READY,
    "refuse_intake": Kind.REFUSED,
}

SUBJECTS = {
    Kind.SUBMITTED: _("Đã nhận hồ sơ trực tuyến của ông/bà"),
    Kind.RECEIVED: _("Hồ sơ %(code)s đã được tiếp nhận"),
    Kind.COMPLETION_REQUESTED: _("Hồ sơ trực tuyến cần hoàn thiện"),
    Kind.SUPPLEMENT_REQUESTED: _("Hồ sơ %(code)s cần bổ sung"),
    Kind.REAPPOINTED: _("Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ %(code)s"),
    Kind.RESULT_READY: _("Hồ sơ %(code)s đã có kết quả"),
    Kind.REFUSED: _("Hồ sơ không được tiếp nhận"),
}


@dataclass(frozen=True)
class Composed:
    kind: str
    subject: str
    email_body: str
    sms_body: str


def unaccented(text: str) -> str:
    """Vietnamese without diacritics, case kept ("Hồ sơ Đã" → "Ho so Da"), for GSM 7-bit SMS."""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def _public_url(path: str) -> str:
    return f"{settings.MOTCUA['PUBLIC_BASE_URL']}{path}"  # the same base as the receipt's QR


def tracking_url(dossier) -> str:
    """The public tracking page (code + secret, as in the receipt's QR); the portal's own page before a code."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            if dossier.code:
                path = reverse("portal:track", args=[dossier.code]) + "?" + urlencode({"s": dossier.lookup_secret})
            else:
                path = reverse("portal:my_dossier", args=[dossier.key])
        except NoReverseMatch:  # no portal installed: the message still goes, without a link
            return ""
    return _public_url(path)


def _items(transition) -> list[dict]:
    items = (transition.data or {}).get("items", []) if transition else []
    return [{"name": i.get("name", ""), "detail": i.get("detail", "")} for i in items if isinstance(i, dict)]


def compose(event) -> Composed | None:
    """The message for an outbox event, or None when the applicant is not told of this event."""
    payload = event.payload or {}
    kind = ACTION_KINDS.get(payload.get("action", ""))
    if kind is None:
        return None
    dossier = event.dossier
    transition = (
        dossier.transitions.filter(seq=payload.get("transition")).first() if payload.get("transition") else None
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "kind": kind,
            "name": dossier.applicant.name,
            "code": dossier.code or "",
            "procedure": dossier.procedure.name,
            "centre": dossier.receiving_centre.name,
            "centre_phone": dossier.receiving_centre.phone,
            "return_centre": dossier.return_centre.name,
            "return_address": dossier.return_centre.address,
            "submitted_at": moment_text(dossier.submitted_at) if dossier.submitted_at else "",
            "accepted_at": moment_text(dossier.accepted_at) if dossier.accepted_at else "",
            "due_at": moment_text(dossier.due_at) if dossier.due_at else "",
            "original_due_at": moment_text(dossier.original_due_at) if dossier.original_due_at else "",
            "reason": transition.reason if transition else "",
            "items": _items(transition),
            "reasons": (transition.data or {}).get("reasons", []) if transition else [],
            "fee_due": money(dossier.fee_amount) if dossier.fee_amount and not dossier.fee_paid else "",
            "secret": dossier.lookup_secret if dossier.code else "",
            "url": tracking_url(dossier),
        }
        subject = str(SUBJECTS[kind]) % {"code": dossier.code or ""}
        return _render(kind, subject, context)


def _render(kind: str, subject: str, context: dict) -> Composed:
    """The kind's e-mail and SMS templates with ``context`` (call with Vietnamese active)."""
    email = render_to_string(f"notifications/{kind}_email.txt", context).strip() + "\n"
    sms = re.sub(r"\s+", " ", render_to_string(f"notifications/{kind}_sms.txt", context)).strip()
    if settings.NOTIFICATIONS.get("SMS_UNACCENTED", True):
        sms = unaccented(sms)
    return Composed(kind=kind, subject=subject, email_body=email, sms_body=sms)


FEEDBACK_SUBJECTS = {
    Kind.FEEDBACK_DETAILS: _("Phản ánh, kiến nghị %(reference)s: đề nghị bổ sung thông tin"),
    Kind.FEEDBACK_ANSWERED: _("Phản ánh, kiến nghị %(reference)s đã có trả lời"),
}


def compose_feedback_notice(
    kind: str, *, name: str, reference: str, subject: str, text: str, path: str, centre: str = "",
    centre_phone: str = "",
) -> Composed:
    """What the sender of a phản ánh, kiến nghị is told: the centre asks for details, or answers.

    ``text`` is the request or the answer as the officer wrote it; ``path`` the sender's own page
    (reference + secret), made absolute with the public base URL like the dossier links."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": name,
            "reference": reference,
            "subject": subject,
            "text": text,
            "url": _public_url(path) if path else "",
            "centre": centre or _("Bộ phận tiếp nhận phản ánh, kiến nghị"),
            "centre_phone": centre_phone,
        }
        return _render(kind, str(FEEDBACK_SUBJECTS[kind]) % {"reference": reference}, context)
