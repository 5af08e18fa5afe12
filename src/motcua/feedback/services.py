"""Every change to ratings and feedback is one function here (STYLE §2); both UIs call them.

- **Ratings** (DOMAIN §7): :func:`can_rate`, :func:`rate_dossier` — after the result is returned, once
  per dossier, private.
- **Feedback** (phản ánh, kiến nghị): :func:`submit_feedback`, :func:`add_feedback_details` (the sender,
  on the portal) and the staff side (the back office's feedback desk) :func:`reject_feedback`,
  :func:`request_feedback_details`, :func:`resolve_feedback`, :func:`publish_feedback`, with DOMAIN §7's
  time limits stored as due moments; :func:`feedback_timeliness`, :func:`find_feedback`. Asking for
  details and answering tell the sender by e-mail/SMS (``notifications.queue_feedback_notice``).
- **Satisfaction** (DOMAIN §7, formula in ``reports.metrics.satisfaction_rate``):
  :func:`complained_or_disliked` is the source the reports read the complained-or-disliked flag from
  (registered in ``FeedbackConfig.ready``); a dislike or a complaint about a dossier (or its
  rejection) re-projects the dossier's report aggregates inside the same transaction
  (``reports.aggregates.refresh_dossier``).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.core.errors import RefusedAction
from motcua.dossiers import services as dossier_services
from motcua.dossiers import validators
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Status
from motcua.integrations.notifications.models import NotificationMessage
from motcua.integrations.notifications.services import queue_feedback_notice
from motcua.integrations.sso.models import CitizenAccount
from motcua.lib import clock
from motcua.org.models import ServiceCentre
from motcua.reports.aggregates import refresh_dossier
from motcua.worktime.engine import CalendarRangeError, Duration
from motcua.worktime.services import calendar_for

from .models import Feedback, Rating

log = logging.getLogger(__name__)

MAX_TEXT = 2000
SECRET_ALPHABET = dossier_services.SECRET_ALPHABET
# DOMAIN §7 (766): feedback handled on time — reject ≤ 2, request details ≤ 5, resolve ≤ 15,
# publish ≤ 2 working days.
FEEDBACK_LIMITS = {"reject": 2, "details": 5, "resolve": 15, "publish": 2}


class FeedbackError(RefusedAction):
    """A refused rating or feedback action; ``message`` is Vietnamese, for the citizen or the officer."""


# --- ratings (DOMAIN §7) ------------------------------------------------------------------------------------


def can_rate(dossier: Dossier) -> bool:
    return dossier.status == Status.RETURNED and not Rating.objects.filter(dossier=dossier).exists()


def rate_dossier(dossier: Dossier, *, score: int, comment: str = "", via: str) -> Rating:
    """Record the applicant's satisfaction with a dossier whose result was returned. Once per dossier.

    ``dossier`` comes from the owner's scoped helper or from code + secret (the receipt's QR): a
    rating is tied to the dossier, never to a public identity, and is never shown one by one.
    """
    if score not in Rating.Score.values:
        raise FeedbackError(_("Vui lòng chọn mức độ hài lòng."), field="score")
    if via not in Rating.Via.values:
        raise ValueError(via)
    if dossier.status != Status.RETURNED:
        raise FeedbackError(_("Chỉ đánh giá được sau khi đã nhận kết quả giải quyết hồ sơ."))
    comment = comment.strip()
    if len(comment) > MAX_TEXT:
        raise FeedbackError(_("Góp ý tối đa %(max)s ký tự.") % {"max": MAX_TEXT}, field="comment")
    try:
        with transaction.atomic():
            rating = Rating.objects.create(dossier=dossier, score=score, comment=comment, via=via, rated_at=clock.now())
            if rating.is_dislike:  # the 766 satisfaction's second term: the report aggregates move with it
                refresh_dossier(dossier, rating.rated_at)
    except IntegrityError:
        raise FeedbackError(_("Hồ sơ này đã được đánh giá. Cảm ơn bạn.")) from None
    log.info("feedback.dossier.rated dossier=%s score=%s via=%s", dossier.uid, score, via)
    return rating


def _dislikes(dossier_ids: list[int] | None):
    """Dossier ids with a "Không hài lòng" rating (of ``dossier_ids``, all when None)."""
    rows = Rating.objects.filter(score=Rating.Score.DISSATISFIED)
    if dossier_ids is not None:
        rows = rows.filter(dossier_id__in=dossier_ids)
    return rows.order_by().values_list("dossier_id", flat=True)


def _complaints(dossier_ids: list[int] | None):
    """Dossier ids with a complaint (phản ánh) about them — one rejected at intake does not count."""
    rows = Feedback.objects.filter(kind=Feedback.Kind.COMPLAINT, dossier__isnull=False).exclude(
        state=Feedback.State.REJECTED
    )
    if dossier_ids is not None:
        rows = rows.filter(dossier_id__in=dossier_ids)
    return rows.order_by().values_list("dossier_id", flat=True)


def complained_or_disliked(dossier_ids: list[int] | None) -> set[int]:
    """The dossiers (of ``dossier_ids``, all when None) counted in the second term of DOMAIN §7's
    satisfaction — a complaint or a dislike, once per dossier — in one query.

    The source the reports' aggregates read (``reports.dislikes``, registered in ``FeedbackConfig.ready``).
    """
    return set(_dislikes(dossier_ids).union(_complaints(dossier_ids)))


# --- feedback (phản ánh, kiến nghị) -----------------------------------------------------------------------


def _calendar():
    return calendar_for(settings.MOTCUA["PROVINCE_CODE"])


def feedback_due(start: dt.datetime, working_days: int) -> dt.datetime | None:
    try:
        return _calendar().due(start, Duration.working_days(working_days))
    except (CalendarRangeError, LookupError):  # no official calendar loaded for that year
        log.warning("feedback: no working calendar for feedback deadlines from %s", start)
        return None


def _token(length: int) -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(length))


def submit_feedback(
    *,
    kind: str,
    subject: str,
    content: str,
    name: str,
    phone: str = "",
    email: str = "",
    citizen: CitizenAccount | None = None,
    dossier: Dossier | None = None,
    centre: ServiceCentre | None = None,
) -> Feedback:
    """Receive a phản ánh / kiến nghị; the handling deadlines start now (DOMAIN §7)."""
    if kind not in Feedback.Kind.values:
        raise FeedbackError(_("Vui lòng chọn phản ánh hoặc kiến nghị."), field="kind")
    subject, content, name = " ".join(subject.split()), content.strip(), " ".join(name.split())
    if not subject:
        raise FeedbackError(_("Vui lòng nhập tiêu đề."), field="subject")
    if not content:
        raise FeedbackError(_("Vui lòng nhập nội dung phản ánh, kiến nghị."), field="content")
    if len(content) > 5 * MAX_TEXT:
        raise FeedbackError(_("Nội dung tối đa %(max)s ký tự.") % {"max": 5 * MAX_TEXT}, field="content")
    if not name:
        raise FeedbackError(_("Vui lòng nhập họ và tên."), field="name")
    try:
        phone = validators.phone(phone) if phone.strip() else ""
    except ValueError as exc:
        raise FeedbackError(exc, field="phone") from None
    try:
        email = validators.email(email) if email.strip() else ""
    except ValueError as exc:
        raise FeedbackError(exc, field="email") from None
    if not (phone or email):
        raise FeedbackError(_("Vui lòng để lại số điện thoại hoặc thư điện tử để nhận trả lời."), field="phone")
    now = clock.now().replace(second=0, microsecond=0)
    if dossier is not None and centre is None:
        centre = dossier.receiving_centre
    for _attempt in range(5):
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    reference=f"PA{now.astimezone(clock.BUSINESS_TZ):%y%m%d}-{_token(5)}",
                    secret=_token(10),
                    kind=kind,
                    subject=subject[:200],
                    content=content,
                    name=name[:200],
                    phone=phone,
                    email=email,
                    citizen=citizen,
                    dossier=dossier,
                    centre=centre,
                    received_at=now,
                    reject_due_at=feedback_due(now, FEEDBACK_LIMITS["reject"]),
                    details_due_at=feedback_due(now, FEEDBACK_LIMITS["details"]),
                    resolve_due_at=feedback_due(now, FEEDBACK_LIMITS["resolve"]),
                )
                if kind == Feedback.Kind.COMPLAINT and dossier is not None:
                    refresh_dossier(dossier, now)  # a complaint about a dossier: the 766 satisfaction moves
            break
        except IntegrityError:  # reference collision (31^5 per day): draw again
            continue
    else:
        raise RuntimeError("could not draw a unique feedback reference")
    log.info("feedback.received reference=%s kind=%s", feedback.reference, kind)
    return feedback


def _locked_feedback(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


# The staff's handling steps open in each state (DOMAIN §7) — THE table: the services refuse any other,
# the back office's feedback desk offers exactly these. The sender's step (add_feedback_details) is
# open in DETAILS_REQUESTED only.
STAFF_STEPS: dict[str, tuple[str, ...]] = {
    Feedback.State.RECEIVED: ("resolve", "details", "reject"),
    Feedback.State.RESOLVED: ("publish",),
}


def staff_steps(feedback: Feedback) -> tuple[str, ...]:
    """The handling steps (``reject``, ``details``, ``resolve``, ``publish``) open now."""
    return STAFF_STEPS.get(feedback.state, ())


def _require_step(feedback: Feedback, step: str) -> None:
    if step not in staff_steps(feedback):
        _refuse_in_state(feedback)


def _require_state(feedback: Feedback, *states: str) -> None:
    if feedback.state not in states:
        _refuse_in_state(feedback)


def _refuse_in_state(feedback: Feedback) -> None:
    raise FeedbackError(
        _("Không thực hiện được khi phản ánh đang ở trạng thái «%(state)s».") % {"state": feedback.get_state_display()}
    )


def reject_feedback(feedback: Feedback, by, *, reason: str) -> Feedback:
    """Từ chối tiếp nhận (not within competence, abusive, duplicate…): due within 2 working days."""
    if not reason.strip():
        raise FeedbackError(_("Cần nêu lý do từ chối."), field="reason")
    with transaction.atomic():
        locked = _locked_feedback(feedback)
        _require_step(locked, "reject")
        locked.state, locked.rejected_at, locked.reject_reason = Feedback.State.REJECTED, clock.now(), reason.strip()
        locked.handled_by = by
        locked.save(update_fields=["state", "rejected_at", "reject_reason", "handled_by"])
        if locked.kind == Feedback.Kind.COMPLAINT and locked.dossier_id is not None:
            refresh_dossier(locked.dossier_id)  # a rejected complaint no longer counts (complained_or_disliked)
    log.info("feedback.rejected reference=%s", locked.reference)
    return locked


def request_feedback_details(feedback: Feedback, by, *, request: str) -> Feedback:
    """Đề nghị người gửi bổ sung thông tin: due within 5 working days of receipt."""
    if not request.strip():
        raise FeedbackError(_("Cần ghi rõ thông tin cần bổ sung."), field="request")
    with transaction.atomic():
        locked = _locked_feedback(feedback)
        _require_step(locked, "details")
        locked.state = Feedback.State.DETAILS_REQUESTED
        locked.details_requested_at, locked.details_request, locked.handled_by = clock.now(), request.strip(), by
        locked.save(update_fields=["state", "details_requested_at", "details_request", "handled_by"])
        _notify_sender(locked, NotificationMessage.Kind.FEEDBACK_DETAILS, locked.details_request)
    log.info("feedback.details_requested reference=%s", locked.reference)
    return locked


def add_feedback_details(feedback: Feedback, *, details: str) -> Feedback:
    """The sender answers the request for details; the 15 working days to resolve count from now."""
    if not details.strip():
        raise FeedbackError(_("Vui lòng nhập thông tin bổ sung."), field="details")
    with transaction.atomic():
        locked = _locked_feedback(feedback)
        _require_state(locked, Feedback.State.DETAILS_REQUESTED)
        now = clock.now().replace(second=0, microsecond=0)
        locked.state, locked.details_answered_at = Feedback.State.RECEIVED, now
        locked.details_answer = details.strip()[: 5 * MAX_TEXT]
        locked.resolve_due_at = feedback_due(now, FEEDBACK_LIMITS["resolve"])
        locked.save(update_fields=["state", "details_answered_at", "details_answer", "resolve_due_at"])
    log.info("feedback.details_added reference=%s", locked.reference)
    return locked


def resolve_feedback(feedback: Feedback, by, *, answer: str) -> Feedback:
    """Trả lời: due within 15 working days (of receipt, or of the details the sender added)."""
    if not answer.strip():
        raise FeedbackError(_("Cần nhập nội dung trả lời."), field="answer")
    with transaction.atomic():
        locked = _locked_feedback(feedback)
        _require_step(locked, "resolve")
        now = clock.now().replace(second=0, microsecond=0)
        locked.state, locked.resolved_at, locked.answer, locked.handled_by = (
            Feedback.State.RESOLVED,
            now,
            answer.strip(),
            by,
        )
        locked.publish_due_at = feedback_due(now, FEEDBACK_LIMITS["publish"])
        locked.save(update_fields=["state", "resolved_at", "answer", "handled_by", "publish_due_at"])
        _notify_sender(locked, NotificationMessage.Kind.FEEDBACK_ANSWERED, locked.answer)
    log.info("feedback.resolved reference=%s", locked.reference)
    return locked


def publish_feedback(feedback: Feedback, by, *, summary: str = "") -> Feedback:
    """Công khai trả lời on the portal (no personal data): due within 2 working days of the answer."""
    with transaction.atomic():
        locked = _locked_feedback(feedback)
        _require_step(locked, "publish")
        locked.state, locked.published_at = Feedback.State.PUBLISHED, clock.now()
        locked.public_summary = summary.strip() or locked.subject
        locked.handled_by = by
        locked.save(update_fields=["state", "published_at", "public_summary", "handled_by"])
    log.info("feedback.published reference=%s", locked.reference)
    return locked


# the staff's handling steps (STAFF_STEPS) and the service each one is; the text is the step's one input
_STEP_SERVICES = {
    "reject": lambda feedback, by, text: reject_feedback(feedback, by, reason=text),
    "details": lambda feedback, by, text: request_feedback_details(feedback, by, request=text),
    "resolve": lambda feedback, by, text: resolve_feedback(feedback, by, answer=text),
    "publish": lambda feedback, by, text: publish_feedback(feedback, by, summary=text),
}


def handle_feedback(feedback: Feedback, by, step: str, text: str = "") -> Feedback:
    """One staff handling step by name (the desk's and the admin's forms): FeedbackError when the step
    is unknown or not open in the feedback's state."""
    service = _STEP_SERVICES.get(step)
    if service is None:
        raise FeedbackError(_("Bước xử lý không hợp lệ."), field="step")
    return service(feedback, by, text)


