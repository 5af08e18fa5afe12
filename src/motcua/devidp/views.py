"""The provider's endpoints: discovery, authorize (the "sign in as" page), token, userinfo, JWKS.

The issuer is the URL the request reached (see :mod:`.server`). Errors follow RFC 6749: a request
whose client or redirect URI cannot be trusted gets an error page here (never a redirect to an
unregistered URI); every other authorization error is sent back to the client's redirect URI.
"""

from __future__ import annotations

import logging

from authlib.integrations.django_oauth2.resource_protector import return_error_response
from authlib.oauth2 import OAuth2Error, ResourceProtector
from authlib.oauth2.rfc6749 import InsecureTransportError, scope_to_list
from authlib.oauth2.rfc6750 import BearerTokenValidator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import citizens, keys
from .models import AccessToken, digest
from .server import CLIENT_AUTH_METHODS, SCOPES_SUPPORTED, DevAuthorizationServer

log = logging.getLogger(__name__)

DISCOVERY_SUFFIX = "/.well-known/openid-configuration"


def issuer_for(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("devidp:discovery")).removesuffix(DISCOVERY_SUFFIX)


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def discovery(request: HttpRequest) -> JsonResponse:
    issuer = issuer_for(request)
    return _json(
        {
            "issuer": issuer,
            "authorization_endpoint": request.build_absolute_uri(reverse("devidp:authorize")),
            "token_endpoint": request.build_absolute_uri(reverse("devidp:token")),
            "userinfo_endpoint": request.build_absolute_uri(reverse("devidp:userinfo")),
            "jwks_uri": request.build_absolute_uri(reverse("devidp:jwks")),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": list(SCOPES_SUPPORTED),
            "token_endpoint_auth_methods_supported": list(CLIENT_AUTH_METHODS),
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": ["LoA1", "LoA2"],
            "claims_supported": [
                "sub",
                "name",
                "acr",
                "loa",
                "auth_time",
                "TechID",
                "LoaiTaiKhoan",
                "HoVaTen",
                "SoDinhDanh",
                "NgaySinh",
                "MaSoThue",
                "MaSoDoanhNghiep",
                "TenDoanhNghiep",
                "DiaChi",
                "SoDienThoai",
                "ThuDienTu",
            ],
        }
    )


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    return _json(keys.public_jwks())


def _error_page(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    return render(request, "devidp/error.html", {"message": message}, status=status)


@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """GET: validate the request and show the demo citizens; POST: issue a code for the one chosen."""
    server = DevAuthorizationServer(issuer_for(request))
    try:
        grant = server.get_consent_grant(request, end_user=None)
    except InsecureTransportError:
        return _error_page(request, _("Máy chủ định danh thử nghiệm chỉ chạy qua HTTPS hoặc địa chỉ máy cục bộ."))
    except OAuth2Error as error:
        if error.redirect_uri:  # the client and its redirect URI are known: tell the client
            return server.handle_error_response(request, error)
        log.warning("dev-idp: authorization request refused: %s %s", error.error, error.description)
        if error.error == "invalid_client":
            message = _("Ứng dụng (client_id) không được đăng ký với máy chủ định danh này.")
        elif "missing 'redirect_uri'" in (error.description or "").lower():
            message = _("Yêu cầu đăng nhập thiếu địa chỉ chuyển hướng (redirect_uri).")
        elif "redirect" in (error.description or "").lower():
            message = _(
                "Địa chỉ chuyển hướng (redirect_uri) không khớp với địa chỉ đã đăng ký cho ứng dụng này. "
                "Vì an toàn, máy chủ định danh không chuyển tiếp yêu cầu."
            )
        else:
            message = _("Yêu cầu đăng nhập không hợp lệ: %(reason)s") % {"reason": error.description or error.error}
        return _error_page(request, message)

    if request.method == "POST":
        if "deny" in request.POST:
            citizen = None  # Authlib answers the client with error=access_denied
        else:
            citizen = citizens.by_subject(request.POST.get("subject"))
            if citizen is None:
                return _error_page(request, _("Tài khoản được chọn không tồn tại."))
        return server.create_authorization_response(request, grant_user=citizen, grant=grant)

    payload = grant.request.payload
    return render(
        request,
        "devidp/authorize.html",
        {
            "citizens": citizens.DEMO_CITIZENS,
            "client_id": payload.client_id,
            "redirect_uri": grant.redirect_uri,
            "scopes": scope_to_list(payload.scope or ""),
            "acr_values": (payload.data.get("acr_values") or "").split(),
        },
    )


@csrf_exempt  # back channel: the client authenticates with its secret, not a browser cookie
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    server = DevAuthorizationServer(issuer_for(request))
    try:
        return server.create_token_response(request)
    except InsecureTransportError:
        return _json({"error": "invalid_request", "error_description": "HTTPS required"}, status=400)


class _BearerValidator(BearerTokenValidator):
    def authenticate_token(self, token_string: str) -> AccessToken | None:
        return AccessToken.objects.filter(token_hash=digest(token_string)).first()


_protector = ResourceProtector()
_protector.register_token_validator(_BearerValidator())


class _BearerRequest:
    """The little of a request Authlib's resource protector reads: the headers."""

    def __init__(self, request: HttpRequest):
        self.headers = request.headers
        self.uri = request.build_absolute_uri()
        self.method = request.method


@csrf_exempt  # bearer token in the Authorization header; the portal's clients POST here
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest) -> HttpResponse:
    try:
        access_token = _protector.validate_request(scopes=["openid"], request=_BearerRequest(request))
    except OAuth2Error as error:
        return return_error_response(error)
    citizen = citizens.by_subject(access_token.subject)
    if citizen is None:
        return _json({"error": "invalid_token"}, status=401)
    return _json(citizen.userinfo())
