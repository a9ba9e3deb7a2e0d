"""Our own Dutch vocabulary (lexicon_nl/*.yaml, occupations_nl.yaml, variants.yaml): the
shipped files are well formed and ours, the loader names every problem, and the extractor
reads phrases as a vacancy writes them."""

import csv
from collections import Counter
from pathlib import Path

import pytest

from economie071.core.csvlimits import field_size_limit
from economie071.skills.extraction import (
    LEXICON_DIR,
    Extractor,
    LexiconEntry,
    LexiconError,
    dutch_names,
    lexicon_entries,
    read_lexicon,
    read_occupation_titles,
)
from economie071.skills.extraction import text as tx
from economie071.skills.extraction.lexicon import (
    ESCO_SKILL_URI,
    OCCUPATION_TITLES_FILE,
    read_lexicon_file,
)

ESCO = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "esco"
SKILL = "http://data.europa.eu/esco/skill/"
STRESS = SKILL + "7a147904-22b3-498a-b4d9-7bceeb86b45d"
OFFER = SKILL + "2206af0c-3deb-48c5-a544-b9983d347da3"  # answer requests for quotation


@pytest.fixture(scope="module")
def items():
    return read_lexicon()


# ------------------------------------------------------------------ the shipped files


def test_the_lexicon_is_large_and_well_formed(items):
    assert len(items) >= 1500
    assert all(ESCO_SKILL_URI.match(item.uri) for item in items)
    assert len({item.uri for item in items}) == len(items)
    counts = Counter(len(item.phrases["nl"]) for item in items)
    with_two = sum(n for k, n in counts.items() if k >= 2)
    assert with_two >= 0.95 * len(items)  # more than one phrasing for nearly every skill
    phrases = lexicon_entries(items=items)
    assert len(phrases) >= 6000
    assert {e.kind for e in phrases} == {"phrase"}
    assert all(e.label == " ".join(e.label.split()) and e.label for e in phrases)


def test_the_files_say_the_vocabulary_is_ours_and_hold_no_esco_labels():
    for path in sorted(LEXICON_DIR.glob("*.yaml")) + [OCCUPATION_TITLES_FILE]:
        head = path.read_text(encoding="utf-8")[:1200]
        assert "eigen vertaling" in head and "not part of esco" in head.lower(), path.name
        # the loader refuses anything but uri and phrases (no label:, description:, ...)
        assert "\n  label:" not in path.read_text(encoding="utf-8"), path.name
    assert (LEXICON_DIR / "README.md").exists()


def test_our_dutch_name_is_the_first_phrase(items):
    names = dutch_names(items=items)
    assert names[STRESS] == next(i for i in items if i.uri == STRESS).phrases["nl"][0]
    assert len(names) >= 1500


def test_occupation_titles_are_well_formed():
    titles = read_occupation_titles()
    assert len(titles) >= 50
    flat = [t.lower() for values in titles.values() for t in values]
    assert len(flat) == len(set(flat))
    assert "pedagogisch medewerker" in flat


@pytest.mark.skipif(
    not (ESCO / "en" / "occupationSkillRelations_en.csv").exists(),
    reason="ESCO development copy not available",
)
def test_the_1500_most_needed_skills_have_phrases(items):
    """The 1,500 skills that are most often essential in ESCO's occupation profiles."""
    essential: Counter = Counter()
    path = ESCO / "en" / "occupationSkillRelations_en.csv"
    # the limit only for this file: the process keeps csv's own (see core.csvlimits)
    with path.open(encoding="utf-8-sig") as fh, field_size_limit(2**31 - 1):
        for row in csv.DictReader(fh):
            if row["relationType"] == "essential":
                essential[row["skillUri"]] += 1
    top = sorted(essential, key=lambda u: (-essential[u], u))[:1500]
    ours = {item.uri: len(item.phrases["nl"]) for item in items if item.phrases["nl"]}
    assert not [u for u in top if u not in ours]
    # several phrasings each (verb-noun order, nominalisation, compound, informal wording)
    assert sum(1 for u in top if ours[u] >= 3) >= 0.95 * len(top)


@pytest.mark.skipif(
    not (ESCO / "en" / "skills_en.csv").exists(), reason="ESCO development copy not available"
)
def test_no_phrase_is_the_preferred_label_of_another_skill(items):
    """Such a phrase would never count (the other skill's preferred label wins)."""
    from economie071.skills.extraction import load_esco_lexicon

    def key(lang, label):
        return lang, " ".join(tx.fold(w) for _s, _e, w in tx.tokenize(label))

    preferred: dict = {}
    for e in load_esco_lexicon(ESCO):
        if e.kind == "preferred":
            preferred.setdefault(key(e.lang, e.label), set()).add(e.skill)
    clashes = [
        (item.uri, phrase)
        for item in items
        for lang, values in item.phrases.items()
        for phrase in values
        if preferred.get(key(lang, phrase), {item.uri}) - {item.uri}
    ]
    assert clashes == []


