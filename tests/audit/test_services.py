"""Writing the audit log (audit/services.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from economie071.audit.models import AuditEntry
from economie071.audit.selectors import audit_entries_for_project
from economie071.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_audit_record_stores_who_did_what_to_which_object(led_project, office_user):
    entry = audit_record(
        action="portfolio.project.renamed",
        actor=office_user,
        target=led_project,
        project=led_project,
        summary="Retailvisie → Regionale Retailvisie",
        data={"from": "Retailvisie"},
    )

    entry.refresh_from_db()
    assert entry.action == "portfolio.project.renamed"
    assert entry.actor == office_user
    assert (entry.object_type, entry.object_id) == ("portfolio.project", str(led_project.pk))
    assert (entry.subject_type, entry.subject_id) == ("portfolio.project", str(led_project.pk))
    assert entry.summary == "Retailvisie → Regionale Retailvisie"
    assert entry.data == {"from": "Retailvisie"}
    assert entry.at is not None


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["platform", "anonymous"])
def test_an_entry_without_a_logged_in_actor_has_no_actor(programme, actor):
    entry = audit_record(action="programme.programme.updated", actor=actor, target=programme)

    assert entry.actor is None
    assert (entry.subject_type, entry.subject_id) == ("", "")
    assert entry.data == {}


def test_a_long_summary_is_cut_to_fit(programme):
    entry = audit_record(action="x.y.z", actor=None, target=programme, summary="a" * 500)

    entry.refresh_from_db()
    assert entry.summary == "a" * 300


def test_an_entry_is_rolled_back_with_the_change_it_records(programme):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        audit_record(action="x.y.z", actor=None, target=programme)
        raise Abort

    assert not AuditEntry.objects.exists()


def test_entries_for_a_project_are_newest_first(led_project, other_project, office_user):
    first = audit_record(
        action="a.b.first", actor=office_user, target=led_project, project=led_project
    )
    second = audit_record(action="a.b.second", actor=None, target=led_project, project=led_project)
    audit_record(action="a.b.other", actor=None, target=other_project, project=other_project)

    entries = list(audit_entries_for_project(project=led_project).filter(action__startswith="a.b"))

    assert entries == [second, first]


def test_an_entry_stays_in_the_log_of_a_project_that_is_deleted(led_project, office_user):
    entry = audit_record(
        action="a.b.kept", actor=office_user, target=led_project, project=led_project
    )
    key = ("portfolio.project", str(led_project.pk))
    led_project.delete()

    entry.refresh_from_db()
    assert (entry.subject_type, entry.subject_id) == key
