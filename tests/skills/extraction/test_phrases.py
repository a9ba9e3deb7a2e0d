"""The curated phrase lexicon (phrases_nl_en.yaml) and how the extractor uses it."""

import csv
from pathlib import Path

import pytest

from economie071.skills.extraction import (
    PHRASES_FILE,
    Extractor,
    LexiconEntry,
    PhraseFileError,
    load_default_phrases,
    load_phrases,
    read_phrase_file,
)
from economie071.skills.extraction.phrase_lexicon import ESCO_SKILL_URI

ESCO = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "esco"
SKILL = "http://data.europa.eu/esco/skill/"
STRESS = SKILL + "7a147904-22b3-498a-b4d9-7bceeb86b45d"
TEAMS = SKILL + "60c78287-22eb-4103-9c8c-28deaa460da0"
INDEPENDENT = SKILL + "c29aa9d2-4da8-4bdd-831c-8d4a2fb51730"
DETAIL = SKILL + "83e6510b-ffeb-4aec-959c-4265fd0ff7b7"
DRIVE = SKILL + "2a82241a-216e-44d8-bb50-6b9a0ef82084"
HEAVY_TRUCKS = SKILL + "8215bbba-2f6d-4530-bf41-904d871eaf72"
TEACH_COMMUNICATION = "teach-communication"

# a small ESCO-like lexicon (URIs for the skills the phrases name) plus the shipped phrases
BASE = [
    LexiconEntry(STRESS, "cope with stress", "en"),
    LexiconEntry(STRESS, "omgaan met stress", "nl"),
    LexiconEntry(TEAMS, "work in teams", "en"),
    LexiconEntry(INDEPENDENT, "work independently", "en"),
    LexiconEntry(DETAIL, "attend to detail", "en"),
    LexiconEntry(DRIVE, "drive vehicles", "en"),
    LexiconEntry(HEAVY_TRUCKS, "manoeuvre heavy trucks", "en"),
    LexiconEntry(TEACH_COMMUNICATION, "teach communication", "en"),
    LexiconEntry("communication", "communication", "en"),
    LexiconEntry("dutch", "Dutch", "en"),
    LexiconEntry("dutch", "Nederlands", "nl"),
    LexiconEntry("english", "English", "en"),
    LexiconEntry("speak-english", "be fluent in English", "en"),
]


@pytest.fixture(scope="module")
def extractor():
    return Extractor([*BASE, *load_default_phrases()])


def by_skill(result) -> dict:
    return {f.skill: f for f in result.found}


# ------------------------------------------------------------------ the file


def test_phrase_file_is_well_formed():
    items = read_phrase_file()
    assert len(items) >= 100
    assert all(ESCO_SKILL_URI.match(item.uri) for item in items)
    assert len({item.uri for item in items}) == len(items)
    phrases = load_default_phrases()
    assert {e.kind for e in phrases} == {"phrase"}
    assert {e.lang for e in phrases} == {"nl", "en"}
    assert all(e.label == " ".join(e.label.split()) and e.label for e in phrases)


