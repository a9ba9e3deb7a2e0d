"""Meetings move from one moment to a date and an optional time (migration 0005): each keeps
its day on the region's clock, and a time of local midnight (or marked unknown) becomes no
time; back again, both ways."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("governance", "0004_meeting_announced")]
AFTER = [("governance", "0005_meeting_date_and_optional_time")]
LEIDEN = zoneinfo.ZoneInfo("Europe/Amsterdam")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "governance"]
    return executor.loader.project_state(others + targets).apps


@pytest.fixture
def at_one_moment():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("governance")
    apps = migrate(BEFORE)
    yield apps
    migrate(latest)


@pytest.mark.django_db(transaction=True)
def test_meetings_keep_their_local_day_and_lose_a_made_up_midnight(at_one_moment):
    apps = at_one_moment
    Region = apps.get_model("programme", "Region")
    Programme = apps.get_model("programme", "Programme")
    Body = apps.get_model("governance", "Body")
    Meeting = apps.get_model("governance", "Meeting")
    region = Region.objects.create(name="Leidse regio", slug="leidse-regio")
    programme = Programme.objects.create(name="Economie071", slug="economie071", region=region)
    body = Body.objects.create(programme=programme, name="Stuurgroep", slug="stuurgroep")

    def meeting(local, time_known=True):
        return Meeting.objects.create(
            body=body, starts_at=local.replace(tzinfo=LEIDEN), time_known=time_known
        ).pk

    midnight = meeting(datetime.datetime(2019, 12, 4, 0, 0))  # stored as 3 December 23:00 UTC
    afternoon = meeting(datetime.datetime(2019, 12, 4, 14, 30))
    unknown = meeting(datetime.datetime(2020, 6, 1, 0, 0), time_known=False)
    summer_night = meeting(datetime.datetime(2020, 6, 2, 0, 15))  # 1 June 22:15 UTC

    Meeting = migrate(AFTER).get_model("governance", "Meeting")
    rows = {m.pk: (m.date, m.time) for m in Meeting.objects.all()}
    assert rows == {
        midnight: (datetime.date(2019, 12, 4), None),
        afternoon: (datetime.date(2019, 12, 4), datetime.time(14, 30)),
        unknown: (datetime.date(2020, 6, 1), None),
        summer_night: (datetime.date(2020, 6, 2), datetime.time(0, 15)),
    }

    Meeting = migrate(BEFORE).get_model("governance", "Meeting")
    back = {m.pk: (m.starts_at.astimezone(LEIDEN), m.time_known) for m in Meeting.objects.all()}
    assert back[midnight] == (datetime.datetime(2019, 12, 4, tzinfo=LEIDEN), False)
    assert back[afternoon] == (datetime.datetime(2019, 12, 4, 14, 30, tzinfo=LEIDEN), True)
