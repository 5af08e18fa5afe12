"""Read-only admin views: dossiers with their timeline, the audit log, the outbox, API tokens.

Nothing here writes: state changes go through :mod:`.services` (the admin is for looking). Opening a
dossier here is a staff read of personal data and is audited like any other.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.core.admin import FoldedSearchAdmin, ReadOnlyAdmin

from . import audit
from .models import ApiToken, Applicant, AuditEntry, Dossier, DossierStep, OutboxEvent, Transition, WaitingPeriod


class AuditedReadAdmin(ReadOnlyAdmin):
    """Opening a page that shows personal data is a staff read: one audit entry per page view."""

    audit_object_type = "admin"

    def changelist_view(self, request, extra_context=None):
        audit.record(
            "dossier.personal_data.list",
            actor=request.user,
            object_type=self.audit_object_type,
            object_ref="admin-list",
            data={"purpose": "admin", "query": request.GET.urlencode()[:500]},
        )
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            audit.record(
                "dossier.personal_data.read",
                actor=request.user,
                object_type=self.audit_object_type,
                object_ref=getattr(obj, "key", str(obj.pk)),
                data={"purpose": "admin"},
            )
        return super().change_view(request, object_id, form_url, extra_context)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = ("seq", "at", "action", "from_status", "to_status", "to_stage", "actor_label", "actor_role", "reason")
    readonly_fields = fields
    ordering = ("seq",)


class StepInline(ReadOnlyInline):
    model = DossierStep
    fields = ("order", "name", "role", "department", "assignee", "started_at", "due_at", "finished_at", "outcome")
    readonly_fields = fields


class WaitingInline(ReadOnlyInline):
    model = WaitingPeriod
    fields = ("kind", "requested_at", "items", "policy", "answered_at", "closed_at", "excluded_minutes")
    readonly_fields = fields


@admin.register(Dossier)
class DossierAdmin(AuditedReadAdmin):
    audit_object_type = "dossier"
    list_display = (
        "__str__",
        "status",
        "stage",
        "procedure",
        "receiving_centre",
        "resolving_department",
        "accepted_at",
        "due_at",
    )
    list_filter = ("status", "channel", "receiving_centre__level")
    search_fields = ("code",)
    list_select_related = ("procedure", "receiving_centre", "resolving_department")
    inlines = [TransitionInline, StepInline, WaitingInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


@admin.register(Applicant)
class ApplicantAdmin(AuditedReadAdmin, FoldedSearchAdmin):
    audit_object_type = "applicant"
    list_display = ("name", "kind", "id_number")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("seq", "at", "actor_label", "action", "object_ref")
    list_filter = ("action",)
    search_fields = ("object_ref", "action")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "dossier", "status_code", "created_at", "dispatched_at", "attempts")
    list_filter = ("kind", ("dispatched_at", admin.EmptyFieldListFilter))


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)


admin.site.empty_value_display = _("—")