def _esco_preferred() -> dict[str, str]:
    """URI -> English preferred label, from skills_en.csv and the collection files."""
    preferred: dict[str, str] = {}
    csv.field_size_limit(2**31 - 1)
    for path in sorted((ESCO / "en").glob("*Collection_en.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if "/skill/" in row.get("conceptUri", ""):
                    preferred[row["conceptUri"]] = row["preferredLabel"]
    with (ESCO / "en" / "skills_en.csv").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("preferredLabel"):
                preferred[row["conceptUri"]] = row["preferredLabel"]
            else:
                preferred.setdefault(row["conceptUri"], "")
    return preferred


@pytest.mark.skipif(not (ESCO / "en" / "skills_en.csv").exists(), reason="no ESCO folder")
def test_every_phrase_uri_is_an_esco_skill_with_that_label():
    preferred = _esco_preferred()
    problems = []
    for item in read_phrase_file():
        if item.uri not in preferred:
            problems.append(f"item {item.position}: {item.uri} is not an ESCO skill")
        elif preferred[item.uri] != item.label:
            problems.append(
                f"item {item.position}: label {item.label!r} is not the preferred label "
                f"{preferred[item.uri]!r}"
            )
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not (ESCO / "en" / "skills_en.csv").exists(), reason="no ESCO folder")
def test_no_phrase_is_the_preferred_label_of_another_skill():
    by_label: dict[str, set[str]] = {}
    for uri, label in _esco_preferred().items():
        by_label.setdefault(label.lower(), set()).add(uri)
    clashes = [
        (e.label, e.skill)
        for e in load_default_phrases()
        if by_label.get(e.label.lower(), {e.skill}) - {e.skill}
    ]
    assert not clashes


def test_phrases_by_app_id_and_unknown_uris_dropped():
    entries = load_default_phrases({STRESS: 7, TEAMS: 9})
    assert {e.skill for e in entries} == {7, 9}
    assert LexiconEntry(7, "stressbestendig", "nl", "phrase") in entries
    only = load_default_phrases({STRESS})
    assert only and {e.skill for e in only} == {STRESS}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("skills: [1]\n", "item 1: expected a mapping"),
        ("skills:\n- uri: http://example.org/x\n  label: x\n  nl: [a]\n", "item 1: 'uri'"),
        (f"skills:\n- uri: {STRESS}\n  nl: [a]\n", "'label'"),
        (f"skills:\n- uri: {STRESS}\n  label: x\n  nl: a\n", "'nl' must be a list"),
        (f"skills:\n- uri: {STRESS}\n  label: x\n  de: [a]\n", "unknown field"),
        (f"skills:\n- uri: {STRESS}\n  label: x\n", "no phrases"),
        (f"skills:\n- uri: {STRESS}\n  label: x\n  nl: [a, A]\n", "twice"),
        (
            f"skills:\n- uri: {STRESS}\n  label: x\n  nl: [a]\n- uri: {STRESS}\n  label: x\n"
            "  nl: [b]\n",
            "item 2 (7a147904-22b3-498a-b4d9-7bceeb86b45d): the same uri as item 1",
        ),
        ("skills: [\n", "cannot read"),
        ("just text\n", "top-level 'skills:'"),
    ],
)
def test_bad_phrase_files_are_refused_naming_the_item(tmp_path, content, message):
    path = tmp_path / "phrases.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PhraseFileError, match="phrases.yaml") as info:
        load_phrases(path)
    assert message in str(info.value)


def test_missing_phrase_file(tmp_path):
    with pytest.raises(PhraseFileError, match="cannot read"):
        read_phrase_file(tmp_path / "nope.yaml")


def test_default_file_is_shipped_next_to_the_module():
    assert PHRASES_FILE.name == "phrases_nl_en.yaml" and PHRASES_FILE.exists()


# ------------------------------------------------------------------ extraction with phrases


def test_dutch_phrases_find_their_skill_with_evidence(extractor):
    text = "Wie ben jij?\n- Je bent stressbestendig en een echte teamspeler\n- rijbewijs B"
    result = extractor.extract(text)
    found = by_skill(result)
    assert result.lang == "nl"
    assert set(found) >= {STRESS, TEAMS, DRIVE}
    stress = found[STRESS]
    assert [s.text for s in stress.evidence] == ["stressbestendig"]
    assert text[stress.evidence[0].start : stress.evidence[0].end] == "stressbestendig"
    assert stress.method == "exact" and stress.label == "stressbestendig"
    assert stress.confidence >= 0.8


def test_english_phrases_and_inflections(extractor):
    text = "You stay calm under pressure, work on your own and have an eye for detail."
    found = by_skill(extractor.extract(text))
    assert set(found) >= {STRESS, INDEPENDENT, DETAIL}
    assert [s.text for s in found[STRESS].evidence] == ["calm under pressure"]


