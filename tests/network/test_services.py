"""Network services: the rules, refusals that write nothing, e-mail after commit, figures."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Q
from django.utils import translation

from economie071.audit.models import AuditEntry
from economie071.network import selectors, services
from economie071.network.constants import (
    CONTACT_LIMIT,
    ChallengeStatus,
    ExchangeDirection,
    TrajectoryPhase,
    TrajectoryStatus,
)
from economie071.network.exceptions import NetworkError, NotAllowed, TooManyRequests
from economie071.network.models import (
    ContactRequest,
    NetworkProfile,
    Referral,
    Trajectory,
)
from economie071.network.services import ExchangeInput
from tests.factories import UserFactory
from tests.network.conftest import CONTACT_ADDRESS, days_ago


@pytest.fixture(autouse=True)
def english():
    """The services' messages are matched in their English source form."""
    with translation.override("en"):
        yield


def network_counts():
    from django.apps import apps

    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"network", "audit"}
    }


# --- Profiles --------------------------------------------------------------------------------


def test_an_editor_changes_what_is_shown_but_not_the_partnership(profile, editor_user):
    services.profile_update(profile=profile, actor=editor_user, show_description=True)
    profile.refresh_from_db()
    assert profile.show_description
    entry = AuditEntry.objects.filter(action="network.profile.updated").latest("id")
    assert entry.actor == editor_user and entry.data == {"fields": ["show_description"]}
    with pytest.raises(NotAllowed):
        services.profile_update(profile=profile, actor=editor_user, covenant_partner=False)
    profile.refresh_from_db()
    assert profile.covenant_partner


def test_a_plain_user_and_another_organisations_editor_may_not_edit(
    profile, school_profile, plain_user
):
    other_editor = UserFactory()
    services.profile_editor_add(profile=school_profile, user=other_editor, actor=None)
    for user in (plain_user, other_editor):
        with pytest.raises(NotAllowed):
            services.profile_update(profile=profile, actor=user, description="x")


def test_an_unchanged_update_writes_nothing(profile, office_user):
    before = network_counts()
    services.profile_update(profile=profile, actor=office_user, sector=profile.sector)
    assert network_counts() == before


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"sector": "mining"}, "sector"),
        ({"contact_email": "not an address"}, "contact_email"),
        ({"covenant_partner": False}, "covenant_signed_on"),  # a date needs a partner
    ],
)
def test_bad_profile_input_is_refused_by_field(profile, office_user, values, field):
    before = network_counts()
    with pytest.raises(NetworkError) as error:
        services.profile_update(profile=profile, actor=office_user, **values)
    assert error.value.code == field
    assert network_counts() == before
    profile.refresh_from_db()
    assert profile.covenant_partner and profile.contact_email == CONTACT_ADDRESS


def test_exchanges_are_replaced_and_unknown_kinds_refused(profile, office_user):
    services.profile_set_exchanges(
        profile=profile,
        actor=office_user,
        exchanges=[ExchangeInput(ExchangeDirection.SEEKS, "funding", "Subsidie")],
    )
    assert list(profile.exchanges.values_list("direction", "kind", "text")) == [
        ("seeks", "funding", "Subsidie")
    ]
    with pytest.raises(NetworkError, match="Line 2"):
        services.profile_set_exchanges(
            profile=profile,
            actor=office_user,
            exchanges=[
                ExchangeInput(ExchangeDirection.OFFERS, "expertise"),
                ExchangeInput(ExchangeDirection.OFFERS, "gold"),
            ],
        )
    assert profile.exchanges.count() == 1


def test_only_the_office_adds_editors(profile, plain_user, office_user):
    with pytest.raises(NotAllowed):
        services.profile_editor_add(profile=profile, user=plain_user, actor=plain_user)
    services.profile_editor_add(profile=profile, user=plain_user, actor=office_user)
    with pytest.raises(NetworkError, match="already"):
        services.profile_editor_add(profile=profile, user=plain_user, actor=office_user)


