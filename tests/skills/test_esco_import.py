"""`import_esco`: the official layout in two languages, the development copy's own
files, idempotency, tolerance of format differences, and bad input (missing or truncated
files, missing columns, unknown URIs) with the file and line named and nothing of the
failing step written."""

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from economie071.skills import esco
from economie071.skills.constants import LabelKind, RelationType
from economie071.skills.esco import import_esco
from economie071.skills.exceptions import EscoImportError
from economie071.skills.models import (
    ChangeJournal,
    IscoGroup,
    Occupation,
    OccupationLabel,
    OccupationSkill,
    Skill,
    SkillCollection,
    SkillGroup,
    SkillLabel,
    SkillRelation,
)

FIXTURES = Path(__file__).parent / "fixtures" / "esco"
ESCO_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "esco"
E = "http://data.europa.eu/esco/"
MODELS = (
    Skill,
    SkillLabel,
    SkillGroup,
    SkillRelation,
    Occupation,
    OccupationLabel,
    OccupationSkill,
    IscoGroup,
    SkillCollection.skills.through,
    Skill.groups.through,
    Skill.broader.through,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def esco_dir(tmp_path):
    target = tmp_path / "esco"
    shutil.copytree(FIXTURES, target)
    return target


def skill(n: int) -> Skill:
    return Skill.objects.get(uri=f"{E}skill/test-skill-{n}")


@pytest.mark.django_db
def test_imports_both_languages_side_by_side():
    report = import_esco(FIXTURES, ["nl", "en"])
    assert Skill.objects.count() == 6  # the seventh is not released
    serve = skill(1)
    assert (serve.label_nl, serve.label_en) == ("dranken serveren", "serve beverages")
    assert serve.skill_type == "skill/competence"
    assert skill(5).skill_type == "knowledge"
    assert skill(2).reuse_level == "transversal"
    labels = set(serve.labels.values_list("lang", "kind", "text"))
    assert ("en", LabelKind.ALT, "pour drinks") in labels
    assert ("nl", LabelKind.ALT, "drank schenken") in labels
    assert ("nl", LabelKind.PREFERRED, "dranken serveren") in labels
    waiter = Occupation.objects.get(uri=f"{E}occupation/test-occ-waiter")
    assert (waiter.label_nl, waiter.label_en, waiter.isco_code) == (
        "ober/serveerster",
        "waiter/waitress",
        "5131",
    )
    assert waiter.isco_group.code == "5131"
    assert waiter.isco_group.parent.code == "513"
    assert set(waiter.labels.filter(kind=LabelKind.ALT).values_list("text", flat=True)) == {
        "server",
        "waiting staff",
        "kelner",
        "bediening",
    }
    assert dict(waiter.skill_links.values_list("skill__uri", "relation_type")) == {
        f"{E}skill/test-skill-1": RelationType.ESSENTIAL,
        f"{E}skill/test-skill-6": RelationType.ESSENTIAL,
        f"{E}skill/test-skill-2": RelationType.OPTIONAL,
    }
    assert set(skill(1).groups.values_list("code", flat=True)) == {"S1.1"}
    assert list(skill(6).broader.all()) == [skill(1)]
    assert SkillGroup.objects.get(code="S1.1").parents.get().code == "S1"
    assert SkillRelation.objects.filter(skill=skill(4), related=skill(5)).exists()
    assert list(SkillCollection.objects.get(slug="transversal").skills.all()) == [skill(2)]
    # The obsolete skill is on line 9 (the first row runs over two lines).
    assert report.skipped["status “obsolete”, not released"][1] == [
        "skills_nl.csv:9",
        "skills_en.csv:9",
    ]
    assert ChangeJournal.objects.filter(entity="taxonomy").exists()


@pytest.mark.django_db
def test_second_run_changes_nothing():
    import_esco(FIXTURES, ["nl", "en"])
    before = counts()
    journal = ChangeJournal.objects.count()
    report = import_esco(FIXTURES, ["nl", "en"])
    assert report.changed == 0
    assert counts() == before
    assert ChangeJournal.objects.count() == journal  # nothing to rebuild
    assert "nothing changed" in report.lines()[-1]


@pytest.mark.django_db
def test_one_language_keeps_the_other(esco_dir):
    import_esco(esco_dir, ["nl", "en"])
    import_esco(esco_dir, ["en"])
    assert skill(1).label_nl == "dranken serveren"
    assert skill(1).labels.filter(lang="nl").exists()


@pytest.mark.django_db
def test_update_follows_the_files(esco_dir):
    import_esco(esco_dir, ["en"])
    path = esco_dir / "occupationSkillRelations_en.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:-1]).replace(",optional,", ",essential,") + "\n")
    report = import_esco(esco_dir, ["en"])
    assert report.steps["occupation skills"].deleted == 1
    assert report.steps["occupation skills"].updated >= 1
    assert not OccupationSkill.objects.filter(relation_type=RelationType.OPTIONAL).exists()


@pytest.mark.django_db
def test_dev_copy_layout(tmp_path):
    """skills_en.csv with labelsAndDescription, occupationSkillRelations with skillLabel,
    and an nl folder without skills_nl.csv: Dutch labels from the collection file."""
    en, nl = tmp_path / "en", tmp_path / "nl"
    en.mkdir()
    nl.mkdir()
    (en / "skills_en.csv").write_text(
        "conceptUri,preferredLabel,labelsAndDescription\n"
        f'{E}skill/test-skill-1,serve beverages,"serve beverages pour drinks Serve drinks to '
        'guests at the table."\n'
        f'{E}skill/test-skill-2,,"cope with stress handle stress Handle stress well at work."\n'
    )
    (en / "occupations_en.csv").write_text((FIXTURES / "occupations_en.csv").read_text())
    (en / "occupationSkillRelations_en.csv").write_text(
        "occupationUri,relationType,skillUri,skillLabel\n"
        f"{E}occupation/test-occ-waiter,essential,{E}skill/test-skill-1,serve beverages\n"
        f"{E}occupation/test-occ-waiter,optional,{E}skill/test-skill-2,cope with stress\n"
    )
    shutil.copy(FIXTURES / "transversalSkillsCollection_nl.csv", nl)
    shutil.copy(FIXTURES / "occupations_nl.csv", nl)
    report = import_esco(tmp_path, ["nl", "en"])
    serve, stress = skill(1), skill(2)
    assert serve.label_en == "serve beverages"
    assert serve.description_en == "Serve drinks to guests at the table."
    assert stress.label_en == "cope with stress"  # from the relations' skillLabel
    assert stress.label_nl == "omgaan met stress"  # from the nl collection
    assert stress.labels.filter(lang="nl", kind=LabelKind.ALT, text="werken onder druk").exists()
    assert any("labelsAndDescription" in note for note in report.notes)
    assert OccupationSkill.objects.count() == 2


@pytest.mark.django_db
def test_tolerates_column_variants_bom_and_extra_columns(esco_dir):
    path = esco_dir / "occupations_en.csv"
    text = path.read_text()
    header, rest = text.split("\n", 1)
    header = header.replace("conceptUri", "Concept URI")
    header = header.replace("preferredLabel", "preferred_label")
    path.write_text("\ufeff" + header + ",someNewColumn\n" + rest.replace("\n", ",x\n", 2))
    import_esco(esco_dir, ["en"])
    assert Occupation.objects.filter(label_en="domestic electrician").exists()


@pytest.mark.django_db
def test_truncated_file_names_file_and_line(esco_dir):
    path = esco_dir / "occupations_en.csv"
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"Waiters serve") + 5])  # ends inside a quoted field
    with pytest.raises(EscoImportError, match=r"occupations_en\.csv:\d+: .*truncated"):
        import_esco(esco_dir, ["en"])
    assert counts() == dict.fromkeys(counts(), 0)  # read first: nothing written


