"""Public lookup by code + secret (the receipt's QR): the secret is the authorisation (DOMAIN §5)."""

from __future__ import annotations

import pytest

from motcua.dossiers import services as s
from motcua.dossiers.workflow import Stage

from .conftest import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(world, frozen):
    return walk(world, Stage.ACCEPTED)


def test_code_and_secret_find_the_dossier(dossier):
    assert s.find_for_public_tracking(dossier.code, dossier.lookup_secret) == dossier


def test_the_secret_is_read_as_typed_from_paper(dossier):
    # lower case and blanks around it, as people type it from the receipt
    assert s.find_for_public_tracking(f" {dossier.code} ", f" {dossier.lookup_secret.lower()} ") == dossier


@pytest.mark.parametrize(
    "secret",
    [
        "WRONGSECRT",  # wrong secret
        "",  # no secret
        "  ",
    ],
)
def test_a_wrong_secret_finds_nothing(dossier, secret):
    assert s.find_for_public_tracking(dossier.code, secret) is None


def test_an_unknown_code_looks_like_a_wrong_secret(dossier):
    assert s.find_for_public_tracking("000.00.00.H56-260302-9999", dossier.lookup_secret) is None
    assert s.find_for_public_tracking("", dossier.lookup_secret) is None


def test_a_submission_without_a_code_cannot_be_tracked_publicly(world, frozen):
    submitted = walk(world, Stage.SUBMITTED)
    assert submitted.code is None
    assert s.find_for_public_tracking("", submitted.lookup_secret) is None
