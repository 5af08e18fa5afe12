"""The authorization endpoint: the "sign in as" page and every way a request is refused."""

from .conftest import KHANG_LEVEL1, REDIRECT_URI, TU_ELDERLY_LEVEL2, query_of


def test_page_lists_the_demo_citizens_with_their_level(provider):
    response = provider.get("authorize", provider.authorize_params(acr_values="LoA2"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Chọn công dân thử nghiệm để đăng nhập" in body
    assert "Nguyễn Văn Tư" in body and "086048003127" in body
    assert "Thạch Minh Khang" in body and "086201007392" in body
    assert "Công ty TNHH Chế biến Thủy sản Cửu Long Xanh" in body and "1501093846" in body
    assert body.count("Mức độ 2") == 3 and body.count("Mức độ 1") == 1
    assert "không phải hệ thống xác thực thật" in body
    assert "LoA2" in body  # the requested level is shown


def test_choosing_a_citizen_returns_a_code_and_the_state(provider):
    response = provider.choose(TU_ELDERLY_LEVEL2)

    assert response.status_code == 302
    assert response["Location"].startswith(REDIRECT_URI + "?")
    query = query_of(response["Location"])
    assert query["state"] == "state-1"
    assert len(query["code"]) >= 40


def test_cancelling_answers_access_denied_to_the_client(provider):
    response = provider.choose(None)

    query = query_of(response["Location"])
    assert response["Location"].startswith(REDIRECT_URI)
    assert query["error"] == "access_denied"
    assert query["state"] == "state-1"


def test_unregistered_redirect_uri_gets_a_page_not_a_redirect(provider):
    response = provider.get("authorize", provider.authorize_params(redirect_uri="https://evil.example/cb"))

    assert response.status_code == 400
    assert "Location" not in response
    assert "redirect_uri" in response.content.decode()


def test_redirect_uri_must_match_exactly(provider):
    # A prefix or a different trailing part is not the registered URI.
    for near_miss in (REDIRECT_URI + "extra", REDIRECT_URI.rstrip("/"), REDIRECT_URI.replace("http:", "https:")):
        response = provider.get("authorize", provider.authorize_params(redirect_uri=near_miss))
        assert response.status_code == 400, near_miss


def test_missing_redirect_uri_is_refused(provider):
    response = provider.get("authorize", provider.authorize_params(redirect_uri=None))

    assert response.status_code == 400
    assert "Location" not in response


def test_unknown_client_gets_a_page(provider):
    response = provider.get("authorize", provider.authorize_params(client_id="someone-else"))

    assert response.status_code == 400
    assert "client_id" in response.content.decode()


def test_other_response_types_are_refused_to_the_client(provider):
    response = provider.get("authorize", provider.authorize_params(response_type="token"))

    assert response.status_code == 302
    assert query_of(response["Location"])["error"] == "unsupported_response_type"


def test_unknown_scope_is_refused_to_the_client(provider):
    response = provider.get("authorize", provider.authorize_params(scope="openid admin"))

    assert query_of(response["Location"])["error"] == "invalid_scope"


def test_plain_pkce_is_refused(provider):
    response = provider.get(
        "authorize", provider.authorize_params(code_challenge="a" * 43, code_challenge_method="plain")
    )

    assert query_of(response["Location"])["error"] == "invalid_request"


def test_a_nonce_cannot_be_used_twice(provider):
    provider.code_for(KHANG_LEVEL1)

    response = provider.get("authorize", provider.authorize_params())  # same nonce-1

    assert query_of(response["Location"])["error"] == "invalid_request"


def test_unknown_citizen_is_refused(provider):
    response = provider.choose("not-a-demo-citizen")

    assert response.status_code == 400