@pytest.mark.django_db
def test_file_cut_mid_row_without_quotes(esco_dir):
    path = esco_dir / "skillSkillRelations_en.csv"
    path.write_text(path.read_text().rstrip("\n")[:-120])
    with pytest.raises(EscoImportError, match=r"skillSkillRelations_en\.csv:3: .*truncated"):
        import_esco(esco_dir, ["en"])


@pytest.mark.django_db
def test_a_control_character_names_file_line_and_column_and_nothing_is_written(esco_dir):
    path = esco_dir / "occupations_en.csv"
    path.write_text(path.read_text().replace("domestic electrician", "domestic\x00electrician"))
    with pytest.raises(
        EscoImportError,
        match=r"occupations_en\.csv:\d+: column preferredLabel holds a control character, "
        r"U\+0000 \(NULL\), at position 9; nothing was imported",
    ):
        import_esco(esco_dir, ["en"])
    assert counts() == dict.fromkeys(counts(), 0)


@pytest.mark.django_db
def test_c1_characters_are_left_out_and_reported(esco_dir):
    path = esco_dir / "skillGroups_en.csv"
    text = path.read_text().replace("serving food and drinks", "serving food\x9d and drinks")
    path.write_text(text)
    report = import_esco(esco_dir, ["en"])
    assert SkillGroup.objects.filter(label_en="serving food and drinks").exists()
    assert any("skillGroups_en.csv:3 (preferredLabel)" in note for note in report.notes)


