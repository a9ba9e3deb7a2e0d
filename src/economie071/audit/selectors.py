from typing import TYPE_CHECKING

from django.db.models import QuerySet

from economie071.audit.models import AuditEntry, subject_key

if TYPE_CHECKING:  # the audit log is the lowest layer: it imports no app at run time
    from django.db.models import Model


def audit_entries_for_project(*, project: "Model") -> QuerySet[AuditEntry]:
    """The entries filed under the project (see audit_record), newest first."""
    subject_type, subject_id = subject_key(project)
    return AuditEntry.objects.filter(
        subject_type=subject_type, subject_id=subject_id
    ).select_related("actor")
