"""Events services: every refusal with its message and nothing written, the waiting list
moving up, e-mails after commit (with the cancel link and the .ics), check-in on the day,
audit entries, attendance per event and per project."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from economie071.audit.models import AuditEntry
from economie071.audit.selectors import audit_entries_for_project
from economie071.core.ical import unfold_and_parse
from economie071.events import selectors, services
from economie071.events.exceptions import (
    AlreadyRegistered,
    CancellationTooLate,
    CheckInError,
    EventCancelled,
    EventInvalid,
    EventNotPublished,
    NotAllowed,
    RegistrationAlreadyCancelled,
    RegistrationClosed,
    RegistrationError,
    RegistrationInvalid,
    RegistrationNotFound,
    RegistrationNotOpenYet,
)
from economie071.events.models import Event, Registration, Session
from tests.events.conftest import at, make_event, register


@pytest.fixture
def counts(db):
    from django.apps import apps

    def count():
        return {
            m._meta.label: m.objects.count()
            for m in apps.get_models()
            if m._meta.app_label in {"events", "audit"}
        }

    return count


# --- Events ----------------------------------------------------------------------------------


def test_create_writes_an_audit_entry_and_makes_a_slug(programme, other_project):
    event = services.event_create(
        programme=programme,
        actor=None,
        title="Ondernemersdag071",
        kind="ondernemersdag",
        starts_at=at(30),
        projects=[other_project],
    )
    assert event.slug == "ondernemersdag071"
    assert event.status == "planned"
    entry = AuditEntry.objects.get(action="events.event.created")
    assert entry.object_id == str(event.pk)
    assert entry in audit_entries_for_project(project=other_project)
    second = services.event_create(
        programme=programme, actor=None, title="Ondernemersdag071", kind="other", starts_at=at(31)
    )
    assert second.slug == "ondernemersdag071-2"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  "}, "title", "Title: required."),
        ({"kind": "party"}, "kind", "Kind: unknown kind “party”."),
        ({"starts_at": None}, "starts_at", "Starts at: required."),
        ({"ends_at": at(9)}, "ends_at", "Ends at: an event cannot end before it starts."),
        ({"capacity": 0}, "capacity", "Capacity: leave it empty for no limit, or give 1 or more."),
        ({"slug": "nieuw"}, "slug", "Short name: “nieuw” is reserved."),
        ({"slug": "met spatie"}, "slug", "Short name: use only letters"),
        (
            {"registration_opens_at": at(5), "registration_closes_at": at(4)},
            "registration_closes_at",
            "Registration closes: must be after registration opens.",
        ),
        (
            {"registration_closes_at": at(11)},
            "registration_closes_at",
            "Registration closes: cannot be after the event is over.",
        ),
        ({"date_precision": "week"}, "date_precision", "Date known to the: day, month or year."),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(programme, counts, fields, field, message):
    before = counts()
    values = {"title": "Startersdag", "kind": "startersdag", "starts_at": at(10)}
    values.update(fields)
    with pytest.raises(EventInvalid) as info, translation.override("en"):
        services.event_create(programme=programme, actor=None, **values)
    assert info.value.code == field
    assert info.value.messages[0].startswith(message)
    assert counts() == before


def test_a_taken_slug_is_refused(programme, event):
    with pytest.raises(EventInvalid, match="er is al een evenement met de korte naam"):
        make_event(programme, slug=event.slug)


def test_a_project_of_another_programme_is_refused(programme):
    from tests.factories import ProjectFactory

    foreign = ProjectFactory()
    with pytest.raises(EventInvalid, match="hoort bij een ander programma"):
        make_event(programme, projects=[foreign])


def test_who_may_create(programme, plain_user, organiser_user, office_user):
    with pytest.raises(NotAllowed):
        services.event_create(
            programme=programme, actor=plain_user, title="X", kind="other", starts_at=at(3)
        )
    mine = services.event_create(
        programme=programme, actor=organiser_user, title="X", kind="other", starts_at=at(3)
    )
    assert list(mine.managers.all()) == [organiser_user]  # the creator manages it
    office = services.event_create(
        programme=programme, actor=office_user, title="Y", kind="other", starts_at=at(3)
    )
    assert not office.managers.exists()
    with pytest.raises(NotAllowed, match="Alleen het programmabureau wijst organisatoren aan"):
        services.event_create(
            programme=programme,
            actor=organiser_user,
            title="Z",
            kind="other",
            starts_at=at(3),
            managers=[office_user],
        )


def test_only_its_organisers_and_the_office_manage_an_event(
    event, organiser_user, other_organiser_user, office_user
):
    with pytest.raises(NotAllowed):
        services.event_update(event=event, actor=other_organiser_user, title="Anders")
    services.event_update(event=event, actor=organiser_user, title="Startersdag 2030")
    services.event_update(event=event, actor=office_user, venue="Stadhuis Leiden")
    event.refresh_from_db()
    assert (event.title, event.venue) == ("Startersdag 2030", "Stadhuis Leiden")
    entry = AuditEntry.objects.filter(action="events.event.updated").first()
    assert entry.data == {"changed": ["venue"]}


def test_publish_only_once(event):
    with pytest.raises(EventInvalid, match="alleen een gepland evenement kan worden gepubliceerd"):
        services.event_publish(event=event, actor=None)


def test_capacity_cannot_go_below_the_places_taken(event):
    register(event, 2)
    with pytest.raises(EventInvalid, match="2 mensen hebben al een plaats"):
        services.event_update(event=event, actor=None, capacity=1)


def test_raising_the_capacity_moves_the_waiting_list_up(event, django_capture_on_commit_callbacks):
    register(event, 4)  # 2 places, 2 waiting
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, actor=None, capacity=3)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["persoon3@example.org"] == "confirmed"
    assert statuses["persoon4@example.org"] == "waitlisted"
    assert Registration.objects.get(email="persoon4@example.org").waitlist_position == 1
    assert [m.to for m in mail.outbox] == [["persoon3@example.org"]]
    assert AuditEntry.objects.filter(action="events.registration.promoted").count() == 1


def test_a_new_date_or_place_is_mailed_to_everyone_registered(
    event, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://e071.nl"
    first, second, third, fourth = register(event, 4)  # 2 places, 2 waiting
    services.registration_cancel(token=second.cancel_token)  # the first waiting moves up
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.event_update(
            event=event,
            actor=None,
            starts_at=at(12, 13),
            ends_at=at(12, 17),
            venue="Pieterskerk",
            address="Pieterskerkhof 1a, Leiden",
        )
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    by_address = {m.to[0]: m for m in mail.outbox}
    # the one who cancelled is not mailed; the seated get a new calendar file
    assert sorted(by_address) == [
        "persoon1@example.org",
        "persoon3@example.org",
        "persoon4@example.org",
    ]
    seated = by_address["persoon1@example.org"]
    assert seated.subject == "Gewijzigd: Startersdag Leidse regio"
    assert "Pieterskerk, Pieterskerkhof 1a, Leiden" in seated.body
    assert "https://e071.nl/evenementen/afmelden/" in seated.body
    ((name, calendar, _kind),) = seated.attachments
    assert name == "startersdag-2030.ics" and "Pieterskerk" in calendar
    assert by_address["persoon4@example.org"].attachments == []  # still waiting


def test_other_changes_and_unpublished_events_mail_nobody(
    event, programme, django_capture_on_commit_callbacks
):
    register(event, 2)
    planned = make_event(programme, publish=False, slug="nog-niet-openbaar")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(
            event=event, actor=None, title="Startersdag 2030", description="Anders."
        )
        services.event_update(event=planned, actor=None, venue="Elders")
    assert mail.outbox == []


def test_a_promoted_person_gets_one_mail_with_the_new_details(
    event, django_capture_on_commit_callbacks
):
    register(event, 3)  # 2 places, 1 waiting
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, actor=None, capacity=3, venue="Pieterskerk")
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["persoon1@example.org", "persoon2@example.org", "persoon3@example.org"]
    promoted = next(m for m in mail.outbox if m.to == ["persoon3@example.org"])
    assert "Pieterskerk" in promoted.body and not promoted.subject.startswith("Gewijzigd")


def test_cancelling_an_event_mails_everyone_registered_after_commit(
    event, django_capture_on_commit_callbacks
):
    first, second, waiting = register(event, 3)
    services.registration_cancel(token=second.cancel_token)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.event_cancel(event=event, actor=None, reason="Te weinig sprekers.")
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    recipients = sorted(m.to[0] for m in mail.outbox)
    # The one who cancelled is not mailed; the waiting list is.
    assert recipients == ["persoon1@example.org", "persoon3@example.org"]
    assert "Te weinig sprekers." in mail.outbox[0].body
    assert "Startersdag Leidse regio" in mail.outbox[0].subject
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert AuditEntry.objects.filter(action="events.event.cancelled").get().data["notified"] == 2
    with pytest.raises(EventInvalid, match="afgelast evenement kan niet meer worden gewijzigd"):
        services.event_update(event=event, actor=None, title="Toch")
    with pytest.raises(EventInvalid, match="is al afgelast"):
        services.event_cancel(event=event, actor=None)


def test_sessions(event, organiser_user, other_organiser_user):
    from tests.factories import PersonFactory

    speaker = PersonFactory(name="Joris Castermans")
    session = services.session_add(
        event=event,
        actor=organiser_user,
        title="Workshop Data Science",
        starts_at=at(10, 15, 30),
        ends_at=at(10, 16, 30),
        speakers=[speaker],
        speaker_names="Bureau Blaauwberg",
    )
    assert list(session.speakers.all()) == [speaker]
    with pytest.raises(EventInvalid, match="kan niet eindigen voordat het begint"):
        services.session_update(session=session, actor=organiser_user, ends_at=at(10, 15))
    with pytest.raises(NotAllowed):
        services.session_add(event=event, actor=other_organiser_user, title="Nee")
    services.session_update(session=session, actor=organiser_user, title="Workshop VR")
    services.session_remove(session=session, actor=organiser_user)
    assert not Session.objects.exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="events.session")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["events.session.added", "events.session.updated", "events.session.removed"]


# --- Registering -----------------------------------------------------------------------------


def test_registration_confirms_and_mails_with_the_cancel_link_and_the_ics(
    event, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://economie071.example.org/"
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(
            event=event,
            name=" Anna de Vries ",
            email=" Anna@Example.org ",
            organisation_name="Bakkerij De Vries",
        )
    assert registration.status == "confirmed"
    assert registration.email == "anna@example.org"
    assert registration.name == "Anna de Vries"
    assert len(registration.cancel_token) >= 40
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert message.subject == "Aanmelding bevestigd: Startersdag Leidse regio"
    link = f"https://economie071.example.org/evenementen/afmelden/{registration.cancel_token}/"
    assert link in message.body
    assert "Anna de Vries" in message.body
    ((filename, content, mimetype),) = message.attachments
    assert filename == "startersdag-2030.ics"
    assert mimetype.startswith("text/calendar")
    (vevent,) = unfold_and_parse(content)
    assert vevent["SUMMARY"] == "Startersdag Leidse regio"
    assert vevent["LOCATION"] == "PLNT, Langegracht 70, Leiden"
    assert vevent["DTSTART"] == event.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert vevent["URL"] == "https://economie071.example.org/evenementen/startersdag-2030/"
    assert vevent["UID"] == f"event-{event.pk}@economie071.example.org"
    entry = AuditEntry.objects.get(action="events.registration.confirmed")
    assert "Anna" not in entry.summary  # no personal data in the audit log


def test_no_email_before_the_commit(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register(event, 1)
    assert mail.outbox == []
    assert callbacks  # the mail waits for the commit (beside the cache's data version)
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_over_capacity_goes_on_the_waiting_list(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, second, third, fourth = register(event, 4)
    assert [r.status for r in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert (third.waitlist_position, fourth.waitlist_position) == (1, 2)
    waitlisted_mail = mail.outbox[2]
    assert waitlisted_mail.subject.startswith("Op de wachtlijst")
    assert "positie 1" in waitlisted_mail.body
    assert waitlisted_mail.attachments == []  # no place, so nothing for the calendar yet
    assert selectors.places_left(event=event) == 0


@pytest.mark.parametrize(
    ("name", "email", "organisation", "field", "message"),
    [
        ("", "a@example.org", "", "name", "Naam: verplicht."),
        ("Anna", "", "", "email", "E-mailadres: verplicht."),
        ("Anna", "geen", "", "email", "E-mailadres: “geen” is geen geldig e-mailadres."),
        ("A" * 201, "a@example.org", "", "name", "Naam: hooguit 200 tekens."),
        ("Anna", "a@example.org", "O" * 201, "organisation", "Organisatie: hooguit 200 tekens."),
    ],
)
def test_invalid_name_or_address(event, counts, name, email, organisation, field, message):
    before = counts()
    with pytest.raises(RegistrationInvalid) as info:
        services.registration_create(
            event=event, name=name, email=email, organisation_name=organisation
        )
    assert info.value.code == field
    assert info.value.messages == [message]
    assert counts() == before


def test_registering_twice_is_refused_in_any_casing(event, counts):
    register(event, 1)
    before = counts()
    with pytest.raises(AlreadyRegistered) as info:
        services.registration_create(event=event, name="Weer", email="PERSOON1@example.org")
    assert info.value.code == "email"
    assert (
        "persoon1@example.org is al aangemeld voor dit evenement (bevestigd)"
        in (info.value.messages[0])
    )
    assert counts() == before


def test_registering_twice_from_the_waiting_list_is_refused_too(event):
    register(event, 3)
    with pytest.raises(AlreadyRegistered, match="op de wachtlijst"):
        services.registration_create(event=event, name="Weer", email="persoon3@example.org")


def test_after_cancelling_one_may_register_again(event):
    (registration,) = register(event, 1)
    services.registration_cancel(token=registration.cancel_token)
    again = services.registration_create(event=event, name="Weer", email="persoon1@example.org")
    assert again.status == "confirmed"
    assert Registration.objects.filter(email="persoon1@example.org").count() == 2


def test_the_database_keeps_one_active_registration_per_address(event):
    from django.db import IntegrityError, transaction

    (registration,) = register(event, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, name="X", email=registration.email, cancel_token="t" * 40
        )


def test_registration_before_opening(programme, counts):
    event = make_event(programme, registration_opens_at=at(3, 9))
    before = counts()
    with pytest.raises(RegistrationNotOpenYet) as info:
        register(event, 1)
    assert info.value.messages[0].startswith("Aanmelden kan vanaf ")
    assert counts() == before


def test_registration_after_closing(programme):
    event = make_event(programme, registration_closes_at=at(5, 12))
    with pytest.raises(RegistrationClosed, match="Aanmelden is gesloten sinds"):
        register(event, 1, now=at(6))
    # and without a closing time: when the event begins
    with pytest.raises(RegistrationClosed):
        register(event, 1, now=at(10, 16))
    assert register(event, 1, now=at(4))[0].status == "confirmed"


def test_registration_for_a_cancelled_event(event):
    services.event_cancel(event=event, actor=None)
    with pytest.raises(EventCancelled) as info:
        register(event, 1)
    assert info.value.messages == ["Dit evenement is afgelast; aanmelden is niet meer mogelijk."]


def test_registration_for_an_unpublished_event(programme):
    event = make_event(programme, publish=False)
    with pytest.raises(EventNotPublished):
        register(event, 1)


def test_every_refusal_is_a_registration_error(event):
    services.event_cancel(event=event, actor=None)
    with pytest.raises(RegistrationError):
        register(event, 1)


# --- Cancelling and the waiting list ---------------------------------------------------------


def test_cancelling_moves_the_first_on_the_waiting_list_up(
    event, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://e071.nl"
    first, second, third, fourth, fifth = register(event, 5)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(token=second.cancel_token)
    rows = {r.email: r for r in Registration.objects.all()}
    assert rows["persoon2@example.org"].status == "cancelled"
    assert rows["persoon3@example.org"].status == "confirmed"
    assert rows["persoon3@example.org"].promoted_at is not None
    assert rows["persoon3@example.org"].waitlist_position is None
    assert (
        rows["persoon4@example.org"].waitlist_position,
        rows["persoon5@example.org"].waitlist_position,
    ) == (1, 2)
    (message,) = mail.outbox
    assert message.to == ["persoon3@example.org"]
    assert message.subject.startswith("Er is een plaats vrijgekomen")
    assert f"https://e071.nl/evenementen/afmelden/{third.cancel_token}/" in message.body
    assert len(message.attachments) == 1
    assert list(
        AuditEntry.objects.filter(action__startswith="events.registration.")
        .order_by("-id")
        .values_list("action", flat=True)[:2]
    ) == ["events.registration.promoted", "events.registration.cancelled"]
    assert selectors.attendance(event=event) == selectors.Attendance(
        registered=2, waitlisted=2, cancelled=1, checked_in=0
    )


def test_leaving_the_waiting_list_renumbers_it_and_promotes_nobody(
    event, django_capture_on_commit_callbacks
):
    first, second, third, fourth, fifth = register(event, 5)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(token=fourth.cancel_token)
    assert mail.outbox == []
    fifth.refresh_from_db()
    assert fifth.waitlist_position == 2
    third.refresh_from_db()
    assert third.status == "waitlisted"


def test_cancel_with_a_bad_token(event):
    with pytest.raises(RegistrationNotFound, match="Deze afmeldlink is niet geldig"):
        services.registration_cancel(token="verzonnen")
    with pytest.raises(RegistrationNotFound):
        services.registration_cancel(token="")


def test_cancel_twice(event):
    (registration,) = register(event, 1)
    services.registration_cancel(token=registration.cancel_token)
    with pytest.raises(RegistrationAlreadyCancelled):
        services.registration_cancel(token=registration.cancel_token)


def test_cancel_after_the_start(event):
    (registration,) = register(event, 1)
    with pytest.raises(CancellationTooLate, match="Het evenement is begonnen"):
        services.registration_cancel(token=registration.cancel_token, now=at(10, 16))


# --- Check-in --------------------------------------------------------------------------------


def test_check_in_on_the_day(event, organiser_user):
    first, second, waiting = register(event, 3)
    checked = services.registration_check_in(
        registration=first, actor=organiser_user, now=at(10, 15, 5)
    )
    assert checked.status == "checked_in"
    assert checked.checked_in_at == at(10, 15, 5)
    with pytest.raises(CheckInError, match="al ingecheckt"):
        services.registration_check_in(registration=first, actor=organiser_user, now=at(10, 16))
    with pytest.raises(CheckInError, match="heeft geen plaats"):
        services.registration_check_in(registration=waiting, actor=organiser_user, now=at(10, 16))
    with pytest.raises(CheckInError, match="alleen op de dag van het evenement"):
        services.registration_check_in(registration=second, actor=organiser_user, now=at(9))
    with pytest.raises(CancellationTooLate, match="ingecheckt"):
        services.registration_cancel(token=first.cancel_token, now=at(9))
    assert selectors.attendance(event=event).checked_in == 1
    assert AuditEntry.objects.filter(action="events.registration.checked_in").count() == 1


def test_check_in_only_by_organisers_and_the_office(
    event, other_organiser_user, plain_user, office_user
):
    first, second = register(event, 2)
    for user in (other_organiser_user, plain_user):
        with pytest.raises(NotAllowed):
            services.registration_check_in(registration=first, actor=user, now=at(10, 15))
    services.registration_check_in(registration=first, actor=office_user, now=at(10, 15))


# --- Figures ---------------------------------------------------------------------------------


def test_attendance_for_a_project_sums_its_public_events(
    programme, event, other_project, led_project
):
    second = make_event(programme, slug="tweede", capacity=None, projects=[other_project])
    make_event(programme, slug="concept", publish=False, projects=[other_project])
    make_event(programme, slug="ander-project", projects=[led_project])
    first_regs = register(event, 3)
    register(second, 4)
    services.registration_cancel(token=first_regs[0].cancel_token)
    services.registration_check_in(registration=first_regs[1], actor=None, now=at(10, 15))
    summary = selectors.attendance_for_project(project=other_project)
    assert [e.slug for e in summary.events] == ["tweede", "startersdag-2030"] or [
        e.slug for e in summary.events
    ] == ["startersdag-2030", "tweede"]
    assert summary.totals == selectors.Attendance(
        registered=6, waitlisted=0, cancelled=1, checked_in=1
    )
    assert not summary.includes_examples


def test_event_list_filters(programme, event, pillar):
    make_event(programme, slug="kring", kind="kenniskring", pillars=[])
    past = make_event(
        programme, slug="vorig-jaar", kind="kenniskring", starts_at=at(-300), ends_at=at(-300, 17)
    )
    slugs = {e.slug for e in selectors.event_list(programme=programme, public_only=True)}
    assert slugs == {"startersdag-2030", "kring", "vorig-jaar"}
    kinds = selectors.event_list(programme=programme, public_only=True, kind="kenniskring")
    assert {e.slug for e in kinds} == {"kring", "vorig-jaar"}
    by_pillar = selectors.event_list(programme=programme, public_only=True, pillar=pillar.slug)
    assert [e.slug for e in by_pillar] == ["startersdag-2030"]
    assert [
        e.slug for e in selectors.event_list(programme=programme, public_only=True, upcoming=False)
    ] == [past.slug]
    assert Event.objects.count() == 3


def test_what_an_event_offers_is_what_the_services_allow(programme):
    planned = make_event(programme, publish=False)
    assert planned.can_be_published and planned.can_be_changed
    assert not planned.takes_registrations(at(0))
    published = services.event_publish(event=planned, actor=None)
    assert not published.can_be_published and published.takes_registrations(at(0))
    assert not published.takes_registrations(at(10, 15))  # registration closes at the start
    assert published.takes_check_in(at(10).date()) and not published.takes_check_in(at(9).date())
    cancelled = services.event_cancel(event=published, actor=None)
    assert not cancelled.can_be_changed and not cancelled.takes_check_in(at(10).date())
    with pytest.raises(EventInvalid):
        services.event_update(event=cancelled, actor=None, title="Anders")


def test_what_a_registration_offers_is_what_the_services_allow(event):
    first, second, waiting = register(event, 3)
    assert [r.can_be_cancelled for r in (first, second, waiting)] == [True, True, True]
    assert first.can_be_checked_in and not waiting.can_be_checked_in
    services.registration_cancel(token=first.cancel_token)
    first.refresh_from_db()
    assert not first.can_be_cancelled
    with pytest.raises(RegistrationAlreadyCancelled):
        services.registration_cancel(token=first.cancel_token)
