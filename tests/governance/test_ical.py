"""A body's meetings as an iCalendar feed, read back by the small parser of core.ical."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from economie071.core.ical import unfold_and_parse
from economie071.core.links import site_host
from economie071.governance import ical, services
from tests.governance.conftest import when


def test_the_feed_of_a_body(client, body, future_meeting, past_meeting):
    response = client.get(f"/bestuur/organen/{body.slug}/vergaderingen.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events = unfold_and_parse(text)
    assert len(events) == 2
    by_uid = {e["UID"]: e for e in events}
    event = by_uid[f"meeting-{future_meeting.pk}@{site_host()}"]  # SITE_URL's, not the request's
    assert event["LOCATION"] == "Raadhuis Katwijk, zaal 2; boven"
    assert event["SUMMARY"] == "Stuurgroep Economie071"
    assert event["DTSTART"] == future_meeting.starts_at.astimezone(datetime.UTC).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    assert "DTSTAMP" in event


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=300))
def test_any_place_survives_the_round_trip(place):
    class Meeting:
        pk = 1
        status = "planned"
        time_known = True
        date = datetime.date(2020, 1, 15)
        starts_at = datetime.datetime(2020, 1, 15, 13, 0, tzinfo=datetime.UTC)
        body = "Stuurgroep"

    Meeting.place = place
    text = ical.meetings_calendar(name="X", meetings=[Meeting], host="example.org")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    (event,) = unfold_and_parse(text)
    assert event.get("LOCATION", "") == place.strip() or event.get("LOCATION", "") == place


def test_a_meeting_without_a_known_time_is_a_whole_day(body):
    meeting = services.meeting_create(body=body, actor=None, **when(-5, hour=None), status="held")
    (event,) = unfold_and_parse(ical.meetings_calendar(name="X", meetings=[meeting], host="h"))
    assert event["DTSTART"] == f"{meeting.date:%Y%m%d}"
    assert event["DTEND"] == f"{meeting.date + datetime.timedelta(days=1):%Y%m%d}"
    text = ical.meetings_calendar(name="X", meetings=[meeting], host="h")
    assert "DTSTART;VALUE=DATE:" in text


def test_a_meeting_with_a_time_starts_at_that_moment_on_the_regions_clock(body):
    """14:00 in Leiden in winter is 13:00 UTC, in summer 12:00 UTC."""
    winter = services.meeting_create(
        body=body,
        actor=None,
        date=datetime.date(2019, 12, 4),
        time=datetime.time(14),
        status="held",
    )
    summer = services.meeting_create(
        body=body, actor=None, date=datetime.date(2019, 6, 4), time=datetime.time(14), status="held"
    )
    events = unfold_and_parse(ical.meetings_calendar(name="X", meetings=[winter, summer], host="h"))
    assert [e["DTSTART"] for e in events] == ["20191204T130000Z", "20190604T120000Z"]
