"""Settings must refuse malformed configuration with a message naming the variable."""

import pytest

from motcua.lib.env import EnvError, env_bool, env_choice, env_int, env_list, env_str


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


def test_persistent_secret_is_created_once_private_and_reused(tmp_path):
    import stat

    from motcua.lib.env import persistent_secret

    path = tmp_path / "data" / "secret-key"
    first = persistent_secret(path)
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert persistent_secret(path) == first
