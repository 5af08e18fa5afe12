"""Settings must refuse malformed configuration with a message naming the variable."""

import datetime as dt

import pytest

from motcua.lib.env import (
    EnvError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_pattern,
    env_str,
    env_time,
    env_url,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("False", False), ("1", True), ("0", False), ("yes", True), ("off", False), ("", True)],
)
def test_env_bool_accepts_only_known_words(raw, expected):
    assert env_bool("X", True, environ={"X": raw}) is expected


@pytest.mark.parametrize("raw", ["flase", "y", "2", "TRUE!"])
def test_env_bool_rejects_typos_naming_the_variable(raw):
    with pytest.raises(EnvError, match="MOTCUA_DEBUG"):
        env_bool("MOTCUA_DEBUG", False, environ={"MOTCUA_DEBUG": raw})


def test_env_int_checks_type_and_bounds():
    assert env_int("N", 5, environ={}) == 5
    assert env_int("N", 5, environ={"N": " 12 "}) == 12
    with pytest.raises(EnvError, match="số nguyên"):
        env_int("N", 5, environ={"N": "12a"})
    with pytest.raises(EnvError, match="≥ 1"):
        env_int("N", 5, min_value=1, environ={"N": "0"})


def test_env_str_required_and_file_variant(tmp_path):
    with pytest.raises(EnvError, match="Thiếu biến môi trường bắt buộc SECRET"):
        env_str("SECRET", environ={})
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n", encoding="utf-8")
    assert env_str("SECRET", environ={"SECRET_FILE": str(secret)}) == "s3cr3t"
    with pytest.raises(EnvError, match="chỉ dùng một"):
        env_str("SECRET", environ={"SECRET": "a", "SECRET_FILE": str(secret)})
    with pytest.raises(EnvError, match="không đọc được"):
        env_str("SECRET", environ={"SECRET_FILE": str(tmp_path / "missing")})


def test_env_list_and_choice():
    assert env_list("HOSTS", ["a"], environ={"HOSTS": "x.vn, y.vn"}) == ["x.vn", "y.vn"]
    with pytest.raises(EnvError, match="rỗng"):
        env_list("HOSTS", [], environ={"HOSTS": "x.vn,,y.vn"})
    assert env_choice("C", "elapsed", ("elapsed", "civil"), environ={}) == "elapsed"
    with pytest.raises(EnvError, match="chọn một trong"):
        env_choice("C", "elapsed", ("elapsed", "civil"), environ={"C": "lunar"})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, dt.time(15, 0)),  # unset: the default
        ("", dt.time(15, 0)),
        ("16:30", dt.time(16, 30)),
        (" 16:30 ", dt.time(16, 30)),
        ("9:05", dt.time(9, 5)),
        ("00:00", dt.time(0, 0)),
        ("23:59", dt.time(23, 59)),
    ],
)
def test_env_time_reads_hours_and_minutes(raw, expected):
    environ = {} if raw is None else {"MOTCUA_SAME_DAY_CUTOFF": raw}
    assert env_time("MOTCUA_SAME_DAY_CUTOFF", dt.time(15, 0), environ=environ) == expected


@pytest.mark.parametrize("raw", ["25:99", "24:00", "16:60", "4pm", "16h30", "1630", "16:3", "16:30:00", "-1:00"])
def test_env_time_rejects_anything_but_hh_mm_naming_the_variable_and_the_form(raw):
    with pytest.raises(EnvError, match=r"MOTCUA_SAME_DAY_CUTOFF=.*giờ:phút.*15:00"):
        env_time("MOTCUA_SAME_DAY_CUTOFF", dt.time(15, 0), environ={"MOTCUA_SAME_DAY_CUTOFF": raw})


PROVINCE = (r"\d{2}", "mã tỉnh gồm 2 chữ số, ví dụ 86")


@pytest.mark.parametrize(("raw", "expected"), [(None, "86"), ("", "86"), ("01", "01"), (" 96 ", "96")])
def test_env_pattern_accepts_a_full_match(raw, expected):
    environ = {} if raw is None else {"MOTCUA_PROVINCE_CODE": raw}
    assert env_pattern("MOTCUA_PROVINCE_CODE", "86", *PROVINCE, environ=environ) == expected


@pytest.mark.parametrize("raw", ["xx", "8", "086", "86a", "８６"])
def test_env_pattern_rejects_other_values_naming_the_variable_and_the_form(raw):
    with pytest.raises(EnvError, match=r"MOTCUA_PROVINCE_CODE=.*2 chữ số"):
        env_pattern("MOTCUA_PROVINCE_CODE", "86", *PROVINCE, environ={"MOTCUA_PROVINCE_CODE": raw})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, "http://127.0.0.1:8000"),
        ("https://dichvucong.vinhlong.gov.vn", "https://dichvucong.vinhlong.gov.vn"),
        ("https://dichvucong.vinhlong.gov.vn/", "https://dichvucong.vinhlong.gov.vn"),  # no "//tra-cuu"
        ("HTTPS://motcua.example.vn:8443/motcua/", "HTTPS://motcua.example.vn:8443/motcua"),
        ("http://192.168.1.10:8000", "http://192.168.1.10:8000"),
    ],
)
def test_env_url_accepts_absolute_http_urls_without_trailing_slash(raw, expected):
    environ = {} if raw is None else {"MOTCUA_PUBLIC_BASE_URL": raw}
    assert env_url("MOTCUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000", environ=environ) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("dichvucong.vinhlong.gov.vn", "địa chỉ tuyệt đối http:// hoặc https://"),  # no scheme
        ("/tra-cuu", "địa chỉ tuyệt đối"),
        ("ftp://motcua.example.vn", "địa chỉ tuyệt đối"),
        ("https://", "địa chỉ tuyệt đối"),
        ("https:///tra-cuu", "địa chỉ tuyệt đối"),
        ("https://motcua.example.vn:99999", "địa chỉ tuyệt đối"),
        ("https://motcua example.vn", "địa chỉ tuyệt đối"),
        ("https://motcua.example.vn/?lang=vi", "không được có phần"),
        ("https://motcua.example.vn/#top", "không được có phần"),
    ],
)
def test_env_url_rejects_what_cannot_be_a_public_base_naming_the_variable(raw, message):
    with pytest.raises(EnvError, match=f"MOTCUA_PUBLIC_BASE_URL=.*{message}"):
        env_url("MOTCUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000", environ={"MOTCUA_PUBLIC_BASE_URL": raw})


def test_persistent_secret_is_created_once_private_and_reused(tmp_path):
    import stat

    from motcua.lib.env import persistent_secret

    path = tmp_path / "data" / "secret-key"
    first = persistent_secret(path)
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert persistent_secret(path) == first
