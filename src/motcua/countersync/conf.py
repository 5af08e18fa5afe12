"""The ``COUNTER_SYNC`` settings (settings.py, docs/operations.md), read at call time so tests can
switch a process between the two roles."""

from __future__ import annotations

from django.conf import settings

SERVER, NODE = "server", "counter-node"


def get(key: str):
    return settings.COUNTER_SYNC[key]


def role() -> str:
    return get("ROLE")


def is_node() -> bool:
    return role() == NODE


def node_id() -> int:
    return int(settings.MOTCUA.get("NODE_ID", 0))


def centre_code() -> str:
    return get("NODE_CENTRE")
