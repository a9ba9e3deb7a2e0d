"""The events demo: the dated 2019 events of the overview (no invented days), linked to
their projects and pillars; one upcoming example event with example registrations; the
organiser login; loading twice changes nothing."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from economie071.audit.models import AuditEntry
from economie071.demo.loader import DEMO_PASSWORD
from economie071.events import selectors
from economie071.events.demo import load_events_demo
from economie071.events.models import Event, Registration, Session
from economie071.programme.models import Programme


@pytest.fixture
def demo(loaded_demo, db):
    """The whole demo (which loads the events demo too, after the projects and users)."""
    return Programme.objects.get(slug="economie071")


def local_date(event) -> datetime.date:
    return timezone.localtime(event.starts_at).date()


def test_the_dated_events_of_the_overview(demo):
    events = {e.slug: e for e in Event.objects.prefetch_related("projects", "pillars")}
    # Days the seed prints.
    printed = {
        "smart071-tech-voor-de-toekomst-nu-2019": datetime.date(2019, 2, 5),
        "smart071-071-ict-meets-ict-onderwijs-2019": datetime.date(2019, 7, 10),
        "smart071-event-virtual-reality-2019": datetime.date(2019, 11, 29),
        "smart071-meets-ict-onderwijs-2020": datetime.date(2020, 2, 4),
        "open-innovatie-lab-bijeenkomst-dzb-2019": datetime.date(2019, 6, 17),
        "startbijeenkomst-circulaire-bouw-2019": datetime.date(2019, 9, 25),
        "kenniskring-2020-01-30": datetime.date(2020, 1, 30),
    }
    for slug, day in printed.items():
        event = events[slug]
        assert (local_date(event), event.date_precision) == (day, "day"), slug
        assert not event.time_known, slug  # the seed prints no times
    # Only a month or a year: kept that imprecise, with a note on where it comes from.
    vague = {
        "kenniskring-2018-10": ("month", datetime.date(2018, 10, 1)),
        "kenniskring-2019-05": ("month", datetime.date(2019, 5, 1)),
        "open-innovatie-lab-kick-off-2019": ("month", datetime.date(2019, 2, 1)),
        "smart071-bedrijfslabs-2019-12": ("month", datetime.date(2019, 12, 1)),
        "masterclass-onderwijs-en-arbeidsmarkt-2018": ("year", datetime.date(2018, 1, 1)),
    }
    for slug, (precision, day) in vague.items():
        event = events[slug]
        assert (event.date_precision, local_date(event)) == (precision, day), slug
        assert "niet vermeld" in event.date_note, slug
    kenniskring = [e for e in events.values() if e.kind == "kenniskring"]
    assert len(kenniskring) == 3  # twice a year: October 2018, May 2019, January 2020
    smart071_at_plnt = [e for e in events.values() if e.kind == "meetup" and e.venue == "PLNT"]
    assert len(smart071_at_plnt) == 3
    for event in smart071_at_plnt:
        assert [p.slug for p in event.projects.all()] == ["smart071"]
        assert [p.slug for p in event.pillars.all()] == ["verdienen"]
    assert {p.slug for p in events["kenniskring-2019-05"].projects.all()} == {
        "aansluiting-onderwijs-en-arbeidsmarkt",
        "human-capital-actieplan",
    }
    assert [p.slug for p in events["kenniskring-2019-05"].pillars.all()] == ["verbinden"]
    dzb = Session.objects.get(event__slug="open-innovatie-lab-bijeenkomst-dzb-2019")
    assert {p.name for p in dzb.speakers.all()} == {"Yvonne van Delft", "Paul Dirkse"}
    # No event for the projects the seed names without any date.
    assert not Event.objects.filter(kind__in=["ondernemersdag", "zzp_event"]).exists()
    assert not Event.objects.filter(is_example=False, registrations__isnull=False).exists()
    assert all(e.status == "published" for e in events.values())


def test_the_example_event_can_be_registered_for(demo):
    example = Event.objects.get(is_example=True)
    assert example.title.startswith("Voorbeeld:")
    assert example.starts_at > timezone.now()
    assert [p.slug for p in example.projects.all()] == ["startersdag-leidse-regio"]
    assert example.registrations.filter(status="confirmed").count() == 3
    assert set(example.registrations.values_list("email", flat=True)) <= {
        "anna.voorbeeld@example.org",
        "bram.voorbeeld@example.org",
        "chris.voorbeeld@example.org",
    }
    assert mail.outbox == []  # the demo mails nobody
    client = Client()
    page = client.get(f"/evenementen/{example.slug}/").content.decode()
    assert "Dit is een voorbeeldevenement van de demo" in page
    response = client.post(
        f"/evenementen/{example.slug}/aanmelden/",
        {"name": "Bezoeker", "email": "bezoeker@example.org"},
    )
    assert response.status_code == 302
    summary = selectors.attendance_for_project(project=example.projects.get())
    assert summary.includes_examples
    assert (summary.totals.registered, summary.totals.pending) == (3, 1)
    pending = example.registrations.get(email="bezoeker@example.org")
    client.post(f"/evenementen/bevestigen/{pending.confirm_token}/")
    summary = selectors.attendance_for_project(project=example.projects.get())
    assert (summary.totals.registered, summary.totals.pending) == (4, 0)


def test_the_organiser_login_manages_some_events(demo):
    user = get_user_model().objects.get(username="organisator")
    assert user.check_password("economie071-demo")
    assert user.groups.filter(name="event organisers").exists()
    managed = set(user.managed_events.values_list("slug", flat=True))
    assert "voorbeeld-startersdag" in managed
    assert "smart071-meets-ict-onderwijs-2020" in managed
    assert "kenniskring-2019-05" not in managed
    client = Client()
    client.force_login(user)
    assert client.get("/evenementen/voorbeeld-startersdag/aanmeldingen/").status_code == 200
    assert client.get("/evenementen/kenniskring-2019-05/aanmeldingen/").status_code == 403
    joris = Event.objects.get(slug="smart071-meets-ict-onderwijs-2020").managers
    assert joris.filter(username="joris.castermans").exists()


def test_the_demo_pages_render(demo, client):
    """Each page answers and shows what it is about (a demo event by its title)."""
    pages = {
        "/evenementen/": "Kenniskring",
        "/evenementen/?kind=kenniskring": "Kenniskring",
        "/evenementen/kenniskring-2018-10/": "Kenniskring",
        "/evenementen/smart071-tech-voor-de-toekomst-nu-2019/": "Smart071",
        "/evenementen/agenda.ics": "BEGIN:VEVENT",
        "/api/v1/events": "open-innovatie-lab-bijeenkomst-dzb-2019",
        "/api/v1/events/open-innovatie-lab-bijeenkomst-dzb-2019": "open-innovatie-lab",
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url


def test_loading_twice_changes_nothing(demo):
    from django.apps import apps

    def counts():
        return {
            m._meta.label: m.objects.count()
            for m in apps.get_models()
            if m._meta.app_label in {"events", "audit", "auth"}
        }

    before = counts()
    audit_before = AuditEntry.objects.count()
    created = load_events_demo(demo, password=DEMO_PASSWORD)
    assert counts() == before
    assert AuditEntry.objects.count() == audit_before
    assert set(created.values()) == {0}
    assert Registration.objects.count() == 3
