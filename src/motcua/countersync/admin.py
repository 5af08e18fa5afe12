"""Admin of the replication, read-only: the journal (node), registrations, received entries and
conflicts (province). Conflicts are handled on the conflicts page (``/counter-sync/xung-dot/``)."""

from django.contrib import admin

from . import central
from .models import ConflictRecord, JournalEntry, NodeRegistration, NodeState, ReceivedEntry, ReceivedFile


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ("seq", "kind", "action", "dossier_code", "actor", "at", "acked_at", "ack_state", "attempts")
    list_filter = ("kind", "ack_state")
    search_fields = ("dossier_code", "entry_id", "actor")


@admin.register(NodeState)
class NodeStateAdmin(ReadOnlyAdmin):
    list_display = ("last_success_at", "last_attempt_at", "last_attempt_ok", "last_error", "dossier_cursor")


@admin.register(NodeRegistration)
class NodeRegistrationAdmin(admin.ModelAdmin):
    """Registered with ``motcua counter-node register``; here only renamed or (de)activated."""

    list_display = ("node_id", "centre", "name", "is_active", "last_seen_at")
    fields = ("node_id", "centre", "user", "name", "is_active", "last_seen_at")
    readonly_fields = ("node_id", "centre", "user", "last_seen_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        central.update_node(obj, name=obj.name, is_active=obj.is_active, by=request.user)


@admin.register(ReceivedEntry)
class ReceivedEntryAdmin(ReadOnlyAdmin):
    list_display = ("node", "node_seq", "kind", "action", "dossier_code", "actor", "at", "state", "received_at")
    list_filter = ("state", "kind", "node")
    search_fields = ("dossier_code", "entry_id", "actor")


@admin.register(ConflictRecord)
class ConflictRecordAdmin(ReadOnlyAdmin):
    list_display = ("dossier_code", "action", "error_code", "status", "created_at", "resolved_by")
    list_filter = ("status", "error_code")
    search_fields = ("dossier_code",)


@admin.register(ReceivedFile)
class ReceivedFileAdmin(ReadOnlyAdmin):
    list_display = ("sha256", "size", "node", "received_at")
