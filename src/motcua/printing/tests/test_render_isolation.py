"""Rendering is self-contained: the vendored font whatever the machine has, and no network access."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from motcua.printing.render import FONT_DIR, _LocalOnlyFetcher, render_pdf
from motcua.printing.tests import samples

_EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""

_RENDER_IN_CHILD = """
import sys, django
django.setup()
from motcua.printing.render import render_pdf
from motcua.printing.tests import samples
sys.stdout.buffer.write(render_pdf(samples.receipt()))
"""


def test_a_machine_without_any_font_renders_the_same_page(tmp_path):
    # A child process whose fontconfig sees no font at all (a bare centre PC, a slim container).
    config = tmp_path / "fonts.conf"
    config.write_text(_EMPTY_FONTCONFIG.format(cache=tmp_path / "cache"), encoding="utf-8")
    env = os.environ | {
        "FONTCONFIG_FILE": str(config),
        "DJANGO_SETTINGS_MODULE": "motcua.settings_test",
        "MOTCUA_LOG_LEVEL": "WARNING",
    }
    child = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", _RENDER_IN_CHILD], env=env, capture_output=True, check=True, timeout=120
    )
    bare = PdfReader(io.BytesIO(child.stdout)).pages[0]
    here = PdfReader(io.BytesIO(render_pdf(samples.receipt()))).pages[0]
    assert bare.get_contents().get_data() == here.get_contents().get_data()


@pytest.mark.parametrize(
    "url",
    [
        "https://203.0.113.9/logo.png",
        "http://localhost:8000/admin/",
        "file:///etc/passwd",
        f"{FONT_DIR.as_uri()}/../render.py",
        f"{FONT_DIR.as_uri()}/%2e%2e/render.py",
        f"{FONT_DIR.as_uri()}/PROVENANCE.md/../../forms.py",
        "ftp://203.0.113.9/x",
    ],
)
def test_the_fetcher_refuses_anything_but_data_and_the_fonts(url):
    with pytest.raises(FatalURLFetchingError):
        _LocalOnlyFetcher().fetch(url)


def test_the_fetcher_serves_the_vendored_fonts_and_data_uris():
    font = _LocalOnlyFetcher().fetch(f"{FONT_DIR.as_uri()}/Tinos-Regular.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"  # TrueType
    assert _LocalOnlyFetcher().fetch("data:text/plain,xin%20ch%C3%A0o").read() == "xin chào".encode()


def test_the_fonts_travel_with_their_licence():
    names = {path.name for path in FONT_DIR.iterdir()}
    assert {"Tinos-Regular.ttf", "Tinos-Bold.ttf", "Tinos-Italic.ttf", "Tinos-BoldItalic.ttf"} <= names
    assert "SIL OPEN FONT LICENSE" in (FONT_DIR / "LICENSE-OFL.txt").read_text(encoding="utf-8")
