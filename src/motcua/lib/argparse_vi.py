"""Vietnamese for the command line's own messages (argparse) — framework-free.

An operator who types ``motcua report --format csv`` or forgets ``--to`` reads argparse's message,
which comes from the standard library in English ("invalid choice", "the following arguments are
required"). Python ships no Vietnamese catalogue for it, so the ``motcua`` console script
(:mod:`motcua.manage`) points argparse's two translation functions at this table. Only argparse is
touched: Django's own translations are a different machinery. A message not in the table stays as
argparse wrote it.
"""

from __future__ import annotations

import argparse

# msgid (argparse 3.11–3.13, exactly as it calls gettext) → Vietnamese
MESSAGES = {
    "usage: ": "cách dùng: ",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "giá trị %(value)r không hợp lệ (chọn một trong %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không đúng kiểu (%(type)s)",
    "expected one argument": "cần một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tham số %(option)s không rõ: có thể là %(matches)s",
    "not allowed with argument %s": "không dùng được cùng tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "positional arguments": "tham số theo vị trí",
    "options": "tùy chọn",
}
PLURALS = {
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    return PLURALS.get(chosen, chosen)


def install() -> None:
    """argparse looks its two functions up in its module at each call: replace them there."""
    argparse._ = gettext
    argparse.ngettext = ngettext
