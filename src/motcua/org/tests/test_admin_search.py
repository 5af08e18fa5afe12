"""The Vietnamese admin finds centres and units without diacritics, on SQLite and PostgreSQL."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_vi(client, personas):
    client.force_login(personas.quan)
    return client


@pytest.mark.parametrize(
    ("url", "query", "expected", "absent"),
    [
        ("/admin/org/servicecentre/", "hoa minh", "Xã Hòa Minh", "Phường Phú Khương"),
        ("/admin/org/servicecentre/", "Hòa Minh", "Xã Hòa Minh", "Phường Phú Khương"),
        ("/admin/org/servicecentre/", "phu khuong", "Phường Phú Khương", "Xã Hòa Minh"),
        ("/admin/org/servicecentre/", "29410", "Xã Hòa Minh", "Phường Phú Khương"),
        ("/admin/org/adminunit/", "dac khu phu quoc", "Đặc khu Phú Quốc", "Đặc khu Côn Đảo"),
        ("/admin/org/department/", "van hoa xa hoi phu khuong", "Phòng Văn hóa - Xã hội Phường Phú Khương", "Hòa Minh"),
    ],
)
def test_search_ignores_diacritics(admin_client_vi, url, query, expected, absent):
    response = admin_client_vi.get(url, {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert expected in body
    assert absent not in body


def test_admin_speaks_vietnamese_by_default(admin_client_vi):
    body = admin_client_vi.get("/admin/org/servicecentre/").content.decode()
    assert "trung tâm phục vụ hành chính công" in body.lower()
    assert "125" in body  # the count of centres in the changelist footer


def test_a_phrase_is_matched_as_a_phrase_before_single_words(admin_client_vi):
    # "kinh te ha tang" is a phrase of ward offices only; "ha tang kinh te" is not a phrase
    # anywhere, so every word must occur (still ward offices, never commune ones).
    body = admin_client_vi.get("/admin/org/department/", {"q": "kinh te, ha tang"}).content.decode()
    assert "Phòng Kinh tế, Hạ tầng và Đô thị Phường Phú Khương" in body
    phrase = admin_client_vi.get("/admin/org/department/", {"q": "phong kinh te xa hoa minh"}).content.decode()
    assert "Phòng Kinh tế Xã Hòa Minh" in phrase
    assert "Phòng Văn hóa - Xã hội Xã Hòa Minh" not in phrase
    words = admin_client_vi.get("/admin/org/department/", {"q": "hoa minh kinh te"}).content.decode()
    assert "Phòng Kinh tế Xã Hòa Minh" in words
