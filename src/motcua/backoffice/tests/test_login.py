"""Staff login: Vietnamese messages, lockout after repeated failures, role landing page."""

import datetime as dt

import pytest

from motcua.lib import clock

pytestmark = pytest.mark.django_db

PASSWORD = "motcua-test-123"
LOGIN = "/backoffice/dang-nhap/"


def _login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_lan_logs_in_and_lands_on_her_counter(client, personas):
    response = _login(client, "lan", PASSWORD)
    assert response.status_code == 302
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == "/backoffice/quay/"
    body = page.content.decode()
    assert "Quầy tiếp nhận và trả kết quả" in body
    assert "Trung tâm Phục vụ hành chính công Phường Phú Khương" in body


@pytest.mark.parametrize(
    ("username", "landing"),
    [
        ("lan", "/backoffice/quay/"),  # counter officer
        ("minh", "/backoffice/xu-ly/"),  # specialist
        ("hoa", "/backoffice/xu-ly/"),  # approver
        ("tuan", "/backoffice/giam-sat/"),  # centre director
        ("giang", "/backoffice/giam-sat/"),  # province supervisor
        ("quan", "/backoffice/giam-sat/"),  # system administrator
    ],
)
def test_each_role_lands_on_its_own_home_page(client, personas, username, landing):
    client.force_login(getattr(personas, username))
    assert client.get("/backoffice/")["Location"] == landing


def test_the_postings_page_lists_the_roles_in_force(client, personas):
    client.force_login(personas.lan)
    body = client.get("/backoffice/phan-cong/").content.decode()
    assert "Cán bộ tiếp nhận" in body and "Trung tâm Phục vụ hành chính công Phường Phú Khương" in body


def test_wrong_password_is_refused_in_vietnamese(client, personas):
    response = _login(client, "lan", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_five_failures_lock_the_account_even_for_the_right_password(client, personas, settings):
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=clock.BUSINESS_TZ)
    with clock.frozen(start) as advance:
        for _ in range(5):
            _login(client, "lan", "sai-mat-khau")
            advance(dt.timedelta(minutes=1))
        response = _login(client, "lan", PASSWORD)
        body = response.content.decode()
        assert response.status_code == 200
        assert "Tài khoản tạm khóa do đăng nhập sai nhiều lần" in body
        # Failures at 08:00 … 08:04: the lock lifts when the oldest leaves the 15-minute window.
        assert "08:15 02/03/2026" in body
        # Binh at another centre is not affected by Lan's lockout.
        assert _login(client, "binh", PASSWORD).status_code == 302
        client.logout()
        advance(dt.timedelta(minutes=10))  # now 08:15
        assert _login(client, "lan", PASSWORD).status_code == 302


def test_staff_without_posting_is_told_so(client, personas):
    _login(client, "cuong", PASSWORD)  # his posting ended 31/12/2025
    body = client.get("/backoffice/").content.decode()
    assert "chưa được phân công vai trò nào đang có hiệu lực" in body
    assert client.get("/backoffice/quay/").status_code == 403  # and no screen opens for him


def test_english_is_available(client, personas):
    client.force_login(personas.lan)
    response = client.get("/en/backoffice/", follow=True)
    assert response.redirect_chain[-1][0] == "/en/backoffice/quay/"
    body = response.content.decode()
    assert '<html lang="en">' in body
    # translated (which English catalogue wins is the project's business: the source text is gone)
    assert "Quầy tiếp nhận và trả kết quả" not in body and "Tiếp nhận hồ sơ mới" not in body


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/backoffice/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


PASSWORD_CHANGE = "/backoffice/doi-mat-khau/"


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        # settings.AUTH_PASSWORD_VALIDATORS: the password policy of the back office
        ("Vl@2026", "quá ngắn"),  # fewer than 10 characters
        ("2026071986", "hoàn toàn là số"),  # digits only
        ("password123", "quá phổ biến"),  # in the list of common passwords
    ],
)
def test_a_weak_new_password_is_refused_and_the_old_one_still_works(client, personas, new_password, message):
    client.force_login(personas.minh)
    response = client.post(PASSWORD_CHANGE, {
        "old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password,
    })
    assert response.status_code == 200
    assert message in response.content.decode()
    personas.minh.refresh_from_db()
    assert personas.minh.check_password(PASSWORD)


def test_minh_changes_his_password_stays_logged_in_and_the_change_is_audited(client, personas):
    from motcua.dossiers.models import AuditEntry

    client.force_login(personas.minh)
    assert "Đổi mật khẩu" in client.get("/backoffice/xu-ly/").content.decode()  # offered in the header
    new = "Song Co Chien 2026"
    response = client.post(PASSWORD_CHANGE, {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
                           follow=True)
    assert "Đã đổi mật khẩu." in response.content.decode()
    assert client.get("/backoffice/xu-ly/").status_code == 200  # still logged in
    assert AuditEntry.objects.filter(action="staff.password.changed", object_ref="minh").count() == 1
    client.logout()
    assert _login(client, "minh", PASSWORD).status_code == 200  # the old password no longer opens
    assert _login(client, "minh", new).status_code == 302


def test_an_idle_session_ends_and_activity_keeps_it_alive(client, personas, settings):
    """Shared counter PCs: after MOTCUA_SESSION_MINUTES without a request the officer logs in again;
    every request pushes the end of the session further (sliding timeout)."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 30 * 60  # the default of MOTCUA_SESSION_MINUTES
    _login(client, "lan", PASSWORD)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    assert client.get("/backoffice/quay/").status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + dt.timedelta(minutes=29)  # activity renewed the 30 minutes
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/backoffice/quay/")
    assert response.status_code == 302 and response["Location"].startswith("/backoffice/dang-nhap/")


def test_at_a_counter_node_the_password_is_changed_at_the_province(client, personas, settings):
    """The node takes the staff's password hashes from the province at each sync (countersync):
    a password changed at the node would come back, so the node sends the officer to the province."""
    settings.COUNTER_SYNC = {**settings.COUNTER_SYNC, "ROLE": "counter-node"}
    client.force_login(personas.lan)
    page = client.get(PASSWORD_CHANGE).content.decode()
    assert "hãy đổi mật khẩu trên hệ thống của tỉnh" in page and 'name="new_password1"' not in page
    response = client.post(PASSWORD_CHANGE, {
        "old_password": PASSWORD, "new_password1": "Song Co Chien 2026", "new_password2": "Song Co Chien 2026",
    })
    assert response.status_code == 200
    personas.lan.refresh_from_db()
    assert personas.lan.check_password(PASSWORD)
