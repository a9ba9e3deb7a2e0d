"""Events pages: registering and cancelling through HTTP (with CSRF), errors on the form,
who sees and manages what, check-in, the CSV export, the calendar files, the project
include, and constant query counts on the list page."""

import csv
import datetime
import io
import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from economie071.core.ical import unfold_and_parse
from economie071.events import selectors, services
from economie071.events.models import Event, Registration
from economie071.programme.services import account_email_confirmed
from tests.events.conftest import at, make_event, register


def client_for(user, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def csrf_token(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    return match.group(1)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- Registering and cancelling --------------------------------------------------------------


def test_the_registration_round_trip(event, django_capture_on_commit_callbacks):
    """Register, confirm with the mailed link, cancel with the link of the next mail."""
    client = Client(enforce_csrf_checks=True)
    url = f"/evenementen/{event.slug}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Nog 2 plaatsen vrij." in text(page)
    assert "krijgt u een e-mail met een link om te bevestigen" in text(page)
    token = csrf_token(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{url}aanmelden/",
            {
                "csrfmiddlewaretoken": token,
                "name": "Anna de Vries",
                "email": "anna@example.org",
                "organisation": "Bakkerij De Vries",
            },
            follow=True,
        )
    assert response.redirect_chain == [(url, 302)]
    html = text(response)
    assert "Bijna klaar: we hebben een e-mail gestuurd naar anna@example.org." in html
    assert "Nog 1 plaats vrij." in html  # held while awaiting confirmation
    (request_mail,) = mail.outbox
    assert request_mail.subject == "Bevestig uw aanmelding: Startersdag Leidse regio"
    assert request_mail.attachments == []  # no calendar before it is confirmed
    site = re.escape(settings.SITE_URL.rstrip("/"))
    confirm_link = re.search(site + r"(/evenementen/bevestigen/[^/]+/)", request_mail.body).group(1)
    assert Registration.objects.get().status == "pending"

    confirm_page = client.get(confirm_link)  # opening the link confirms nothing
    assert confirm_page.status_code == 200
    assert "Ja, bevestig mijn aanmelding" in text(confirm_page)
    assert Registration.objects.get().status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(
            confirm_link, {"csrfmiddlewaretoken": csrf_token(client, confirm_link)}
        )
    assert confirmed.status_code == 200
    assert "Uw aanmelding is bevestigd: er is een plaats voor u." in text(confirmed)
    assert Registration.objects.get().status == "confirmed"
    message = mail.outbox[1]
    assert message.subject == "Aanmelding bevestigd: Startersdag Leidse regio"
    link = re.search(site + r"(/evenementen/afmelden/[^/]+/)", message.body).group(1)
    assert message.attachments[0][0] == "startersdag-2030.ics"

    confirm = client.get(link)
    assert confirm.status_code == 200
    assert "Anna de Vries" in text(confirm)
    assert "Ja, meld mij af" in text(confirm)
    done = client.post(link, {"csrfmiddlewaretoken": csrf_token(client, link)})
    assert done.status_code == 200
    assert "U bent afgemeld." in text(done)
    assert Registration.objects.get().status == "cancelled"
    again = client.post(link, {"csrfmiddlewaretoken": csrf_token(client, link)})
    assert again.status_code == 400
    assert "Deze aanmelding was al afgemeld." in text(again)


def test_posting_without_the_csrf_token_is_refused(event):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/evenementen/{event.slug}/aanmelden/", {"name": "X", "email": "x@example.org"}
    )
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_a_bad_cancel_link(db, programme, client):
    response = client.get("/evenementen/afmelden/verzonnen-token/")
    assert response.status_code == 404
    assert "Deze afmeldlink is niet geldig" in text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "anna@example.org"}, "Dit veld is vereist."),
        ({"name": "Anna", "email": "geen-adres"}, "Voer een geldig e-mailadres in."),
        ({"name": "   ", "email": "anna@example.org"}, "Dit veld is vereist."),
    ],
)
def test_errors_show_on_the_form(event, client, data, message):
    response = client.post(f"/evenementen/{event.slug}/aanmelden/", data)
    assert response.status_code == 400
    html = text(response)
    assert "Verbeter het volgende" in html
    assert message in html
    assert not Registration.objects.exists()


