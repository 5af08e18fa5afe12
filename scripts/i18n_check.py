#!/usr/bin/env python3
"""Check the catalogues: English complete, Khmer partial; nothing fuzzy, placeholders kept, .mo current.

    .venv/bin/python scripts/i18n_check.py            # English (complete) and Khmer (partial): docs/i18n.md
    .venv/bin/python scripts/i18n_check.py path/to/django.po [...]
    .venv/bin/python scripts/i18n_check.py --partial src/motcua/locale/km/LC_MESSAGES/django.po

Vietnamese is the source language, so every message in the code is a ``msgid`` in Vietnamese and
the English catalogue ``src/motcua/locale/en/LC_MESSAGES/django.po`` must translate all of them.
This script reports, naming each message:

* entries with an empty ``msgstr`` (or an empty plural form), and ``fuzzy`` entries (gettext does
  not use them: the page would show Vietnamese);
* placeholder mismatches: ``%(name)s``/``%s``/``%d`` (python-format), ``{name}`` (str.format) and
  HTML tags must be the same in the translation as in the source;
* a compiled ``django.mo`` that is missing, or whose translations differ from the ``.po`` (it was
  not recompiled after an edit: run ``make messages``). The ``.mo`` is read back with Python's own
  :class:`gettext.GNUTranslations`, exactly as Django reads it; file times are not compared
  because a git checkout does not keep them.

``--partial`` is for catalogues that may be incomplete (Khmer, citizen pages only: an untranslated
message shows in Vietnamese there): empty translations are not reported, everything else is. Without
arguments the script checks the English catalogue as complete and, when it exists, the Khmer one
(``src/motcua/locale/km``) as partial.

Exit status 1 when anything is reported, 0 otherwise. Standard library only (no polib), so the test
suite (``motcua/core/tests/test_translations.py``) imports the same parser.
"""

from __future__ import annotations

import ast
import gettext
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EN_PO = ROOT / "src" / "motcua" / "locale" / "en" / "LC_MESSAGES" / "django.po"
KM_PO = ROOT / "src" / "motcua" / "locale" / "km" / "LC_MESSAGES" / "django.po"  # partial (citizen pages)

# --- Parsing ----------------------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translations(self) -> list[str]:
        """The msgstr, or every plural form in order."""
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.msgstr_plural[i] for i in sorted(self.msgstr_plural)]

    @property
    def translated(self) -> bool:
        return bool(self.translations) and all(self.translations)

    def label(self) -> str:
        text = self.msgid if len(self.msgid) <= 90 else self.msgid[:87] + "…"
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"line {self.line}: {context}{text!r}"


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


def _unquote(literal: str) -> str:
    # PO strings use C escapes (\n, \t, \", \\); as a Python literal they decode the same way
    # without touching non-ASCII text.
    return ast.literal_eval(literal)


def parse_po(path: Path | str) -> tuple[dict[str, str], list[Entry]]:
    """(header fields, entries) of a PO file. The header entry (msgid "") and obsolete (#~) entries
    are not in the list; a fuzzy header shows as ``header["#fuzzy"]``."""
    entries: list[Entry] = []
    header: dict[str, str] = {}
    current: Entry | None = None
    has_msgid = False  # the current entry has had its msgid: a comment or keyword now starts the next
    target = ""  # the field a continuation line ("...") extends

    def finish():
        nonlocal current, has_msgid, target
        if current is not None and has_msgid:
            if current.msgid == "" and current.msgctxt is None:
                for raw in current.msgstr.split("\n"):
                    name, sep, value = raw.partition(":")
                    if sep:
                        header[name.strip()] = value.strip()
                if current.fuzzy:
                    header["#fuzzy"] = "yes"
            elif not current.obsolete:
                entries.append(current)
        current, has_msgid, target = None, False, ""

    text = Path(path).read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if not line or line.startswith("|"):
                continue
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if has_msgid:
                finish()
            if current is None:
                current = Entry(msgid="", line=number)
            if line.startswith("#,"):
                current.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, literal = match.group(1), match.group(2), _unquote(match.group(3))
            if keyword in ("msgctxt", "msgid") and has_msgid:
                finish()
            if current is None:
                current = Entry(msgid="", line=number)
            current.obsolete = current.obsolete or obsolete
            if keyword == "msgctxt":
                current.msgctxt = literal
            elif keyword == "msgid":
                current.msgid, current.line, has_msgid = literal, number, True
            elif keyword == "msgid_plural":
                current.msgid_plural = literal
            elif index is not None:
                current.msgstr_plural[int(index)] = literal
            else:
                current.msgstr = literal
            target = keyword if index is None else f"msgstr[{index}]"
            continue
        if line.startswith('"') and current is not None and target:
            literal = _unquote(line)
            if target == "msgctxt":
                current.msgctxt = (current.msgctxt or "") + literal
            elif target == "msgid":
                current.msgid += literal
            elif target == "msgid_plural":
                current.msgid_plural = (current.msgid_plural or "") + literal
            elif target.startswith("msgstr["):
                current.msgstr_plural[int(target[7:-1])] += literal
            else:
                current.msgstr += literal
            continue
        raise ValueError(f"{path}:{number}: cannot parse {raw!r}")
    finish()
    return header, entries


