"""From a match to a conversation: interest, invitations, proposals, answers and outcomes;
who may do and see what (person, employer, adviser, office, anonymous), and that a
person's contact details never reach an employer without their action."""

import pytest

from economie071.core.models import OutgoingMail
from economie071.skills import selectors, services
from economie071.skills.constants import ContactKind, ContactStatus
from economie071.skills.exceptions import NotAllowed, SkillsError
from economie071.skills.models import MatchContact, MatchLog
from tests.factories import UserFactory
from tests.skills.conftest import filler, make_passport, make_vacancy

EMAIL = "sanne.werkzoekend@example.org"


@pytest.fixture
def person(seeker):
    seeker.email = EMAIL
    seeker.first_name, seeker.last_name = "Sanne", "Jansen"
    seeker.save()
    return seeker


@pytest.fixture
def passport(person, tax):
    return make_passport(person, {tax.care: 3, tax.stress: 2, tax.hospitable: 2})


@pytest.fixture
def vacancy(tax, employer_org, employer_user, municipalities):
    employer_user.email = "werkgever@example.org"
    employer_user.save()
    return make_vacancy(
        employer_org,
        tax.carer,
        {tax.care: (True, 2), tax.stress: (True, 1), **filler(tax)},
        title="Zorghulp",
        municipality=municipalities["leiden"],
    )


@pytest.fixture
def actors(person, employer_user, other_employer_user, adviser_user, office_user, anonymous_user):
    return {
        "person": person,
        "employer": employer_user,
        "other_employer": other_employer_user,
        "adviser": adviser_user,
        "office": office_user,
        "anonymous": anonymous_user,
    }


def _mails_to(address: str) -> list[OutgoingMail]:
    return [m for m in OutgoingMail.objects.all() if address in m.to]


def _everything_an_employer_sees(vacancy, employer) -> str:
    """Every page, API answer and mail an employer gets about the vacancy, as text."""
    from django.test import Client

    client = Client()
    client.force_login(employer)
    responses = [
        client.get(f"/huis-van-skills/vacatures/{vacancy.pk}/"),
        client.get(f"/huis-van-skills/vacatures/{vacancy.pk}/kandidaten/"),
        client.get("/api/v1/skills/contacts", {"vacancy": vacancy.pk}),
    ]
    assert [r.status_code for r in responses] == [200, 200, 200]
    parts = [r.content.decode() for r in responses]
    assert "Passport" in parts[2] or '"passport"' in parts[2]
    parts += [f"{m.subject}\n{m.body}" for m in _mails_to(employer.email)]
    parts += [
        str(v.__dict__) for v in selectors.contacts_of_vacancy(vacancy=vacancy, actor=employer)
    ]
    return "\n".join(parts)


# --- The permission matrix ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("person", True),
        ("employer", False),
        ("other_employer", False),
        ("adviser", False),
        ("office", False),
        ("anonymous", False),
    ],
)
def test_who_may_show_interest(who, allowed, actors, passport, vacancy):
    def act():
        return services.interest_express(
            passport=passport,
            vacancy=vacancy,
            actor=actors[who],
            share_summary=True,
            share_contact=False,
        )

    if allowed:
        assert act().kind == ContactKind.INTEREST
    else:
        with pytest.raises(NotAllowed):
            act()
        assert not MatchContact.objects.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("person", False),
        ("employer", True),
        ("other_employer", False),
        ("adviser", False),
        ("office", True),
        ("anonymous", False),
    ],
)
def test_who_may_invite(who, allowed, actors, passport, vacancy):
    def act():
        return services.invitation_send(vacancy=vacancy, passport=passport, actor=actors[who])

    if allowed:
        assert act().status == ContactStatus.OPEN
    else:
        with pytest.raises(NotAllowed):
            act()
        assert not MatchContact.objects.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("person", False),
        ("employer", False),
        ("other_employer", False),
        ("adviser", True),
        ("office", True),
        ("anonymous", False),
    ],
)
def test_who_may_propose(who, allowed, actors, passport, vacancy):
    def act():
        return services.proposal_make(passport=passport, vacancy=vacancy, actor=actors[who])

    if allowed:
        assert act().kind == ContactKind.PROPOSAL
    else:
        with pytest.raises(NotAllowed):
            act()


