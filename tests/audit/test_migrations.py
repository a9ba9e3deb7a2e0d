"""The audit log's move from a foreign key to the project to a subject key (migrations 0002
to 0004) keeps every entry in its project's log, both ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("audit", "0001_initial")]
AFTER = [("audit", "0004_remove_auditentry_project")]


def migrate(targets):
    """Migrate the audit app to `targets`; the models of that state (other apps: latest)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "audit"]
    return executor.loader.project_state(others + targets).apps


@pytest.fixture
def at_the_foreign_key():
    """The database as it was with the foreign key; back to the latest state afterwards."""
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("audit")
    apps = migrate(BEFORE)
    yield apps
    migrate(latest)


@pytest.mark.django_db(transaction=True)
def test_every_entry_keeps_its_project_both_ways(at_the_foreign_key):
    apps = at_the_foreign_key
    Region = apps.get_model("programme", "Region")
    Programme = apps.get_model("programme", "Programme")
    Project = apps.get_model("portfolio", "Project")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    region = Region.objects.create(name="Leidse regio", slug="leidse-regio")
    programme = Programme.objects.create(name="Economie071", slug="economie071", region=region)
    retail = Project.objects.create(programme=programme, name="Retailvisie", slug="retailvisie")
    smart = Project.objects.create(programme=programme, name="Smart071", slug="smart071")

    def entry(action, project):
        return AuditEntry.objects.create(
            action=action, object_type="x.y", object_id="1", project=project
        ).pk

    ids = {
        entry("a.retail", retail): ("portfolio.project", str(retail.pk)),
        entry("a.smart", smart): ("portfolio.project", str(smart.pk)),
        entry("a.none", None): ("", ""),
    }

    AuditEntry = migrate(AFTER).get_model("audit", "AuditEntry")
    assert {
        e.pk: (e.subject_type, e.subject_id) for e in AuditEntry.objects.filter(pk__in=ids)
    } == ids

    AuditEntry = migrate(BEFORE).get_model("audit", "AuditEntry")
    assert {e.pk: e.project_id for e in AuditEntry.objects.filter(pk__in=ids)} == {
        pk: int(key[1]) if key[1] else None for pk, key in ids.items()
    }
