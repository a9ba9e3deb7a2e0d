"""Every entry that belongs to a project is filed under it by label and key, so the project's
log shows the same entries after the foreign key goes (0004). Reversible: going back links
each entry to its project again, if that project still exists."""

from django.db import migrations, models
from django.db.models.functions import Cast

PROJECT = 'portfolio.project'  # Project._meta.label_lower


def file_under_project(apps, schema_editor):
    AuditEntry = apps.get_model('audit', 'AuditEntry')
    AuditEntry.objects.filter(project__isnull=False).update(
        subject_type=PROJECT,
        subject_id=Cast('project_id', output_field=models.CharField(max_length=64)),
    )


def link_to_project(apps, schema_editor):
    AuditEntry = apps.get_model('audit', 'AuditEntry')
    Project = apps.get_model('portfolio', 'Project')
    for pk in Project.objects.values_list('pk', flat=True).iterator():
        AuditEntry.objects.filter(subject_type=PROJECT, subject_id=str(pk)).update(project_id=pk)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_auditentry_subject'),
        ('portfolio', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(file_under_project, link_to_project),
    ]
