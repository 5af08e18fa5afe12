"""The shape of a refused action, shared by the apps whose services answer people directly.

A service refuses with a message already in the reader's language (Vietnamese by default) and,
when one input is at fault, the form field it belongs to, so a view can show it beside the field.
Each app raises its own subclass (``PortalError``, ``FeedbackError``) so callers catch only what
their own calls can raise.
"""

from __future__ import annotations


class RefusedAction(Exception):
    def __init__(self, message, *, field: str | None = None) -> None:
        self.message = str(message)
        self.field = field
        super().__init__(self.message)
