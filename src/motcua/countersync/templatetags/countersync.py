"""``{% countersync_status %}``: the sync indicator of the counter screens (``countersync/status.html``)."""

from __future__ import annotations

from django import template

from .. import central, conf, node

register = template.Library()


def status_context(user) -> dict:
    """On a node: online/offline, entries waiting, last successful sync, flagged actions. On the
    province: the open conflicts the user may see (supervisors, administrators, centre directors)."""
    if not getattr(user, "is_authenticated", False):
        return {"cs": None}
    if conf.is_node():
        return {"cs": node.node_status()}
    from ..models import ConflictRecord

    status = node.Status(role=conf.SERVER)
    status.open_conflicts = central.visible_conflicts(user).filter(status=ConflictRecord.Status.OPEN).count()
    return {"cs": status}


@register.inclusion_tag("countersync/_status.html", takes_context=True)
def countersync_status(context):
    return status_context(context.get("user"))