def test_registering_an_address_twice_gives_the_same_answer_and_mails_the_address(
    event, django_capture_on_commit_callbacks
):
    """A stranger cannot find out whether an address is registered: the page answers as
    for a new address, and the address itself is told where it stands."""
    register(event, 1)

    def answer(email):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(
                f"/evenementen/{event.slug}/aanmelden/",
                {"name": "Weer", "email": email},
                follow=True,
            )
        said = [str(m).replace(email.lower(), "ADRES") for m in response.context["messages"]]
        return response.status_code, response.redirect_chain, said

    assert answer("Persoon1@example.org") == answer("nieuw@example.org")
    reminder, _request = mail.outbox
    assert reminder.to == ["persoon1@example.org"]
    assert reminder.subject == "U bent al aangemeld: Startersdag Leidse regio"
    assert "Er is een plaats voor u." in reminder.body
    assert Registration.objects.filter(email="persoon1@example.org").count() == 1


def test_signed_in_with_a_confirmed_address_registering_twice_is_explained(event, plain_user):
    account_email_confirmed(user=plain_user)
    services.registration_create(event=event, name="Inwoner", email=plain_user.email)
    client = Client()
    client.force_login(plain_user)
    response = client.post(
        f"/evenementen/{event.slug}/aanmelden/", {"name": "Weer", "email": plain_user.email}
    )
    assert response.status_code == 400
    assert f"{plain_user.email} is al aangemeld voor dit evenement (bevestigd)" in text(response)


def test_a_full_event_says_so_and_puts_you_on_the_waiting_list(event, client):
    register(event, 2)
    page = text(client.get(f"/evenementen/{event.slug}/"))
    assert "Het evenement is vol." in page
    assert "Zet mij op de wachtlijst" in page
    client.post(
        f"/evenementen/{event.slug}/aanmelden/", {"name": "Derde", "email": "derde@example.org"}
    )
    pending = Registration.objects.get(email="derde@example.org")
    assert (pending.status, pending.holds_place) == ("pending", False)
    response = client.post(f"/evenementen/bevestigen/{pending.confirm_token}/")
    assert "u staat op de wachtlijst, op positie 1" in text(response)
    assert Registration.objects.get(email="derde@example.org").status == "waitlisted"


def test_a_cancelled_event_explains_why_you_cannot_register(event, client):
    services.event_cancel(event=event, actor=None, reason="Ziekte van de spreker.")
    page = text(client.get(f"/evenementen/{event.slug}/"))
    assert "Dit evenement is afgelast." in page
    assert "Ziekte van de spreker." in page
    response = client.post(
        f"/evenementen/{event.slug}/aanmelden/", {"name": "Anna", "email": "anna@example.org"}
    )
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_registration_closed(programme, client):
    event = make_event(
        programme,
        slug="gesloten",
        starts_at=at(-1, 15),
        ends_at=at(10),
        registration_closes_at=at(-1, 12),
    )
    page = text(client.get(f"/evenementen/{event.slug}/"))
    assert "Aanmelden is gesloten sinds" in page
    response = client.post(
        f"/evenementen/{event.slug}/aanmelden/", {"name": "Anna", "email": "anna@example.org"}
    )
    assert response.status_code == 400
    assert "Aanmelden is gesloten sinds" in text(response)


# --- Who sees and manages what ---------------------------------------------------------------

MANAGE_PAGES = ["bewerken/", "programma/", "aanmeldingen/", "aanmeldingen.csv", "annuleren/"]
MANAGERS = {
    None: 302,  # to the login page
    "plain_user": 403,
    "other_organiser_user": 403,
    "steering_user": 403,
    "organiser_user": 200,
    "office_user": 200,
}


@pytest.mark.parametrize("page", MANAGE_PAGES)
@pytest.mark.parametrize("who", list(MANAGERS))
def test_manage_pages_per_user(request, event, who, page):
    user = request.getfixturevalue(who) if who else None
    response = client_for(user).get(f"/evenementen/{event.slug}/{page}")
    assert response.status_code == MANAGERS[who]
    if who is None:
        assert response["Location"].startswith("/inloggen/") or "login" in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 404),
        ("plain_user", 404),
        ("other_organiser_user", 404),
        ("organiser_user", 200),
        ("office_user", 200),
    ],
)
def test_an_unpublished_event_is_seen_by_its_organisers_only(
    request, programme, organiser_user, who, status
):
    draft = make_event(programme, slug="concept", publish=False, managers=[organiser_user])
    user = request.getfixturevalue(who) if who else None
    client = client_for(user)
    assert client.get(f"/evenementen/{draft.slug}/").status_code == status
    listed = "concept" in client.get("/evenementen/").content.decode()
    assert listed is (status == 200)
    api = client.get(f"/api/v1/events/{draft.slug}")
    assert api.status_code == 404  # the API shows published events only


