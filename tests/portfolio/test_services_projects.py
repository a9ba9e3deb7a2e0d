"""Projects, their phases and their roles (portfolio/services.py)."""

import datetime

import pytest

from economie071.audit.models import AuditEntry
from economie071.audit.selectors import audit_entries_for_project
from economie071.portfolio import permissions, services
from economie071.portfolio.constants import Phase, RoleKind
from economie071.portfolio.exceptions import NotAllowed, PortfolioError
from economie071.portfolio.models import PhaseChange
from tests.factories import (
    LineOfActionFactory,
    OrganisationFactory,
    PersonFactory,
    PillarFactory,
    ProjectFactory,
    RoleFactory,
    ThemeFactory,
    UserFactory,
    days_from_today,
)

pytestmark = pytest.mark.django_db


# --- project_create ------------------------------------------------------------------------


def test_project_create_records_the_first_phase_and_an_audit_entry(programme, office_user):
    pillar = PillarFactory(programme=programme)
    theme = ThemeFactory(programme=programme)

    project = services.project_create(
        programme=programme,
        actor=office_user,
        name="  Startersdag Leidse regio ",
        slug="startersdag",
        phase=Phase.KICK_START,
        pillars=[pillar],
        themes=[theme],
        phase_date=datetime.date(2019, 3, 1),
    )

    assert project.name == "Startersdag Leidse regio"
    assert project.phase == Phase.KICK_START
    assert list(project.pillars.all()) == [pillar]
    assert list(project.themes.all()) == [theme]
    change = project.phase_changes.get()
    assert (change.from_phase, change.to_phase) == ("", Phase.KICK_START)
    assert change.date == datetime.date(2019, 3, 1)
    assert change.actor == office_user
    assert change.reason
    entry = AuditEntry.objects.get(action="portfolio.project.created")
    assert (entry.actor, entry.object_id) == (office_user, str(project.pk))
    assert entry in audit_entries_for_project(project=project)


def test_project_without_phase_has_no_phase_history(programme, office_user):
    project = services.project_create(
        programme=programme, actor=office_user, name="Zzp-event", slug="zzp-event"
    )

    assert project.phase == ""
    assert not project.phase_changes.exists()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"phase": "paused"}, "phase"),
        ({"name": "   "}, "name"),
        ({"slug": "retailvisie"}, "slug"),
    ],
    ids=["unknown phase", "blank name", "slug taken"],
)
def test_project_create_refuses_bad_input_and_writes_nothing(
    programme, office_user, led_project, row_counts, kwargs, code
):
    before = row_counts()

    with pytest.raises(PortfolioError) as excinfo:
        services.project_create(
            programme=programme, actor=office_user, **{"name": "Nieuw", "slug": "nieuw", **kwargs}
        )

    assert excinfo.value.code == code
    assert row_counts() == before


def test_only_the_programme_office_creates_projects(programme, leader_user, row_counts):
    before = row_counts()

    with pytest.raises(NotAllowed):
        services.project_create(programme=programme, actor=leader_user, name="X", slug="x")

    assert row_counts() == before


# --- project_change_phase ------------------------------------------------------------------


def test_change_phase_records_date_reason_actor_and_audit(led_project, office_user):
    change = services.project_change_phase(
        project=led_project,
        actor=office_user,
        phase=Phase.COMPLETED,
        reason="Retailvisie vastgesteld.",
        date=datetime.date(2020, 1, 15),
    )

    led_project.refresh_from_db()
    assert led_project.phase == Phase.COMPLETED
    assert (change.from_phase, change.to_phase) == (Phase.RUNNING, Phase.COMPLETED)
    assert change.date == datetime.date(2020, 1, 15)
    assert change.reason == "Retailvisie vastgesteld."
    assert change.actor == office_user
    entry = AuditEntry.objects.get(action="portfolio.project.phase_changed")
    assert entry.actor == office_user
    assert entry in audit_entries_for_project(project=led_project)
    assert entry.data == {
        "from": Phase.RUNNING,
        "to": Phase.COMPLETED,
        "reason": "Retailvisie vastgesteld.",
        "date": "2020-01-15",
    }
    # The project log reads the phases by name, not by code.
    assert entry.summary == f"{Phase.RUNNING.label} → {Phase.COMPLETED.label}"
    assert "running" not in entry.summary