def sender_path(feedback: Feedback) -> str:
    """The sender's own page on the portal (reference + secret), or "" without the portal."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            path = reverse("portal:feedback_status", args=[feedback.reference])
        except NoReverseMatch:
            return ""
    return f"{path}?{urlencode({'s': feedback.secret})}"


def _notify_sender(feedback: Feedback, kind: str, text: str) -> None:
    """Tell the sender, by e-mail and/or SMS (what they left "to receive the answer"), inside the
    handling transaction: the message is queued if and only if the step is recorded."""
    centre = feedback.centre
    queue_feedback_notice(
        kind, email=feedback.email, phone=feedback.phone, name=feedback.name, reference=feedback.reference,
        subject=feedback.subject, text=text, path=sender_path(feedback),
        centre=centre.name if centre else "", centre_phone=centre.phone if centre else "",
    )


@dataclass(frozen=True)
class FeedbackTimeliness:
    """Which of DOMAIN §7's four limits a feedback met (None: not reached yet)."""

    rejected_on_time: bool | None
    details_on_time: bool | None
    resolved_on_time: bool | None
    published_on_time: bool | None
    pending_due: dt.datetime | None  # the limit the centre works against now: the answer, then publication
    overdue_now: bool


def feedback_timeliness(feedback: Feedback, at: dt.datetime | None = None) -> FeedbackTimeliness:
    at = at or clock.now()

    def met(done: dt.datetime | None, due: dt.datetime | None) -> bool | None:
        if done is None or due is None:
            return None
        return done <= due

    pending_due = {
        Feedback.State.RECEIVED: feedback.resolve_due_at,
        Feedback.State.RESOLVED: feedback.publish_due_at,
    }.get(feedback.state)
    return FeedbackTimeliness(
        rejected_on_time=met(feedback.rejected_at, feedback.reject_due_at),
        details_on_time=met(feedback.details_requested_at, feedback.details_due_at),
        resolved_on_time=met(feedback.resolved_at, feedback.resolve_due_at),
        published_on_time=met(feedback.published_at, feedback.publish_due_at),
        pending_due=pending_due,
        overdue_now=pending_due is not None and at > pending_due,
    )


def find_feedback(reference: str, secret: str) -> Feedback | None:
    """The feedback with this reference if ``secret`` matches (the sender's link), else None."""
    feedback = Feedback.objects.filter(reference=(reference or "").strip().upper()).first()
    given = (secret or "").strip().upper().encode()
    if feedback is None or not given:
        return None
    return feedback if secrets.compare_digest(feedback.secret.encode(), given) else None


__all__ = [
    "FEEDBACK_LIMITS",
    "FeedbackError",
    "FeedbackTimeliness",
    "add_feedback_details",
    "can_rate",
    "complained_or_disliked",
    "feedback_timeliness",
    "find_feedback",
    "publish_feedback",
    "rate_dossier",
    "reject_feedback",
    "request_feedback_details",
    "resolve_feedback",
    "staff_steps",
    "submit_feedback",
]