def test_a_profile_only_once_per_organisation(profile, office_user):
    with pytest.raises(NetworkError) as error:
        services.profile_create(organisation=profile.organisation, actor=office_user)
    assert error.value.code == "organisation"
    assert NetworkProfile.objects.count() == 1


# --- Contact requests ------------------------------------------------------------------------


def test_a_contact_request_is_mailed_to_the_organisation_after_commit(
    profile, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.contact_request_send(
            profile=profile, name="Bea Bezoeker", email="Bea@Example.org", message="Een vraag."
        )
        assert mailoutbox == []  # not before the commit
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [CONTACT_ADDRESS]
    assert mail.reply_to == ["bea@example.org"]
    assert "Bea Bezoeker" in mail.subject and "Een vraag." in mail.body
    request.refresh_from_db()
    assert request.forwarded_at is not None
    assert AuditEntry.objects.filter(action="network.contact_request.sent").count() == 1


def test_a_contact_request_whose_mail_fails_is_kept_and_forwarded_later(
    profile, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "tests.core.test_mail.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        request = services.contact_request_send(
            profile=profile, name="Bea Bezoeker", email="bea@example.org", message="Een vraag."
        )  # the visitor's message is stored; the mail server being down is not their error
    request.refresh_from_db()
    assert request.forwarded_at is None and mailoutbox == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_mail_outbox", verbosity=0)
    assert [m.reply_to for m in mailoutbox] == [["bea@example.org"]]
    request.refresh_from_db()
    assert request.forwarded_at is not None


def test_contact_requests_are_throttled_per_address(profile, django_capture_on_commit_callbacks):
    for _ in range(CONTACT_LIMIT):
        services.contact_request_send(profile=profile, name="A", email="a@example.org", message="m")
    with pytest.raises(TooManyRequests, match="try again later") as error:
        services.contact_request_send(profile=profile, name="A", email="A@example.org", message="m")
    assert error.value.code == "email"
    assert ContactRequest.objects.count() == CONTACT_LIMIT
    # Someone else can still write; and older messages no longer count.
    services.contact_request_send(profile=profile, name="B", email="b@example.org", message="m")
    ContactRequest.objects.filter(email="a@example.org").update(
        created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    services.contact_request_send(profile=profile, name="A", email="a@example.org", message="m")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": " ", "email": "a@example.org", "message": "m"}, "name"),
        ({"name": "A\nBcc: x@example.org", "email": "a@example.org", "message": "m"}, "name"),
        ({"name": "A", "email": "geen-adres", "message": "m"}, "email"),
        ({"name": "A", "email": "a@example.org", "message": ""}, "message"),
        ({"name": "A", "email": "a@example.org", "message": "x" * 3001}, "message"),
    ],
)
def test_bad_contact_requests_are_refused(profile, values, field, mailoutbox):
    with pytest.raises(NetworkError) as error:
        services.contact_request_send(profile=profile, **values)
    assert error.value.code == field
    assert not ContactRequest.objects.exists() and mailoutbox == []


def test_no_contact_without_address_or_consent(profile, office_user):
    services.profile_update(profile=profile, actor=office_user, accepts_contact=False)
    with pytest.raises(NetworkError):
        services.contact_request_send(profile=profile, name="A", email="a@example.org", message="m")


# --- Challenges ------------------------------------------------------------------------------