def test_phrase_words_may_stand_apart_in_one_clause(extractor):
    found = by_skill(extractor.extract("In een klein team werk je nauw samen.", "nl"))
    assert TEAMS in found
    assert [s.text for s in found[TEAMS].evidence] == ["team werk je nauw samen"]
    assert found[TEAMS].confidence < 0.85  # any order: less sure than the phrase as written
    # not across a sentence boundary
    found = by_skill(extractor.extract("Je werkt in een team. Samen zijn we sterk.", "nl"))
    assert TEAMS not in found


def test_longer_phrase_wins_over_a_shorter_one(extractor):
    found = by_skill(extractor.extract("Je hebt rijbewijs C en code 95.", "nl"))
    assert HEAVY_TRUCKS in found and DRIVE not in found


def test_generic_words_still_map_to_nothing_specific(extractor):
    for text, lang in [
        ("Communicatie is belangrijk in deze functie.", "nl"),
        ("Goede communicatie en een flexibele instelling.", "nl"),
        ("Je bent klantvriendelijk, flexibel inzetbaar en hands-on.", "nl"),
        ("A hands-on, flexible and friendly person.", "en"),
    ]:
        found = by_skill(extractor.extract(text, lang))
        assert TEACH_COMMUNICATION not in found, text
        assert not found, (text, [f.label for f in found.values()])


def test_phrase_owns_its_words_before_an_alt_label_of_another_skill():
    extractor = Extractor([
        LexiconEntry("other", "teamspeler", "nl", "alt"),
        LexiconEntry(TEAMS, "teamspeler", "nl", "phrase"),
    ])
    assert set(by_skill(extractor.extract("Je bent een teamspeler.", "nl"))) == {TEAMS}


def test_preferred_label_of_another_skill_beats_a_phrase():
    extractor = Extractor([
        LexiconEntry("first-aid", "first aid", "en"),
        LexiconEntry("provide-first-aid", "first aid", "en", "phrase"),
    ])
    assert set(by_skill(extractor.extract("Knowledge of first aid.", "en"))) == {"first-aid"}


def test_one_phrase_may_name_two_skills():
    extractor = Extractor([
        LexiconEntry("load", "laden en lossen", "nl", "phrase"),
        LexiconEntry("unload", "laden en lossen", "nl", "phrase"),
    ])
    found = by_skill(extractor.extract("Je gaat laden en lossen.", "nl"))
    assert set(found) == {"load", "unload"}


# ------------------------------------------------------------------ cross-language helps


def test_language_name_inflected_and_inside_a_longer_match(extractor):
    found = by_skill(extractor.extract("Je begrijpt Nederlandse werkinstructies.", "nl"))
    assert "dutch" in found and found["dutch"].method == "lemma"
    found = by_skill(extractor.extract("You are fluent in English.", "en"))
    assert {"english", "speak-english"} <= set(found)
    # a lower-case adjective is not the name
    found = by_skill(extractor.extract("Je bent nederlandse les gewend.", "nl"))
    assert "dutch" not in found


def test_stop_words_are_not_content_words_of_loose_matches():
    extractor = Extractor([LexiconEntry("goods", "communication about goods", "en", "alt")])
    assert not extractor.extract("Good communication is a must.", "en").found


def test_head_of_an_unknown_dutch_compound_meets_a_label():
    extractor = Extractor([LexiconEntry("cook", "gerechten bereiden", "nl", "phrase")])
    text = "Je bereidt lunch- en dinergerechten volgens onze receptuur."
    found = by_skill(extractor.extract(text, "nl"))
    assert "cook" in found
    spans = [s.text for s in found["cook"].evidence]
    assert spans == ["bereidt lunch- en dinergerechten"]
    assert found["cook"].confidence < 0.8  # a part of a compound, words apart
