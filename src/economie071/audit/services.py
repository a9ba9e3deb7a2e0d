from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from economie071.audit.models import AuditEntry


def audit_record(
    *,
    action: str,
    actor: User | AnonymousUser | None,
    target: models.Model,
    project: models.Model | None = None,
    summary: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Write one audit entry; call inside the service's transaction so both land or neither."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        project=project,
        summary=summary[:300],
        data=data or {},
    )
