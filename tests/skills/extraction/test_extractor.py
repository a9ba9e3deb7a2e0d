"""The skills extractor on a small hand-made lexicon (no database, no ESCO download)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from economie071.skills.extraction import (
    ExtractionResult,
    Extractor,
    Found,
    LexiconEntry,
    Span,
)

LEXICON = [
    LexiconEntry("teach-communication", "teach communication", "en"),
    LexiconEntry("communication", "communication", "en"),
    LexiconEntry("work-in-teams", "work in teams", "en"),
    LexiconEntry("work-in-teams", "in teams werken", "nl"),
    LexiconEntry("work-in-teams", "samenwerken", "nl", "alt"),
    LexiconEntry("prepare-food", "prepare food", "en"),
    LexiconEntry("prepare-food", "voedsel bereiden", "nl"),
    LexiconEntry("python", "Python (computer programming)", "en"),
    LexiconEntry("python", "Python", "en", "alt"),
    LexiconEntry("quality-control", "kwaliteitscontrole uitvoeren", "nl"),
    LexiconEntry("quality-control", "perform quality control", "en"),
    LexiconEntry("spreadsheets", "use spreadsheets software", "en"),
    LexiconEntry("spreadsheets", "Microsoft Excel", "en", "alt"),
    LexiconEntry("haccp", "apply HACCP", "en"),
    LexiconEntry("haccp", "HACCP", "en", "hidden"),
    LexiconEntry("customer-service", "customer service", "en"),
    LexiconEntry("customer-service", "klantenservice", "nl"),
    LexiconEntry("forklift", "operate forklift", "en"),
    LexiconEntry("forklift", "heftruck besturen", "nl"),
    LexiconEntry("wound-care", "carry out wound care", "en"),
    LexiconEntry("wound-care", "wondverzorging uitvoeren", "nl"),
    LexiconEntry("stress", "cope with stress", "en"),
    LexiconEntry("stress", "omgaan met stress", "nl"),
    LexiconEntry("dutch", "Dutch", "en"),
    LexiconEntry("dutch", "Nederlands", "nl"),
    LexiconEntry("it-tool", "IT", "en"),
    LexiconEntry("chef-tool", "Chef (tools for software configuration management)", "en"),
    LexiconEntry("chef-tool", "Chef", "en", "alt"),
    LexiconEntry("hygiene", "apply hygiene standards", "en"),
    LexiconEntry("hygiene", "hygiënenormen toepassen", "nl"),
    LexiconEntry("kwaliteit", "kwaliteit", "nl"),
    LexiconEntry("controle", "controle", "nl"),
    LexiconEntry("dishwasher", "operate dishwashing machine", "en"),
    LexiconEntry("ambig-a", "write reports", "en", "alt"),
    LexiconEntry("ambig-b", "write reports", "en", "alt"),
    LexiconEntry("ambig-a", "report airport incidents", "en"),
    LexiconEntry("ambig-b", "write work-related reports", "en"),
]


@pytest.fixture(scope="module")
def extractor():
    return Extractor(LEXICON)


def by_skill(result: ExtractionResult) -> dict:
    return {f.skill: f for f in result.found}


def check_spans(text: str, result: ExtractionResult) -> None:
    for found in result.found:
        assert found.evidence
        for span in found.evidence:
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end] == span.text
    for span in result.unmatched:
        assert text[span.start : span.end] == span.text


def test_exact_match_of_a_preferred_label_with_offsets(extractor):
    text = "We need someone who can prepare food and work in teams."
    result = extractor.extract(text)
    found = by_skill(result)
    assert result.lang == "en"
    assert found["prepare-food"].method == "exact"
    [span] = found["prepare-food"].evidence
    assert (span.start, span.end, span.text) == (24, 36, "prepare food")
    assert found["work-in-teams"].evidence[0].text == "work in teams"
    check_spans(text, result)


def test_alt_label_and_name_in_another_language(extractor):
    text = "Je werkt met Microsoft Excel en programmeert in Python."
    found = by_skill(extractor.extract(text))
    assert found["spreadsheets"].evidence[0].text == "Microsoft Excel"
    assert found["python"].evidence[0].text == "Python"
    # a Dutch text: English labels count less than the text's own language would
    assert found["python"].confidence < 0.95


def test_lemma_match_of_inflected_words(extractor):
    text = "You will be preparing food and working in teams."
    found = by_skill(extractor.extract(text))
    assert found["prepare-food"].method == "lemma"
    assert found["prepare-food"].evidence[0].text == "preparing food"
    assert found["work-in-teams"].method == "lemma"


def test_words_in_another_order_match_with_lower_confidence(extractor):
    text = "Experience with food preparation is required."
    found = by_skill(extractor.extract(text))
    assert found["prepare-food"].evidence[0].text == "food preparation"
    assert found["prepare-food"].method == "lemma"
    assert found["prepare-food"].confidence < 0.88


def test_fuzzy_match_of_a_spelling_variant(extractor):
    text = "Je hebt ervaring met kwaliteitskontrole uitvoeren en hygienenormen toepassen."
    found = by_skill(extractor.extract(text, "nl"))
    assert found["quality-control"].method == "fuzzy"
    assert found["quality-control"].evidence[0].text == "kwaliteitskontrole uitvoeren"
    # accents are folded: "hygienenormen" is the exact label without the diaeresis
    assert found["hygiene"].method == "exact"


def test_fuzzy_needs_a_close_word(extractor):
    found = by_skill(extractor.extract("You operate a dishwahsing machine.", "en"))
    assert found["dishwasher"].method == "fuzzy"
    found = by_skill(extractor.extract("You operate a washing machine.", "en"))
    assert "dishwasher" not in found


def test_generic_word_does_not_map_to_a_specific_skill(extractor):
    text = "Goede communicatie en communication zijn belangrijk. We value communication."
    result = extractor.extract(text)
    found = by_skill(result)
    assert "teach-communication" not in found
    assert "communication" not in found  # a generic single word on its own names no skill


def test_generic_word_with_skills_names_the_general_skill(extractor):
    found = by_skill(extractor.extract("Strong communication skills are a must.", "en"))
    assert "communication" in found
    assert "teach-communication" not in found


def test_generic_verb_may_be_left_out(extractor):
    text = "Daily wound care for our clients. Knowledge of HACCP."
    found = by_skill(extractor.extract(text, "en"))
    assert found["wound-care"].evidence[0].text == "wound care"
    assert found["wound-care"].confidence < 0.88
    assert found["haccp"].evidence[0].text == "HACCP"


def test_acronyms_and_names_match_only_as_written(extractor):
    text = "Our chef likes it when it works. The IT team uses Chef."
    found = by_skill(extractor.extract(text, "en"))
    assert [s.text for s in found["it-tool"].evidence] == ["IT"]
    assert [s.text for s in found["chef-tool"].evidence] == ["Chef"]


def test_label_shared_by_several_skills_is_weak(extractor):
    found = by_skill(extractor.extract("You write reports every week.", "en"))
    assert "ambig-a" not in found and "ambig-b" not in found


def test_dutch_compound_that_is_a_lexicon_word_is_not_split():
    extractor = Extractor(
        [
            LexiconEntry("qc", "kwaliteitscontrole uitvoeren", "nl"),
            LexiconEntry("q", "kwaliteit", "nl"),
            LexiconEntry("c", "controle", "nl"),
        ],
        generic_terms=(),
    )
    text = "Je doet de controle van de kwaliteit en gaat kwaliteitscontrole uitvoeren."
    result = extractor.extract(text, "nl")
    found = by_skill(result)
    check_spans(text, result)
    assert [s.text for s in found["q"].evidence] == ["kwaliteit"]
    assert [s.text for s in found["c"].evidence] == ["controle"]
    assert found["qc"].evidence[0].text == "kwaliteitscontrole uitvoeren"


def test_compound_not_in_the_lexicon_is_split():
    extractor = Extractor(
        [
            LexiconEntry("k", "kwaliteit bewaken", "nl"),
            LexiconEntry("b", "bewaken", "nl", "alt"),
            LexiconEntry("z", "zorg", "nl", "alt"),
        ],
        generic_terms=(),
    )
    text = "Kwaliteitsbewaking en zorg"
    result = extractor.extract(text, "nl")
    found = by_skill(result)
    assert found["k"].evidence[0].text == "Kwaliteitsbewaking"
    check_spans(text, result)


def test_same_skill_found_twice_is_proposed_once(extractor):
    text = "Prepare food.\n- You prepare food for guests\n- Voedsel bereiden"
    result = extractor.extract(text, "en")
    foods = [f for f in result.found if f.skill == "prepare-food"]
    assert len(foods) == 1
    # the Dutch label matches in an English text as well: one Found, three places
    texts = [s.text for s in foods[0].evidence]
    assert texts == ["Prepare food", "prepare food", "Voedsel bereiden"]
    assert foods[0].confidence > 0.95  # more mentions, a little more confident
    check_spans(text, result)


def test_overlapping_matches_prefer_the_longest():
    extractor = Extractor(
        [
            LexiconEntry("cs", "customer service", "en"),
            LexiconEntry("pcs", "provide customer service", "en"),
        ]
    )
    found = by_skill(extractor.extract("You provide customer service at the desk."))
    assert set(found) == {"pcs"}


def test_unmatched_requirement_phrases_stay_visible(extractor):
    text = (
        "Wat vragen wij?\n"
        "- Ervaring met Python en Kubernetes\n"
        "- Kennis van allergenen is een pré\n"
        "- Je bent een teamspeler\n"
        "Wat bieden wij?\n"
        "- Een goed salaris en 25 vakantiedagen\n"
        "- Een leuke werkplek\n"
    )
    result = extractor.extract(text, "nl")
    unmatched = [s.text for s in result.unmatched]
    assert "Kubernetes" in unmatched
    assert "allergenen" in unmatched
    assert "Je bent een teamspeler" in unmatched
    assert "Python" not in unmatched  # found as a skill
    assert not any("salaris" in u or "werkplek" in u for u in unmatched)  # an offer section
    check_spans(text, result)


def test_english_cues_for_unmatched(extractor):
    text = "Requirements: experience with Kafka, knowledge of SAP and Python."
    unmatched = [s.text for s in extractor.extract(text).unmatched]
    assert unmatched == ["Kafka", "SAP"]


def test_both_languages_detected(extractor):
    nl = extractor.extract("Wij zoeken een kok die met stress kan omgaan en in teams werken wil.")
    en = extractor.extract("We are looking for a cook who can cope with stress.")
    assert nl.lang == "nl" and en.lang == "en"
    assert "stress" in by_skill(en)
    assert "work-in-teams" in by_skill(nl)


def test_dutch_loose_match_and_language_override(extractor):
    result = extractor.extract("Je kunt goed omgaan met stress.", "nl")
    assert result.lang == "nl"
    assert "stress" in by_skill(result)


def test_results_are_sorted_and_typed(extractor):
    result = extractor.extract("Prepare food, cope with stress and use Microsoft Excel.")
    assert isinstance(result, ExtractionResult)
    assert all(isinstance(f, Found) for f in result.found)
    confidences = [f.confidence for f in result.found]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0 < c <= 0.99 for c in confidences)
    assert all(f.method in {"exact", "lemma", "fuzzy"} for f in result.found)


def test_min_confidence_filters():
    strict = Extractor(LEXICON, min_confidence=0.9)
    found = by_skill(strict.extract("Experience with food preparation and prepare food."))
    assert set(found) == {"prepare-food"}
    assert found["prepare-food"].method == "exact"
    assert Extractor(LEXICON, min_confidence=0.9).extract("food preparation").found == ()


def test_empty_and_odd_texts(extractor):
    assert extractor.extract("").found == ()
    assert extractor.extract("   \n\n - \n•").found == ()
    result = extractor.extract("C++ / C# !!! ??? 123 ---")
    assert isinstance(result.found, tuple)
    with pytest.raises(TypeError):
        extractor.extract(b"bytes")


def test_empty_lexicon():
    result = Extractor([]).extract("prepare food")
    assert result.found == () and result.lang == "en"


def test_spans_are_value_objects():
    assert Span(1, 3, "ab") == Span(1, 3, "ab")


VOCABULARY = (
    "prepare food Python kwaliteitscontrole uitvoeren communication skills - • \n , . ( ) "
    "ervaring met kennis van experience with wondverzorging HACCP Chef IT it é ë ñ 😀 "
    "work in teams omgaan stress heftruck besturen klantenservice"
)
WORDS = st.sampled_from(VOCABULARY.split(" "))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=40).map(" ".join) | st.text(max_size=300))
def test_extraction_never_raises_and_spans_index_the_text(extractor, text):
    result = extractor.extract(text)
    assert result.lang in {"nl", "en"}
    check_spans(text, result)
    skills = [f.skill for f in result.found]
    assert len(skills) == len(set(skills))  # one Found per skill