@pytest.mark.parametrize(
    ("who", "sees", "records_outcome", "answers"),
    [
        ("person", True, False, True),
        ("employer", True, True, False),
        ("other_employer", False, False, False),
        ("adviser", True, True, False),
        ("office", True, True, False),
        ("anonymous", False, False, False),
    ],
)
def test_who_sees_answers_and_records_an_invitation(
    who, sees, records_outcome, answers, actors, passport, vacancy, employer_user
):
    contact = services.invitation_send(vacancy=vacancy, passport=passport, actor=employer_user)
    actor = actors[who]
    if sees:
        assert selectors.contact_get(contact_id=contact.pk, actor=actor) == contact
    else:
        with pytest.raises(NotAllowed):
            selectors.contact_get(contact_id=contact.pk, actor=actor)
    if records_outcome:
        services.contact_outcome_record(contact=contact, actor=actor, outcome="talked")
    else:
        with pytest.raises(NotAllowed):
            services.contact_outcome_record(contact=contact, actor=actor, outcome="talked")
    if answers:
        services.contact_answer(contact=contact, actor=actor, accept=True, share_contact=False)
    else:
        with pytest.raises(NotAllowed):
            services.contact_answer(contact=contact, actor=actor, accept=True, share_contact=True)
        contact.refresh_from_db()
        assert not contact.share_contact


def test_who_sees_the_figures(actors, passport, vacancy, employer_user):
    services.invitation_send(vacancy=vacancy, passport=passport, actor=employer_user)
    for who in ("adviser", "office"):
        assert selectors.contact_figures(actor=actors[who])["contacts"] == 1
    for who in ("person", "employer", "anonymous"):
        with pytest.raises(NotAllowed):
            selectors.contact_figures(actor=actors[who])


# --- Contact details only by the person's action ------------------------------------------


def test_contact_details_never_reach_an_employer_without_the_persons_action(
    person, passport, vacancy, employer_user, tax
):
    contact = services.invitation_send(
        vacancy=vacancy, passport=passport, actor=employer_user, message="Kom je praten?"
    )
    # the person got the invitation by e-mail (the outbox), the employer's address is not in it
    (mail,) = _mails_to(EMAIL)
    assert "Zorghulp" in mail.subject and "werkgever@example.org" not in mail.body
    seen = _everything_an_employer_sees(vacancy, employer_user)
    assert EMAIL not in seen and "Jansen" not in seen
    # accepting does not share anything by itself
    services.contact_answer(contact=contact, actor=person, accept=True, share_contact=False)
    seen = _everything_an_employer_sees(vacancy, employer_user)
    assert EMAIL not in seen and "Jansen" not in seen
    # the person shares: now, and only now, the employer reads the address
    services.contact_answer(contact=contact, actor=person, accept=True, share_contact=True)
    (view,) = selectors.contacts_of_vacancy(vacancy=vacancy, actor=employer_user)
    assert (view.name, view.email) == ("Sanne Jansen", EMAIL)
    assert EMAIL in _everything_an_employer_sees(vacancy, employer_user)


def test_interest_shares_what_the_person_chooses(person, passport, vacancy, employer_user, tax):
    services.interest_express(
        passport=passport, vacancy=vacancy, actor=person, share_summary=True, share_contact=False
    )
    (mail,) = _mails_to("werkgever@example.org")  # the employer hears of it
    assert EMAIL not in mail.body and "Jansen" not in mail.body
    (view,) = selectors.contacts_of_vacancy(vacancy=vacancy, actor=employer_user)
    assert view.email == "" and view.name == ""
    assert {skill.pk for skill, _level in view.summary} == {
        tax.care.pk,
        tax.stress.pk,
        tax.hospitable.pk,
    }
    with pytest.raises(SkillsError):  # once per vacancy
        services.interest_express(
            passport=passport, vacancy=vacancy, actor=person, share_summary=True, share_contact=True
        )


