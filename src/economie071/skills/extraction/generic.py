"""Generic words: on their own they name no specific skill.

A label whose only content word is one of these (or a word that occurs in the labels of
many different skills) is not matched on its own; a multi-word label made only of generic
words ("customer service") is matched but with a lower confidence. Single generic words in
a text never match a part of a longer label ("communicatie" is not "teach communication"):
every content word of a label has to be found. The lists are folded lemmas (lower case,
no accents), both languages together.
"""


def _words(text: str) -> list[str]:
    return text.split()


DEFAULT_GENERIC_TERMS: frozenset[str] = frozenset(
    _words("""
    ability abilities activity administration advice analysis approach area basis business
    care client clients communicate communication competence competency computer contact
    control coordination customer customers data design detail develop development
    documentation duty education environment equipment experience field flexibility
    function goal hardware health help information job knowledge language leadership
    learning level management manage material method monitoring motivation need operation
    operations organisation organization organise organize people person plan planning
    practice problem process product production project quality report reporting research
    responsibility result safety service skill software solution staff standard support
    system task team technique technology tool training user work worker
    help assist make do keep take give get use perform provide ensure carry deal
    activiteit administratie advies afdeling aanpak analyse apparatuur baan basis beheer
    behoefte beleid bedrijf begeleiding klant klanten communicatie communicatief
    communiceren competentie computer contact controle coordinatie dienstverlening doel
    functie gebruiker gereedschap informatie kennis kwaliteit leiding leren materiaal
    medewerker mensen methode motivatie niveau onderhoud onderwijs onderzoek ondersteuning
    ontwerp ontwikkeling ontwikkelen opleiding organisatie organiseren persoon plannen
    planning proces product productie project rapportage resultaat service software
    systeem taak taal team techniek technologie training vaardigheid veiligheid
    verantwoordelijkheid werk werken zorg ervaring flexibiliteit voorziening voorzieningen
    ict it
    """)
)

# nouns after which a generic word does name a skill: "communication skills",
# "communicatieve vaardigheden" may match a label that is exactly that generic word
SKILL_NOUNS: frozenset[str] = frozenset(
    _words("skill skills vaardigheid vaardigheden vaardig competence competencies")
)