def test_the_personal_data_stays_with_the_organisers(event, client, organiser_user):
    register(event, 1)
    assert "persoon1@example.org" not in client.get(f"/evenementen/{event.slug}/").content.decode()
    html = client_for(organiser_user).get(f"/evenementen/{event.slug}/aanmeldingen/")
    assert "persoon1@example.org" in html.content.decode()


def test_only_the_office_may_create_or_name_organisers(
    programme, organiser_user, plain_user, office_user
):
    assert client_for(plain_user).get("/evenementen/nieuw/").status_code == 403
    office_form = client_for(office_user).get("/evenementen/nieuw/").content.decode()
    assert 'name="managers"' in office_form
    organiser_form = client_for(organiser_user).get("/evenementen/nieuw/").content.decode()
    assert 'name="managers"' not in organiser_form


def test_an_organiser_creates_publishes_and_plans_an_event(programme, organiser_user, pillar):
    client = client_for(organiser_user)
    response = client.post(
        "/evenementen/nieuw/",
        {
            "title": "zzp-event Leidse regio",
            "kind": "zzp_event",
            "starts_at": "2031-03-12T19:00",
            "ends_at": "2031-03-12T22:00",
            "time_known": "on",
            "date_precision": "day",
            "capacity": "40",
            "pillars": [pillar.pk],
        },
    )
    event = Event.objects.get(slug="zzp-event-leidse-regio")
    assert response.status_code == 302
    assert response["Location"] == "/evenementen/zzp-event-leidse-regio/"
    assert list(event.managers.all()) == [organiser_user]
    assert timezone.localtime(event.starts_at).hour == 19
    assert event.status == "planned"
    assert client.post(f"/evenementen/{event.slug}/publiceren/").status_code == 302
    event.refresh_from_db()
    assert event.status == "published"
    response = client.post(
        f"/evenementen/{event.slug}/programma/",
        {"starts": "19:30", "ends": "20:15", "title": "Pitches", "speaker_names": "Drie zzp'ers"},
    )
    assert response.status_code == 302
    page = text(client.get(f"/evenementen/{event.slug}/"))
    assert "Pitches" in page
    assert "19:30" in page


def test_the_event_form_shows_service_errors_at_the_field(programme, office_user):
    response = client_for(office_user).post(
        "/evenementen/nieuw/",
        {
            "title": "Kenniskring",
            "kind": "kenniskring",
            "starts_at": "2031-03-12T19:00",
            "ends_at": "2031-03-12T18:00",
            "date_precision": "day",
        },
    )
    assert response.status_code == 200
    html = text(response)
    assert "een evenement kan niet eindigen voordat het begint" in html
    assert 'id="id_ends_at-error"' in html or "field-error" in html
    assert not Event.objects.exists()


def test_cancelling_an_event_through_the_page(
    event, organiser_user, django_capture_on_commit_callbacks
):
    register(event, 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(organiser_user).post(
            f"/evenementen/{event.slug}/annuleren/", {"reason": "Geen zaal."}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    event.refresh_from_db()
    assert event.status == "cancelled"


# --- Check-in and the export -----------------------------------------------------------------


@pytest.fixture
def today_event(programme, organiser_user):
    """Published, taking place today (all day), with three registrations made yesterday."""
    day = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 1)))
    event = make_event(
        programme,
        slug="vandaag",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=23, minutes=58),
        capacity=2,
        managers=[organiser_user],
    )
    yesterday = start - datetime.timedelta(days=1)
    register(event, 3, now=yesterday)
    return event


def test_check_in_on_the_day(today_event, organiser_user):
    client = client_for(organiser_user)
    first = Registration.objects.get(email="persoon1@example.org")
    page = text(client.get("/evenementen/vandaag/aanmeldingen/"))
    assert page.count("Inchecken<span") == 2  # the two with a place, not the waiting list
    response = client.post(f"/evenementen/vandaag/aanmeldingen/{first.pk}/inchecken/")
    assert response.status_code == 302
    assert response["Location"] == f"/evenementen/vandaag/aanmeldingen/#registration-{first.pk}"
    first.refresh_from_db()
    assert first.status == "checked_in"
    again = client.post(f"/evenementen/vandaag/aanmeldingen/{first.pk}/inchecken/", follow=True)
    assert "is al ingecheckt" in text(again)
    assert selectors.attendance(event=today_event).checked_in == 1


def test_check_in_is_for_organisers(today_event, plain_user, other_organiser_user):
    first = Registration.objects.get(email="persoon1@example.org")
    for user in (plain_user, other_organiser_user):
        response = client_for(user).post(f"/evenementen/vandaag/aanmeldingen/{first.pk}/inchecken/")
        assert response.status_code == 403
    assert (
        client_for(None)
        .post(f"/evenementen/vandaag/aanmeldingen/{first.pk}/inchecken/")
        .status_code
        == 302
    )
    first.refresh_from_db()
    assert first.status == "confirmed"


