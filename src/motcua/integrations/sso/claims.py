"""From validated ID-token claims and userinfo to a citizen identity — framework-free.

The national portal's userinfo uses Vietnamese field names (LoaiTaiKhoan 1 = citizen, 2 = business;
HoVaTen, SoDinhDanh, MaSoThue, DiaChi, SoDienThoai, ThuDienTu, TechID); the standard OIDC names are
accepted as fallbacks so another provider (or the portal's next version) still maps.

Assurance level (DOMAIN §3): one claim, named by configuration (default ``acr``), read from the ID
token first — it is signed — then from userinfo. Its value is level 2 only when it is one of the
configured level-2 values (default ``LoA2``); anything else, including a missing claim, is level 1:
never grant more than the provider asserted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

CITIZEN = "citizen"
ORGANISATION = "organisation"


@dataclass(frozen=True)
class CitizenIdentity:
    subject: str
    tech_id: str
    id_number: str
    full_name: str
    kind: str  # CITIZEN | ORGANISATION
    organisation_name: str
    tax_code: str
    phone: str
    email: str
    address: str
    assurance_level: int  # 1 | 2


class ProfileError(ValueError):
    """The provider's answer lacks what an account needs (a subject)."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Mapping):  # OIDC "address" is an object with "formatted"
        return _text(value.get("formatted"))
    return str(value).strip()


def _first(sources: Iterable[Mapping[str, object]], *names: str) -> str:
    for source in sources:
        for name in names:
            text = _text(source.get(name))
            if text:
                return text
    return ""


def assurance_level(value: object, level2_values: Iterable[str]) -> int:
    """2 if the claim value (or any element of a list value) is a configured level-2 value, else 1."""
    accepted = {str(v).strip() for v in level2_values}
    values = value if isinstance(value, list | tuple) else [value]
    return 2 if any(v is not None and str(v).strip() in accepted for v in values) else 1


def identity_from(
    id_claims: Mapping[str, object],
    userinfo: Mapping[str, object],
    *,
    loa_claim: str,
    level2_values: Iterable[str],
) -> CitizenIdentity:
    subject = _text(id_claims.get("sub"))
    if not subject:
        raise ProfileError("ID token has no 'sub'")
    loa_value = id_claims[loa_claim] if loa_claim in id_claims else userinfo.get(loa_claim)
    sources = (userinfo, id_claims)
    kind = ORGANISATION if _first(sources, "LoaiTaiKhoan") == "2" else CITIZEN
    return CitizenIdentity(
        subject=subject,
        tech_id=_first(sources, "TechID"),
        id_number=_first(sources, "SoDinhDanh", "SoCMND"),
        full_name=_first(sources, "HoVaTen", "name"),
        kind=kind,
        organisation_name=_first(sources, "TenDoanhNghiep") if kind == ORGANISATION else "",
        tax_code=_first(sources, "MaSoThue", "MaSoDoanhNghiep"),
        phone=_first(sources, "SoDienThoai", "phone_number"),
        email=_first(sources, "ThuDienTu", "email"),
        address=_first(sources, "DiaChi", "address"),
        assurance_level=assurance_level(loa_value, level2_values),
    )
