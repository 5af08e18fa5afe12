"""Admin of the portal's records: online drafts, read-only (the citizen's contact details stay out)."""

from __future__ import annotations

from django.contrib import admin

from motcua.core.admin import ReadOnlyAdmin

from .models import OnlineDraft


@admin.register(OnlineDraft)
class OnlineDraftAdmin(ReadOnlyAdmin):
    list_display = ("procedure", "purpose", "state", "updated_at", "submitted_at")
    list_filter = ("state", "purpose")
    exclude = ("form_data",)  # the citizen's contact details stay out of lists
