"""The Vietnamese admin finds centres, units and staff without diacritics, on SQLite and PostgreSQL."""

import importlib

import pytest
from django.apps import apps

from motcua.org.models import EquipmentItem, Posting, Role, ServiceCentre, User
from motcua.org.personas import POSTINGS_START

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


# --- staff: accounts, postings, equipment ------------------------------------------------------------


@pytest.fixture
def huong(personas):
    """A new counter officer at Xã Hòa Minh, beside the personas (Nguyễn Thị Lan, Trần Văn Minh, …)."""
    user = User.objects.create_user(
        username="huong.nv", password="motcua-test-123", full_name="Nguyễn Văn Hướng",
        email="huong.nv@hoaminh.vinhlong.gov.vn",
    )
    Posting.objects.create(user=user, role=Role.COUNTER_OFFICER, centre=personas.hoa_minh, starts_on=POSTINGS_START)
    return user


@pytest.mark.parametrize("url", ["/admin/org/user/", "/admin/org/posting/"])
@pytest.mark.parametrize(
    "query", ["nguyen van huong", "Nguyễn Văn Hướng", "nguyen van", "Nguyễn Văn", "NGUYEN VAN HUONG", "huong.nv"]
)
def test_admin_finds_staff_with_or_without_diacritics(admin_client_vi, huong, url, query):
    response = admin_client_vi.get(url, {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn Văn Hướng" in body
    assert "Nguyễn Thị Lan" not in body  # "nguyen" alone is not the phrase "nguyen van"
    assert "Trần Văn Minh" not in body  # nor is "van" alone


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("hoa minh", ["Nguyễn Văn Hướng", "Thạch Bình"], ["Nguyễn Thị Lan", "Trần Văn Minh"]),
        ("Hòa Minh", ["Nguyễn Văn Hướng", "Thạch Bình"], ["Nguyễn Thị Lan", "Trần Văn Minh"]),
        ("Văn phòng HĐND", ["Trần Văn Minh", "Lê Thị Hoa"], ["Nguyễn Thị Lan", "Thạch Bình"]),
        ("van phong hdnd", ["Trần Văn Minh", "Lê Thị Hoa"], ["Nguyễn Thị Lan", "Thạch Bình"]),
    ],
)
def test_postings_are_found_by_centre_or_department(admin_client_vi, huong, query, expected, absent):
    body = admin_client_vi.get("/admin/org/posting/", {"q": query}).content.decode()
    for name in expected:
        assert name in body
    for name in absent:
        assert name not in body


@pytest.mark.parametrize("query", ["hoa minh", "Hòa Minh", "Xã Hòa Minh"])
def test_equipment_is_found_by_centre_with_or_without_diacritics(admin_client_vi, query):
    EquipmentItem.objects.create(centre=ServiceCentre.objects.get(code="29410"), kind="scanner", required=2)
    EquipmentItem.objects.create(centre=ServiceCentre.objects.get(code="28756"), kind="pc", required=4)
    body = admin_client_vi.get("/admin/org/equipmentitem/", {"q": query}).content.decode()
    assert "Xã Hòa Minh" in body
    assert "Phường Phú Khương" not in body


def test_posting_form_finds_the_staff_member_without_diacritics(admin_client_vi, huong):
    # The user autocomplete of the posting form searches through UserAdmin too.
    for term in ("nguyen van huong", "Nguyễn Văn Hướng"):
        response = admin_client_vi.get(
            "/admin/autocomplete/", {"app_label": "org", "model_name": "posting", "field_name": "user", "term": term}
        )
        assert response.status_code == 200
        assert [r["text"] for r in response.json()["results"]] == ["Nguyễn Văn Hướng"]


def test_search_text_follows_the_account(huong):
    assert huong.search_text == "huong.nv nguyen van huong huong.nv@hoaminh.vinhlong.gov.vn"
    huong.full_name = "Nguyễn Văn Hưởng"
    huong.save(update_fields=["full_name"])
    huong.refresh_from_db()
    assert "nguyen van huong" in huong.search_text


def test_migration_fills_search_text_of_existing_accounts(personas):
    User.objects.update(search_text="")  # as accounts were before the column existed
    migration = importlib.import_module("motcua.org.migrations.0002_user_search_text")
    migration.fill_search_text(apps, None)
    assert User.objects.get(username="lan").search_text == "lan nguyen thi lan"
    assert not User.objects.filter(search_text="").exists()
