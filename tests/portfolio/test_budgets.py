"""Budget lines and how they are shared between municipalities
(services.budget_line_create, selectors.budget_allocation)."""

from decimal import Decimal

import pytest

from economie071.audit.models import AuditEntry
from economie071.audit.selectors import audit_entries_for_project
from economie071.portfolio import selectors, services
from economie071.portfolio.constants import AllocationKey
from economie071.portfolio.exceptions import AllocationError, NotAllowed
from tests.conftest import TEST_MUNICIPALITIES
from tests.factories import (
    BudgetLineFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


def create_line(project, period, actor, **kwargs):
    values = {
        "description": "Retailmonitor",
        "amount": "192000.00",
        "allocation_key": AllocationKey.BY_INHABITANTS,
        "municipalities": list(project.programme.region.municipalities.all()),
        **kwargs,
    }
    return services.budget_line_create(project=project, period=period, actor=actor, **values)


# --- budget_line_create --------------------------------------------------------------------


def test_a_budget_line_by_inhabitants_is_stored_with_its_municipalities(
    led_project, period, office_user
):
    line = create_line(led_project, period, office_user, description="  Retailmonitor  ")

    assert line.amount == Decimal("192000.00")
    assert line.description == "Retailmonitor"
    assert line.municipalities.count() == 6
    entry = AuditEntry.objects.get(action="portfolio.budget_line.created")
    assert entry.actor == office_user
    assert entry in audit_entries_for_project(project=led_project)
    assert entry.data == {"amount": "192000.00", "allocation_key": AllocationKey.BY_INHABITANTS}


@pytest.mark.parametrize(
    "amount",
    ["-1.00", "-0.01", "veel", "12,50", "", "NaN", "Infinity", "0.001", "10.005", "1E+12", "1E+30"],
)
def test_a_bad_amount_is_refused_naming_it(led_project, period, office_user, row_counts, amount):
    before = row_counts()

    with pytest.raises(AllocationError) as excinfo:
        create_line(led_project, period, office_user, amount=amount)

    assert excinfo.value.code == "amount"
    assert f"{amount}" in excinfo.value.message
    assert row_counts() == before


@pytest.mark.parametrize(
    "amount", ["0", "0.00", "0.5", "192000", Decimal("1.10"), 25, "999999999999.99"]
)
def test_whole_cent_amounts_are_accepted(led_project, period, office_user, amount):
    line = create_line(led_project, period, office_user, amount=amount)

    line.refresh_from_db()
    assert line.amount == Decimal(str(amount))


def test_municipalities_outside_the_region_are_refused(
    led_project, period, office_user, row_counts
):
    elsewhere = MunicipalityFactory(region=RegionFactory(name="Holland Rijnland"), name="Lisse")
    before = row_counts()

    with pytest.raises(AllocationError) as excinfo:
        create_line(
            led_project,
            period,
            office_user,
            municipalities=[*led_project.programme.region.municipalities.all(), elsewhere],
        )

    assert excinfo.value.code == "municipalities"
    assert "Lisse" in excinfo.value.message
    assert "Leiden" not in excinfo.value.message
    assert row_counts() == before


def test_fixed_shares_outside_the_region_are_refused(led_project, period, office_user, row_counts):
    elsewhere = MunicipalityFactory(region=RegionFactory(), name="Teylingen")
    before = row_counts()

    with pytest.raises(AllocationError, match="Teylingen"):
        create_line(
            led_project,
            period,
            office_user,
            allocation_key=AllocationKey.FIXED_SHARES,
            municipalities=[],
            shares={elsewhere: Decimal("1")},
        )

    assert row_counts() == before


def test_the_inhabitants_key_needs_municipalities(led_project, period, office_user, row_counts):
    before = row_counts()

    with pytest.raises(AllocationError) as excinfo:
        create_line(led_project, period, office_user, municipalities=[])

    assert excinfo.value.code == "municipalities"
    assert row_counts() == before


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"allocation_key": "by_luck"}, "allocation_key"),
        ({"description": "   "}, "description"),
        ({"allocation_key": AllocationKey.FIXED_SHARES, "shares": {}}, "shares"),
        ({"allocation_key": AllocationKey.SINGLE_FUNDER, "funder": None}, "funder"),
    ],
    ids=["unknown key", "blank description", "fixed shares without shares", "no funder"],
)
def test_other_incomplete_lines_are_refused(
    led_project, period, office_user, row_counts, kwargs, code
):
    before = row_counts()

    with pytest.raises(AllocationError) as excinfo:
        create_line(led_project, period, office_user, **kwargs)

    assert excinfo.value.code == code
    assert row_counts() == before


def test_a_zero_share_is_refused(led_project, period, office_user, municipalities):
    with pytest.raises(AllocationError) as excinfo:
        create_line(
            led_project,
            period,
            office_user,
            allocation_key=AllocationKey.FIXED_SHARES,
            shares={municipalities["leiden"]: Decimal("2"), municipalities["katwijk"]: 0},
        )

    assert excinfo.value.code == "shares"


