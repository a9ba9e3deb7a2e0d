"""Reference data of the House of Skills in the admin, for the programme office.

Passports, match logs and overrides hold personal data and are read-only here: every
change to them goes through the services (consent, journal, audit)."""

from django.contrib import admin

from economie071.skills import models


@admin.register(models.Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["label_nl", "label_en", "skill_type", "reuse_level", "uri", "is_example"]
    list_filter = ["skill_type", "reuse_level", "is_example", "collections"]
    search_fields = ["label_nl", "label_en", "uri", "labels__text"]
    readonly_fields = ["groups", "broader"]


@admin.register(models.Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["label_nl", "label_en", "isco_code", "uri", "is_example"]
    search_fields = ["label_nl", "label_en", "uri", "isco_code"]
    raw_id_fields = ["isco_group", "broader"]


@admin.register(models.Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "isco_prefixes", "is_focus"]


@admin.register(models.CenturySkill)
class CenturySkillAdmin(admin.ModelAdmin):
    list_display = ["order", "name_nl", "name_en"]
    filter_horizontal = ["skills"]


@admin.register(models.SkillCollection)
class SkillCollectionAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_nl", "name_en"]
    readonly_fields = ["skills"]


@admin.register(models.IscoGroup)
class IscoGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "label_nl", "label_en"]
    search_fields = ["code", "label_nl", "label_en"]


class ModuleSkillInline(admin.TabularInline):
    model = models.ModuleSkill
    raw_id_fields = ["skill"]
    extra = 0


@admin.register(models.TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "provider",
        "duration_hours",
        "cost",
        "workplace_based",
        "active",
        "is_example",
    ]
    list_filter = ["workplace_based", "active", "is_example"]
    inlines = [ModuleSkillInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.MatchLog)
class MatchLogAdmin(ReadOnlyAdmin):
    list_display = ["shown_at", "kind", "viewer_role", "vacancy", "score", "subject_erased"]
    list_filter = ["kind", "viewer_role", "subject_erased"]


@admin.register(models.AdviserOverride)
class AdviserOverrideAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "vacancy", "occupation", "revoked_at"]
