"""Sign-in pages: start (``/sso/dang-nhap/``), callback, sign-out, account summary.

The views only translate: protocol work is in :mod:`.client`, account writes in :mod:`.services`,
the session in :mod:`.auth`. A refused sign-in shows one Vietnamese page per reason (with a short
code the counter or the help desk can ask for) and logs the technical cause.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import auth, client, services

log = logging.getLogger(__name__)

# reason -> (HTTP status, message). Reasons come from client.SignInRefused and this module.
REFUSALS = {
    "not_configured": (
        503,
        _("Chức năng đăng nhập bằng tài khoản Cổng Dịch vụ công quốc gia chưa được cấu hình trên hệ thống này."),
    ),
    "unreachable": (
        502,
        _("Không kết nối được với hệ thống xác thực của Cổng Dịch vụ công quốc gia. Vui lòng thử lại sau ít phút."),
    ),
    "misconfigured": (
        503,
        _("Kết nối với hệ thống xác thực đang bị cấu hình sai. Vui lòng báo quản trị hệ thống."),
    ),
    "state": (
        400,
        _(
            "Phiên đăng nhập không hợp lệ hoặc đã hết hạn (có thể do bấm quay lại, mở nhiều thẻ, hoặc liên kết "
            "không do hệ thống này tạo ra). Vui lòng đăng nhập lại."
        ),
    ),
    "cancelled": (400, _("Bạn đã hủy đăng nhập, hoặc hệ thống xác thực không cho phép đăng nhập.")),
    "provider": (502, _("Hệ thống xác thực báo lỗi khi đăng nhập. Vui lòng thử lại sau ít phút.")),
    "code": (
        400,
        _("Mã xác thực không hợp lệ, đã hết hạn hoặc đã được sử dụng. Vui lòng đăng nhập lại."),
    ),
    "id_token": (
        400,
        _(
            "Không xác minh được thông tin định danh do hệ thống xác thực gửi về (chữ ký số, thời hạn hoặc mã "
            "chống giả mạo không hợp lệ). Để bảo đảm an toàn, hệ thống không cho đăng nhập. Vui lòng đăng nhập lại."
        ),
    ),
    "profile": (400, _("Thông tin tài khoản do hệ thống xác thực gửi về không đầy đủ hoặc không nhất quán.")),
    "blocked": (
        403,
        _("Tài khoản này đang bị tạm khóa trên hệ thống. Vui lòng liên hệ Trung tâm Phục vụ hành chính công."),
    ),
}


def _refuse(request: HttpRequest, reason: str, detail: str) -> HttpResponse:
    status, message = REFUSALS[reason]
    log.warning("sso: sign-in refused (%s): %s", reason, detail)
    return render(
        request,
        "sso/error.html",
        {"message": message, "code": f"SSO-{reason.upper().replace('_', '-')}"},
        status=status,
    )


def _safe_next(request: HttpRequest) -> str:
    next_url = request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if allowed else ""


@require_GET
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    try:
        url = client.begin_login(request, next_url=_safe_next(request))
    except client.SignInRefused as refusal:
        return _refuse(request, refusal.reason, refusal.detail)
    return HttpResponseRedirect(url)


@require_GET
@never_cache
def callback(request: HttpRequest) -> HttpResponse:
    try:
        identity, next_url = client.complete_login(request)
    except client.SignInRefused as refusal:
        return _refuse(request, refusal.reason, refusal.detail)
    account = services.record_citizen_login(identity, issuer=client.sso_config().issuer)
    if not account.is_active:
        return _refuse(request, "blocked", f"account {account.pk} is blocked")
    auth.login_citizen(request, account)
    log.info("sso: citizen account %s signed in (level %s)", account.pk, account.assurance_level)
    return HttpResponseRedirect(next_url or reverse("sso:account"))


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth.logout_citizen(request)
    return redirect("sso:signed_out")


@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "sso/signed_out.html")


@require_GET
@never_cache
@auth.citizen_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "sso/account.html", {"citizen": request.citizen})