def test_no_summary_without_sharing_it(person, passport, vacancy, employer_user):
    services.interest_express(
        passport=passport, vacancy=vacancy, actor=person, share_summary=False, share_contact=False
    )
    (view,) = selectors.contacts_of_vacancy(vacancy=vacancy, actor=employer_user)
    assert view.summary == [] and view.email == ""


def test_an_employer_cannot_invite_someone_who_does_not_want_to_be_found(
    tax, vacancy, employer_user
):
    hidden = make_passport(UserFactory(), {tax.care: 3}, discoverable=False)
    with pytest.raises(SkillsError) as info:
        services.invitation_send(vacancy=vacancy, passport=hidden, actor=employer_user)
    assert info.value.code == "passport"
    assert not MatchContact.objects.exists()


# --- Outcomes, the record and the figures --------------------------------------------------


def test_outcomes_follow_the_suggestion_and_make_the_figures(
    person, passport, vacancy, employer_user, adviser_user
):
    shown = selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)
    services.match_log_record(actor=employer_user, shown=shown)
    contact = services.invitation_send(vacancy=vacancy, passport=passport, actor=employer_user)
    # the AI Act record: which suggestion led to it
    assert contact.match_log == MatchLog.objects.get(viewer=employer_user)
    with pytest.raises(SkillsError) as info:
        services.contact_outcome_record(contact=contact, actor=employer_user, outcome="not_hired")
    assert info.value.code == "reason"
    with pytest.raises(SkillsError):
        services.contact_outcome_record(
            contact=contact, actor=employer_user, outcome="hired", reason="skills"
        )
    services.contact_outcome_record(
        contact=contact, actor=employer_user, outcome="not_hired", reason="hours"
    )
    figures = selectors.contact_figures(actor=adviser_user)
    assert figures["contacts"] == 1 and figures["conversations"] == 1
    assert figures["suggestions_shown"] == 1 and figures["from_suggestion"] == 1
    (by_place,) = figures["by_municipality"]
    assert (by_place.label, by_place.not_hired) == ("Leiden", 1)
    (by_sector,) = figures["by_sector"]
    assert by_sector.label == "Zorg" and by_sector.conversation_share == 1.0


def test_a_declined_invitation_gets_no_outcome(person, passport, vacancy, employer_user):
    contact = services.invitation_send(vacancy=vacancy, passport=passport, actor=employer_user)
    services.contact_answer(contact=contact, actor=person, accept=False)
    with pytest.raises(SkillsError):
        services.contact_outcome_record(contact=contact, actor=employer_user, outcome="talked")


def test_contacts_are_in_the_download_and_anonymised_on_erasure(
    person, passport, vacancy, employer_user, adviser_user, tax
):
    services.interest_express(
        passport=passport,
        vacancy=vacancy,
        actor=person,
        share_summary=True,
        share_contact=True,
        message="Ik werk graag met ouderen.",
    )
    module_provider = services.provider_create(organisation=vacancy.organisation, actor=None)
    module = services.module_create(
        provider=module_provider,
        actor=None,
        title="Basis zorg",
        skills={tax.care: 2},
        duration_hours=40,
        cost=300,
    )
    services.proposal_make(passport=passport, module=module, actor=adviser_user)
    data = services.passport_export(passport=passport, actor=person)
    kinds = {c["kind"]: c for c in data["contacts"]}
    assert kinds["interest"]["message"] == "Ik werk graag met ouderen."
    assert kinds["interest"]["shared_contact_details"] is True
    assert kinds["proposal"]["training_module"] == "Basis zorg"
    counts = services.passport_erase(passport=passport, actor=person)
    assert counts["contacts_anonymised"] == 2
    rows = list(MatchContact.objects.all())
    assert all(r.passport is None and r.subject_erased and r.message == "" for r in rows)
    assert not any(r.share_contact for r in rows)
    assert selectors.contacts_of_vacancy(vacancy=vacancy, actor=employer_user) == []
    assert selectors.contact_figures(actor=adviser_user)["contacts"] == 1  # the vacancy's


