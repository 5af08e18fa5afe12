"""Languages (issue 6 §7): Vietnamese by default, English, and Khmer on citizen pages only, falling back
to Vietnamese where no Khmer translation exists."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import translation

from motcua.portal import i18n

pytestmark = pytest.mark.django_db

# A message citizens see on /phan-anh-kien-nghi/ that the (partial) Khmer catalogue leaves
# untranslated on purpose. If it gets a Khmer translation one day, pick another untranslated one.
UNTRANSLATED = "Trả lời đã công khai"


@pytest.fixture
def no_khmer_catalogue(tmp_path):
    """No project catalogue at all (as before src/motcua/locale/km existed)."""
    i18n.catalogue_available.cache_clear()
    with override_settings(LOCALE_PATHS=[str(tmp_path)]):  # Django resets its translation caches
        yield
    i18n.catalogue_available.cache_clear()


def test_vietnamese_is_the_default(client, catalogue):
    html = client.get("/thu-tuc/").content.decode()
    assert '<html lang="vi">' in html and "Danh mục thủ tục hành chính" in html


def test_citizen_pages_offer_three_languages(client, catalogue):
    html = client.get("/thu-tuc/P1.001193/").content.decode()
    assert 'href="/en/thu-tuc/P1.001193/"' in html
    assert 'href="/km/thu-tuc/P1.001193/"' in html and "ភាសាខ្មែរ" in html
    assert i18n.portal_languages() == [("vi", "Tiếng Việt"), ("en", "English"), ("km", "ភាសាខ្មែរ")]


def test_khmer_pages_use_the_khmer_catalogue(client, catalogue):
    """The real, partial catalogue (src/motcua/locale/km): Khmer text, lang="km", no notice."""
    assert i18n.catalogue_available("km")
    response = client.get("/km/thu-tuc/P1.001193/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "km"
    assert '<html lang="km">' in html
    assert "សមាសភាពសំណុំឯកសារ" in html and "Thành phần hồ sơ" not in html  # "Thành phần hồ sơ"
    assert "រយៈពេលដោះស្រាយ" in html  # "Thời hạn giải quyết"
    assert "វិបផតថលសេវាសាធារណៈ" in html  # "Cổng dịch vụ công" (layout)
    assert "Bản dịch của trang này chưa có" not in html
    assert 'href="/km/thu-tuc/"' in html  # links stay in Khmer


def test_untranslated_khmer_messages_show_in_vietnamese(client, catalogue):
    with translation.override("km"):
        assert translation.gettext(UNTRANSLATED) == UNTRANSLATED  # not in the Khmer catalogue
        assert translation.gettext("Tra cứu hồ sơ") == "តាមដានសំណុំឯកសារ"
    response = client.get("/km/phan-anh-kien-nghi/")
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="km">' in html
    assert UNTRANSLATED in html  # Vietnamese, not English
    assert "Published replies" not in html
    assert "មតិយោបល់ និងសំណូមពរ" in html  # the navigation is translated


def test_the_home_and_search_pages_in_khmer(client, catalogue):
    html = client.get("/km/").content.decode()
    assert "ស្វែងរកនីតិវិធីរដ្ឋបាល" in html and "Tìm thủ tục hành chính" not in html
    html = client.get("/km/thu-tuc/?q=khai+sinh").content.decode()
    assert "បញ្ជីនីតិវិធីរដ្ឋបាល" in html and "ឈ្មោះ ឬលេខកូដនីតិវិធី" in html
    html = client.get("/km/tra-cuu/").content.decode()
    assert "លេខកូដសំណុំឯកសារ" in html and "លេខកូដតាមដាន" in html and "Mã tra cứu" not in html


def test_the_tracking_page_in_khmer(client, world, frozen):
    from .conftest import counter_dossier

    dossier = counter_dossier(world)  # status 2 "Được tiếp nhận"
    html = client.get(f"/km/tra-cuu/{dossier.code}/?s={dossier.lookup_secret}").content.decode()
    assert '<html lang="km">' in html
    assert "ស្ថានភាពសំណុំឯកសារ" in html  # "Tình trạng hồ sơ"
    assert "បានទទួលយក" in html and "Được tiếp nhận" not in html  # national status 2
    assert "ដំណើរការដោះស្រាយ" in html  # "Quá trình giải quyết"
    response = client.get(f"/km/tra-cuu/{dossier.code}/?s=XXXXXXXXXX")
    assert response.status_code == 404 and "រកមិនឃើញសំណុំឯកសារ" in response.content.decode()  # "not found"


def test_the_transparency_page_in_khmer(client, catalogue):
    response = client.get("/km/minh-bach/")
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="km">' in html
    assert "លទ្ធផលដោះស្រាយនីតិវិធីរដ្ឋបាល — ទូទាំងខេត្ត" in html and "ខែនេះ" in html


def test_khmer_pages_without_a_catalogue_fall_back_to_vietnamese(client, catalogue, no_khmer_catalogue):
    assert not i18n.catalogue_available("km")
    response = client.get("/km/thu-tuc/P1.001193/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "km"
    assert '<html lang="vi">' in html  # the text really is Vietnamese: read it with a Vietnamese voice
    assert "Thành phần hồ sơ" in html  # Vietnamese text
    assert "Bản dịch của trang này chưa có" in html
    assert 'href="/km/thu-tuc/"' in html  # links stay in Khmer


def test_staff_screens_have_no_khmer(client, catalogue):
    response = client.get("/km/backoffice/dang-nhap/?next=/backoffice/")
    assert response.status_code == 302
    assert response["Location"] == "/backoffice/dang-nhap/?next=/backoffice/"
    response = client.get("/km/bao-cao/")  # the reports app: only its public page has Khmer
    assert response.status_code == 302 and response["Location"] == "/bao-cao/"
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
