"""Fixtures shared by every app's tests.

``org_loaded`` loads the real Vĩnh Long organisation once per test database (session scope, kept
across tests by pytest-django's transactional rollback): 34 provinces, 3,321 units, 125 centres.
"""

import pytest

PERSONA_PASSWORD = "motcua-test-123"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from motcua.org.loading import load_org

    with django_db_blocker.unblock():
        load_org()


@pytest.fixture
def personas(db):
    from motcua.org.personas import ensure_personas

    return ensure_personas(password=PERSONA_PASSWORD)
