"""HTTP JSON endpoints of the stand-in gateway (protocol: docs/national-portal.md, to be confirmed).

* ``POST /dev-gateway/auth`` ``{"username", "password"}`` → ``{"error_code": 0, "session": "…"}``;
  the credentials are this instance's ``MOTCUA_DVCQG_USERNAME``/``PASSWORD``.
* ``POST /dev-gateway/service`` with header ``dstcode`` and the envelope
  ``{"service", "session", "madonvi", …}`` — ``DongBoHoSoMC``, ``CapNhatTienDoHoSoMC``,
  ``TraCuuHoSo``, ``LayThuTuc``. Replies ``{"error_code": <int>, "message": "…", …}`` (codes in
  :mod:`.protocol`); HTTP 403 for a missing/wrong ``dstcode``, 503 for an injected fault.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.lib import clock

from . import faults, protocol
from .models import PortalDossier, PortalProcedure, PortalProgress, PortalSession


def _reply(code: int, message: str, *, status: int = 200, **extra: Any) -> JsonResponse:
    return JsonResponse(
        {"error_code": code, "message": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _json(request: HttpRequest) -> dict[str, Any] | None:
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return body if isinstance(body, dict) else None


@csrf_exempt
@require_POST
def auth(request: HttpRequest) -> JsonResponse:
    body = _json(request)
    if body is None:
        return _reply(protocol.INVALID, "Nội dung yêu cầu không phải đối tượng JSON.")
    conf = settings.NATIONAL_PORTAL
    username, password = str(body.get("username") or ""), str(body.get("password") or "")
    valid = constant_time_compare(username, conf["USERNAME"]) & constant_time_compare(password, conf["PASSWORD"])
    if not conf["USERNAME"] or not valid:
        return _reply(protocol.LOGIN_REFUSED, "Sai tài khoản hoặc mật khẩu.")
    now = clock.now()
    session = PortalSession.objects.create(
        token=secrets.token_urlsafe(32),
        username=username,
        created_at=now,
        expires_at=now + dt.timedelta(seconds=settings.DEV_GATEWAY_FAULTS["SESSION_SECONDS"]),
    )
    return _reply(protocol.OK, "Đăng nhập thành công.", session=session.token)


@csrf_exempt
@require_POST
def service(request: HttpRequest) -> JsonResponse:
    if faults.this_call_fails():
        return _reply(503, "Cổng kết nối tạm thời không phục vụ (lỗi giả lập).", status=503)
    expected_dst = settings.NATIONAL_PORTAL["DSTCODE"]
    dstcode = request.headers.get("dstcode", "")
    if not dstcode or (expected_dst and dstcode != expected_dst):
        return _reply(protocol.INVALID, "Thiếu hoặc sai mã định tuyến dstcode.", status=403)
    body = _json(request)
    if body is None:
        return _reply(protocol.INVALID, "Nội dung yêu cầu không phải đối tượng JSON.")
    token = body.get("session")
    if not isinstance(token, str) or not PortalSession.objects.filter(token=token, expires_at__gt=clock.now()).exists():
        return _reply(protocol.SESSION_INVALID, "Phiên làm việc không hợp lệ hoặc đã hết hạn.")
    unit_code = body.get("madonvi")
    if not isinstance(unit_code, str) or not unit_code.strip():
        return _reply(protocol.INVALID, "Thiếu mã đơn vị gửi (madonvi).")
    handler = HANDLERS.get(body.get("service"))
    if handler is None:
        return _reply(protocol.UNKNOWN_SERVICE, f"Dịch vụ {body.get('service')!r} không được hỗ trợ.")
    response = handler(body)
    faults.delay_reply()
    return response


def _data(body: dict[str, Any]) -> list[Any] | None:
    data = body.get("data")
    return data if isinstance(data, list) and data else None


def _codes(data: list[Any]) -> list[str]:
    return [item["MaHoSo"].strip() for item in data if isinstance(item, dict) and isinstance(item.get("MaHoSo"), str)]


def _upsert(body: dict[str, Any]) -> JsonResponse:
    """DongBoHoSoMC: isUpdating "False" creates, "True" replaces; one record per MaHoSo."""
    flag = body.get("isUpdating")
    if flag not in ("True", "False"):
        return _reply(protocol.INVALID, f'isUpdating={flag!r} không hợp lệ ("True"/"False").')
    data = _data(body)
    if data is None:
        return _reply(protocol.INVALID, "data phải là một mảng hồ sơ không rỗng.")
    errors = [error for index, item in enumerate(data) for error in protocol.check_dossier(item, index)]
    codes = _codes(data)
    if len(set(codes)) != len(codes):
        errors.append("Một mã hồ sơ xuất hiện hai lần trong cùng một lần gửi.")
    if errors:
        return _reply(protocol.INVALID, "; ".join(errors), errors=errors)
    now = clock.now()
    with transaction.atomic():
        existing = set(PortalDossier.objects.select_for_update().filter(code__in=codes).values_list("code", flat=True))
        if flag == "False" and existing:
            return _reply(protocol.ALREADY_EXISTS, f"Hồ sơ đã có trên Cổng: {', '.join(sorted(existing))}.")
        if flag == "True" and set(codes) - existing:
            missing = ", ".join(sorted(set(codes) - existing))
            return _reply(protocol.NOT_FOUND, f"Hồ sơ chưa có trên Cổng: {missing}.")
        for code, item in zip(codes, data, strict=True):
            fields = {
                "status": int(item["TrangThaiHoSo"]),
                "data": item,
                "unit_code": body["madonvi"],
                "updated_at": now,
            }
            if code in existing:
                PortalDossier.objects.filter(code=code).update(**fields, update_count=F("update_count") + 1)
            else:
                PortalDossier.objects.create(code=code, created_at=now, **fields)
    return _reply(protocol.OK, "Đồng bộ hồ sơ thành công.", count=len(data))


def _progress(body: dict[str, Any]) -> JsonResponse:
    """CapNhatTienDoHoSoMC: append timeline entries to known dossiers; an identical entry is kept once."""
    data = _data(body)
    if data is None:
        return _reply(protocol.INVALID, "data phải là một mảng tiến độ không rỗng.")
    errors = [error for index, item in enumerate(data) for error in protocol.check_progress(item, index)]
    if errors:
        return _reply(protocol.INVALID, "; ".join(errors), errors=errors)
    codes = _codes(data)
    with transaction.atomic():
        dossiers = {d.code: d for d in PortalDossier.objects.filter(code__in=codes)}
        missing = sorted(set(codes) - dossiers.keys())
        if missing:
            return _reply(protocol.NOT_FOUND, f"Hồ sơ chưa có trên Cổng: {', '.join(missing)}.")
        stored = 0
        for code, item in zip(codes, data, strict=True):
            digest = hashlib.sha256(json.dumps(item, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
            _, created = PortalProgress.objects.get_or_create(
                dossier=dossiers[code],
                entry_hash=digest,
                defaults={"status": int(item["TrangThai"]), "occurred_at": item["ThoiDiemXuLy"], "data": item},
            )
            stored += created
    return _reply(protocol.OK, "Cập nhật tiến độ thành công.", stored=stored, duplicates=len(data) - stored)


def _lookup(body: dict[str, Any]) -> JsonResponse:
    """TraCuuHoSo: ``result`` is ``[dossier]`` or ``[]``."""
    code = body.get("mahoso")
    if not isinstance(code, str) or not code.strip():
        return _reply(protocol.INVALID, "Thiếu mã hồ sơ (mahoso).")
    dossier = PortalDossier.objects.filter(code=code.strip()).first()
    return _reply(protocol.OK, "Tra cứu thành công.", result=[dossier.data] if dossier else [])


def _procedure(body: dict[str, Any]) -> JsonResponse:
    """LayThuTuc (minimal): the fields DongBoHoSoMC needs, other parts empty."""
    code = body.get("maTTHC")
    if not isinstance(code, str) or not code.strip():
        return _reply(protocol.INVALID, "Thiếu mã thủ tục (maTTHC).")
    procedure = PortalProcedure.objects.filter(code=code.strip()).first()
    if procedure is None:
        return _reply(protocol.PROCEDURE_NOT_FOUND, f"Không tìm thấy thủ tục {code}.")
    result = {
        "MATTHC": procedure.code,
        "TENTTHC": procedure.name,
        "LINHVUCTHUCHIEN": [{"MALINHVUC": procedure.sector_code, "TENLINHVUC": procedure.sector_name}],
        "TRINHTUTHUCHIEN": [],
        "CACHTHUCTHUCHIEN": [],
        "THANHPHANHOSO": [],
        "KETQUATHUCHIEN": [],
        "CANCUPHAPLY": [],
        "COQUANTHUCHIEN": [],
        "YEUCAU": "",
        "MOTADOITUONGTHUCHIEN": "",
    }
    return _reply(protocol.OK, "Thành công.", result=[result])


HANDLERS = {
    "DongBoHoSoMC": _upsert,
    "CapNhatTienDoHoSoMC": _progress,
    "TraCuuHoSo": _lookup,
    "LayThuTuc": _procedure,
}
