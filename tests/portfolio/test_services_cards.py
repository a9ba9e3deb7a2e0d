"""The card workflow: editing, submitting, reviewing, publishing, correcting
(portfolio/services.py)."""

import datetime
from decimal import Decimal

import pytest

from economie071.audit.models import AuditEntry
from economie071.audit.selectors import audit_entries_for_project
from economie071.portfolio import selectors, services
from economie071.portfolio.constants import CardStatus, StatusLight
from economie071.portfolio.exceptions import (
    CardStateError,
    NotAllowed,
    PortfolioError,
    StaleCardError,
)
from economie071.portfolio.models import ProjectCard
from tests.factories import ProjectCardFactory, UserFactory

pytestmark = pytest.mark.django_db


def content_of(card, **changes) -> services.CardContent:
    """The card's current content with some sections (or other fields) changed."""
    content = services.CardContent.from_card(card)
    for key, value in changes.items():
        if hasattr(content, key) and key != "sections":
            setattr(content, key, value)
        else:
            content.sections[key] = value
    return content


def edit(card, actor, **changes) -> ProjectCard:
    card = ProjectCard.objects.get(pk=card.pk)
    return services.card_update(
        card=card, actor=actor, content=content_of(card, **changes), expected_version=card.version
    )


def reload(card) -> ProjectCard:
    return ProjectCard.objects.get(pk=card.pk)


def audit_actions(card) -> list[tuple[str, object]]:
    return list(
        AuditEntry.objects.filter(object_type="portfolio.projectcard", object_id=str(card.pk))
        .order_by("id")
        .values_list("action", "actor")
    )


# --- The round from draft to published -----------------------------------------------------


def test_the_round_from_draft_to_published(card, leader_user, office_user):
    edit(card, leader_user, last_half_year="Retailmonitor opgeleverd.")
    services.card_submit(card=card, actor=leader_user)
    assert reload(card).status == CardStatus.SUBMITTED
    assert reload(card).submitted_at is not None

    services.card_approve(card=card, actor=office_user)
    assert reload(card).status == CardStatus.APPROVED
    assert reload(card).approved_at is not None

    services.card_publish(card=card, actor=office_user)
    card = reload(card)
    assert card.status == CardStatus.PUBLISHED
    assert card.published_at is not None
    published = selectors.latest_published_revision(project=card.project)
    assert published.snapshot["last_half_year"] == "Retailmonitor opgeleverd."


def test_every_step_writes_an_audit_entry_with_its_actor(card, leader_user, office_user):
    pk = leader_user.pk, office_user.pk
    edit(card, leader_user, last_half_year="Eerste versie.")
    services.card_submit(card=card, actor=leader_user)
    services.card_return(card=card, actor=office_user, comment="Vul de risico's aan.")
    edit(card, leader_user, risks="Te weinig capaciteit.")
    services.card_submit(card=card, actor=leader_user)
    services.card_approve(card=card, actor=office_user)
    services.card_publish(card=card, actor=office_user)
    services.card_start_correction(card=card, actor=office_user, reason="Typfout.")

    leader, office = pk
    assert audit_actions(card)[1:] == [  # [0] is portfolio.card.created by period_open
        ("portfolio.card.updated", leader),
        ("portfolio.card.submitted", leader),
        ("portfolio.card.returned", office),
        ("portfolio.card.updated", leader),
        ("portfolio.card.submitted", leader),
        ("portfolio.card.approved", office),
        ("portfolio.card.published", office),
        ("portfolio.card.correction_started", office),
    ]
    returned = AuditEntry.objects.get(action="portfolio.card.returned")
    assert returned in audit_entries_for_project(project=card.project)
    assert returned.data == {"return_comment": "Vul de risico's aan."}


def test_the_programme_office_can_submit_for_a_project(card, office_user):
    services.card_submit(card=card, actor=office_user)

    assert reload(card).status == CardStatus.SUBMITTED


# --- Returning -----------------------------------------------------------------------------


@pytest.mark.parametrize("comment", ["", "  \n "])
def test_returning_a_card_needs_a_comment(card, leader_user, office_user, row_counts, comment):
    services.card_submit(card=card, actor=leader_user)
    before = row_counts()

    with pytest.raises(PortfolioError) as excinfo:
        services.card_return(card=card, actor=office_user, comment=comment)

    assert excinfo.value.code == "comment"
    assert reload(card).status == CardStatus.SUBMITTED
    assert row_counts() == before