@pytest.mark.django_db
def test_a_field_over_the_limit_names_file_and_line(esco_dir):
    path = esco_dir / "skillGroups_en.csv"
    lines = path.read_text().split("\n")
    lines[2] = lines[2].replace(",S1.1", "," + "x" * (esco.FIELD_LIMIT + 1))
    path.write_text("\n".join(lines))
    with pytest.raises(EscoImportError, match=r"skillGroups_en\.csv:3: a field is longer than"):
        import_esco(esco_dir, ["en"])
    assert counts() == dict.fromkeys(counts(), 0)


def test_importing_the_esco_modules_leaves_csvs_limit_alone():
    """csv's limit is one setting for the whole process: importing a module must not move it
    (it did, and so decided what the monitor's import accepted)."""
    code = (
        "import csv, django; django.setup(); before = csv.field_size_limit(); "
        "import economie071.skills.esco, economie071.skills.extraction.esco; "
        "print(before, csv.field_size_limit())"
    )
    settings = os.environ.get("DJANGO_SETTINGS_MODULE", "economie071.config.settings.test")
    result = subprocess.run(  # noqa: S603 (our own code, not input)
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings},
    )
    before, after = result.stdout.split()
    assert before == after


@pytest.mark.django_db
def test_missing_required_column(esco_dir):
    path = esco_dir / "occupationSkillRelations_en.csv"
    path.write_text(path.read_text().replace("relationType", "kind"))
    with pytest.raises(
        EscoImportError,
        match=r"occupationSkillRelations_en\.csv:1: missing "
        r"required column\(s\) relationtype",
    ):
        import_esco(esco_dir, ["en"])


@pytest.mark.django_db
def test_missing_required_file(esco_dir):
    (esco_dir / "skills_en.csv").unlink()
    (esco_dir / "skills_nl.csv").unlink()
    with pytest.raises(EscoImportError, match=r"skills_nl\.csv or skills_en\.csv is missing"):
        import_esco(esco_dir, ["nl", "en"])
    assert not Skill.objects.exists()


@pytest.mark.django_db
def test_no_files_for_a_language(esco_dir):
    with pytest.raises(EscoImportError, match="no ESCO files for language “de”"):
        import_esco(esco_dir, ["en", "de"])


@pytest.mark.django_db
def test_unknown_uri_fails_its_step_only(esco_dir):
    path = esco_dir / "occupationSkillRelations_en.csv"
    with path.open("a") as handle:
        handle.write(f"{E}occupation/test-occ-waiter,essential,skill/competence,{E}skill/nope\n")
    with pytest.raises(
        EscoImportError,
        match=r"occupationSkillRelations_en\.csv:8: unknown "
        r"skill URI .*skill/nope",
    ):
        import_esco(esco_dir, ["en"])
    assert Skill.objects.count() == 6  # earlier steps committed
    assert Occupation.objects.count() == 2
    assert not OccupationSkill.objects.exists()  # nothing of the failing step


@pytest.mark.django_db
def test_skip_unknown_reports_them(esco_dir):
    path = esco_dir / "occupationSkillRelations_en.csv"
    with path.open("a") as handle:
        handle.write(f"{E}occupation/test-occ-waiter,essential,skill/competence,{E}skill/nope\n")
    report = import_esco(esco_dir, ["en"], skip_unknown=True)
    assert report.skipped["unknown skill URI"] == [1, ["occupationSkillRelations_en.csv:8"]]
    assert OccupationSkill.objects.count() == 6


@pytest.mark.django_db
def test_command_prints_the_report():
    out = StringIO()
    call_command("import_esco", str(FIXTURES), "--lang", "en", "--no-progress", stdout=out)
    text = out.getvalue()
    assert "occupation skills" in text and "skipped 1" in text and " s" in text


@pytest.mark.django_db
def test_command_error_is_clear(tmp_path):
    with pytest.raises(CommandError, match="not a folder"):
        call_command("import_esco", str(tmp_path / "nowhere"), "--no-progress")


@pytest.mark.django_db
def test_import_links_century_skills(esco_dir):
    import_esco(esco_dir, ["en"])
    from economie071.skills.models import CenturySkill

    assert CenturySkill.objects.count() == 11  # created; ESCO skills linked where present


@pytest.mark.skipif(not ESCO_DIR.is_dir(), reason="ESCO development copy not here")
@pytest.mark.django_db
def test_full_development_copy():
    """The whole dev copy (13,939 skills, ~3,000 occupations, 128k relations), counts only."""
    report = import_esco(ESCO_DIR, ["nl", "en"])
    assert Skill.objects.count() == 13939
    assert Occupation.objects.count() == 3039
    assert OccupationSkill.objects.count() > 128000
    assert Skill.objects.exclude(label_nl="").count() > 2000
    assert report.seconds < 300
