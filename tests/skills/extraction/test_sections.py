"""The parts of a vacancy text (pure Python)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from economie071.skills.extraction import sections as sx
from tests.work import calls_made

TEXT = """Kok gezocht
Wij zijn een groeiende brasserie in het centrum. De horeca digitaliseert snel.
Wat ga je doen?
- Je bereidt gerechten
Taken: je houdt de voorraad bij
Wat vragen wij?
- Je bent stressbestendig
Wat bieden wij?
- Een opleiding leidinggeven
Over ons
Onze keuken is bekend in de regio.
Solliciteren
Mail ons.
"""


def kinds(text):
    return [
        (b.kind, b.heading, b.about_company, text[b.start : b.end]) for b in sx.read_sections(text)
    ]


def test_headings_set_the_kind_of_what_follows():
    blocks = {text: (kind, heading) for kind, heading, _a, text in kinds(TEXT)}
    assert blocks["Wat ga je doen?"] == (sx.TASKS, True)
    assert blocks["- Je bereidt gerechten"] == (sx.TASKS, False)
    assert blocks["Taken: je houdt de voorraad bij"] == (sx.TASKS, False)  # inline heading
    assert blocks["- Je bent stressbestendig"] == (sx.REQUIREMENTS, False)
    assert blocks["- Een opleiding leidinggeven"] == (sx.OFFER, False)
    assert blocks["Onze keuken is bekend in de regio."][0] == sx.COMPANY
    assert blocks["Mail ons."][0] == sx.APPLY
    assert blocks["Kok gezocht"][0] == sx.INTRO


def test_company_and_trend_sentences_are_marked_and_weigh_little():
    by_text = {text[b.start : b.end]: b for b in sx.read_sections(TEXT) for text in [TEXT]}
    about = by_text["Wij zijn een groeiende brasserie in het centrum."]
    trend = by_text["De horeca digitaliseert snel."]
    assert about.about_company and about.weight < 0.25
    assert not trend.about_company  # no cue word: an ordinary introduction sentence
    assert by_text["- Je bereidt gerechten"].weight == 1.0
    assert by_text["- Een opleiding leidinggeven"].weight <= 0.1
    assert by_text["Wat ga je doen?"].weight == 0.0  # a heading is no evidence


def test_a_sentence_to_the_candidate_is_not_about_the_company():
    text = "Wij zijn een groeiende organisatie en jij helpt ons groeien in de sector."
    (block,) = sx.read_sections(text)
    assert not block.about_company


def test_headings_in_english_and_flemish():
    for heading, kind in [
        ("Jobinhoud", sx.TASKS),
        ("Functieomschrijving:", sx.TASKS),
        ("PROFIEL", sx.REQUIREMENTS),
        ("Your profile", sx.REQUIREMENTS),
        ("Functie-eisen", sx.REQUIREMENTS),
        ("Ons aanbod", sx.OFFER),
        ("What we offer", sx.OFFER),
        ("Wie zijn wij?", sx.COMPANY),
    ]:
        assert sx.heading_kind(heading) == kind, heading
    assert sx.heading_kind("Je bereidt gerechten en houdt de voorraad bij.") is None
    assert sx.heading_kind("- Taken") is sx.TASKS or sx.heading_kind("- Taken") == sx.TASKS


def test_section_map_finds_the_block_of_an_offset():
    blocks = sx.read_sections(TEXT)
    smap = sx.SectionMap(blocks)
    at = TEXT.index("bereidt")
    assert smap.block_at(at).kind == sx.TASKS
    assert smap.weight_at(TEXT.index("\n")) == sx.WEIGHTS[sx.INTRO]  # between blocks
    assert smap.has_structure()


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_blocks_lie_in_the_text_in_order(text):
    blocks = sx.read_sections(text)
    last = 0
    for b in blocks:
        assert 0 <= b.start < b.end <= len(text)
        assert b.start >= last
        last = b.end
        assert b.kind in sx.KINDS


def test_reading_is_linear_in_the_text():
    for unit in ("woord " * 10, "a" * 50, " " * 50 + "x", "Taken:\n", "- x\n", "Wij zijn. "):
        small = calls_made(sx.read_sections, unit * (2_000 // len(unit)))
        large = calls_made(sx.read_sections, unit * (20_000 // len(unit)))
        # ten times the text: about ten times the work (quadratic would be a hundred)
        assert large <= 15 * small + 100, (unit, small, large)


def test_an_employer_heading_marks_the_company_part():
    text = (
        "Taken\n- Je behandelt vragen van klanten\n"
        "Werkgever\nEr is 1 vacante plaats bij de dienst.\n"
    )
    blocks = {t: (kind, heading) for kind, heading, _a, t in kinds(text)}
    assert blocks["- Je behandelt vragen van klanten"] == (sx.TASKS, False)
    assert blocks["Werkgever"] == (sx.COMPANY, True)
    assert blocks["Er is 1 vacante plaats bij de dienst."][0] == sx.COMPANY


def test_formal_conditions_of_public_employment_are_no_skill_evidence():
    text = (
        "Wat vragen wij?\n"
        "- Je geniet de burgerlijke en politieke rechten.\n"
        "- Je legt een uittreksel uit het strafregister voor.\n"
        "- Je bent stressbestendig.\n"
        "Taken\n- Je verstrekt uittreksels aan burgers.\n"
    )
    weights = {text[b.start : b.end]: b.weight for b in sx.read_sections(text)}
    assert weights["- Je geniet de burgerlijke en politieke rechten."] == 0
    assert weights["- Je legt een uittreksel uit het strafregister voor."] == 0
    assert weights["- Je bent stressbestendig."] == 1.0
    # issuing extracts is a task of civil affairs, not a formal condition
    assert weights["- Je verstrekt uittreksels aan burgers."] > 0


def test_a_job_descriptions_contacts_are_work_not_the_application():
    # "Contacten" in a job description lists with whom the job deals and about what;
    # "Contact" and "Contactpersoon" are how to apply
    assert sx.heading_kind("Contacten") == sx.TASKS
    assert sx.heading_kind("Interne en externe contacten") == sx.TASKS
    assert sx.heading_kind("Contact") == sx.APPLY
    assert sx.heading_kind("Contactpersoon") == sx.APPLY
    text = "Contacten\n- met leerlingen om instructie en feedback te geven\n\nContact\nBel ons."
    by_text = {text[b.start : b.end]: b for b in sx.read_sections(text)}
    assert by_text["- met leerlingen om instructie en feedback te geven"].weight == 1.0
    assert by_text["Bel ons."].weight < 0.25
