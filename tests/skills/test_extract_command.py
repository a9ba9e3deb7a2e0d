"""economie071 skills_extract: the occupations and skills of vacancy files, as the employer
sees them (the small taxonomy of tests/skills/conftest.py)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from economie071.skills import matching
from economie071.skills.management.commands.skills_extract import split_title

TEXT = """Ober
Wat ga je doen?
- Je bent gastvrij en serveert gerechten
Wat vragen wij?
- Je bent stressbestendig en hebt een EHBO-diploma
- Je hebt ervaring met het organiseren van wijnproeverijen voor vaste gasten
"""


def run(*args):
    out = io.StringIO()
    call_command("skills_extract", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def vacancy_file(tmp_path):
    path = tmp_path / "ober.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_json_lists_occupations_and_skills_in_order(tax, vacancy_file):
    doc = json.loads(run(str(vacancy_file), "--format", "json"))
    assert doc["title"] == "Ober" and doc["lang"] == "nl"
    assert doc["occupations"][0]["id"] == tax.waiter.pk
    assert doc["occupations"][0]["in_title"][0]["text"] == "Ober"
    ranks = [p["rank"] for p in doc["proposals"]]
    assert ranks == sorted(ranks)
    by_id = {p["id"]: p for p in doc["proposals"]}
    assert by_id[tax.stress.pk]["source"] == "both"
    assert by_id[tax.first_aid.pk]["source"] == "text"
    assert by_id[tax.serve.pk]["label_nl"] == "serveren" and by_id[tax.serve.pk]["label_en"]
    for p in doc["proposals"]:
        for span in p["evidence"]:  # offsets into the file's text, title line included
            assert TEXT[span["start"] : span["end"]] == span["text"]
    # the skills the text asks for come before the profile-only ones
    tiers = [p["tier"] for p in doc["proposals"]]
    assert tiers == sorted(tiers, key=["asked", "likely", "profile", "weak"].index)
    assert doc["proposals"][-1]["source"] == "occupation"
    assert any("wijnproeverijen" in s["text"] for s in doc["unmatched"])


def test_text_output_and_a_confirmed_occupation(tax, vacancy_file):
    out = run(str(vacancy_file), "--occupation", str(tax.carer.pk), "--title", "Hulp")
    assert "Occupations:" in out and "Skills (" in out
    assert "basiszorg bieden" in out  # the confirmed occupation's profile
    with pytest.raises(CommandError, match="no occupation"):
        run(str(vacancy_file), "--occupation", "http://example.org/none")


def test_several_files_give_a_json_list(tax, vacancy_file, tmp_path):
    other = tmp_path / "leeg.txt"
    other.write_bytes(b"")
    doc = json.loads(run(str(vacancy_file), str(other), "--format", "json"))
    assert isinstance(doc, list) and len(doc) == 2 and doc[1]["proposals"] == []


def test_bad_files_are_named(tax, tmp_path):
    too_long = tmp_path / "lang.txt"
    too_long.write_text("woord " * 4000, encoding="utf-8")
    with pytest.raises(CommandError, match="lang.txt: .*at most 20000"):
        run(str(too_long))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("crème brûlée".encode("cp1252"))
    with pytest.raises(CommandError, match="latin.txt: Could not read the text as UTF-8"):
        run(str(latin))
    with pytest.raises(CommandError, match="cannot read the file"):
        run(str(tmp_path / "missing.txt"))
    with pytest.raises(CommandError, match="give one or more files"):
        run()


def test_build_index_writes_the_cache(tax, settings, tmp_path):
    settings.SKILLS_EXTRACTION_CACHE_DIR = tmp_path
    matching.reset()
    assert "extraction index ready" in run("--build-index")
    assert list(tmp_path.glob("skills-extraction-*.pickle"))


def test_split_title():
    assert split_title("Kok\nWij zoeken") == ("Kok", "Wij zoeken", 4)
    assert split_title("Wij zoeken een kok. Je kookt.")[0] == ""
    assert split_title("  \nKok (m/v)\ntekst") == ("Kok (m/v)", "tekst", 13)


def test_skills_lexicon_shows_our_phrases_beside_the_imported_labels(tax):
    from economie071.skills import services

    stress = "http://data.europa.eu/esco/skill/7a147904-22b3-498a-b4d9-7bceeb86b45d"
    services.skill_create(actor=None, label_nl="", label_en="cope with stress", uri=stress)
    out = io.StringIO()
    call_command("skills_lexicon", "--search", "stressbestendig", stdout=out)
    text = out.getvalue()
    assert stress in text and "ESCO: — / cope with stress" in text and "nl: " in text
    unknown = services.skill_create(
        actor=None,
        label_nl="iets zeldzaams",
        label_en="something rare",
        uri="http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000099",
    )
    services.occupation_create(
        actor=None,
        label_nl="zeldzaam beroep",
        label_en="rare job",
        isco_code="9999",
        essential=[unknown],
        optional=[],
    )
    out = io.StringIO()
    call_command("skills_lexicon", "--missing", "10", stdout=out)
    assert "something rare" in out.getvalue()
    with pytest.raises(CommandError, match="no lexicon file"):
        call_command("skills_lexicon", "--file", "nope.yaml", stdout=io.StringIO())


def test_text_output_marks_a_skill_named_in_passing(tax, tmp_path):
    path = tmp_path / "aanbod.txt"
    path.write_text(
        "Ober\nWat ga je doen?\n- Je serveert\nWat bieden wij?\n- Een cursus EHBO\n",
        encoding="utf-8",
    )
    out = run(str(path), "--occupation", str(tax.waiter.pk))
    (line,) = [x for x in out.splitlines() if "eerste hulp verlenen" in x]
    assert "[in passing]" in line
    (served,) = [x for x in out.splitlines() if "serveren" in x]
    assert "[in passing]" not in served
