from django.contrib import admin

from economie071.forum.models import PostVersion


@admin.register(PostVersion)
class PostVersionAdmin(admin.ModelAdmin):
    """Earlier versions of edited forum posts, read-only: what an author wrote before."""

    list_display = ["__str__", "written_at", "replaced_at", "replaced_by"]
    list_select_related = ["question", "answer__question", "replaced_by"]
    date_hierarchy = "replaced_at"
    search_fields = ["title", "body"]
    fields = ["question", "answer", "title", "body", "written_at", "replaced_at", "replaced_by"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
