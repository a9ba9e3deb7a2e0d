from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from economie071.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "what", "action", "actor", "object_type", "object_id", "subject"]
    list_filter = ["action"]
    search_fields = ["action", "summary"]

    @admin.display(description=_("what happened"))
    def what(self, entry: AuditEntry) -> str:
        return entry.action_label

    @admin.display(description=_("filed under"))
    def subject(self, entry: AuditEntry) -> str:
        """The object the entry is filed under (a project), by name while it exists."""
        if not entry.subject_type:
            return ""
        try:
            model = apps.get_model(entry.subject_type)
        except (LookupError, ValueError):
            model = None
        found = model._default_manager.filter(pk=entry.subject_id).first() if model else None
        return str(found) if found is not None else f"{entry.subject_type}#{entry.subject_id}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
