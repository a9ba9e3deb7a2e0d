from django.db.models import QuerySet

from economie071.audit.models import AuditEntry


def audit_entries_for_project(*, project) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(project=project).select_related("actor")