def test_change_phase_keeps_the_whole_history(led_project, office_user):
    services.project_change_phase(project=led_project, actor=office_user, phase=Phase.STOPPED)
    services.project_change_phase(
        project=led_project, actor=office_user, phase=Phase.RESTART, reason="Nieuwe trekker."
    )

    steps = list(
        led_project.phase_changes.order_by("recorded_at", "id").values_list(
            "from_phase", "to_phase"
        )
    )
    assert steps == [
        ("", Phase.RUNNING),
        (Phase.RUNNING, Phase.STOPPED),
        (Phase.STOPPED, Phase.RESTART),
    ]


@pytest.mark.parametrize("phase", ["paused", "", "Running"])
def test_change_phase_refuses_an_unknown_phase(led_project, office_user, row_counts, phase):
    before = row_counts()

    with pytest.raises(PortfolioError) as excinfo:
        services.project_change_phase(project=led_project, actor=office_user, phase=phase)

    assert excinfo.value.code == "phase"
    assert row_counts() == before
    led_project.refresh_from_db()
    assert led_project.phase == Phase.RUNNING


def test_change_phase_refuses_the_current_phase(led_project, office_user):
    with pytest.raises(PortfolioError):
        services.project_change_phase(project=led_project, actor=office_user, phase=Phase.RUNNING)

    assert led_project.phase_changes.count() == 1


@pytest.mark.parametrize("closed", [Phase.COMPLETED, Phase.STOPPED])
@pytest.mark.parametrize("reason", ["", "   "])
def test_leaving_a_closed_phase_without_reason_is_refused(
    programme, office_user, row_counts, closed, reason
):
    project = ProjectFactory(programme=programme, phase=closed)
    before = row_counts()

    with pytest.raises(PortfolioError) as excinfo:
        services.project_change_phase(
            project=project, actor=office_user, phase=Phase.RESTART, reason=reason
        )

    assert excinfo.value.code == "reason"
    assert row_counts() == before
    project.refresh_from_db()
    assert project.phase == closed


@pytest.mark.parametrize("closed", [Phase.COMPLETED, Phase.STOPPED])
def test_leaving_a_closed_phase_with_a_reason_is_accepted(programme, office_user, closed):
    project = ProjectFactory(programme=programme, phase=closed)

    change = services.project_change_phase(
        project=project, actor=office_user, phase=Phase.RESTART, reason=" Nieuwe financiering. "
    )

    project.refresh_from_db()
    assert project.phase == Phase.RESTART
    assert change.reason == "Nieuwe financiering."


def test_a_project_leader_cannot_change_the_phase(led_project, leader_user, row_counts):
    before = row_counts()

    with pytest.raises(NotAllowed):
        services.project_change_phase(project=led_project, actor=leader_user, phase=Phase.COMPLETED)

    assert row_counts() == before


# --- role_assign / role_end ----------------------------------------------------------------


def test_role_assign_stores_the_role_with_an_audit_entry(led_project, office_user):
    organisation = OrganisationFactory(name="Katwijkse Ondernemers Vereniging (KOV)")
    line = LineOfActionFactory(project=led_project, code="A", name="Winkelgebieden")

    role = services.role_assign(
        project=led_project,
        actor=office_user,
        kind=RoleKind.CONTACT_POINT,
        organisation=organisation,
        line_of_action=line,
        starts_on=datetime.date(2019, 1, 1),
    )

    assert role.holder_name == "Katwijkse Ondernemers Vereniging (KOV)"
    assert role.line_of_action == line
    entry = AuditEntry.objects.get(action="portfolio.role.assigned")
    assert entry.actor == office_user
    assert entry in audit_entries_for_project(project=led_project)
    assert entry.data == {"kind": RoleKind.CONTACT_POINT, "holder": role.holder_name}


