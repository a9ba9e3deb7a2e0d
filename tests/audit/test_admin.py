"""The audit log in the admin can be read, never written (audit/admin.py)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from economie071.audit.models import AuditEntry
from economie071.audit.services import audit_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def entry(programme):
    return audit_record(action="programme.programme.created", actor=None, target=programme)


def test_the_model_admin_allows_no_add_change_or_delete(rf, superuser, entry):
    model_admin = admin.site._registry[AuditEntry]
    request = rf.get("/admin/")
    request.user = superuser

    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request, entry) is False
    assert model_admin.has_delete_permission(request, entry) is False
    assert model_admin.has_view_permission(request, entry) is True


def test_a_superuser_can_list_and_view_but_not_add_or_delete(client, superuser, entry):
    client.force_login(superuser)

    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    view = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert view.status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    delete = client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    assert delete.status_code == 403
    change = client.post(
        reverse("admin:audit_auditentry_change", args=[entry.pk]), {"action": "vervalst"}
    )
    assert change.status_code == 403
    entry.refresh_from_db()
    assert entry.action == "programme.programme.created"
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