# --- On the pages and in the API -----------------------------------------------------------


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_from_match_to_outcome_on_the_pages(
    person, passport, vacancy, employer_user, adviser_user, tax
):
    seeker = _client(person)
    assert "Ik heb interesse" in seeker.get("/huis-van-skills/paspoort/vacatures/").content.decode()
    response = seeker.post(
        f"/huis-van-skills/vacatures/{vacancy.pk}/interesse/",
        {"share_summary": "on", "message": "Graag!"},
        follow=True,
    )
    assert "Graag!" in response.content.decode()  # on the person's own contacts page
    interest = MatchContact.objects.get(kind="interest")
    assert interest.share_summary and not interest.share_contact
    employer = _client(employer_user)
    page = employer.get(f"/huis-van-skills/vacatures/{vacancy.pk}/").content.decode()
    assert "Graag!" in page and EMAIL not in page and "basiszorg bieden" in page
    employer.post(f"/huis-van-skills/vacatures/{vacancy.pk}/kandidaten/{passport.pk}/uitnodigen/")
    invitation = MatchContact.objects.get(kind="invitation")
    html = seeker.get("/huis-van-skills/paspoort/contacten/").content.decode()
    assert "Uitnodiging van de werkgever" in html
    seeker.post(
        f"/huis-van-skills/paspoort/contacten/{invitation.pk}/antwoord/",
        {"accept": "1", "share_contact": "on"},
    )
    assert EMAIL in employer.get(f"/huis-van-skills/vacatures/{vacancy.pk}/").content.decode()
    employer.post(
        f"/huis-van-skills/contacten/{invitation.pk}/uitkomst/",
        {"outcome": "hired", "reason": "skills"},  # a reason only counts for not hired
    )
    invitation.refresh_from_db()
    assert (invitation.outcome, invitation.outcome_reason) == ("hired", "")
    adviser = _client(adviser_user)
    adviser.post(
        f"/huis-van-skills/adviseur/paspoorten/{passport.pk}/voorstellen/", {"vacancy": ""}
    )
    assert not MatchContact.objects.filter(kind="proposal").exists()  # nothing chosen
    adviser.post(
        f"/huis-van-skills/adviseur/paspoorten/{passport.pk}/voorstellen/",
        {"vacancy": vacancy.pk, "message": "Iets voor jou?"},
    )
    assert MatchContact.objects.filter(kind="proposal", created_by=adviser_user).exists()
    plan = adviser.get("/huis-van-skills/matchingsplan/").content.decode()
    assert "Van match naar baan" in plan and "Leiden" in plan


def test_the_contacts_api_keeps_the_same_permissions(
    person, passport, vacancy, employer_user, other_employer_user, adviser_user
):
    from django.test import Client

    services.interest_express(
        passport=passport, vacancy=vacancy, actor=person, share_summary=False, share_contact=False
    )
    anonymous = Client()
    assert anonymous.get("/api/v1/skills/me/contacts").status_code == 403
    assert anonymous.get("/api/v1/skills/contacts", {"vacancy": vacancy.pk}).status_code == 403
    assert anonymous.get("/api/v1/skills/placements").status_code == 403
    mine = _client(person).get("/api/v1/skills/me/contacts").json()["results"]
    assert [c["kind"] for c in mine] == ["interest"] and mine[0]["email"] == EMAIL
    theirs = _client(employer_user).get("/api/v1/skills/contacts", {"vacancy": vacancy.pk})
    (row,) = theirs.json()["results"]
    assert (row["name"], row["email"], row["passportSummary"]) == ("", "", [])
    other = _client(other_employer_user).get("/api/v1/skills/contacts", {"vacancy": vacancy.pk})
    assert other.status_code == 403
    assert _client(person).get("/api/v1/skills/placements").status_code == 403
    figures = _client(adviser_user).get("/api/v1/skills/placements").json()
    assert figures["contacts"] == 1 and figures["byMunicipality"][0]["label"] == "Leiden"
    bad = _client(employer_user).get("/api/v1/skills/contacts", {"vacancy": "x"})
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "vacancy"


