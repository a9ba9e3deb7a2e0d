"""The programme office's forms for projects, roles and budgets."""

from decimal import Decimal

import pytest
from django.urls import reverse

from economie071.audit.models import AuditEntry
from economie071.audit.selectors import audit_entries_for_project
from economie071.portfolio.constants import Phase, RoleKind
from economie071.portfolio.models import BudgetLine, Project, Role
from economie071.portfolio.selectors import budget_allocation
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_create_project_and_refuse_a_taken_slug(client, office_user, programme, led_project):
    client.force_login(office_user)
    url = reverse("portfolio:project_create")
    response = client.post(url, {"name": "Startersdag", "slug": "startersdag", "phase": "new"})
    assert response.status_code == 302
    project = Project.objects.get(slug="startersdag")
    assert project.phase == Phase.NEW
    assert project.phase_changes.count() == 1
    response = client.post(url, {"name": "Dubbel", "slug": led_project.slug, "phase": "new"})
    assert response.status_code == 200
    assert "retailvisie" in response.content.decode()
    assert not Project.objects.filter(name="Dubbel").exists()


def test_add_and_end_a_role(client, office_user, led_project):
    client.force_login(office_user)
    person = PersonFactory(name="Niels Dekker")
    url = reverse("portfolio:project_roles", args=[led_project.slug])
    response = client.post(url, {"kind": RoleKind.BOARD_MEMBER, "person": person.pk})
    assert response.status_code == 302
    role = Role.objects.get(project=led_project, person=person)
    entries = audit_entries_for_project(project=led_project)
    assert entries.filter(action="portfolio.role.assigned").exists()

    end_url = reverse("portfolio:role_end", args=[led_project.slug, role.pk])
    client.post(end_url, {"ends_on": "2020-01-31"})
    role.refresh_from_db()
    assert str(role.ends_on) == "2020-01-31"
    assert AuditEntry.objects.filter(action="portfolio.role.ended").count() == 1


def test_a_role_needs_a_holder(client, office_user, led_project):
    client.force_login(office_user)
    count = Role.objects.count()
    response = client.post(
        reverse("portfolio:project_roles", args=[led_project.slug]), {"kind": RoleKind.PARTNER}
    )
    assert response.status_code == 200
    assert Role.objects.count() == count


def test_budget_line_by_inhabitants_adds_up(
    client, office_user, led_project, period, municipalities
):
    client.force_login(office_user)
    url = reverse("portfolio:project_budget", args=[led_project.slug])
    response = client.post(
        url,
        {
            "period": period.pk,
            "description": "Fase 2",
            "amount": "192000",
            "allocation_key": "by_inhabitants",
            "municipalities": [m.pk for m in municipalities.values()],
        },
    )
    assert response.status_code == 302
    allocation = budget_allocation(line=BudgetLine.objects.get())
    assert sum(row.amount for row in allocation.rows) == Decimal("192000.00")
    html = client.get(url).content.decode()
    assert "192.000" in html


@pytest.mark.parametrize(
    "amount, fragment",
    [("-5", "0"), ("twaalf", "number"), ("12.345", "decimal")],
)
def test_bad_amounts_are_refused(client, office_user, led_project, period, amount, fragment):
    client.force_login(office_user)
    response = client.post(
        reverse("portfolio:project_budget", args=[led_project.slug]),
        {
            "period": period.pk,
            "description": "x",
            "amount": amount,
            "allocation_key": "single_funder",
        },
    )
    assert response.status_code == 200
    assert not BudgetLine.objects.exists()
    assert "id_amount" in response.content.decode()  # the error summary links to the field


def test_fixed_shares_are_parsed_and_unknown_municipalities_named(
    client, office_user, led_project, period, municipalities
):
    client.force_login(office_user)
    url = reverse("portfolio:project_budget", args=[led_project.slug])
    data = {
        "period": period.pk,
        "description": "Makelaar",
        "amount": "1000",
        "allocation_key": "fixed_shares",
        "shares": "Leiden: 2\nKatwijk: 1\nWassenaar: 1",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Wassenaar" in response.content.decode()
    assert not BudgetLine.objects.exists()
    response = client.post(url, {**data, "shares": "Leiden: 2\nKatwijk: 1"})
    assert response.status_code == 302
    rows = {row.party: row.amount for row in budget_allocation(line=BudgetLine.objects.get()).rows}
    assert rows == {"Katwijk": Decimal("333.33"), "Leiden": Decimal("666.67")}