def test_a_project_leader_cannot_keep_budgets(led_project, period, leader_user, row_counts):
    before = row_counts()

    with pytest.raises(NotAllowed):
        create_line(led_project, period, leader_user)

    assert row_counts() == before


# --- selectors.budget_allocation -----------------------------------------------------------


def test_allocation_by_inhabitants_sums_exactly_to_the_amount(led_project, period, office_user):
    line = create_line(led_project, period, office_user, amount="192000.00")

    allocation = selectors.budget_allocation(line=line)

    assert allocation.error == ""
    assert sum(row.amount for row in allocation.rows) == Decimal("192000.00")
    inhabitants = {name: n for _slug, name, _code, n in TEST_MUNICIPALITIES}
    assert {row.party: row.basis for row in allocation.rows} == {
        name: str(n) for name, n in inhabitants.items()
    }
    by_name = {row.party: row.amount for row in allocation.rows}
    assert by_name["Leiden"] == Decimal("85333.33")
    assert by_name["Zoeterwoude"] == Decimal("7111.11")
    assert [row.party for row in allocation.rows] == sorted(inhabitants)


def test_allocation_over_some_municipalities_only(led_project, period, office_user, municipalities):
    line = create_line(
        led_project,
        period,
        office_user,
        amount="100.00",
        municipalities=[municipalities["leiden"], municipalities["zoeterwoude"]],
    )

    rows = selectors.budget_allocation(line=line).rows

    # 120,000 and 10,000 test inhabitants: 92.307… and 7.692…
    assert [(r.party, r.amount) for r in rows] == [
        ("Leiden", Decimal("92.31")),
        ("Zoeterwoude", Decimal("7.69")),
    ]


def test_allocation_uses_the_population_year_of_the_line(
    led_project, period, office_user, municipalities
):
    from economie071.programme.models import PopulationFigure

    for municipality in municipalities.values():
        PopulationFigure.objects.create(
            municipality=municipality, year=2020, inhabitants=1000, source="test"
        )

    line = create_line(led_project, period, office_user, amount="600.00", population_year=2020)

    rows = selectors.budget_allocation(line=line).rows
    assert {row.amount for row in rows} == {Decimal("100.00")}


def test_a_missing_population_figure_is_reported_by_name_and_year(
    led_project, period, office_user, municipalities
):
    municipalities["oegstgeest"].population_figures.all().delete()
    line = create_line(led_project, period, office_user)

    allocation = selectors.budget_allocation(line=line)

    assert allocation.rows == []
    assert "Oegstgeest" in allocation.error
    assert "2019" in allocation.error
    assert "Leiden" not in allocation.error


def test_no_figures_for_the_year_names_every_municipality(led_project, period, office_user):
    line = create_line(led_project, period, office_user, population_year=2031)

    allocation = selectors.budget_allocation(line=line)

    assert allocation.rows == []
    assert "2031" in allocation.error
    for _slug, name, _code, _n in TEST_MUNICIPALITIES:
        assert name in allocation.error


def test_fixed_shares_are_shared_by_weight(led_project, period, office_user, municipalities):
    line = create_line(
        led_project,
        period,
        office_user,
        amount="1000.00",
        allocation_key=AllocationKey.FIXED_SHARES,
        municipalities=[],
        shares={municipalities["leiden"]: Decimal("2"), municipalities["katwijk"]: Decimal("1")},
    )

    rows = selectors.budget_allocation(line=line).rows

    assert [(r.party, r.basis, r.amount) for r in rows] == [
        ("Katwijk", "1", Decimal("333.33")),
        ("Leiden", "2", Decimal("666.67")),
    ]


def test_a_single_funder_pays_everything(led_project, period, municipalities):
    funder = OrganisationFactory(name="Gemeente Leiden", municipality=municipalities["leiden"])
    line = BudgetLineFactory(
        project=led_project, period=period, funder=funder, amount=Decimal("2500.00")
    )

    allocation = selectors.budget_allocation(line=line)

    assert [(r.municipality, r.party, r.basis, r.amount) for r in allocation.rows] == [
        (municipalities["leiden"], "Gemeente Leiden", "100%", Decimal("2500.00"))
    ]


def test_allocation_totals_add_the_lines_up_per_party(led_project, period, office_user):
    lines = [
        create_line(led_project, period, office_user, amount="192000.00"),
        create_line(led_project, period, office_user, amount="0.01"),
    ]

    totals = dict(
        selectors.allocation_totals(
            allocations=[selectors.budget_allocation(line=x) for x in lines]
        )
    )

    assert sum(totals.values()) == Decimal("192000.01")
    assert totals["Leiden"] == Decimal("85333.33") + Decimal("0.01")
