"""Fixtures of the replication tests.

In-process tests let one database play both roles: the ``node`` fixture switches this process to
``MOTCUA_ROLE=counter-node`` (node 3 at Phường Phú Khương), ``server`` switches it back; what the
node journaled is taken as wire entries, the dossier is deleted ("the province never saw it"), and
the entries are delivered to the province's services. The multi-process fault tests live in
``test_fault.py``.
"""

from __future__ import annotations

import pytest

from motcua.dossiers.tests.conftest import build_catalogue, build_world

NODE = 3


@pytest.fixture
def calendar(db):
    from motcua.worktime.loading import load_calendar

    return load_calendar(province_code="86")


@pytest.fixture
def world(personas, calendar):
    return build_world(personas, build_catalogue())


@pytest.fixture
def roles(settings, world):
    """``roles.node()`` / ``roles.server()`` switch this process between the two sides."""

    class Roles:
        def node(self):
            settings.COUNTER_SYNC = {**settings.COUNTER_SYNC, "ROLE": "counter-node", "NODE_CENTRE": "28756"}
            settings.MOTCUA = {**settings.MOTCUA, "NODE_ID": NODE}

        def server(self):
            settings.COUNTER_SYNC = {**settings.COUNTER_SYNC, "ROLE": "server", "NODE_CENTRE": ""}
            settings.MOTCUA = {**settings.MOTCUA, "NODE_ID": 0}

    return Roles()


@pytest.fixture
def registration(world):
    from motcua.countersync.central import register_node

    registration, token = register_node(NODE, world.p.phu_khuong, name="Máy trạm quầy 1")
    registration.token = token
    return registration