# ------------------------------------------------------------------ the loader


def _write(tmp_path, name, body):
    (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


def test_a_label_field_is_refused(tmp_path):
    _write(
        tmp_path,
        "a.yaml",
        f"skills:\n- uri: {STRESS}\n  label: cope with stress\n  nl: [stressbestendig]\n",
    )
    with pytest.raises(LexiconError, match=r"a\.yaml: item 1 .*unknown field.*label"):
        read_lexicon(tmp_path)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("skills: 3\n", "top-level 'skills:' list"),
        ("skills:\n- uri: http://example.org/x\n  nl: [a]\n", "not an ESCO skill URI"),
        (f"skills:\n- uri: {STRESS}\n  nl: []\n", "no phrases"),
        (f"skills:\n- uri: {STRESS}\n  nl: [a, A]\n", "lists a phrase twice"),
        (f"skills:\n- uri: {STRESS}\n  nl: [{'x' * 200}]\n", "longer than"),
        (f"skills:\n- uri: {STRESS}\n  nl: [3]\n", "non-empty strings"),
        ("skills: [\n", "cannot read"),
    ],
)
def test_malformed_items_are_named(tmp_path, body, problem):
    path = _write(tmp_path, "a.yaml", body) / "a.yaml"
    with pytest.raises(LexiconError, match=problem):
        read_lexicon_file(path)


def test_a_phrase_names_one_skill_across_files(tmp_path):
    _write(tmp_path, "a.yaml", f"skills:\n- uri: {STRESS}\n  nl: [stressbestendig]\n")
    _write(tmp_path, "b.yaml", f"skills:\n- uri: {OFFER}\n  nl: [Stressbestendig]\n")
    with pytest.raises(LexiconError, match=r"b\.yaml: item 1.*also in a\.yaml: item 1"):
        read_lexicon(tmp_path)


def test_a_skill_is_in_one_file(tmp_path):
    _write(tmp_path, "a.yaml", f"skills:\n- uri: {STRESS}\n  nl: [a]\n")
    _write(tmp_path, "b.yaml", f"skills:\n- uri: {STRESS}\n  nl: [b]\n")
    with pytest.raises(LexiconError, match="also"):
        read_lexicon(tmp_path)


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(LexiconError, match="no lexicon files"):
        read_lexicon(tmp_path)


def test_entries_follow_the_app_ids_and_drop_skills_not_imported(tmp_path):
    _write(
        tmp_path,
        "a.yaml",
        f"skills:\n- uri: {STRESS}\n  nl: [stressbestendig]\n"
        f"  en: [calm under pressure]\n"
        f"- uri: {OFFER}\n  nl: [offertes maken]\n",
    )
    entries = lexicon_entries({STRESS: 7}, directory=tmp_path)
    assert {(e.skill, e.lang, e.label) for e in entries} == {
        (7, "nl", "stressbestendig"),
        (7, "en", "calm under pressure"),
    }
    assert {e.skill for e in lexicon_entries({OFFER}, directory=tmp_path)} == {OFFER}


def test_occupation_titles_file_errors(tmp_path):
    occ = "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34"
    path = tmp_path / "o.yaml"
    path.write_text(f"occupations:\n- uri: {occ}\n  nl: [kok]\n- uri: {occ}\n  nl: [chef]\n")
    with pytest.raises(LexiconError, match="listed twice"):
        read_occupation_titles(path)
    path.write_text(f"occupations:\n- uri: {occ}\n  nl: [kok, Kok]\n")
    with pytest.raises(LexiconError, match="also in item 1"):
        read_occupation_titles(path)
    path.write_text(f"occupations:\n- uri: {occ}\n  label: cook\n  nl: [kok]\n")
    with pytest.raises(LexiconError, match="uri and nl only"):
        read_occupation_titles(path)


# ------------------------------------------------------------------ reading phrases


def test_phrases_meet_vacancy_wording(items):
    """Word order, nominalisation, a Flemish verb (variants.yaml) and a separable verb."""
    ex = Extractor(
        [
            LexiconEntry(OFFER, "answer requests for quotation", "en"),
            *lexicon_entries({OFFER}, items=items),
        ]
    )
    for text in (
        "Je stelt offertes op voor klanten.",
        "het opmaken van complexe offertes",
        "Offertes opstellen hoort erbij.",
    ):
        assert OFFER in {f.skill for f in ex.extract(text, "nl").found}, text


def test_variants_are_read_as_one_word():
    assert tx.lemma("opmaken", "nl") == tx.lemma("opstellen", "nl") == "opstellen"
    assert tx.lemma("ingegeven", "nl") == "invoeren"
    assert tx.lemma("evoluties", "nl") == "ontwikkeling"
    assert "_" not in tx.lemma("bijhouden", "nl")  # simplemma's separable-verb mark goes


