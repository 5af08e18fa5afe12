"""Catalogue fixtures: the real national extract, loaded once per test module.

The load runs inside a transaction that stays open for the module's tests (each test runs in a
savepoint of it, rolled back afterwards, so tests may change the catalogue freely) and is rolled back
when the module is done: the 2,625 procedures never reach the other apps' tests that share the xdist
worker's database. ``catalog_loaded`` returns the summary of that load (3 s, once per module and
worker).
"""

import pytest


@pytest.fixture(scope="module")
def catalog_loaded(django_db_setup, django_db_blocker):
    from django.db import transaction

    from motcua.catalog.loading import load_catalog

    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            summary = load_catalog()
        except BaseException as exc:
            outer.__exit__(type(exc), exc, exc.__traceback__)
            raise
    yield summary
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def catalog(catalog_loaded, db):
    return catalog_loaded


@pytest.fixture
def officer(django_user_model, db):
    return django_user_model.objects.create_user(username="catalog-officer", password="motcua-test-123")


@pytest.fixture
def superuser_client(client, django_user_model, db):
    user = django_user_model.objects.create_superuser(username="catalog-admin", password="motcua-test-123")
    client.force_login(user)
    return client