def test_the_school_year_is_computed_from_the_start(programme, water_board):
    def post(**kwargs):
        return services.challenge_post(
            programme=programme, organisation=water_board, actor=None, title="T", **kwargs
        )

    assert post(starts_on=datetime.date(2019, 9, 2)).school_year == "2019-2020"
    assert post(starts_on=datetime.date(2019, 7, 31)).school_year == "2018-2019"
    assert post(starts_on=datetime.date(2019, 8, 1), starts_on_precision="month").school_year == (
        "2019-2020"
    )
    # Known only to the year, or not at all: the school year must be given.
    assert (
        post(
            starts_on=datetime.date(2019, 1, 1), starts_on_precision="year", school_year="2018/19"
        ).school_year
        == "2018-2019"
    )
    assert post(school_year="2019-2020").school_year == "2019-2020"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "school_year"),
        ({"starts_on": datetime.date(2019, 9, 2), "school_year": "2018-2019"}, "school_year"),
        ({"school_year": "2019-2021"}, "school_year"),
        (
            {
                "starts_on": datetime.date(2019, 1, 1),
                "starts_on_precision": "year",
                "school_year": "2020-2021",
            },
            "school_year",
        ),
        ({"school_year": "2019-2020", "financial_contribution": "-5"}, "financial_contribution"),
        (
            {"school_year": "2019-2020", "financial_contribution": "12.345"},
            "financial_contribution",
        ),
        ({"school_year": "2019-2020", "financial_contribution": "veel"}, "financial_contribution"),
        ({"starts_on": datetime.date(2019, 9, 2), "ends_on": datetime.date(2019, 9, 1)}, "ends_on"),
        ({"school_year": "2019-2020", "title": " "}, "title"),
    ],
)
def test_bad_challenges_are_refused(programme, water_board, kwargs, field):
    kwargs = {"title": "T", **kwargs}
    before = network_counts()
    with pytest.raises(NetworkError) as error:
        services.challenge_post(programme=programme, organisation=water_board, actor=None, **kwargs)
    assert error.value.code == field
    assert network_counts() == before


def test_an_editor_posts_for_their_own_organisation_unpublished(
    programme, profile, editor_user, school
):
    challenge = services.challenge_post(
        programme=programme,
        organisation=profile.organisation,
        actor=editor_user,
        title="Onze vraag",
        school_year="2020-2021",
        financial_contribution="2500.50",
    )
    assert not challenge.is_published
    assert challenge.financial_contribution == Decimal("2500.50")
    with pytest.raises(NotAllowed):
        services.challenge_post(
            programme=programme,
            organisation=school,
            actor=editor_user,
            title="X",
            school_year="2020-2021",
        )
    with pytest.raises(NotAllowed):
        services.challenge_match_team(challenge=challenge, actor=editor_user, school=school)


def test_the_challenge_life_cycle(challenge, school, office_user):
    with pytest.raises(NetworkError, match="matching a student team"):
        services.challenge_status_change(challenge=challenge, actor=office_user, status="matched")
    with pytest.raises(NetworkError, match="cannot become running"):
        services.challenge_status_change(challenge=challenge, actor=office_user, status="running")
    services.challenge_match_team(
        challenge=challenge,
        actor=office_user,
        school=school,
        study_programme="MLO",
        student_count=2,
        location="Tijdelijke locatie",
    )
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.MATCHED
    assert challenge.team.school == school and challenge.team.student_count == 2
    assert challenge.location == "Tijdelijke locatie"
    services.challenge_status_change(challenge=challenge, actor=office_user, status="running")
    with pytest.raises(NetworkError, match="can no longer get another team"):
        services.challenge_match_team(challenge=challenge, actor=office_user, school=school)
    services.challenge_status_change(challenge=challenge, actor=office_user, status="completed")
    with pytest.raises(NetworkError, match="cannot become cancelled"):
        services.challenge_status_change(challenge=challenge, actor=office_user, status="cancelled")
    with pytest.raises(NetworkError, match="already"):
        services.challenge_status_change(challenge=challenge, actor=office_user, status="completed")
    actions = list(
        AuditEntry.objects.filter(object_type="network.challenge")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "network.challenge.posted",
        "network.challenge.matched",
        "network.challenge.running",
        "network.challenge.completed",
    ]


def test_a_proposed_challenge_can_be_cancelled_but_not_revived(challenge):
    services.challenge_status_change(challenge=challenge, actor=None, status="cancelled")
    with pytest.raises(NetworkError):
        services.challenge_status_change(challenge=challenge, actor=None, status="proposed")


