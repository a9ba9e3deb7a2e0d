from typing import TYPE_CHECKING

from django.db.models import QuerySet

from economie071.audit.models import AuditEntry

if TYPE_CHECKING:  # the audit log is the lowest layer: it imports no app at run time
    from economie071.portfolio.models import Project


def audit_entries_for_project(*, project: "Project") -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(project=project).select_related("actor")
