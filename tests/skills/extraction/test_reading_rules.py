"""Rules that keep the extractor from reading skills into words that mean something else,
learnt from real ads (each test: the wrong reading it prevents, and the right one it keeps)."""

import pytest

from economie071.skills.extraction import (
    ExtractionIndex,
    Extractor,
    LexiconEntry,
    OccupationIndex,
    VacancyAnalyser,
)
from economie071.skills.extraction import text as tx

LEXICON = [
    LexiconEntry("independent", "zonder toezicht werken", "nl", "phrase"),
    LexiconEntry("safety", "toezicht houden", "nl", "phrase"),
    LexiconEntry("receive-goods", "goederen ontvangen", "nl", "phrase"),
    LexiconEntry("park", "parkeren", "nl", "phrase"),
    LexiconEntry("signs", "borden plaatsen", "nl", "phrase"),
    LexiconEntry("cleaning", "schoonmaak", "nl", "phrase"),
    LexiconEntry("share", "ervaring delen", "nl", "phrase"),
    LexiconEntry("development", "professionele ontwikkeling", "nl", "phrase"),
    LexiconEntry("complaints", "klachten behandelen", "nl", "phrase"),
    LexiconEntry("speak-dutch", "Nederlands mondeling", "nl", "phrase"),
    LexiconEntry("write-dutch", "Nederlands schriftelijk", "nl", "phrase"),
    LexiconEntry("dutch", "Nederlands", "nl", "phrase"),
    LexiconEntry("collab-software", "MS Teams", "nl", "phrase"),
    LexiconEntry("teamwork", "in een team werken", "nl", "phrase"),
    LexiconEntry("coordinate", "activiteiten coördineren", "nl", "phrase"),
    LexiconEntry("motivate-team", "team motiveren", "nl", "phrase"),
    LexiconEntry("plan-maintenance", "onderhoud plannen", "nl", "phrase"),
    LexiconEntry("use-software", "software gebruiken", "nl", "phrase"),
    LexiconEntry("give-medication", "medicatie verstrekken", "nl", "phrase"),
    LexiconEntry("connector", "verbindende kracht", "nl", "phrase"),
    LexiconEntry("quality-control", "kwaliteitscontrole", "nl", "phrase"),
    LexiconEntry("monitor-quality", "kwaliteit bewaken", "nl", "phrase"),
    LexiconEntry("inspect", "controle uitvoeren", "nl", "phrase"),
    LexiconEntry("kitchen", "keuken schoonmaken", "nl", "phrase"),
]


@pytest.fixture(scope="module")
def extractor():
    return Extractor(LEXICON)


def skills(extractor, text: str) -> set:
    return {f.skill for f in extractor.extract(text, "nl").found}


def test_zonder_turns_a_phrase_around(extractor):
    assert "independent" not in skills(extractor, "Je komt bij Toezicht en Handhaving te werken.")
    assert "independent" in skills(extractor, "Je kunt zonder toezicht werken.")


def test_a_stop_word_does_not_stand_for_a_word_of_a_phrase(extractor):
    assert "receive-goods" not in skills(extractor, "Je zorgt voor een goed onthaal.")
    assert "receive-goods" in skills(
        extractor, "Je bent verantwoordelijk voor het ontvangen van goederen."
    )


def test_the_first_part_of_a_compound_alone_is_no_evidence(extractor):
    assert "park" not in skills(extractor, "Er zijn voldoende parkeerplaatsen.")
    # unless the last part says the first names a skill, or the work of it
    assert "cleaning" in skills(extractor, "Je hebt schoonmaakervaring.")
    assert "cleaning" in skills(extractor, "Je voert schoonmaakwerken uit.")


def test_words_turned_around_count_only_as_dutch_puts_a_verb_first(extractor):
    text = "Voor de afdeling Ruimtelijke Ontwikkeling zoeken we een professionele adviseur."
    assert "development" not in skills(extractor, text)
    assert "complaints" in skills(extractor, "Je behandelt vragen en klachten.")