def test_a_team_needs_a_school_on_the_education_side(challenge, company):
    with pytest.raises(NetworkError) as error:
        services.challenge_match_team(challenge=challenge, actor=None, school=company)
    assert error.value.code == "school"
    with pytest.raises(NetworkError):
        services.challenge_match_team(challenge=challenge, actor=None)
    challenge.refresh_from_db()
    assert challenge.team is None and challenge.status == ChallengeStatus.PROPOSED


def test_results_are_links_or_titles(challenge):
    services.result_add(challenge=challenge, actor=None, kind="film", title="Film")
    services.result_add(
        challenge=challenge,
        actor=None,
        kind="article",
        title="Krant",
        url="https://krant.example/a",
    )
    with pytest.raises(NetworkError) as error:
        services.result_add(
            challenge=challenge, actor=None, kind="article", title="X", url="javascript:alert(1)"
        )
    assert error.value.code == "url"
    with pytest.raises(NetworkError):
        services.result_add(challenge=challenge, actor=None, kind="poster", title="X")
    assert [r.title for r in challenge.results.all()] == ["Film", "Krant"]


def test_challenge_update_recomputes_the_school_year(challenge, office_user):
    services.challenge_update(
        challenge=challenge, actor=office_user, starts_on=datetime.date(2020, 9, 1)
    )
    challenge.refresh_from_db()
    assert challenge.school_year == "2020-2021"


# --- Trajectories ----------------------------------------------------------------------------


def test_phases_go_forward_or_are_documented(trajectory):
    services.trajectory_phase_change(
        trajectory=trajectory,
        actor=None,
        to_phase=TrajectoryPhase.LEARNING_EXPERIMENTING,
        changed_on=days_ago(50),
    )
    with pytest.raises(NetworkError) as error:
        services.trajectory_phase_change(
            trajectory=trajectory,
            actor=None,
            to_phase=TrajectoryPhase.AWARENESS,
            changed_on=days_ago(40),
        )
    assert error.value.code == "note"
    with pytest.raises(NetworkError) as error:  # skipping a phase needs a reason too
        services.trajectory_phase_change(
            trajectory=trajectory,
            actor=None,
            to_phase=TrajectoryPhase.MONETISING,
            changed_on=days_ago(40),
        )
    assert error.value.code == "note"
    with pytest.raises(NetworkError) as error:
        services.trajectory_phase_change(
            trajectory=trajectory,
            actor=None,
            to_phase=TrajectoryPhase.IMPLEMENTING,
            changed_on=days_ago(60),
        )
    assert error.value.code == "changed_on"
    services.trajectory_phase_change(
        trajectory=trajectory,
        actor=None,
        to_phase=TrajectoryPhase.AWARENESS,
        changed_on=days_ago(40),
        note="Eerst meer bewustwording nodig",
    )
    history = list(trajectory.phase_changes.values_list("from_phase", "to_phase"))
    assert history == [
        ("", "awareness"),
        ("awareness", "learning_experimenting"),
        ("learning_experimenting", "awareness"),
    ]
    assert trajectory.phase == "awareness"


def test_closing_and_follow_up(trajectory):
    with pytest.raises(NetworkError):
        services.trajectory_set_follow_up(trajectory=trajectory, actor=None, follow_up=True)
    with pytest.raises(NetworkError):
        services.trajectory_close(trajectory=trajectory, actor=None, status="running")
    services.trajectory_close(
        trajectory=trajectory,
        actor=None,
        status="completed",
        ended_on=days_ago(1),
        outcome="Prototype werkt",
    )
    trajectory.refresh_from_db()
    assert trajectory.follow_up is None and trajectory.outcome == "Prototype werkt"
    services.trajectory_set_follow_up(trajectory=trajectory, actor=None, follow_up=True)
    with pytest.raises(NetworkError):
        services.trajectory_phase_change(
            trajectory=trajectory, actor=None, to_phase="implementing", changed_on=days_ago(0)
        )
    with pytest.raises(NetworkError, match="already ended"):
        services.trajectory_close(trajectory=trajectory, actor=None, status="stopped")


