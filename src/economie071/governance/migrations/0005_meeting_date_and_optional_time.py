"""A meeting has a date and, when known, a time, both on the region's clock, instead of one
moment: a meeting known only by its date was stored at local midnight, which shows as the
day before wherever the moment is read in UTC. Existing meetings keep their local date;
a time of local midnight (or one marked unknown) becomes "no time".

Also: an agenda the office publishes for everyone (its public items), and items that stay
off it."""

import datetime
import zoneinfo

import django.db.models.expressions
from django.conf import settings
from django.db import migrations, models


def _zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def split_moments(apps, schema_editor):
    Meeting = apps.get_model("governance", "Meeting")
    zone = _zone()
    for meeting in Meeting.objects.all().only("pk", "starts_at", "time_known"):
        local = meeting.starts_at.astimezone(zone)
        time = local.time().replace(tzinfo=None)
        if not meeting.time_known or time == datetime.time.min:
            time = None
        Meeting.objects.filter(pk=meeting.pk).update(date=local.date(), time=time)


def join_moments(apps, schema_editor):
    Meeting = apps.get_model("governance", "Meeting")
    zone = _zone()
    for meeting in Meeting.objects.all().only("pk", "date", "time"):
        local = datetime.datetime.combine(meeting.date, meeting.time or datetime.time.min)
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=local.replace(tzinfo=zone), time_known=meeting.time is not None
        )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0004_meeting_announced"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="date",
            field=models.DateField(null=True, verbose_name="date"),
        ),
        migrations.AddField(
            model_name="meeting",
            name="time",
            field=models.TimeField(blank=True, null=True, verbose_name="time"),
        ),
        # Nullable while both shapes exist, so the way back can add it again and fill it.
        migrations.AlterField(
            model_name="meeting",
            name="starts_at",
            field=models.DateTimeField(null=True, verbose_name="date and time"),
        ),
        migrations.RunPython(split_moments, join_moments),
        migrations.AlterModelOptions(
            name="meeting",
            options={
                "ordering": [
                    "body",
                    "-date",
                    django.db.models.expressions.OrderBy(
                        django.db.models.expressions.F("time"), descending=True, nulls_last=True
                    ),
                ],
                "verbose_name": "meeting",
                "verbose_name_plural": "meetings",
            },
        ),
        migrations.RemoveField(model_name="meeting", name="starts_at"),
        migrations.RemoveField(model_name="meeting", name="time_known"),
        migrations.AlterField(
            model_name="meeting",
            name="date",
            field=models.DateField(verbose_name="date"),
        ),
        migrations.AddField(
            model_name="meeting",
            name="agenda_published_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="agenda published at"
            ),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="is_public",
            field=models.BooleanField(
                default=True,
                help_text="Shown on the published agenda. Off: only the office and members see it.",
                verbose_name="public",
            ),
        ),
    ]