def test_a_language_named_once_counts_for_both_abilities(extractor):
    found = skills(extractor, "Je beheerst het Nederlands mondeling en schriftelijk.")
    assert {"speak-dutch", "write-dutch"} <= found


def test_a_product_name_is_no_common_word(extractor):
    found = skills(extractor, "Je werkt met MS Teams.")
    assert "collab-software" in found
    assert "teamwork" not in found


def test_a_noun_in_atie_meets_its_verb_in_eren():
    assert tx.token_keys("coordinatie", "nl")[1] == tx.token_keys("coordineren", "nl")[1]
    # "organisatie" is mostly the employer, not the act of organising
    assert tx.token_keys("organisatie", "nl")[1] != tx.token_keys("organiseren", "nl")[1]


def test_the_more_general_of_two_related_skills_gives_way_inside_the_other(extractor):
    index = ExtractionIndex(
        extractor=extractor,
        occupations=OccupationIndex([], {}),
        # "dutch" (the language) is the more general: related to both abilities
        relations={
            "dutch": ("speak-dutch", "write-dutch"),
            "speak-dutch": ("dutch",),
            "write-dutch": ("dutch",),
        },
        names={},
        phrase_skills=frozenset(),
    )
    analyser = VacancyAnalyser(index)
    found = {
        p.skill for p in analyser.analyse("Je spreekt Nederlands mondeling.", mode="text").proposals
    }
    assert "speak-dutch" in found
    assert "dutch" not in found
    # named on its own, the language stays
    alone = {p.skill for p in analyser.analyse("Kennis: Nederlands.", mode="text").proposals}
    assert "dutch" in alone


def test_a_participle_before_its_noun_is_an_adjective_not_the_verb(extractor):
    assert "motivate-team" not in skills(extractor, "Je werkt in een gemotiveerd team.")
    assert "plan-maintenance" not in skills(extractor, "Je voert de geplande onderhoudswerken uit.")
    # the verb itself, before or after its object, and a verb that starts with ge- itself
    assert "motivate-team" in skills(extractor, "Je kunt een team motiveren.")
    assert "plan-maintenance" in skills(extractor, "Je hebt het onderhoud gepland.")
    assert "use-software" in skills(extractor, "Je gebruikt software van de gemeente.")
    # a verb with an unstressed prefix has no ge-: its inflected participle is an adjective
    assert "give-medication" not in skills(extractor, "Je controleert de verstrekte medicatie.")
    assert "give-medication" in skills(extractor, "Je verstrekt medicatie aan bewoners.")
    # a present participle is no past one
    assert "connector" in skills(extractor, "Je bent een verbindende kracht.")


def test_the_search_word_of_an_unmatched_phrase_is_a_noun_of_a_skill_name(extractor):
    # "behandelen" and "klachten" are each in one name: the noun is the better search
    assert extractor.search_word("Je behandelt de klachten van bewoners") == "klacht"
    assert extractor.search_word("Je plaatst de borden langs de weg") == "bord"
    assert extractor.search_word("Wij bieden een fietsvergoeding") == ""
    # an inflected adjective comes after a noun, even a more common one
    assert extractor.search_word("Een professionele omgang met medicatie") == "medicatie"
    assert extractor.search_word("Je bent professioneel") == "professioneel"
    # after an article a word in -en is a noun, not an infinitive
    assert extractor.search_word("Je werkt in een professionele keuken") == "keuken"


def test_a_compound_is_also_read_written_out_with_van(extractor):
    assert "quality-control" in skills(extractor, "Je zorgt voor de controle van de kwaliteit.")
    # word by word, in that order only
    assert "quality-control" not in skills(extractor, "De kwaliteit van de controle is goed.")
    assert "quality-control" not in skills(extractor, "Controle en kwaliteit zijn belangrijk.")
