"""Vietnamese first, English complete (docs/i18n.md).

Every message of every app is a Vietnamese ``msgid`` in one catalogue, ``src/motcua/locale/en``:

(a) every entry is translated, none is fuzzy, and the translation keeps the source's placeholders
    and HTML;
(b) the committed ``django.mo`` holds exactly the ``.po``'s translations (recompiled after edits);
(c) English pages show English labels, not the Vietnamese ones;
(d) the catalogue is current: the source, extracted again as ``make messages`` does, has no message
    the catalogue lacks — a developer who adds a string without running ``make messages`` gets the
    string named here (skipped where GNU gettext is not installed);
(e) the Khmer catalogue ``src/motcua/locale/km`` (citizen pages) may be partial — an empty
    translation shows in Vietnamese — but is otherwise held to the same rules: nothing fuzzy,
    placeholders kept, ``django.mo`` current, and no translation of a message the source no longer has.

The parsing and checks are those of ``scripts/i18n_check.py`` (standard library only).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PACKAGE = Path(__file__).resolve().parents[2]  # src/motcua
REPO = PACKAGE.parents[1]
EN = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
KM = Path(settings.LOCALE_PATHS[0]) / "km" / "LC_MESSAGES"
# The options of `make messages` (Makefile): app-level locale/ folders are never written.
IGNORE = ["*/tests/*", "*/migrations/*", "*/locale", "*/vendor/*"]
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib")


def _load_checker():
    path = REPO / "scripts" / "i18n_check.py"
    spec = importlib.util.spec_from_file_location("motcua_i18n_check", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


i18n_check = _load_checker()


@pytest.fixture(scope="module")
def catalogue():
    header, entries = i18n_check.parse_po(EN / "django.po")
    return header, entries


# --- (a) every entry translated -------------------------------------------------------------------


def test_the_english_catalogue_exists_and_is_a_real_catalogue(catalogue):
    header, entries = catalogue
    assert header.get("Language") == "en"
    assert header.get("Plural-Forms", "").startswith("nplurals=2;")
    assert not header.get("#fuzzy"), "the header entry is marked fuzzy: remove '#, fuzzy' above msgid \"\""
    assert len(entries) > 1000


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    _header, entries = catalogue
    untranslated = [entry.label() for entry in entries if not entry.translated]
    fuzzy = [entry.label() for entry in entries if entry.fuzzy]
    where = "src/motcua/locale/en/LC_MESSAGES/django.po"
    assert not untranslated, f"translate these in {where} (docs/i18n.md):\n  " + "\n  ".join(untranslated)
    assert not fuzzy, "check these translations and remove their '#, fuzzy' flag:\n  " + "\n  ".join(fuzzy)


def test_translations_keep_placeholders_and_html(catalogue):
    _header, entries = catalogue
    problems = [
        f"{entry.label()}: {problem}" for entry in entries for problem in i18n_check.placeholder_problems(entry)
    ]
    assert not problems, "\n".join(problems)


# --- (b) the compiled catalogue ---------------------------------------------------------------------


def test_the_compiled_catalogue_matches_the_po(catalogue):
    _header, entries = catalogue
    problems = i18n_check.mo_problems(entries, EN / "django.mo")
    assert not problems, "\n".join(problems[:20])


def test_the_checker_catches_what_it_should(tmp_path):
    """The gate itself: a fuzzy, an untranslated and a broken entry, and a .mo that lags behind."""
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Hồ sơ"\nmsgstr "Dossier"\n\n'
        '#, fuzzy\n#| msgid "Hồ sơ cũ"\nmsgid "Hồ sơ mới"\nmsgstr "Old dossier"\n\n'
        'msgid "Lĩnh vực"\nmsgstr ""\n\n'
        '#, python-format\nmsgid "Hồ sơ %(code)s của <strong>%(name)s</strong>"\n'
        'msgstr "Dossier %(cod)s of %(name)s"\n\n'
        '#, python-format\nmsgid "%(n)s ngày"\nmsgid_plural "%(n)s ngày"\n'
        'msgstr[0] "one day"\nmsgstr[1] "%(n)s days"\n\n'
        '#~ msgid "Đã xoá"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    _header, entries = i18n_check.parse_po(po)
    assert [entry.msgid for entry in entries] == [
        "Hồ sơ",
        "Hồ sơ mới",
        "Lĩnh vực",
        "Hồ sơ %(code)s của <strong>%(name)s</strong>",
        "%(n)s ngày",
    ]
    assert entries[4].translations == ["one day", "%(n)s days"]  # the singular may leave the count out
    problems = "\n".join(i18n_check.check(po))
    assert "fuzzy: line 11: 'Hồ sơ mới'" in problems
    assert "untranslated: line 14: 'Lĩnh vực'" in problems
    assert "%(code)s" in problems and "<strong" in problems
    assert "one day" not in problems
    assert "django.mo is missing" in problems
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "-o", str(tmp_path / "django.mo"), str(po)], check=True)
        assert i18n_check.mo_problems(entries, tmp_path / "django.mo") == []
        entries[0].msgstr = "Case file"  # the .po edited after compiling
        assert "not compiled" in "\n".join(i18n_check.mo_problems(entries, tmp_path / "django.mo"))


# --- (c) English pages --------------------------------------------------------------------------------

# (path, English labels that must show, Vietnamese UI labels that must not)
PAGES = [
    (
        "/en/backoffice/dang-nhap/",
        ["Staff login", "User name", "Password", "Log in"],
        ["Đăng nhập", "Tên đăng nhập", "Mật khẩu", "Máy tính dùng chung", "Bỏ qua đến nội dung chính"],
    ),
    (
        "/en/",
        ["Find an administrative procedure", "Look up a dossier", "My dossiers", "Log in", "File a dossier online"],
        [
            "Tìm thủ tục hành chính",
            "Tra cứu hồ sơ",
            "Hồ sơ của tôi",
            "Đăng nhập",
            "Nộp hồ sơ trực tuyến",
            "Phản ánh, kiến nghị",
            "Bản dịch của trang này chưa có",
        ],
    ),
    (
        "/en/tra-cuu/",
        ["Look up a dossier", "Dossier code", "Lookup code"],
        ["Tra cứu hồ sơ", "Mã số hồ sơ", "Mã tra cứu", "Không cần đăng nhập"],
    ),
    (
        "/en/phan-anh-kien-nghi/",
        ["Feedback and petitions", "Published replies"],
        ["Phản ánh, kiến nghị", "Trả lời đã công khai", "Chưa có trả lời nào được công khai"],
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "english", "vietnamese"), PAGES, ids=[page[0] for page in PAGES])
def test_english_pages_show_english_labels(client, path, english, vietnamese):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert [label for label in english if label not in html] == []
    assert [label for label in vietnamese if label in html] == []


# --- (d) the catalogue is current ---------------------------------------------------------------------


def _source_copy(target: Path) -> Path:
    """The translatable files of the package (what makemessages reads), outside the work tree."""
    skip_dirs = {"tests", "migrations", "locale", "vendor", "__pycache__", "var", "static"}

    def ignore(directory, names):
        return [
            name
            for name in names
            if (name in skip_dirs and Path(directory, name).is_dir())
            or (Path(directory, name).is_file() and not name.endswith((".py", ".html", ".txt")))
        ]

    return Path(shutil.copytree(PACKAGE, target / "motcua", ignore=ignore))


def test_every_message_of_the_source_is_in_the_catalogue(catalogue, tmp_path, monkeypatch):
    missing_tools = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing_tools:
        pytest.skip(f"GNU gettext not installed ({', '.join(missing_tools)} missing): apt-get install gettext")
    _header, entries = catalogue
    source = _source_copy(tmp_path)
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[str(source / "locale")]):
        call_command(
            "makemessages", locale=["en"], no_location=True, no_obsolete=True, ignore_patterns=IGNORE, verbosity=0
        )
    _fresh_header, fresh = i18n_check.parse_po(source / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert len(fresh) > 1000, "the extraction found too little: has the source moved?"
    committed = {entry.key for entry in entries}
    missing = [
        (f"[{entry.msgctxt}] " if entry.msgctxt else "") + entry.msgid for entry in fresh if entry.key not in committed
    ]
    assert not missing, (
        f"{len(missing)} message(s) of the source are not in src/motcua/locale/en/LC_MESSAGES/django.po; "
        "run `make messages`, translate them, and commit the .po and .mo:\n  " + "\n  ".join(map(repr, missing))
    )


# --- (e) the Khmer catalogue: partial ------------------------------------------------------------------


def test_the_khmer_catalogue_is_a_real_partial_catalogue(catalogue):
    header, entries = i18n_check.parse_po(KM / "django.po")
    assert header.get("Language") == "km"
    assert header.get("Plural-Forms", "").startswith("nplurals=1;")
    translated = [entry for entry in entries if entry.translated]
    assert len(translated) >= 150, "the Khmer catalogue lost its translations"
    # the checker's --partial rules: empty entries allowed; fuzzy, placeholders and the .mo checked
    problems = i18n_check.check(KM / "django.po", partial=True)
    assert not problems, "src/motcua/locale/km (docs/i18n.md):\n  " + "\n  ".join(problems[:30])
    # a Khmer translation of a message the source no longer has is dead: run `make messages`
    _header, english = catalogue
    current = {entry.key for entry in english}
    stale = [entry.label() for entry in translated if entry.key not in current]
    assert not stale, "run `make messages` (it refreshes km too):\n  " + "\n  ".join(stale)


def test_the_default_check_is_english_complete_and_khmer_partial():
    assert i18n_check.default_catalogues() == [(i18n_check.EN_PO, False), (i18n_check.KM_PO, True)]
    assert i18n_check.main([]) == 0