def test_a_returned_card_carries_the_comment_and_can_be_edited_again(
    card, leader_user, office_user
):
    services.card_submit(card=card, actor=leader_user)

    services.card_return(card=card, actor=office_user, comment="  Vul de risico's aan. ")

    card = reload(card)
    assert card.status == CardStatus.RETURNED
    assert card.return_comment == "Vul de risico's aan."
    edit(card, leader_user, risks="Te weinig capaciteit.")
    services.card_submit(card=card, actor=leader_user)
    assert reload(card).status == CardStatus.SUBMITTED


def test_approving_clears_the_return_comment(card, leader_user, office_user):
    services.card_submit(card=card, actor=leader_user)
    services.card_return(card=card, actor=office_user, comment="Aanvullen.")
    services.card_submit(card=card, actor=leader_user)

    services.card_approve(card=card, actor=office_user)

    assert reload(card).return_comment == ""


# --- What a project leader may not do ------------------------------------------------------


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_a_leader_cannot_edit_a_card_under_review(
    led_project, period, leader_user, row_counts, status
):
    card = ProjectCardFactory(project=led_project, period=period, **{status: True})
    before = row_counts()

    with pytest.raises(PortfolioError):
        edit(card, leader_user, last_half_year="Nog snel iets aanpassen.")

    assert row_counts() == before
    assert reload(card).last_half_year == ""


def test_the_programme_office_can_edit_a_submitted_card(card, leader_user, office_user):
    services.card_submit(card=card, actor=leader_user)

    edit(card, office_user, last_half_year="Taalfout hersteld.")

    assert reload(card).last_half_year == "Taalfout hersteld."
    assert reload(card).status == CardStatus.SUBMITTED


@pytest.mark.parametrize(
    "step",
    [
        lambda card, user: services.card_approve(card=card, actor=user),
        lambda card, user: services.card_publish(card=card, actor=user),
        lambda card, user: services.card_return(card=card, actor=user, comment="Zelf terug."),
        lambda card, user: services.card_start_correction(card=card, actor=user, reason="Ik."),
    ],
    ids=["approve", "publish", "return", "start correction"],
)
def test_a_leader_cannot_review_their_own_card(led_project, period, leader_user, row_counts, step):
    card = ProjectCardFactory(project=led_project, period=period, submitted=True)
    before = row_counts()

    with pytest.raises(NotAllowed):
        step(card, leader_user)

    assert row_counts() == before
    assert reload(card).status == CardStatus.SUBMITTED


def test_a_leader_cannot_edit_or_submit_another_projects_card(card, other_leader_user):
    with pytest.raises(NotAllowed):
        edit(card, other_leader_user, last_half_year="Niet mijn project.")
    with pytest.raises(NotAllowed):
        services.card_submit(card=card, actor=other_leader_user)

    assert reload(card).status == CardStatus.DRAFT


def test_a_former_leader_cannot_edit_the_card(card, former_leader_user):
    with pytest.raises(NotAllowed):
        edit(card, former_leader_user, last_half_year="Ik ben al weg.")


# --- Steps in the wrong state --------------------------------------------------------------


@pytest.mark.parametrize(
    ("trait", "step"),
    [
        ("draft", lambda card: services.card_approve(card=card, actor=None)),
        ("draft", lambda card: services.card_publish(card=card, actor=None)),
        ("draft", lambda card: services.card_return(card=card, actor=None, comment="x")),
        ("submitted", lambda card: services.card_publish(card=card, actor=None)),
        ("submitted", lambda card: services.card_submit(card=card, actor=None)),
        ("approved", lambda card: services.card_approve(card=card, actor=None)),
        ("published", lambda card: services.card_submit(card=card, actor=None)),
        ("published", lambda card: services.card_return(card=card, actor=None, comment="x")),
        (
            "submitted",
            lambda card: services.card_start_correction(card=card, actor=None, reason="x"),
        ),
    ],
    ids=[
        "approve draft",
        "publish draft",
        "return draft",
        "publish submitted",
        "submit twice",
        "approve twice",
        "submit published",
        "return published",
        "correct unpublished",
    ],
)
def test_a_step_in_the_wrong_state_is_refused(led_project, period, row_counts, trait, step):
    card = ProjectCardFactory(project=led_project, period=period, workflow=trait)
    status = reload(card).status
    before = row_counts()

    with pytest.raises(CardStateError):
        step(card)

    assert reload(card).status == status
    assert row_counts() == before