def test_the_csv_export(event, office_user):
    services.registration_create(
        event=event, name='=HYPERLINK("x")', email="a@example.org", organisation_name="@Org"
    )
    register(event, 2)
    response = client_for(office_user).get(f"/evenementen/{event.slug}/aanmeldingen.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Naam", "E-mailadres", "Organisatie", "Status"]
    assert rows[1][0] == '\'=HYPERLINK("x")'  # not a formula in a spreadsheet
    assert rows[1][2] == "'@Org"
    assert [row[3] for row in rows[1:]] == ["Bevestigd", "Bevestigd", "Op de wachtlijst"]
    assert rows[3][4] == "1"


# --- Calendar files --------------------------------------------------------------------------


def test_the_calendar_of_one_event_and_the_feed(programme, event, client):
    make_event(programme, slug="verleden", starts_at=at(-20), ends_at=at(-20, 17))
    make_event(programme, slug="concept", publish=False)
    make_event(programme, slug="ooit", starts_at=at(40), ends_at=None, date_precision="month")
    one = client.get(f"/evenementen/{event.slug}/agenda.ics")
    assert one["Content-Type"].startswith("text/calendar")
    (vevent,) = unfold_and_parse(one.content.decode())
    assert vevent["SUMMARY"] == "Startersdag Leidse regio"
    assert vevent["URL"] == f"{settings.SITE_URL}/evenementen/{event.slug}/"
    assert vevent["DESCRIPTION"] == "Een **middag** voor starters."
    feed = client.get("/evenementen/agenda.ics").content.decode()
    assert feed.startswith("BEGIN:VCALENDAR\r\n")
    uids = {e["UID"] for e in unfold_and_parse(feed)}
    host = settings.SITE_URL.split("://")[1]
    assert uids == {f"event-{event.pk}@{host}"}  # not the past, draft or undated ones
    assert client.get("/evenementen/ooit/agenda.ics").status_code == 404


# --- The project page include ----------------------------------------------------------------


def test_the_project_include(event, programme, other_project):
    register(event, 3)
    example = make_event(
        programme, slug="voorbeeld", is_example=True, capacity=None, projects=[other_project]
    )
    register(example, 1)
    html = Template('{% include "events/includes/project_events.html" %}').render(
        Context({"project": other_project})
    )
    html = re.sub(r"\s+", " ", html)
    assert "Startersdag Leidse regio" in html
    assert "inclusief voorbeeldgegevens" in html
    assert "<td>3</td><td>1</td><td>0</td><td>0</td></tr></tfoot>" in html


def test_the_project_include_is_empty_without_events(led_project):
    html = Template('{% include "events/includes/project_events.html" %}').render(
        Context({"project": led_project})
    )
    assert html.strip() == ""


# --- Query counts ----------------------------------------------------------------------------


def _grow(programme, pillar, start: int, count: int) -> None:
    for i in range(start, start + count):
        upcoming = make_event(programme, slug=f"komend-{i}", capacity=5, pillars=[pillar])
        register(upcoming, 2)
        make_event(
            programme,
            slug=f"voorbij-{i}",
            starts_at=at(-30 - i),
            ends_at=at(-30 - i, 17),
            pillars=[pillar],
        )


@pytest.mark.parametrize("who", [None, "organiser_user", "office_user"])
def test_the_list_page_takes_a_constant_number_of_queries(request, programme, pillar, who):
    client = client_for(request.getfixturevalue(who) if who else None)
    _grow(programme, pillar, 0, 1)
    client.get("/evenementen/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/evenementen/").status_code == 200
    _grow(programme, pillar, 1, 5)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/evenementen/")
    assert response.content.decode().count("komend-") == 6
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_past_event_says_it_took_place(programme, client):
    past = make_event(
        programme, slug="voorbij", starts_at=at(-3, 0), ends_at=None, time_known=False
    )
    page = text(client.get(f"/evenementen/{past.slug}/"))
    assert "Dit evenement heeft plaatsgevonden." in page
    assert 'name="email"' not in page
    response = client.post(
        f"/evenementen/{past.slug}/aanmelden/", {"name": "Anna", "email": "anna@example.org"}
    )
    assert response.status_code == 400
    with translation.override("nl"):
        day = date_format(timezone.localtime(past.starts_at).date(), "j F Y")
    # The time is not known, so not shown.
    assert f"Aanmelden is gesloten sinds {day}." in text(response)
