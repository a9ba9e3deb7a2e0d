"""Reference data of the House of Skills in the admin, for the programme office.

Passports, match logs and overrides hold personal data and are read-only here: every
change to them goes through the services (consent, journal, audit)."""

from collections import Counter

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from economie071.skills import matching, models, services


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
    """The sector table: ISCO-08 code prefixes per sector (the longest prefix of an
    occupation's ISCO code decides its sector). Saved through the service, so every
    process's matching sees the change; `economie071 skills_sectors` resets the sectors of
    the shipped table."""

    list_display = ["name_nl", "name_en", "isco_prefixes", "is_focus", "occupation_count"]
    fields = ["slug", "name_nl", "name_en", "isco_prefixes", "is_focus"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj is not None else []

    @admin.display(description=_("occupations"))
    def occupation_count(self, obj) -> int:
        if not hasattr(self, "_counts"):
            self._counts = Counter(matching.sector_map().values())
        return self._counts.get(obj.pk, 0)

    def changelist_view(self, request, extra_context=None):
        self.__dict__.pop("_counts", None)
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        saved = services.sector_upsert(
            actor=request.user,
            slug=obj.slug,
            name_nl=obj.name_nl,
            name_en=obj.name_en,
            isco_prefixes=obj.isco_prefixes or [],
            is_focus=obj.is_focus,
        )
        obj.pk = saved.pk


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
