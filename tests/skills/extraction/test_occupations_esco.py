"""Occupation detection on the ESCO development copy (skipped when it is not here): titles
that name only part of an occupation, Dutch titles beside English names, coordinated names,
and a guessed occupation that must not fill the list with its profile."""

from pathlib import Path

import pytest

from economie071.skills.extraction import VacancyAnalyser, load_esco_taxonomy
from economie071.skills.extraction.esco import esco_folder_fingerprint
from economie071.skills.extraction.index import load_or_build

ESCO = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "esco"

pytestmark = pytest.mark.skipif(
    not (ESCO / "en" / "skills_en.csv").exists(), reason="ESCO development copy not available"
)


@pytest.fixture(scope="module")
def esco(tmp_path_factory):
    data = load_esco_taxonomy(ESCO)
    index = load_or_build(
        tmp_path_factory.mktemp("index"), esco_folder_fingerprint(ESCO), lambda: data
    )
    occupation = {
        e.label: e.skill for e in data.occupation_labels if e.kind == "preferred" and e.lang == "en"
    }
    return index, occupation


def test_each_part_of_a_coordinated_name_names_the_occupation(esco):
    """ESCO's "tuin- en landschapsarchitect" is a landschapsarchitect too."""
    index, occ = esco
    scores = index.occupations.title_scores("Landschapsarchitect Stad Gent (Groendienst)")
    assert scores[occ["landscape architect"]].title == pytest.approx(1.0)
    assert scores[occ["landscape architect"]].title_label == "tuin- en landschapsarchitect"
    # a coordinated title is read written out as well, its spans on the title as written
    title = "Tuin- en landschapsarchitect"
    found = index.occupations.title_scores(title)[occ["landscape architect"]]
    assert found.title == pytest.approx(1.0)
    assert all(title[s.start : s.end] == s.text for s in found.title_spans)


def test_a_dutch_title_word_is_not_read_as_an_english_one(esco):
    """ "bomen" has the Dutch lemma "boom"; the English name "boom operator" is no match."""
    index, occ = esco
    boom = occ["boom operator"]
    scores = index.occupations.title_scores("Tactisch beheerder bomen en groen")
    assert boom not in scores or scores[boom].title == 0
    assert index.occupations.title_scores("Boom operator")[boom].title == pytest.approx(1.0)


def test_a_title_word_no_name_uses_still_counts_when_it_is_a_word(esco):
    """ "buitenwerken" is in no occupation name, but it says what the job is: a name that
    explains only "algemene" explains less of this title than of one whose other word is
    an employer's name."""
    index, occ = esco
    ceo = occ["chief executive officer"]
    with_word = index.occupations.title_scores("Medewerker algemene buitenwerken")
    with_name = index.occupations.title_scores("Medewerker algemene Xqzwerk")
    assert with_word.get(ceo) is None or with_word[ceo].title < with_name[ceo].title


def test_a_guessed_occupation_does_not_fill_the_list_with_its_profile(esco):
    """A title that names only part of an occupation ("Groene makelaar" is no commodity
    broker) and a text that shares no skill with it: the proposals come from the text and
    from the occupations that explain its skills, not from the guessed profile."""
    index, occ = esco
    text = (
        "Als groene makelaar verbind je bewoners, ondernemers en organisaties die hun buurt "
        "willen vergroenen. Je bouwt een netwerk op met bewonersgroepen en maatschappelijke "
        "partners, je organiseert bijeenkomsten en je adviseert initiatiefnemers over "
        "subsidies. Je werkt zelfstandig en bent creatief."
    )
    result = VacancyAnalyser(index).analyse(text, title="Groene makelaar")
    broker = occ["commodity broker"]
    ess, opt = index.occupations.profiles[broker]
    first = result.proposals[:15]
    from_broker = [p for p in first if p.source == "occupation" and p.skill in {*ess, *opt}]
    assert len(from_broker) <= 2
    assert sum(p.source != "occupation" for p in first) >= 4  # the text's own skills first
    assert all(p.source != "occupation" for p in first[:4])


