"""The House of Skills demo: loads through the services, twice without creating anything
new, and the flight attendant sees care occupations among her mobility paths."""

import csv
from pathlib import Path

import pytest
import yaml

from economie071.demo.loader import DEMO_PASSWORD
from economie071.skills import selectors
from economie071.skills.century import CENTURY_SKILLS, ESCO, century_uris
from economie071.skills.demo import DATA_DIR, load_skills_demo
from economie071.skills.models import (
    CenturySkill,
    Passport,
    Skill,
    TrainingModule,
    Vacancy,
)

ESCO_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "esco"
needs_esco = pytest.mark.skipif(not ESCO_DIR.is_dir(), reason="ESCO development copy not here")


@pytest.fixture
def demo(programme, municipalities):
    return load_skills_demo(programme, password=DEMO_PASSWORD)


def test_demo_loads_everything_as_example_data(demo):
    assert demo["skills"] == 65
    assert demo["occupations"] == 12
    assert demo["passports"] == 4
    assert demo["vacancies"] == 5
    assert CenturySkill.objects.count() == 11
    assert all(c.skills.exists() for c in CenturySkill.objects.all())
    assert not Passport.objects.filter(is_example=False).exists()
    assert not Vacancy.objects.filter(is_example=False).exists()
    assert not TrainingModule.objects.filter(is_example=False).exists()
    assert all("voorbeeld" in v.title for v in Vacancy.objects.all())


def test_demo_is_idempotent(demo, programme):
    counts = {m: m.objects.count() for m in (Skill, Passport, Vacancy, TrainingModule)}
    again = load_skills_demo(programme, password=DEMO_PASSWORD)
    assert not any(again.values())
    assert counts == {m: m.objects.count() for m in counts}


def test_demo_logins(demo, django_user_model):
    for username in ("werkzoekende", "werkgever", "opleider", "loopbaanadviseur"):
        user = django_user_model.objects.get(username=username)
        assert user.check_password("economie071-demo")


def test_flight_attendant_sees_care_occupations(demo):
    passport = Passport.objects.get(user__username="werkzoekende")
    paths = selectors.mobility_for(actor=passport.user, passport=passport, k=10)
    labels = [p.occupation.label_en for p in paths]
    care = [p for p in paths if p.sector and p.sector.slug == "zorg"]
    assert care, labels
    shared = {s.label_en for p in care for s in p.shared}
    assert {"be hospitable", "cope with stress", "think quickly"} <= shared
    assert "flight attendant" not in labels  # her own occupation is not a move


def test_demo_job_seeker_and_employer_see_matches(demo):
    passport = Passport.objects.get(user__username="werkzoekende")
    found = selectors.vacancies_for_passport(passport=passport, actor=passport.user)
    assert any("Zorghulp" in s.vacancy.title for s in found)
    vacancy = Vacancy.objects.get(title="Zorghulp thuiszorg Leiden (voorbeeldvacature)")
    employer = vacancy.organisation.skills_roles.get().user
    candidates = selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer)
    assert passport in [c.passport for c in candidates]
    # The carer who chose not to be found is never among an employer's candidates.
    assert all(c.passport.user.username != "voorbeeld-zorg" for c in candidates)


@needs_esco
def test_demo_uris_exist_in_esco():
    data = yaml.safe_load((DATA_DIR / "taxonomy.yaml").read_text(encoding="utf-8"))
    with (ESCO_DIR / "en" / "skills_en.csv").open(encoding="utf-8-sig") as handle:
        skills = {row["conceptUri"] for row in csv.DictReader(handle)}
    with (ESCO_DIR / "en" / "occupations_en.csv").open(encoding="utf-8-sig") as handle:
        occupations = {row["conceptUri"]: row["iscoGroup"] for row in csv.DictReader(handle)}
    for entry in data["skills"]:
        if entry.get("uri"):
            assert data["esco"] + entry["uri"] in skills, entry["key"]
    for entry in data["occupations"]:
        assert occupations[data["esco"] + entry["uri"]] == entry["isco"], entry["key"]


@needs_esco
def test_century_skills_map_to_esco_transversal_skills():
    path = ESCO_DIR / "en" / "transversalSkillsCollection_en.csv"
    with path.open(encoding="utf-8-sig") as handle:
        transversal = {row["conceptUri"] for row in csv.DictReader(handle)}
    assert len(CENTURY_SKILLS) == 11
    assert century_uris() <= transversal
    assert all(entry["esco"] for entry in CENTURY_SKILLS)
    assert ESCO.endswith("/skill/")