@pytest.fixture(scope="module")
def ours(items):
    """An extractor over our own phrases only (no ESCO labels needed)."""
    return Extractor(lexicon_entries(items=items))


def found(ex, text):
    return {f.skill for f in ex.extract(text, "nl").found}


WORK_INDEPENDENTLY = SKILL + "c29aa9d2-4da8-4bdd-831c-8d4a2fb51730"
SHOW_DETERMINATION = SKILL + "19a64e91-bfe3-4c48-9225-3bb1229b12f0"
IRON_TEXTILES = SKILL + "562b1180-83e7-4041-8468-2f28d03b7893"
WRITE_REPORTS = SKILL + "918f5211-b99f-4b29-9a34-6e475583ef55"
BASIC_PATIENT_SUPPORT = SKILL + "24f980ba-b44f-4739-b563-205104c3190d"


def test_attitudes_asked_in_one_word_are_found(ours):
    skills = found(ours, "Wie ben jij?\n- Je bent zelfstandig en resultaatgericht.")
    assert {WORK_INDEPENDENTLY, SHOW_DETERMINATION} <= skills


@pytest.mark.parametrize(
    ("text", "uri_start"),
    [
        ("Je durft verantwoordelijkheid te dragen.", "199f7919"),
        ("Je hebt een zelfstandige werkhouding.", "c29aa9d2"),
        ("Je kunt werken onder druk.", "7a147904"),
        ("Je hebt een goede beheersing van het Nederlands.", "c44b765b"),
        ("Je bent bereid om avond- en weekenddiensten te draaien.", "6f2721bf"),
        ("Je hebt goede contactuele vaardigheden.", "15d76317"),
        ("Je handelt e-mails af en bemant de telefoon.", "ec0bbf39"),
        ("Je bent besluitvaardig en houdt het overzicht: je hebt een helicopterview.", "d56e2c2f"),
        ("Je denkt mee over verbeteringen.", "e186976a"),
        ("Je rapporteert aan de leidinggevende.", "f9411f5f"),
        ("Je bent nieuwsgierig en ondernemend.", "bdcf429c"),
    ],
)
def test_common_vacancy_wording_is_found(ours, text, uri_start):
    """The wording nearly every Dutch vacancy uses for transversal skills."""
    assert any(s.rsplit("/", 1)[1].startswith(uri_start) for s in found(ours, text)), text


def test_each_task_of_a_list_keeps_its_own_skill(ours):
    """No phrase joins two skills: "wassen, strijken" still names ironing."""
    assert IRON_TEXTILES in found(ours, "Je doet huishoudelijke taken: koken, wassen en strijken.")


def test_reporting_to_a_boss_is_no_report_writing(ours):
    assert WRITE_REPORTS not in found(ours, "Je rapporteert aan de ploegbaas van de groendienst.")
    assert WRITE_REPORTS in found(ours, "Je schrijft rapporten over de uitgevoerde controles.")


def test_care_wording_is_found(ours):
    assert BASIC_PATIENT_SUPPORT in found(ours, "Je staat in voor de persoonlijke verzorging.")


# ------------------------------------------------------------------ Dutch sentence structure

MANAGE_CONTRACTS = SKILL + "92721092-fe7c-4689-96bd-4f02385bc0e7"
CUSTOMER_RELATIONS = SKILL + "2239694b-771a-4586-8b54-2794e361a9ae"
INSPECTIONS = SKILL + "36e9c099-614e-44f1-ab0a-5e6fda4a0763"
TENDER_DOCUMENTS = SKILL + "6789d5a3-34ca-4417-bb93-331319b01da3"
QUALITY_CONTROL = SKILL + "41a3240f-58ba-44e2-a688-edeb21ea5c16"
PROCUREMENT = SKILL + "9e9a4209-c7cf-4f6e-973e-dc2ffadccc74"
DRESSING = SKILL + "497b85db-c3ba-4d41-bc90-c2fd72eaa899"
TROUBLESHOOT = SKILL + "334e3e49-fb02-4051-809a-f06adfdc1c40"


def evidence(ex, text, skill):
    """The text's words that name the skill (its evidence spans, as the original text has them)."""
    (f,) = [f for f in ex.extract(text, "nl").found if f.skill == skill]
    for span in f.evidence:
        assert text[span.start : span.end] == span.text
    return [span.text for span in f.evidence]


