"""Languages (issue 6 §7): Vietnamese by default, English, and Khmer on citizen pages only, falling back
to Vietnamese where no Khmer translation exists."""

from __future__ import annotations

import pytest

from motcua.portal import i18n

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_khmer_catalogue(monkeypatch):
    monkeypatch.setattr(i18n, "catalogue_available", lambda language: language == "vi")


def test_vietnamese_is_the_default(client, catalogue):
    html = client.get("/thu-tuc/").content.decode()
    assert '<html lang="vi">' in html and "Danh mục thủ tục hành chính" in html


def test_citizen_pages_offer_three_languages(client, catalogue):
    html = client.get("/thu-tuc/P1.001193/").content.decode()
    assert 'href="/en/thu-tuc/P1.001193/"' in html
    assert 'href="/km/thu-tuc/P1.001193/"' in html and "ភាសាខ្មែរ" in html
    assert i18n.portal_languages() == [("vi", "Tiếng Việt"), ("en", "English"), ("km", "ភាសាខ្មែរ")]


def test_khmer_pages_fall_back_to_vietnamese(client, catalogue, no_khmer_catalogue):
    response = client.get("/km/thu-tuc/P1.001193/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "km"
    assert '<html lang="vi">' in html  # the text really is Vietnamese: read it with a Vietnamese voice
    assert "Thành phần hồ sơ" in html  # Vietnamese text
    assert "Bản dịch của trang này chưa có" in html
    assert 'href="/km/thu-tuc/"' in html  # links stay in Khmer


def test_a_khmer_catalogue_is_used_when_present(client, catalogue, monkeypatch):
    monkeypatch.setattr(i18n, "catalogue_available", lambda language: True)
    html = client.get("/km/thu-tuc/").content.decode()
    assert '<html lang="km">' in html and "Bản dịch của trang này chưa có" not in html


def test_staff_screens_have_no_khmer(client, catalogue):
    response = client.get("/km/backoffice/dang-nhap/?next=/backoffice/")
    assert response.status_code == 302
    assert response["Location"] == "/backoffice/dang-nhap/?next=/backoffice/"
    from django.conf import settings

    assert "km" not in dict(settings.LANGUAGES)


def test_khmer_root_and_unknown_khmer_paths(client, catalogue):
    assert client.get("/km").status_code == 302
    assert client.get("/km/").status_code == 200
    assert client.get("/km/khong-co/").status_code == 404


def test_english_pages(client, catalogue):
    response = client.get("/en/thu-tuc/")
    assert response.status_code == 200 and response["Content-Language"] == "en"
    assert 'href="/thu-tuc/"' in response.content.decode()  # back to Vietnamese


def test_the_qr_address_works_in_every_language(client, world, frozen):
    from .conftest import counter_dossier

    dossier = counter_dossier(world)
    for prefix in ("", "/en", "/km"):
        assert client.get(f"{prefix}/tra-cuu/{dossier.code}/?s={dossier.lookup_secret}").status_code == 200