# --- Published cards and corrections -------------------------------------------------------


def test_a_published_card_cannot_be_edited(led_project, period, office_user, row_counts):
    card = ProjectCardFactory(
        project=led_project, period=period, last_half_year="Gepubliceerd.", published=True
    )
    before = row_counts()

    with pytest.raises(PortfolioError):
        edit(card, office_user, last_half_year="Stiekem anders.")
    with pytest.raises(CardStateError):
        edit(card, None, last_half_year="Ook het platform niet.")

    assert reload(card).last_half_year == "Gepubliceerd."
    assert row_counts() == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_correction_needs_a_reason(led_project, period, office_user, reason):
    card = ProjectCardFactory(project=led_project, period=period, published=True)

    with pytest.raises(PortfolioError) as excinfo:
        services.card_start_correction(card=card, actor=office_user, reason=reason)

    assert excinfo.value.code == "reason"
    assert reload(card).status == CardStatus.PUBLISHED


def test_readers_see_the_old_revision_until_the_correction_is_published(
    led_project, period, leader_user, office_user
):
    card = ProjectCardFactory(
        project=led_project, period=period, last_half_year="12 winkelgebieden.", published=True
    )

    services.card_start_correction(card=card, actor=office_user, reason="Aantal klopt niet.")
    card = reload(card)
    assert card.status == CardStatus.DRAFT
    assert card.return_comment == "Aantal klopt niet."
    edit(card, leader_user, last_half_year="13 winkelgebieden.")
    services.card_submit(card=card, actor=leader_user)
    services.card_approve(card=card, actor=office_user)

    assert selectors.latest_published_revision(project=led_project).snapshot["last_half_year"] == (
        "12 winkelgebieden."
    )

    services.card_publish(card=card, actor=office_user)

    assert selectors.latest_published_revision(project=led_project).snapshot["last_half_year"] == (
        "13 winkelgebieden."
    )
    assert card.revisions.filter(published=True).count() == 2


# --- Optimistic locking --------------------------------------------------------------------


def test_a_second_edit_from_the_same_version_is_refused(card, leader_user, office_user):
    first_tab = ProjectCard.objects.get(pk=card.pk)
    second_tab = ProjectCard.objects.get(pk=card.pk)
    version = first_tab.version

    services.card_update(
        card=first_tab,
        actor=leader_user,
        content=content_of(first_tab, last_half_year="Versie van de projectleider."),
        expected_version=version,
    )
    with pytest.raises(StaleCardError):
        services.card_update(
            card=second_tab,
            actor=office_user,
            content=content_of(second_tab, last_half_year="Versie van het programmabureau."),
            expected_version=version,
        )

    stored = reload(card)
    assert stored.last_half_year == "Versie van de projectleider."
    assert stored.version == version + 1
    assert stored.updated_by == leader_user


def test_a_stale_edit_writes_nothing(card, leader_user, row_counts):
    edit(card, leader_user, last_half_year="Eerste.")
    stale_version = reload(card).version - 1
    before = row_counts()

    with pytest.raises(StaleCardError):
        services.card_update(
            card=reload(card),
            actor=leader_user,
            content=content_of(card, last_half_year="Tweede."),
            expected_version=stale_version,
        )

    assert row_counts() == before


def test_a_workflow_step_makes_an_open_edit_stale(card, leader_user, office_user):
    version = reload(card).version
    services.card_submit(card=card, actor=office_user)
    services.card_return(card=card, actor=office_user, comment="Terug.")

    with pytest.raises(StaleCardError):
        services.card_update(
            card=reload(card),
            actor=leader_user,
            content=content_of(card, last_half_year="Oude bewerking."),
            expected_version=version,
        )


