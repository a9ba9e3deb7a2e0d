from django.contrib.auth.models import AnonymousUser, User
from django.db import models, transaction

from economie071.audit.models import AuditEntry, subject_key
from economie071.core.cache import data_changed
from economie071.core.groups import signed_in_user


def audit_record(
    *,
    action: str,
    actor: User | AnonymousUser | None,
    target: models.Model,
    project: models.Model | None = None,
    summary: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Write one audit entry; call inside the service's transaction so both land or neither.

    `project` is the project the change belongs to, if any: the entry is filed under it
    (by its model label and key, see AuditEntry.subject_type), so that the project's log
    shows it.
    """
    actor = signed_in_user(actor)
    subject_type, subject_id = subject_key(project) if project is not None else ("", "")
    # Every change is recorded here, so here is where cached pages and reports learn that
    # the data changed (core/cache.py): once it is committed, for every process.
    scope = action.split(".", 1)[0]
    transaction.on_commit(lambda: data_changed(scope), robust=True)
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        subject_type=subject_type,
        subject_id=subject_id,
        summary=summary[:300],
        data=data or {},
    )
