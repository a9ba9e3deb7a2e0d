"""Lexicon from an ESCO folder: official layout and the development copy's run-together column."""

import csv

import pytest

from economie071.skills.extraction import Extractor, load_esco_lexicon
from economie071.skills.extraction.esco import (
    EscoFolderError,
    LabelStats,
    split_alt_field,
    split_labels_and_description,
)

STATS = LabelStats.from_labels(
    [
        "manage staff",
        "coordinate duties",
        "direct musical staff",
        "manage music staff",
        "assign tasks",
        "prepare food",
        "cook food",
        "apply HACCP",
        "work in teams",
        "supervise staff",
        "supervise correctional procedures",
        "manage correctional procedures",
    ]
)


def test_split_alt_field():
    assert split_alt_field("a b | c d\ne") == ["a b", "c d", "e"]
    assert split_alt_field("") == []


def test_split_labels_and_description():
    pref, alts, desc = split_labels_and_description(
        "manage musical staff",
        "manage musical staff manage music staff direct musical staff "
        "Assign and manage staff tasks in areas such as scoring.",
        STATS,
    )
    assert pref == "manage musical staff"
    assert alts == ["manage music staff", "direct musical staff"]
    assert desc.startswith("Assign and manage")


def test_split_keeps_names_in_alt_labels():
    _pref, alts, desc = split_labels_and_description(
        "Haskell", "Haskell Haskell techniques The techniques of Haskell.", STATS
    )
    assert alts == ["Haskell techniques"]
    assert desc.startswith("The techniques")


def write(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def test_load_official_layout(tmp_path):
    uri = "http://data.europa.eu/esco/skill/1"
    write(
        tmp_path / "en" / "skills_en.csv",
        ["conceptUri", "preferredLabel", "altLabels", "hiddenLabels"],
        [[uri, "prepare food", "cook food\nmake meals", "food prep"]],
    )
    write(
        tmp_path / "nl" / "skills_nl.csv",
        ["conceptUri", "preferredLabel", "altLabels", "hiddenLabels"],
        [[uri, "voedsel bereiden", "koken", ""]],
    )
    entries = load_esco_lexicon(tmp_path)
    got = {(e.label, e.lang, e.kind) for e in entries}
    assert got == {
        ("prepare food", "en", "preferred"),
        ("cook food", "en", "alt"),
        ("make meals", "en", "alt"),
        ("food prep", "en", "hidden"),
        ("voedsel bereiden", "nl", "preferred"),
        ("koken", "nl", "alt"),
    }
    found = Extractor(entries).extract("Je gaat voedsel bereiden in onze keuken.")
    assert [f.skill for f in found.found] == [uri]


def test_load_development_layout_with_collections(tmp_path):
    uri1 = "http://data.europa.eu/esco/skill/1"
    uri2 = "http://data.europa.eu/esco/skill/2"
    uri3 = "http://data.europa.eu/esco/skill/3"
    uri4 = "http://data.europa.eu/esco/skill/4"
    write(
        tmp_path / "en" / "skills_en.csv",
        ["conceptUri", "preferredLabel", "labelsAndDescription"],
        [
            [uri1, "work in teams", "work in teams work in groups Work well with others."],
            [uri2, "", "apply HACCP use HACCP Apply the rules."],
            [uri3, "apply rules", "apply rules Apply them."],
            [uri4, "use tools", "use tools Use them."],
            [uri4 + "5", "audit HACCP", "audit HACCP Audit it."],
        ],
    )
    write(
        tmp_path / "en" / "transversalSkillsCollection_en.csv",
        ["conceptType", "conceptUri", "preferredLabel", "altLabels"],
        [["KnowledgeSkillCompetence", uri1, "work in teams", "work in groups | team work"]],
    )
    write(
        tmp_path / "nl" / "transversalSkillsCollection_nl.csv",
        ["conceptType", "conceptUri", "preferredLabel", "altLabels"],
        [["KnowledgeSkillCompetence", uri1, "in teams werken", "samenwerken"]],
    )
    entries = load_esco_lexicon(tmp_path)
    got = {(e.skill, e.label, e.lang, e.kind) for e in entries}
    assert (uri1, "team work", "en", "alt") in got  # separated alt labels win
    assert (uri1, "samenwerken", "nl", "alt") in got
    assert (uri2, "apply HACCP", "en", "preferred") in got  # preferred label recovered
    assert (uri2, "use HACCP", "en", "alt") in got


def test_unreadable_file_is_named(tmp_path):
    path = tmp_path / "en" / "skills_en.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"conceptUri,preferredLabel\n\xff\xfe,x\n")
    with pytest.raises(EscoFolderError, match="skills_en.csv"):
        load_esco_lexicon(tmp_path)