# --- Placeholders -----------------------------------------------------------------------------------

# %(name)s, %s, %d, %.1f … (python-format); %% is a literal percent sign.
_PERCENT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)
_BRACE = re.compile(r"(?<!\{)\{(?P<field>[A-Za-z_][A-Za-z0-9_]*|\d*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?=[\s/>])[^<>]*>")
# Only real HTML elements count: "<mã cơ quan>-<YYMMDD>" in a help text is a pattern, not markup.
_HTML_ELEMENTS = frozenset(
    (  # noqa: SIM905 (one readable line per group of tags)
        "a abbr b bdi bdo br caption cite code dd del details dfn div dl dt em figcaption figure footer "
        "h1 h2 h3 h4 h5 h6 header hr i img input ins kbd label li mark nav ol p pre q s samp section small "
        "span strong sub summary sup table tbody td th thead time tr u ul var wbr"
    ).split()
)


def percent_placeholders(text: str) -> tuple[Counter, list[str]]:
    """(named placeholders, positional conversions in order) of a python-format string."""
    named: Counter = Counter()
    positional: list[str] = []
    for match in _PERCENT.finditer(text):
        if match.group("conv") == "%":
            continue
        if match.group("name") is not None:
            named[f"%({match.group('name')}){match.group('conv')}"] += 1
        else:
            positional.append(match.group(0))
    return named, positional


def brace_placeholders(text: str) -> set[str]:
    return {f"{{{m.group('field')}}}" for m in _BRACE.finditer(text)}


def html_tags(text: str) -> Counter:
    """Opening and closing HTML tags by name ("<strong", "</strong"); attributes may be translated."""
    return Counter(
        m.group(0).split()[0].rstrip("/>").lower() for m in _TAG.finditer(text) if m.group(1).lower() in _HTML_ELEMENTS
    )


def placeholder_problems(entry: Entry) -> list[str]:
    """What the translation changed of the source's placeholders and HTML (empty list: nothing)."""
    problems = []
    python_format = "python-format" in entry.flags or "%(" in entry.msgid
    sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
    for index, translation in enumerate(entry.translations):
        if not translation:
            continue
        # Plural forms: form 0 matches the singular msgid, the others the plural one. The singular
        # translation may leave the count out ("one dossier"), so it is compared by name only.
        source = sources[min(index, len(sources) - 1)]
        form = "" if entry.msgid_plural is None else f"msgstr[{index}]: "
        if python_format:
            src_named, src_positional = percent_placeholders(source)
            dst_named, dst_positional = percent_placeholders(translation)
            if entry.msgid_plural is not None and index == 0:
                all_named = set(percent_placeholders(entry.msgid_plural)[0]) | set(src_named)
                extra = set(dst_named) - all_named
                if extra:
                    problems.append(f"{form}unknown placeholders {sorted(extra)}")
            elif set(src_named) != set(dst_named):
                problems.append(f"{form}placeholders {sorted(src_named)} became {sorted(dst_named)}")
            if src_positional != dst_positional:
                problems.append(f"{form}positional placeholders {src_positional} became {dst_positional}")
        if brace_placeholders(source) != brace_placeholders(translation):
            problems.append(
                f"{form}placeholders {sorted(brace_placeholders(source))} "
                f"became {sorted(brace_placeholders(translation))}"
            )
        if html_tags(source) != html_tags(translation):
            problems.append(
                f"{form}HTML tags {sorted(html_tags(source).elements())} "
                f"became {sorted(html_tags(translation).elements())}"
            )
        if source.endswith("\n") != translation.endswith("\n"):
            problems.append(f"{form}trailing newline differs")
    return problems