def test_a_trajectory_needs_a_company_unless_a_documented_placeholder(programme):
    with pytest.raises(NetworkError) as error:
        services.trajectory_create(programme=programme, actor=None, title="T")
    assert error.value.code == "company"
    with pytest.raises(NetworkError) as error:
        services.trajectory_create(programme=programme, actor=None, title="T", is_placeholder=True)
    assert error.value.code == "placeholder_note"
    assert not Trajectory.objects.exists()


def _make(programme, company, status, follow_up=None, published=True, placeholder=False):
    trajectory = services.trajectory_create(
        programme=programme,
        actor=None,
        title="T",
        company=None if placeholder else company,
        is_placeholder=placeholder,
        placeholder_note="uit totalen" if placeholder else "",
    )
    if status != TrajectoryStatus.RUNNING:
        services.trajectory_close(
            trajectory=trajectory, actor=None, status=status, follow_up=follow_up
        )
    if not published:
        Trajectory.objects.filter(pk=trajectory.pk).update(is_published=False)
    return trajectory


def test_the_figures_are_counted_from_the_records(programme, company):
    assert selectors.trajectory_figures(programme=programme).follow_up_share is None
    for follow_up in (True, True, False, None):
        _make(programme, company, TrajectoryStatus.COMPLETED, follow_up)
    _make(programme, company, TrajectoryStatus.COMPLETED, True, placeholder=True)
    _make(programme, company, TrajectoryStatus.COMPLETED, True, published=False)  # not counted
    _make(programme, company, TrajectoryStatus.STOPPED, True)  # not completed: no share
    for _ in range(3):
        _make(programme, company, TrajectoryStatus.RUNNING)
    figures = selectors.trajectory_figures(programme=programme)
    assert (figures.completed, figures.running, figures.stopped) == (5, 3, 1)
    assert figures.completed_with_follow_up == 3
    assert figures.completed_without_follow_up == 1
    assert figures.completed_follow_up_unknown == 1
    assert figures.placeholders == 1
    assert figures.follow_up_share == Decimal("0.60")
    assert figures.follow_up_percentage == 60


def test_the_database_refuses_a_follow_up_on_a_running_trajectory(trajectory):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Trajectory.objects.filter(pk=trajectory.pk).update(follow_up=True)


# --- Experts and referrals -------------------------------------------------------------------


def test_referrals(expert, trajectory, company, other_leader_user, plain_user):
    with pytest.raises(NotAllowed):
        services.referral_record(
            expert=expert, actor=plain_user, trajectory=trajectory, referred_on=days_ago(1)
        )
    with pytest.raises(NetworkError) as error:
        services.referral_record(expert=expert, actor=None, referred_on=days_ago(1))
    assert error.value.code == "trajectory"
    with pytest.raises(NetworkError) as error:
        services.referral_record(
            expert=expert,
            actor=None,
            company=company,
            referred_on=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert error.value.code == "referred_on"
    # Smart071's project leader records referrals.
    referral = services.referral_record(
        expert=expert,
        actor=other_leader_user,
        trajectory=trajectory,
        referred_on=days_ago(1),
        note="Voor de datakoppeling",
    )
    assert referral.company == company
    assert Referral.objects.filter(Q(trajectory=trajectory)).count() == 1
    assert list(selectors.referral_list(programme=trajectory.programme)) == [referral]


def test_expert_upsert_is_idempotent(programme, expert):
    before = network_counts()
    services.expert_entry_upsert(
        programme=programme,
        organisation=expert.organisation,
        actor=None,
        description="Data science",
        tags=[("ict", "ICT"), ("data", "Data")],
    )
    assert network_counts() == before