def test_the_same_steps_through_the_api(person, passport, vacancy, employer_user, adviser_user):
    from django.test import Client

    api = "/api/v1/skills/"
    anonymous = Client()
    assert anonymous.post(api + "me/interest", {"vacancy": vacancy.pk}).status_code == 403
    seeker = _client(person)
    created = seeker.post(
        api + "me/interest",
        {"vacancy": vacancy.pk, "shareSummary": True, "message": "Graag!"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["kind"] == "interest" and created.json()["email"] == EMAIL
    again = seeker.post(
        api + "me/interest", {"vacancy": vacancy.pk}, content_type="application/json"
    )
    assert again.status_code == 400 and again.json()["invalidParams"][0]["name"] == "vacancy"
    # the person cannot invite, the employer can; the employer's answer holds no address
    assert (
        seeker.post(
            api + "invitations",
            {"vacancy": vacancy.pk, "passport": passport.pk},
            content_type="application/json",
        ).status_code
        == 403
    )
    employer = _client(employer_user)
    invited = employer.post(
        api + "invitations",
        {"vacancy": vacancy.pk, "passport": passport.pk},
        content_type="application/json",
    )
    assert invited.status_code == 201
    assert invited.json()["email"] == "" and invited.json()["name"] == ""
    contact_id = invited.json()["id"]
    assert (
        employer.post(
            f"{api}me/contacts/{contact_id}/answer",
            {"accept": True, "shareContact": True},
            content_type="application/json",
        ).status_code
        == 403
    )
    answered = seeker.post(
        f"{api}me/contacts/{contact_id}/answer",
        {"accept": True, "shareContact": True},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["contactDetailsShared"] is True
    outcome = employer.post(
        f"{api}contacts/{contact_id}/outcome",
        {"outcome": "not_hired"},
        content_type="application/json",
    )
    assert outcome.status_code == 400 and outcome.json()["invalidParams"][0]["name"] == "reason"
    outcome = employer.post(
        f"{api}contacts/{contact_id}/outcome",
        {"outcome": "not_hired", "reason": "hours"},
        content_type="application/json",
    )
    assert outcome.status_code == 200 and outcome.json()["email"] == EMAIL  # shared now
    assert (
        employer.post(
            api + "proposals",
            {"passport": passport.pk, "vacancy": vacancy.pk},
            content_type="application/json",
        ).status_code
        == 403
    )
    proposed = _client(adviser_user).post(
        api + "proposals",
        {"passport": passport.pk, "vacancy": vacancy.pk},
        content_type="application/json",
    )
    assert proposed.status_code == 201 and proposed.json()["kind"] == "proposal"


def test_the_contacts_list_takes_a_constant_number_of_queries(
    person, passport, vacancy, employer_user, tax
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    employer = _client(employer_user)
    url = "/api/v1/skills/contacts"
    services.interest_express(
        passport=passport, vacancy=vacancy, actor=person, share_summary=True, share_contact=True
    )
    employer.get(url, {"vacancy": vacancy.pk})
    with CaptureQueriesContext(connection) as one:
        employer.get(url, {"vacancy": vacancy.pk})
    for i in range(3):
        person = UserFactory(username=f"kandidaat-{i}", email=f"k{i}@example.org")
        other = make_passport(person, {tax.care: 3, tax.stress: 2})
        services.invitation_send(vacancy=vacancy, passport=other, actor=employer_user)
        services.interest_express(
            passport=other, vacancy=vacancy, actor=person, share_summary=True, share_contact=True
        )
    with CaptureQueriesContext(connection) as seven:
        response = employer.get(url, {"vacancy": vacancy.pk})
    assert response.json()["count"] == 7
    assert len(seven.captured_queries) == len(one.captured_queries)