def test_roles_of_one_kind_are_numbered_in_order(led_project, office_user):
    first = services.role_assign(
        project=led_project, actor=office_user, kind=RoleKind.BOARD_MEMBER, label="Lid 1"
    )
    second = services.role_assign(
        project=led_project, actor=office_user, kind=RoleKind.BOARD_MEMBER, label="Lid 2"
    )

    assert second.order == first.order + 1


def test_a_label_is_enough_as_holder(led_project, office_user):
    role = services.role_assign(
        project=led_project,
        actor=office_user,
        kind=RoleKind.EXECUTIVE_SPONSOR,
        label="Stuurgroep Economie071",
    )

    assert role.holder_name == "Stuurgroep Economie071"


@pytest.mark.parametrize("label", ["", "   "])
def test_role_assign_needs_a_holder(led_project, office_user, row_counts, label):
    before = row_counts()

    with pytest.raises(PortfolioError) as excinfo:
        services.role_assign(
            project=led_project, actor=office_user, kind=RoleKind.PARTNER, label=label
        )

    assert excinfo.value.code == "holder"
    assert row_counts() == before


def test_role_assign_refuses_an_end_before_the_start(led_project, office_user, row_counts):
    person = PersonFactory()
    before = row_counts()

    with pytest.raises(PortfolioError) as excinfo:
        services.role_assign(
            project=led_project,
            actor=office_user,
            kind=RoleKind.PARTNER,
            person=person,
            starts_on=datetime.date(2019, 7, 1),
            ends_on=datetime.date(2019, 6, 30),
        )

    assert excinfo.value.code == "ends_on"
    assert row_counts() == before


def test_role_assign_refuses_a_line_of_action_of_another_project(
    led_project, other_project, office_user, row_counts
):
    foreign_line = LineOfActionFactory(project=other_project, code="A")
    person = PersonFactory()
    before = row_counts()

    with pytest.raises(PortfolioError) as excinfo:
        services.role_assign(
            project=led_project,
            actor=office_user,
            kind=RoleKind.CONTACT_POINT,
            person=person,
            line_of_action=foreign_line,
        )

    assert excinfo.value.code == "line"
    assert row_counts() == before


def test_role_assign_refuses_an_unknown_kind(led_project, office_user):
    with pytest.raises(PortfolioError) as excinfo:
        services.role_assign(
            project=led_project, actor=office_user, kind="mascot", label="De mascotte"
        )

    assert excinfo.value.code == "kind"


def test_a_project_leader_cannot_assign_roles(led_project, leader_user, row_counts):
    before = row_counts()

    with pytest.raises(NotAllowed):
        services.role_assign(
            project=led_project, actor=leader_user, kind=RoleKind.PARTNER, label="Vriend"
        )

    assert row_counts() == before


def test_role_end_ends_the_role_and_the_leaders_rights(led_project, leader_user, office_user):
    role = led_project.roles.get(kind=RoleKind.PROJECT_LEADER)

    services.role_end(role=role, actor=office_user, ends_on=days_from_today(-1))

    role.refresh_from_db()
    assert role.ends_on == days_from_today(-1)
    assert AuditEntry.objects.filter(action="portfolio.role.ended", actor=office_user).exists()
    fresh_user = UserFactory._meta.model.objects.get(pk=leader_user.pk)
    assert not permissions.is_project_leader(fresh_user, led_project)


def test_role_end_refuses_an_end_before_the_start(led_project, office_user, row_counts):
    role = RoleFactory(
        project=led_project, kind=RoleKind.PARTNER, starts_on=datetime.date(2019, 7, 1)
    )
    before = row_counts()

    with pytest.raises(PortfolioError) as excinfo:
        services.role_end(role=role, actor=office_user, ends_on=datetime.date(2019, 6, 1))

    assert excinfo.value.code == "ends_on"
    assert row_counts() == before
    role.refresh_from_db()
    assert role.ends_on is None


def test_phase_change_history_is_kept_when_the_actor_is_deleted(led_project, office_user):
    services.project_change_phase(project=led_project, actor=office_user, phase=Phase.STOPPED)

    office_user.delete()

    change = PhaseChange.objects.get(to_phase=Phase.STOPPED)
    assert change.actor is None
