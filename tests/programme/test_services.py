"""Writes of the programme's reference data (programme/services.py): create or bring up to
date by natural key, audit only real changes."""

import pytest
from django.core.exceptions import ValidationError

from economie071.audit.models import AuditEntry
from economie071.programme import services
from economie071.programme.models import Municipality, PopulationFigure
from tests.factories import PersonFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def actions():
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_upsert_creates_then_updates_and_audits_each(office_user):
    region = services.region_upsert(actor=office_user, slug="leidse-regio", name="Leidse regio")
    same = services.region_upsert(actor=office_user, slug="leidse-regio", name="Leidse Regio")

    assert same.pk == region.pk
    same.refresh_from_db()
    assert same.name == "Leidse Regio"
    assert actions() == ["programme.region.created", "programme.region.updated"]
    assert AuditEntry.objects.filter(actor=office_user).count() == 2


def test_upsert_with_the_same_values_writes_nothing(row_counts):
    region = RegionFactory(slug="leidse-regio", name="Leidse regio")
    municipality = services.municipality_upsert(
        actor=None, region=region, slug="leiden", name="Leiden", cbs_code="GM0546"
    )
    before = row_counts()

    again = services.municipality_upsert(
        actor=None, region=region, slug="leiden", name="Leiden", cbs_code="GM0546"
    )

    assert again.pk == municipality.pk
    assert row_counts() == before


def test_upsert_checks_the_record_and_writes_nothing_when_it_is_wrong(row_counts):
    region = RegionFactory()
    before = row_counts()

    with pytest.raises(ValidationError) as excinfo:
        services.municipality_upsert(
            actor=None, region=region, slug="leiden", name="Leiden", cbs_code="0546"
        )

    assert "cbs_code" in excinfo.value.message_dict
    assert row_counts() == before


def test_population_figures_are_kept_per_municipality_and_year(municipalities):
    leiden = municipalities["leiden"]

    services.population_figure_upsert(
        actor=None, municipality=leiden, year=2020, inhabitants=1234, source="Testbron"
    )
    services.population_figure_upsert(
        actor=None, municipality=leiden, year=2020, inhabitants=1235, source="Testbron"
    )

    figure = PopulationFigure.objects.get(municipality=leiden, year=2020)
    assert figure.inhabitants == 1235
    assert leiden.population_figures.count() == 2  # the fixture's 2019 figure and 2020


@pytest.mark.parametrize("inhabitants", [0, -5])
def test_a_population_figure_must_be_positive(municipalities, inhabitants):
    with pytest.raises(ValidationError):
        services.population_figure_upsert(
            actor=None,
            municipality=municipalities["leiden"],
            year=2021,
            inhabitants=inhabitants,
            source="Testbron",
        )

    assert not PopulationFigure.objects.filter(year=2021).exists()


def test_pillar_colour_must_be_a_hex_colour(programme):
    with pytest.raises(ValidationError) as excinfo:
        services.pillar_upsert(
            actor=None,
            programme=programme,
            slug="versterken",
            number=1,
            name="versterken",
            colour="blue",
        )

    assert "colour" in excinfo.value.message_dict


def test_the_same_slug_in_two_programmes_is_two_pillars(programme):
    other = services.programme_upsert(
        actor=None, region=programme.region, slug="ander", name="Ander programma"
    )
    for owner in (programme, other):
        services.pillar_upsert(
            actor=None,
            programme=owner,
            slug="versterken",
            number=1,
            name="versterken",
            colour="#1f5f8b",
        )

    assert programme.pillars.count() == 1
    assert other.pillars.count() == 1


def test_person_link_user_gives_a_person_a_login():
    person = PersonFactory(name="Ton Orleans")
    user = UserFactory()

    services.person_link_user(actor=None, person=person, user=user)

    person.refresh_from_db()
    assert person.user == user
    assert user.person == person
    assert actions()[-1] == "programme.person.updated"


def test_a_municipality_keeps_its_region_when_reloaded(region):
    leiden = Municipality.objects.get(slug="leiden")

    services.municipality_upsert(
        actor=None, region=region, slug="leiden", name="Leiden", cbs_code="GM0546"
    )

    assert Municipality.objects.get(slug="leiden").region == leiden.region


def test_role_groups_ensure_creates_the_groups_once():
    from django.contrib.auth.models import Group

    from economie071.core.groups import PROGRAMME_OFFICE_GROUP, STEERING_GROUP_GROUP

    services.role_groups_ensure()
    services.role_groups_ensure()

    assert set(Group.objects.values_list("name", flat=True)) == {
        PROGRAMME_OFFICE_GROUP,
        STEERING_GROUP_GROUP,
    }
    office = Group.objects.get(name=PROGRAMME_OFFICE_GROUP)
    assert office.permissions.filter(codename="change_municipality").exists()
    assert not office.permissions.exclude(content_type__app_label="programme").exists()
    assert not Group.objects.get(name=STEERING_GROUP_GROUP).permissions.exists()
