"""Accessible forms: every control a person fills has a label (or an aria-label), images have alt
text, one h1 per page, and the page starts with a skip link (keyboard users)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from .conftest import walk

pytestmark = pytest.mark.django_db


class Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls, self.labels, self.h1, self.images_without_alt = [], set(), 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag == "h1":
            self.h1 += 1
        if tag == "img" and not attrs.get("alt"):
            self.images_without_alt += 1
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit", "button"):
            self.controls.append(attrs)


def check(body: str) -> None:
    parser = Controls()
    parser.feed(body)
    unlabelled = [
        c.get("name") for c in parser.controls if c.get("id") not in parser.labels and not c.get("aria-label")
    ]
    assert unlabelled == []
    assert parser.h1 == 1
    assert parser.images_without_alt == 0
    assert 'class="skip-link" href="#main"' in body


@pytest.mark.parametrize(
    ("person", "url"),
    [
        ("lan", "/backoffice/quay/"),
        ("lan", "/backoffice/quay/tiep-nhan/?thu_tuc=T1.001193"),
        ("lan", "/backoffice/quay/nhap-bo-sung/?thu_tuc=T1.001193"),
        ("lan", "/backoffice/quay/dinh-danh/"),
        ("lan", "/backoffice/so-theo-doi/"),
        ("lan", "/backoffice/tra-cuu/?q=mai"),
        ("minh", "/backoffice/xu-ly/?tab=all"),
        ("hoa", "/backoffice/xu-ly/phan-cong-lai/"),
        ("tuan", "/backoffice/giam-sat/"),
    ],
)
def test_screens_label_every_control(world, as_user, frozen, person, url):
    walk(world, "in_step")
    check(as_user(getattr(world.p, person)).get(url).content.decode())


@pytest.mark.parametrize(
    ("stage", "person", "action"),
    [
        ("in_step", "minh", "request_supplement"),
        ("in_step", "hoa", "apologise"),
        ("in_step", "hoa", "assign"),
        ("in_step", "hoa", "extend"),
        ("accepted", "lan", "transfer"),
    ],
)
def test_action_forms_and_the_dossier_page_label_every_control(world, as_user, frozen, stage, person, action):
    dossier = walk(world, stage)
    client = as_user(getattr(world.p, person))
    check(client.get(f"/backoffice/ho-so/{dossier.code}/").content.decode())
    check(client.get(f"/backoffice/ho-so/{dossier.code}/thao-tac/{action}/").content.decode())


def test_the_return_screen_labels_every_control(world, as_user, frozen):
    dossier = walk(world, "done")
    check(as_user(world.p.lan).get(f"/backoffice/quay/tra-ket-qua/{dossier.code}/").content.decode())
