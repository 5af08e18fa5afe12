"""Vietnamese first, English complete: the back office's screens in English show no Vietnamese
labels (the project's one catalogue, src/motcua/locale, translates them — docs/i18n.md; its own
tests check that every message is translated), while dates stay dd/mm/yyyy."""

from __future__ import annotations

import pytest
from django.utils import translation

from motcua.backoffice.templatetags.backoffice import ONTIME_LABELS, ontime_label
from motcua.dossiers.ontime import LABELS, OnTime

from .conftest import walk

pytestmark = pytest.mark.django_db


def english(client, url: str) -> str:
    response = client.get(f"/en{url}")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    return body


def test_the_dossier_page_in_english(world, as_user, frozen):
    dossier = walk(world, "transferred")
    body = english(as_user(world.p.minh), f"/backoffice/ho-so/{dossier.code}/")
    for source in (
        "Đang xử lý",  # status (dossiers)
        "Đã chuyển cơ quan giải quyết, chờ phân công",  # stage (dossiers)
        "Yêu cầu bổ sung hồ sơ",  # action (dossiers)
        "Cán bộ tiếp nhận",  # role (org)
        "Dòng thời gian",
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)",
        "Đang giải quyết trong hạn",  # on-time classification
        "làm việc",
    ):
        assert source not in body, source
    assert "05/03/2026" in body  # dates stay dd/mm/yyyy


@pytest.mark.parametrize(
    ("person", "url"),
    [
        ("lan", "/backoffice/quay/"),
        ("lan", "/backoffice/quay/tiep-nhan/?thu_tuc=T1.001193"),
        ("minh", "/backoffice/xu-ly/"),
        ("tuan", "/backoffice/giam-sat/"),
        ("lan", "/backoffice/so-theo-doi/"),
    ],
)
def test_the_main_screens_in_english(world, as_user, frozen, person, url):
    body = english(as_user(getattr(world.p, person)), url)
    for source in (
        "Tra cứu",
        "Đăng xuất",
        "Quầy tiếp nhận và trả kết quả",
        "Người nộp hồ sơ",
        "Danh sách đỏ",
        "Được giao cho tôi",
        "Sổ theo dõi hồ sơ (Mẫu 07)",
        "Tiếp nhận và in giấy hẹn",
    ):
        assert source not in body, source


def test_every_on_time_classification_has_a_translatable_label():
    with translation.override("vi"):
        assert {str(v) for v in ONTIME_LABELS.values()} == set(LABELS.values())
        assert ontime_label(OnTime.LATE) == "Quá hạn"
    with translation.override("en"):
        assert ontime_label(OnTime.LATE) != "Quá hạn"
