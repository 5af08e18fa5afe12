"""Catalogue fixtures: the real national extract, loaded once per test database.

The load is committed for the whole session (like ``org``'s reference data in
``motcua/conftest.py``); each test runs in a transaction rolled back afterwards, so tests may
change the catalogue freely. ``catalog_loaded`` returns the summary of that first load.
"""

import pytest


@pytest.fixture(scope="session")
def catalog_loaded(django_db_setup, django_db_blocker):
    from motcua.catalog.loading import load_catalog

    with django_db_blocker.unblock():
        return load_catalog()


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