# --- Validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"sections": {"summary": "Onbekende sectie."}}, "sections"),
        ({"milestones": [{"title": "Start", "date": None}]}, "milestones"),
        ({"milestones": [{"title": "Start", "date": "2019-07-01"}]}, "milestones"),
        ({"milestones": [{"title": " ", "date": datetime.date(2019, 7, 1)}]}, "milestones"),
        ({"results": [{"label": "bezoekers", "value": "veel", "unit": "personen"}]}, "results"),
        ({"results": [{"label": "bezoekers", "value": "NaN", "unit": "personen"}]}, "results"),
        ({"results": [{"label": "bezoekers", "value": "Infinity", "unit": "personen"}]}, "results"),
        ({"results": [{"label": "bezoekers", "value": 5, "unit": ""}]}, "results"),
        ({"results": [{"label": "omzet", "value": "1E+14", "unit": "euro"}]}, "results"),
        ({"risk_items": [{"description": "Uitval", "likelihood": "enorm"}]}, "risk_items"),
        ({"risk_items": [{"description": "Uitval", "impact": "groot"}]}, "risk_items"),
        ({"risk_items": [{"description": ""}]}, "risk_items"),
        ({"status_light": "purple"}, "status_light"),
        ({"extra_sections": [{"heading": " ", "body": ""}]}, "extra_sections"),
    ],
    ids=[
        "unknown section",
        "milestone without date",
        "milestone date as text",
        "milestone without title",
        "key figure not a number",
        "key figure NaN",
        "key figure infinite",
        "key figure without unit",
        "key figure too large",
        "unknown likelihood",
        "unknown impact",
        "risk without description",
        "unknown status light",
        "empty other section",
    ],
)
def test_invalid_content_is_refused_and_writes_nothing(
    card, leader_user, row_counts, changes, code
):
    content = content_of(card, last_half_year="Deze tekst mag niet landen.")
    for key, value in changes.items():
        if key == "sections":
            content.sections.update(value)
        else:
            setattr(content, key, value)
    version = reload(card).version
    before = row_counts()

    with pytest.raises(PortfolioError) as excinfo:
        services.card_update(
            card=card, actor=leader_user, content=content, expected_version=version
        )

    assert excinfo.value.code == code
    assert row_counts() == before
    stored = reload(card)
    assert stored.version == version
    assert stored.last_half_year == ""


def test_the_error_for_a_bad_key_figure_names_the_value(card, leader_user):
    content = content_of(card, results=[{"label": "x", "value": "veel", "unit": "stuks"}])

    with pytest.raises(PortfolioError) as excinfo:
        services.card_update(
            card=card, actor=leader_user, content=content, expected_version=card.version
        )

    assert "veel" in excinfo.value.message


def test_valid_content_is_stored_with_its_parts(card, leader_user):
    edit(
        card,
        leader_user,
        last_half_year="  Retailmonitor opgeleverd.  ",
        status_light=StatusLight.ON_TRACK,
        milestones=[
            {"date": datetime.date(2019, 9, 1), "date_precision": "month", "title": "Monitor"}
        ],
        results=[{"label": "winkelgebieden", "value": "12.50", "unit": "gebieden"}],
        risk_items=[{"description": "Capaciteit", "likelihood": "high", "impact": "low"}],
    )

    stored = reload(card)
    assert stored.last_half_year == "Retailmonitor opgeleverd."
    assert stored.status_light == StatusLight.ON_TRACK
    assert stored.updated_by == leader_user
    assert list(stored.milestones.values_list("date_precision", "title")) == [("month", "Monitor")]
    assert list(stored.results.values_list("value", flat=True)) == [Decimal("12.50")]
    assert list(stored.risk_items.values_list("likelihood", "impact")) == [("high", "low")]


def test_an_other_section_may_go_without_a_heading(card, leader_user):
    edit(card, leader_user, extra_sections=[{"heading": None, "body": " Inleiding. "}])

    assert reload(card).extra_sections == [{"heading": "", "body": "Inleiding."}]


def test_saving_replaces_the_lists_rather_than_adding_to_them(card, leader_user):
    milestone = {"date": datetime.date(2019, 9, 1), "title": "Monitor"}
    edit(card, leader_user, milestones=[milestone, {**milestone, "title": "Tweede"}])

    edit(card, leader_user, milestones=[milestone])

    assert list(reload(card).milestones.values_list("title", flat=True)) == ["Monitor"]


# --- Revisions -----------------------------------------------------------------------------


def test_a_content_change_adds_an_unpublished_revision(card, leader_user):
    count = card.revisions.count()

    edit(card, leader_user, next_steps="Actielijn B starten.")

    assert card.revisions.count() == count + 1
    latest = card.revisions.order_by("-number").first()
    assert latest.snapshot["next_steps"] == "Actielijn B starten."
    assert latest.published is False
    assert latest.created_by == leader_user