# --- Compiled catalogue -----------------------------------------------------------------------------


def mo_catalog(path: Path | str) -> dict:
    """The messages of a compiled .mo as Python's gettext (and so Django) reads them."""
    with open(path, "rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def mo_problems(po_entries: list[Entry], mo_path: Path) -> list[str]:
    """Differences between the .po's usable translations and what the compiled .mo holds."""
    if not mo_path.exists():
        return [f"{mo_path} is missing: run `make messages` (compilemessages)"]
    catalog = mo_catalog(mo_path)
    expected: dict = {}
    for entry in po_entries:
        if entry.fuzzy or not entry.translated:
            continue  # msgfmt leaves these out
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[key] = entry.msgstr
        else:
            for index, text in enumerate(entry.translations):
                expected[(key, index)] = text
    problems = []
    for key, text in expected.items():
        if catalog.get(key) != text:
            problems.append(f"not compiled: {key!r} → {text!r} (the .mo has {catalog.get(key)!r})")
    for key in catalog:
        if key != "" and key not in expected:
            problems.append(f"stale in the .mo, not in the .po: {key!r}")
    if problems:
        problems.insert(0, f"{mo_path} does not match the .po: run `make messages` (compilemessages)")
    return problems


# --- The check --------------------------------------------------------------------------------------


def check(po_path: Path, partial: bool = False) -> list[str]:
    """Every problem of one catalogue (and its .mo), as human-readable lines; ``partial``: a
    catalogue allowed to leave messages untranslated (they show in Vietnamese)."""
    header, entries = parse_po(po_path)
    problems = []
    if header.get("#fuzzy"):
        problems.append(f"{po_path}: the header entry is marked fuzzy")
    if not header.get("Plural-Forms"):
        problems.append(f"{po_path}: the header has no Plural-Forms")
    for entry in entries:
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.label()}")
        if not entry.translated and not (partial and not any(entry.translations)):
            problems.append(f"untranslated: {entry.label()}")
        for problem in placeholder_problems(entry):
            problems.append(f"placeholder: {entry.label()}: {problem}")
    problems.extend(mo_problems(entries, po_path.with_suffix(".mo")))
    return problems


def default_catalogues() -> list[tuple[Path, bool]]:
    """(catalogue, partial) checked when no path is given: English complete, Khmer partial if present."""
    return [(EN_PO, False)] + ([(KM_PO, True)] if KM_PO.exists() else [])


def main(argv: list[str]) -> int:
    partial = "--partial" in argv
    paths = [(Path(arg), partial) for arg in argv if arg != "--partial"] or default_catalogues()
    status = 0
    for path, partial in paths:
        if not path.exists():
            print(f"{path}: no such catalogue (run `make messages`)")
            status = 1
            continue
        problems = check(path, partial=partial)
        _header, entries = parse_po(path)
        if problems:
            status = 1
            print(f"{path}: {len(problems)} problem(s) in {len(entries)} entries")
            for problem in problems:
                print(f"  {problem}")
        else:
            translated = sum(1 for entry in entries if entry.translated)
            kind = " (partial: the rest shows in Vietnamese)" if partial else ""
            print(
                f"{path}: {translated}/{len(entries)} entries translated{kind}, none fuzzy, placeholders kept, "
                ".mo up to date"
            )
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
