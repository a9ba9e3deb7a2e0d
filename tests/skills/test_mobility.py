"""Mobility for career changers: the shipped sector table, the sector filter on the API and
the pages (from an occupation and from a passport), related-skill credit, transferable
skills and what is left to learn with the training that teaches it."""

import csv
from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import Group
from django.test import Client

from economie071.core.groups import PROGRAMME_OFFICE_GROUP
from economie071.skills import matching, selectors, services
from economie071.skills.constants import JournalEntity, MatchKind
from economie071.skills.exceptions import NotAllowed, SkillsError
from economie071.skills.models import ChangeJournal, MatchLog, Sector, SkillCollection
from economie071.skills.services.taxonomy import SECTOR_TABLE
from tests.factories import OrganisationFactory, UserFactory
from tests.skills.conftest import make_passport

API = "/api/v1/skills/"
ESCO_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "esco"


def _longest_prefix(table: dict, code: str) -> str:
    prefixes = sorted(
        ((p, s["slug"]) for s in table["sectors"] for p in s["isco"]), key=lambda t: -len(t[0])
    )
    return next((slug for p, slug in prefixes if code.startswith(p)), "")


def test_the_sector_table_maps_every_isco_code_once():
    table = yaml.safe_load(SECTOR_TABLE.read_text(encoding="utf-8"))
    prefixes = [p for s in table["sectors"] for p in s["isco"]]
    assert len(prefixes) == len(set(prefixes)), "an ISCO prefix in two sectors"
    # the one-digit fall-backs: every ISCO code has a sector
    assert {p for p in prefixes if len(p) == 1} == set("0123456789")
    # care as the region's programmes mean it, and what is not care
    for code in ("2211", "2221", "2264", "2635", "3221", "3256", "3412", "5311", "5321", "5322"):
        assert _longest_prefix(table, code) == "zorg", code
    for code, slug in (
        ("5312", "onderwijs"),
        ("2250", "landbouw-natuur"),
        ("5111", "reizen-vervoer"),
    ):
        assert _longest_prefix(table, code) == slug, code
    assert _longest_prefix(table, "5131") == "horeca"