def test_elided_compounds_are_read_written_out(ours):
    """'contract- en relatiebeheer' is contractbeheer and relatiebeheer; the evidence is the
    original wording."""
    text = "Je bent verantwoordelijk voor contract- en relatiebeheer."
    assert {MANAGE_CONTRACTS, CUSTOMER_RELATIONS} <= found(ours, text)
    assert evidence(ours, text, MANAGE_CONTRACTS) == ["contract- en relatiebeheer"]
    assert evidence(ours, text, CUSTOMER_RELATIONS) == ["relatiebeheer"]
    assert PROCUREMENT in found(ours, "Je bent verantwoordelijk voor de in- en verkoop.")
    assert MANAGE_CONTRACTS in found(ours, "Je doet planning-, contract- en leveranciersbeheer.")
    # the elided part at the start: "kwaliteitszorg en -controle"
    text = "Je bent verantwoordelijk voor kwaliteitszorg en -controle."
    assert QUALITY_CONTROL in found(ours, text)
    assert evidence(ours, text, QUALITY_CONTROL) == ["kwaliteitszorg en -controle"]
    # a phrase written with the ellipsis meets the text written the same way, whole
    text = "Je helpt de kinderen bij het aan- en uitkleden."
    assert evidence(ours, text, DRESSING) == ["aan- en uitkleden"]
    # hyphenated words and numbers are no ellipsis
    assert MANAGE_CONTRACTS not in found(ours, "Een 1- of 2-jarig contract met relatiebeheer.")


def test_ellipsis_expansion_keeps_offsets():
    e = tx.expand_ellipsis("Onderhouds- en reparatiewerkzaamheden, advies- en ondersteuningstaken.")
    assert e.text == (
        "Onderhoudswerkzaamheden en reparatiewerkzaamheden, adviestaken en ondersteuningstaken."
    )
    assert tx.expand_ellipsis("Chef-kok en hulpkok").starts is None
    assert tx.expand_ellipsis("in- en verkoop").text == "inkoop en verkoop"
    # an s after -ing links the parts; otherwise the longest last part is shared
    assert tx.expand_ellipsis("gok-, kans- en loterijspelen").text == (
        "gokspelen, kansspelen en loterijspelen"
    )


def test_separable_verbs_split_by_the_sentence(ours):
    """A Dutch clause separates the particle from its verb: main clause ("je stelt ... op"),
    the particle before a comma, a list between verb and particle, an infinitive with "te"."""
    for text in (
        "Je voert inspecties uit.",
        "Je voert periodieke inspecties van de gebouwen uit, en je rapporteert aan je chef.",
        "Je voert inspecties uit, schrijft verslagen en adviseert het bestuur.",
        "Je bent verantwoordelijk om inspecties uit te voeren.",
    ):
        assert INSPECTIONS in found(ours, text), text
    for text in (
        "Je maakt bestekken op.",
        "Je stelt bestekken op, controleert facturen en begeleidt aannemers.",
        "Je hebt als taak om bestekken op te stellen.",
    ):
        assert TENDER_DOCUMENTS in found(ours, text), text
    # the verb's bare stem before "je": "los je ... op" is "oplossen", "maak je ... op" is
    # "opmaken" (read as "opstellen")
    assert TROUBLESHOOT in found(ours, "Vervolgens los je de storingen op.")
    assert TENDER_DOCUMENTS in found(ours, "Daarna maak je de bestekken op.")
    # a verb said once belongs to every item of the list
    assert {TENDER_DOCUMENTS, OFFER} <= found(ours, "Je stelt bestekken en offertes op.")
    assert {TENDER_DOCUMENTS, OFFER} <= found(ours, "Je stelt bestekken, plannen en offertes op.")


MANAGE_TEAM = SKILL + "cb668e89-6ef5-4ff3-ab4a-506010e7e70b"


def test_function_words_do_not_keep_the_words_of_a_phrase_apart(ours):
    """Articles, pronouns and prepositions between the words of a phrase in any order do not
    count; other words do: "geef jij leiding aan een veelzijdig team" is leading a team."""
    assert MANAGE_TEAM in found(ours, "Als manager geef jij leiding aan een veelzijdig team.")
    far = "Je geeft leiding bij projecten, planning, budget, inkoop, verkoop en het team."
    assert MANAGE_TEAM not in found(ours, far)


SELL_PRODUCTS = SKILL + "29a50780-f81b-429c-b410-7f23a492e19d"
MANAGE_STOCK = SKILL + "ab6265f2-a9bf-49e8-a9a5-67cbab4de38b"


def test_a_noun_meets_its_verb_across_the_long_vowel_spelling(ours):
    """Dutch doubles a long vowel in a closed syllable only: "het beheer van de voorraad" is
    "voorraden beheren", "verkoop van producten" is "producten verkopen"."""
    assert tx.stem("beheer", "nl") == tx.stem("beheren", "nl")
    assert tx.stem("verkoop", "nl") == tx.stem("verkopen", "nl")
    assert MANAGE_STOCK in found(ours, "Je bent verantwoordelijk voor het beheer van de voorraad.")
    assert SELL_PRODUCTS in found(ours, "Verkoop van producten aan klanten.")
