"""Strict environment-variable helpers for settings.

A deployment must fail at start with a clear message rather than run with a value it misread
(``DEBUG=flase`` silently meaning False is how production leaks tracebacks). Every helper:

* accepts only well-formed values and raises :class:`EnvError` naming the variable otherwise;
* supports a ``NAME_FILE`` variant for secrets (Docker/systemd credentials): the value is read from
  that file, trailing newline stripped. Setting both ``NAME`` and ``NAME_FILE`` is an error.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


class EnvError(ValueError):
    """A configuration variable is malformed. The message is shown to the operator as is."""


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    environ = os.environ if environ is None else environ
    direct = environ.get(name)
    file_name = environ.get(f"{name}_FILE")
    if direct is not None and file_name is not None:
        raise EnvError(f"{name} và {name}_FILE đều được đặt; chỉ dùng một trong hai.")
    if file_name is not None:
        try:
            return Path(file_name).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise EnvError(f"{name}_FILE={file_name!r}: không đọc được tệp ({exc.strerror}).") from exc
    return direct


def env_str(name: str, default: str | None = None, *, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    if value is None or value == "":
        if default is None:
            raise EnvError(f"Thiếu biến môi trường bắt buộc {name}.")
        return default
    return value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise EnvError(f"{name}={value!r} không hợp lệ: dùng true/false (hoặc 1/0, yes/no, on/off).")


def env_int(
    name: str,
    default: int,
    *,
    min_value: int | None = None,
    max_value: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None or value == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise EnvError(f"{name}={value!r} không hợp lệ: cần một số nguyên.") from None
    if min_value is not None and number < min_value:
        raise EnvError(f"{name}={number} không hợp lệ: phải ≥ {min_value}.")
    if max_value is not None and number > max_value:
        raise EnvError(f"{name}={number} không hợp lệ: phải ≤ {max_value}.")
    return number


def env_list(name: str, default: list[str], *, environ: Mapping[str, str] | None = None) -> list[str]:
    """Comma-separated list; blanks around items are ignored, empty items are an error."""
    value = _raw(name, environ)
    if value is None or value.strip() == "":
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(item == "" for item in items):
        raise EnvError(f"{name}={value!r} không hợp lệ: có phần tử rỗng giữa các dấu phẩy.")
    return items


def env_choice(
    name: str, default: str, choices: tuple[str, ...], *, environ: Mapping[str, str] | None = None
) -> str:
    value = env_str(name, default, environ=environ)
    if value not in choices:
        raise EnvError(f"{name}={value!r} không hợp lệ: chọn một trong {', '.join(choices)}.")
    return value


_HH_MM = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def env_time(name: str, default: dt.time, *, environ: Mapping[str, str] | None = None) -> dt.time:
    """A time of day written ``HH:MM`` (24-hour clock, ``9:30`` accepted), e.g. ``15:00``."""
    value = _raw(name, environ)
    if value is None or value.strip() == "":
        return default
    match = _HH_MM.fullmatch(value.strip())
    if not match:
        raise EnvError(f"{name}={value!r} không hợp lệ: cần giờ:phút theo 24 giờ (00:00–23:59), ví dụ 15:00.")
    return dt.time(int(match[1]), int(match[2]))


def env_pattern(
    name: str, default: str, pattern: str, expected: str, *, environ: Mapping[str, str] | None = None
) -> str:
    """A string matching ``pattern`` in full; ``expected`` says the form in words for the message.

    Matched with ``re.ASCII``: ``\\d`` must not accept full-width or other scripts' digits ("８６"),
    which no code table or URL uses.
    """
    value = env_str(name, default, environ=environ).strip()
    if not re.fullmatch(pattern, value, flags=re.ASCII):
        raise EnvError(f"{name}={value!r} không hợp lệ: cần {expected}.")
    return value


def env_url(
    name: str, default: str, *, schemes: tuple[str, ...] = ("http", "https"), environ: Mapping[str, str] | None = None
) -> str:
    """An absolute URL with one of ``schemes`` and a host, without query or fragment (a base to append paths to).

    Returned without trailing slash, so ``base + "/path"`` never doubles it.
    """
    value = env_str(name, default, environ=environ).strip()
    expected = f"cần địa chỉ tuyệt đối {' hoặc '.join(s + '://' for s in schemes)}…, ví dụ https://dichvucong.example.vn"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError:
        raise EnvError(f"{name}={value!r} không hợp lệ: {expected}.") from None
    if parts.scheme.lower() not in schemes or not parts.hostname or any(c.isspace() for c in value):
        raise EnvError(f"{name}={value!r} không hợp lệ: {expected}.")
    if parts.query or parts.fragment:
        raise EnvError(f"{name}={value!r} không hợp lệ: địa chỉ gốc không được có phần ?… hoặc #….")
    return value.rstrip("/")


def persistent_secret(path: Path) -> str:
    """A random secret kept in ``path`` (created 0600 on first use).

    The embedded deployment (a commune centre PC) then needs no configuration and still gets a
    unique, stable key; servers sharing a database set ``MOTCUA_SECRET_KEY`` explicitly instead.
    """
    import secrets

    try:
        existing = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        existing = ""
    except OSError as exc:
        raise EnvError(f"Không đọc được tệp khóa bí mật {path}: {exc.strerror}.") from exc
    if existing:
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value