def test_a_save_without_changes_adds_no_revision(card, leader_user):
    edit(card, leader_user, next_steps="Actielijn B starten.")
    count = card.revisions.count()

    edit(card, leader_user)  # the same content again
    edit(card, leader_user, next_steps="  Actielijn B starten.  ")  # only whitespace differs

    assert card.revisions.count() == count


def test_publishing_adds_a_published_revision(card, leader_user, office_user):
    edit(card, leader_user, next_steps="Actielijn B starten.")
    services.card_submit(card=card, actor=leader_user)
    services.card_approve(card=card, actor=office_user)
    unpublished = card.revisions.count()

    services.card_publish(card=card, actor=office_user)

    revision = card.revisions.order_by("-number").first()
    assert card.revisions.count() == unpublished + 1
    assert revision.published is True
    assert revision.status == CardStatus.PUBLISHED
    assert revision.created_by == office_user
    assert list(card.revisions.filter(published=True)) == [revision]


def test_revision_numbers_count_up(card, leader_user):
    edit(card, leader_user, next_steps="Een.")
    edit(card, leader_user, next_steps="Twee.")

    numbers = list(card.revisions.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))


# --- E-mail after commit -------------------------------------------------------------------


def test_submitting_mails_the_programme_office_after_commit(
    card, leader_user, office_user, steering_user, mailoutbox, django_capture_on_commit_callbacks
):
    inactive = UserFactory(programme_office=True, is_active=False)
    superuser = UserFactory(is_superuser=True)

    with django_capture_on_commit_callbacks() as callbacks:
        services.card_submit(card=card, actor=leader_user)
        assert mailoutbox == []  # nothing before the transaction commits

    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == sorted([office_user.email, superuser.email])
    assert inactive.email not in mailoutbox[0].to
    assert "Regionale Retailvisie" in mailoutbox[0].subject


def test_returning_mails_the_current_project_leaders(
    card,
    leader_user,
    former_leader_user,
    office_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    services.card_submit(card=card, actor=leader_user)

    with django_capture_on_commit_callbacks(execute=True):
        services.card_return(card=card, actor=office_user, comment="Vul de risico's aan.")

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [leader_user.email]
    assert "Vul de risico's aan." in mailoutbox[0].body
    assert f"/kaarten/{card.pk}/" in mailoutbox[0].body  # the card, one click away


def test_no_mail_when_the_transaction_is_rolled_back(
    card, leader_user, office_user, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    class Abort(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Abort),
        transaction.atomic(),
    ):
        services.card_submit(card=card, actor=leader_user)
        raise Abort

    assert mailoutbox == []
    assert reload(card).status == CardStatus.DRAFT


def test_approving_and_publishing_tell_the_project_leaders(
    led_project, period, leader_user, office_user, mailoutbox, django_capture_on_commit_callbacks
):
    card = ProjectCardFactory(project=led_project, period=period, submitted=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.card_approve(card=card, actor=office_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.card_publish(card=card, actor=office_user)

    assert [m.to for m in mailoutbox] == [[leader_user.email], [leader_user.email]]
    approved, published = mailoutbox
    assert str(led_project) in approved.subject and str(led_project) in published.subject
    assert approved.subject != published.subject
    assert all(f"/kaarten/{card.pk}/" in m.body for m in mailoutbox)


def test_the_platforms_own_steps_mail_nobody(
    card, office_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.card_submit(card=card, actor=None)
        services.card_return(card=card, actor=None, comment="Aanvullen.")

    assert mailoutbox == []


# --- Dating a historical publication -------------------------------------------------------


def test_an_import_may_date_the_publication(led_project, period):
    printed = datetime.datetime(2019, 11, 26, 12, 0, tzinfo=datetime.UTC)
    card = ProjectCardFactory(project=led_project, period=period, approved=True)

    services.card_publish(card=card, actor=None, published_at=printed)

    assert reload(card).published_at == printed
    assert reload(card).status == CardStatus.PUBLISHED


def test_a_user_may_not_date_the_publication(led_project, period, office_user, row_counts):
    card = ProjectCardFactory(project=led_project, period=period, approved=True)
    before = row_counts()

    with pytest.raises(NotAllowed):
        services.card_publish(
            card=card,
            actor=office_user,
            published_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC),
        )

    assert reload(card).status == CardStatus.APPROVED
    assert row_counts() == before