@pytest.mark.skipif(not (ESCO_DIR / "en").is_dir(), reason="ESCO development copy not here")
def test_every_esco_occupation_has_a_sector_and_care_is_complete():
    table = yaml.safe_load(SECTOR_TABLE.read_text(encoding="utf-8"))
    with (ESCO_DIR / "en" / "occupations_en.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sector = {r["preferredLabel"]: _longest_prefix(table, r["iscoGroup"]) for r in rows}
    assert all(sector.values()), [label for label, slug in sector.items() if not slug][:5]
    for label in (
        "nurse assistant",
        "social worker",
        "child care worker",
        "physiotherapist",
        "physiotherapy assistant",
        "home care aide",
    ):
        assert sector[label] == "zorg", label
    assert sum(1 for slug in sector.values() if slug == "zorg") > 150


def test_sectors_load_sets_the_table_and_keeps_own_sectors(db):
    own = services.sector_upsert(
        actor=None, slug="eigen", name_nl="Eigen", name_en="Own", isco_prefixes=["9999"]
    )
    services.sector_upsert(
        actor=None, slug="zorg", name_nl="Zorg", name_en="Care", isco_prefixes=["532"]
    )
    loaded = services.sectors_load(actor=None)
    table = yaml.safe_load(SECTOR_TABLE.read_text(encoding="utf-8"))
    assert [s.slug for s in loaded] == [s["slug"] for s in table["sectors"]]
    assert Sector.objects.get(slug="zorg").isco_prefixes == next(
        s["isco"] for s in table["sectors"] if s["slug"] == "zorg"
    )
    assert Sector.objects.get(pk=own.pk).isco_prefixes == ["9999"]


def test_sectors_load_refuses_a_broken_table_and_changes_nothing(db, tmp_path):
    broken = tmp_path / "sectors.yaml"
    broken.write_text("sectors:\n  - {slug: zorg, nl: Zorg}\n", encoding="utf-8")
    with pytest.raises(SkillsError) as info:
        services.sectors_load(actor=None, path=broken)
    assert info.value.code == "sectors"
    assert not Sector.objects.exists()


def test_only_the_office_loads_sectors(db):
    with pytest.raises(NotAllowed):
        services.sectors_load(actor=UserFactory())
    assert not Sector.objects.exists()


def test_the_admin_saves_a_sector_through_the_service(db):
    office = UserFactory(is_staff=True, is_superuser=True)
    office.groups.add(Group.objects.get_or_create(name=PROGRAMME_OFFICE_GROUP)[0])
    client = Client()
    client.force_login(office)
    before = ChangeJournal.objects.filter(entity=JournalEntity.TAXONOMY).count()
    response = client.post(
        "/admin/skills/sector/add/",
        {
            "slug": "zorg",
            "name_nl": "Zorg",
            "name_en": "Care",
            "isco_prefixes": '["532", "2635"]',
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Sector.objects.get(slug="zorg").isco_prefixes == ["532", "2635"]
    # the matching index of every process hears of it
    assert ChangeJournal.objects.filter(entity=JournalEntity.TAXONOMY).count() == before + 1


# --- Paths into a sector ---------------------------------------------------------------------


@pytest.fixture
def care(tax):
    """A second care occupation, a transport one and a module teaching basic care."""
    services.sector_upsert(
        actor=None,
        slug="reizen-vervoer",
        name_nl="Transport",
        name_en="Transport",
        isco_prefixes=["511", "83"],
    )
    tax.passengers = services.skill_create(
        actor=None, label_nl="passagiers assisteren", label_en="assist passengers"
    )
    tax.patients = services.skill_create(
        actor=None, label_nl="patiënten assisteren", label_en="assist patients"
    )
    # "assist patients" is the broader skill of "assist passengers" (partial credit)
    tax.passengers.broader.add(tax.patients)
    matching.journal(JournalEntity.TAXONOMY, tax.passengers.pk)
    tax.attendant = services.occupation_create(
        actor=None,
        label_nl="stewardess",
        label_en="flight attendant",
        isco_code="5111",
        essential=[tax.passengers, tax.hospitable, tax.stress],
        optional=[tax.serve],
    )
    tax.porter = services.occupation_create(
        actor=None,
        label_nl="",
        label_en="hospital porter",
        isco_code="5329",
        essential=[tax.patients, tax.stress, tax.care],
        optional=[tax.hospitable],
    )
    provider = services.provider_create(
        organisation=OrganisationFactory(),
        actor=None,
    )
    tax.module = services.module_create(
        provider=provider,
        actor=None,
        title="Basis zorg",
        skills={tax.care: 2},
        duration_hours=40,
        cost=300,
    )
    return tax


def test_paths_into_care_from_an_occupation(care):
    paths = selectors.mobility_for(actor=None, occupation=care.attendant, sector=care.zorg)
    assert [p.occupation for p in paths] == [care.porter, care.carer]
    porter = paths[0]
    assert {s.pk for s in porter.shared} == {care.stress.pk, care.hospitable.pk}
    (related,) = porter.related
    assert (related.via, related.skill, related.kind) == (
        care.passengers,
        care.patients,
        "narrower",
    )
    learn = {row.skill.pk: row for row in porter.learn}
    assert learn[care.care.pk].essential and learn[care.care.pk].points > 0
    assert learn[care.care.pk].modules == [care.module]
    assert learn[care.patients.pk].points < learn[care.care.pk].points  # half there already
    # without the filter the waiter (hospitality) competes too
    unfiltered = selectors.mobility_for(actor=None, occupation=care.attendant)
    assert care.waiter in [p.occupation for p in unfiltered]


def test_transversal_skills_are_named_transferable(care):
    transversal, _new = SkillCollection.objects.get_or_create(
        slug="transversal", defaults={"name_nl": "Transversaal", "name_en": "Transversal"}
    )
    transversal.skills.add(care.stress)
    matching.journal(JournalEntity.TAXONOMY, care.stress.pk)
    paths = selectors.mobility_for(actor=None, occupation=care.attendant, sector=care.zorg)
    assert [s.pk for s in paths[0].transferable] == [care.stress.pk]


def test_api_mobility_into_a_sector(client, care):
    response = client.get(API + "mobility", {"occupation": care.attendant.pk, "sector": "zorg"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["occupation"]["id"] for r in results] == [care.porter.pk, care.carer.pk]
    assert all(r["sector"]["slug"] == "zorg" for r in results)
    first = results[0]
    assert first["relatedSkills"] == [
        {
            "skill": {"id": care.patients.pk, "label": "patiënten assisteren"},
            "via": {"id": care.passengers.pk, "label": "passagiers assisteren"},
            "relation": "narrower",
            "credit": 0.5,
        }
    ]
    to_learn = {row["skill"]["id"]: row for row in first["toLearn"]}
    assert to_learn[care.care.pk]["modules"] == [{"id": care.module.pk, "title": "Basis zorg"}]
    assert to_learn[care.care.pk]["points"] > 0


@pytest.mark.parametrize("value", ["onbekend", "x" * 300])
def test_api_mobility_refuses_an_unknown_sector(client, care, value):
    response = client.get(API + "mobility", {"occupation": care.attendant.pk, "sector": value})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["invalidParams"][0]["name"] == "sector"


def test_api_my_mobility_into_a_sector(care, seeker):
    passport = make_passport(seeker, {care.passengers: 3, care.stress: 3, care.hospitable: 2})
    client = Client()
    assert client.get(API + "me/mobility").status_code == 403
    client.force_login(seeker)
    response = client.get(API + "me/mobility", {"sector": "zorg"})
    assert response.status_code == 200
    ids = [r["occupation"]["id"] for r in response.json()["results"]]
    assert ids[0] == care.porter.pk and care.waiter.pk not in ids
    assert MatchLog.objects.filter(kind=MatchKind.MOBILITY, passport=passport).count() == len(ids)


def test_mobility_pages_filter_by_sector(care, seeker):
    make_passport(seeker, {care.passengers: 3, care.stress: 3, care.hospitable: 2})
    client = Client()
    client.force_login(seeker)
    html = client.get(
        "/huis-van-skills/paspoort/loopbaanpaden/", {"sector": "zorg"}
    ).content.decode()
    assert "hospital porter" in html and "ober" not in html
    assert "Engels" in html  # the porter has no Dutch name: shown in English, marked
    assert "Basis zorg" in html  # the module that teaches what is left to learn
    html = client.get(
        f"/huis-van-skills/taxonomie/beroepen/{care.attendant.pk}/", {"sector": "nergens"}
    ).content.decode()
    assert "nergens" in html and "ober" in html  # named as wrong, all sectors shown


def test_the_adviser_sees_a_persons_paths_into_a_sector(care, seeker, adviser_user):
    passport = make_passport(seeker, {care.passengers: 3, care.stress: 3, care.hospitable: 2})
    client = Client()
    client.force_login(adviser_user)
    url = f"/huis-van-skills/adviseur/paspoorten/{passport.pk}/"
    html = client.get(url, {"sector": "zorg"}).content.decode()
    assert "hospital porter" in html and ">ober<" not in html
    assert ">ober<" in client.get(url).content.decode()
