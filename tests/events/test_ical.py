"""The .ics of events: governance's RFC 5545 helpers with the VEVENT lines of an event."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from economie071.core.ical import unfold_and_parse
from economie071.events import ical
from economie071.events.models import Event
from tests.events.conftest import at, make_event


def test_a_day_without_a_time_is_a_whole_day_event(programme):
    event = make_event(programme, starts_at=at(5, 0), ends_at=None, time_known=False)
    (vevent,) = unfold_and_parse(ical.events_calendar(name="X", events=[event], host="h"))
    day = at(5, 0).date()
    assert vevent["DTSTART"] == f"{day:%Y%m%d}"
    assert vevent["DTEND"] == f"{day + datetime.timedelta(days=1):%Y%m%d}"
    assert "URL" not in vevent  # no base address given: no relative URL in the file


def test_without_an_end_the_event_lasts_two_hours(programme):
    event = make_event(programme, ends_at=None)
    (vevent,) = unfold_and_parse(ical.events_calendar(name="X", events=[event], host="h"))
    end = event.starts_at + datetime.timedelta(hours=2)
    assert vevent["DTEND"] == end.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def test_a_cancelled_event_says_so_and_an_undated_one_is_left_out(programme):
    from economie071.events import services

    cancelled = make_event(programme, slug="afgelast")
    services.event_cancel(event=cancelled, actor=None)
    cancelled.refresh_from_db()
    month = make_event(programme, slug="ergens-in-mei", date_precision="month")
    events = unfold_and_parse(ical.events_calendar(name="X", events=[cancelled, month], host="h"))
    assert [e["STATUS"] for e in events] == ["CANCELLED"]


@settings(max_examples=50, deadline=None)
@given(
    title=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1),
    venue=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=120),
)
def test_any_title_and_venue_survive_the_round_trip(title, venue):
    event = Event(
        pk=7,
        title=title,
        slug="x",
        starts_at=datetime.datetime(2030, 5, 1, 13, tzinfo=datetime.UTC),
        venue=venue,
        status="published",
    )
    text = ical.events_calendar(name="X", events=[event], host="example.org")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    (vevent,) = unfold_and_parse(text)
    assert vevent["SUMMARY"] == title
    assert vevent.get("LOCATION", "") == venue