def test_a_name_that_ends_in_a_word_spelled_like_a_function_word_keeps_it(esco):
    """ "teamleider in een mijn" (a mine) and "opzichter mijn" are no plain "teamleider" or
    "opzichter"; "projectleider O & O" (R&D) is no plain "projectleider"."""
    index, occ = esco
    teamleider = index.occupations.title_scores("Teamleider")
    assert teamleider[occ["mine shift manager"]].title < 0.5
    assert index.occupations.title_scores("Opzichter")[occ["mine safety officer"]].title < 0.5
    best = index.occupations.match(title="Projectleider", limit=1)[0]
    assert best.occupation == occ["project manager"]


def test_a_plural_title_the_lemmatiser_does_not_know_is_read_singular(esco):
    """Ads write the title in the plural ("Dossierbeheerders", "Groenarbeiders")."""
    index, occ = esco
    for title, name in (
        ("Groenarbeiders", "groundsman/groundswoman"),
        ("Helpdeskmedewerkers", "ICT help desk agent"),
    ):
        assert index.occupations.title_scores(title)[occ[name]].title == pytest.approx(1.0)


def test_a_name_without_the_titles_person_word_explains_little(esco):
    """The person word is the head of a job title ("Beheerder bomen en groen": a manager of
    trees and green space); "medewerker groen" matches only its object, "planner opname en
    operatie" only a word of the programme's name."""
    index, occ = esco
    groen = index.occupations.title_scores("Beheerder bomen en groen")
    assert groen[occ["groundsman/groundswoman"]].title < 0.15
    assert index.occupations.title_scores("Medewerker groen")[
        occ["groundsman/groundswoman"]
    ].title == pytest.approx(1.0)
    coordinator = index.occupations.title_scores("Coördinator Operatie Steenbreek")
    assert coordinator[occ["waiting list coordinator"]].title < 0.1


def test_a_name_esco_gives_to_several_occupations_goes_to_the_one_our_titles_name(esco):
    """ESCO names more than one occupation "receptionist", "hovenier" or "magazijnmedewerker";
    our job titles say which one employers mean, and decide between equal scores."""
    index, occ = esco
    analyser = VacancyAnalyser(index)
    for title, name in (
        ("Receptionist", "receptionist"),
        ("Hovenier (m/v)", "landscape gardener"),
        ("Magazijnmedewerker", "warehouse worker"),
        ("Metselaar", "bricklayer"),
    ):
        first = analyser.analyse(title, title=title).occupations[0]
        assert first.occupation == occ[name], title
        assert first.title == pytest.approx(1.0)


def test_common_dutch_job_titles_name_their_occupation(esco):
    """Titles Dutch and Flemish employers use that ESCO's Dutch names lack."""
    index, occ = esco
    analyser = VacancyAnalyser(index)
    for title, name in (
        ("Functioneel beheerder", "ICT application configurator"),
        ("Beleidsmedewerker wonen", "housing policy officer"),
        ("Intern begeleider", "special educational needs coordinator"),
        ("Groenvoorziener", "groundsman/groundswoman"),
        ("Verzorgende IG", "healthcare assistant"),
        ("Onderwijsassistent", "primary school teaching assistant"),
        ("Stratenmaker", "road construction worker"),
    ):
        first = analyser.analyse(title, title=title).occupations[0]
        assert first.occupation == occ[name], title


def test_attache_in_a_belgian_title_is_a_grade_not_a_diplomat(esco):
    """Belgian public employers write the grade first: "Attaché ICT (niveau A)" is an ICT
    job, no embassy attaché."""
    index, occ = esco
    matches = (
        VacancyAnalyser(index)
        .analyse("Je beheert de netwerken en servers.", title="Attaché ICT (niveau A)")
        .occupations
    )
    assert occ["embassy counsellor"] not in [m.occupation for m in matches]


def test_a_field_in_a_title_names_its_person(esco):
    """Dutch titles name the field where ESCO names the person: "boekhouding" is the work of a
    "boekhouder", "beveiliging" that of a "beveiliger"."""
    index, occ = esco
    for title, name in (
        ("Administratief assistent Boekhouding", "accounting assistant"),
        ("Medewerker beveiliging", "security guard"),
    ):
        scores = index.occupations.title_scores(title)
        assert max(scores, key=lambda o: scores[o].title) == occ[name], title
