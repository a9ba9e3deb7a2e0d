"""The analyser on a small synthetic taxonomy (conftest.py): occupation first, ranking by
evidence, context rules, unmatched phrases, limits and the index cache (pure Python)."""

import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from economie071.skills.extraction import (
    ASKED_CONFIDENCE,
    MAX_TEXT_CHARS,
    ExtractionIndex,
    TextTooLongError,
    VacancyAnalyser,
    load_or_build,
)
from economie071.skills.extraction.analysis import Params
from economie071.skills.extraction.index import cache_path, index_fingerprint
from tests.work import calls_made

from .conftest import (
    BUDGET,
    CHEF_TOOL,
    CLEAN,
    COOK,
    COOK_OCC,
    HACCP,
    LEAD,
    ML,
    SERVE,
    STOCK,
    STRESS,
    WAITER_OCC,
    WINE,
    lexicon,
    taxonomy,
)

KOK = """Zelfstandig werkend kok
Wij zijn een groeiende brasserie. Machine learning is een trend in de sector.
Wat ga je doen?
- Je bereidt gerechten volgens de HACCP-richtlijnen
- Je houdt de voorraad bij
Wat vragen wij?
- Je bent stressbestendig
- Je hebt ervaring met het organiseren van proeverijen voor vaste gasten en leveranciers
Wat bieden wij?
- Een opleiding leidinggeven en een cursus budget beheren
"""


@pytest.fixture(scope="module")
def analyser(index):
    return VacancyAnalyser(index)


def by_skill(result):
    return {p.skill: p for p in result.proposals}


def test_the_occupation_comes_from_the_title_with_its_evidence(analyser):
    result = analyser.analyse(KOK, title="Zelfstandig werkend kok (m/v/x)")
    best = result.occupations[0]
    assert best.occupation == COOK_OCC and result.occupation == COOK_OCC
    assert [s.text for s in best.in_title] == ["kok"]
    assert not result.confirmed


def test_skills_the_text_asks_for_outrank_the_profile(analyser):
    result = analyser.analyse(KOK, title="Kok")
    p = by_skill(result)
    assert p[COOK].source == "both" and p[COOK].relation == "essential"
    assert p[STRESS].source == "text"
    assert p[CLEAN].source == "occupation" and not p[CLEAN].evidence  # profile only
    asked = [x.rank for x in result.proposals if x.tier == "asked"]
    rest = [x.rank for x in result.proposals if x.tier != "asked"]
    assert asked and rest and max(asked) < min(rest)
    assert [x.rank for x in result.proposals] == list(range(1, len(result.proposals) + 1))
    # evidence spans index the text
    for x in result.proposals:
        for span in x.evidence:
            assert KOK[span.start : span.end] == span.text


def test_the_confidence_says_whether_the_text_asks_for_a_skill(analyser):
    """A stored proposal keeps its confidence, not its tier: the employer's page tells the
    skills asked for from those named in passing by the confidence alone."""
    for occupation in (None, WAITER_OCC):
        result = analyser.analyse(KOK, title="Kok", occupation=occupation)
        tiers = {p.tier for p in result.proposals}
        assert {"asked", "profile"} <= tiers
        for p in result.proposals:
            assert (p.tier == "asked") == (p.confidence >= ASKED_CONFIDENCE), p


def test_more_text_evidence_is_asked_of_a_skill_outside_the_profile(index):
    """A skill the occupation does not need must be named more clearly to count as asked for;
    below that it comes after the profile, and the profile's own skills are not affected."""
    default = by_skill(VacancyAnalyser(index).analyse(KOK, title="Kok"))
    assert default[STRESS].tier == "asked" and default[STRESS].relation == ""
    evidence = default[STRESS].text_evidence
    strict = VacancyAnalyser(index, Params(explicit_outside=evidence + 0.01))
    result = strict.analyse(KOK, title="Kok")
    p = by_skill(result)
    assert p[STRESS].tier == "weak"
    assert p[COOK].tier == "asked"  # in the profile: the usual threshold
    profile = [x.rank for x in result.proposals if x.tier == "profile"]
    assert profile and p[STRESS].rank > max(profile)


def test_a_hyphenated_compound_counts_when_its_other_part_names_a_skill(analyser):
    p = by_skill(analyser.analyse(KOK, title="Kok"))
    assert p[HACCP].tier == "asked"  # "HACCP-richtlijnen"


def test_job_titles_and_compounds_are_no_skill_evidence(analyser):
    text = "Wat vragen wij?\n- Ervaring als Chef-kok in een drukke keuken"
    result = analyser.analyse(text, title="Chef-kok")
    assert CHEF_TOOL not in {x.skill for x in result.proposals if x.tier == "asked"}
    tool = analyser.analyse(
        "Wat vragen wij?\n- Ervaring met Chef en Puppet", title="DevOps", mode="text"
    )
    assert CHEF_TOOL in {x.skill for x in tool.proposals}


def test_company_trend_and_offer_sentences_are_no_requirements(analyser):
    p = by_skill(analyser.analyse(KOK, title="Kok"))
    assert ML not in p or p[ML].tier != "asked"  # "... is een trend in de sector"
    assert LEAD not in p or p[LEAD].tier != "asked"  # "Wat bieden wij? ... opleiding"
    assert BUDGET not in p or p[BUDGET].tier != "asked"
    asked = analyser.analyse(
        "Jouw profiel\n- Je hebt ervaring met machine learning", title="Data scientist", mode="text"
    )
    assert ML in {x.skill for x in asked.proposals if x.tier == "asked"}


def test_unmatched_requirement_sentences_are_shown(analyser):
    result = analyser.analyse(KOK, title="Kok")
    texts = [s.text for s in result.unmatched]
    assert any("proeverijen" in t for t in texts)
    for span in result.unmatched:
        assert KOK[span.start : span.end] == span.text
    assert not any("gerechten" in t for t in texts)  # matched phrases are not "unmatched"


def test_a_confirmed_occupation_gives_the_profile(analyser):
    result = analyser.analyse(KOK, title="Kok", occupation=WAITER_OCC)
    p = by_skill(result)
    assert result.confirmed and result.occupation == WAITER_OCC
    assert p[SERVE].source == "occupation" and p[SERVE].relation == "essential"
    assert p[STRESS].source == "both"  # asked in the text, optional for a waiter
    assert STOCK in p and p[STOCK].source == "text"  # asked, not in the waiter's profile


def test_modes_text_only_and_occupation_only(analyser):
    text_only = analyser.analyse(KOK, title="Kok", mode="text")
    assert not text_only.occupations and text_only.occupation is None
    assert {x.source for x in text_only.proposals} == {"text"}
    profile = analyser.analyse(KOK, title="Kok", mode="occupation")
    assert {x.skill for x in profile.proposals} == {COOK, CLEAN, STOCK, HACCP, WINE}
    assert [x.relation for x in profile.proposals][-1] == "optional"  # essential first


def test_occupation_from_skills_when_the_title_says_nothing(analyser):
    text = "Wat ga je doen?\n- Je bedient gasten\n- Je schenkt wijn\n- Je bent stressbestendig"
    result = analyser.analyse(text, title="Vacature 123")
    assert result.occupations[0].occupation == WAITER_OCC
    assert set(result.occupations[0].shared) >= {WINE}


def test_a_common_word_alone_names_no_occupation(index):
    assert WAITER_OCC not in index.occupations.title_scores("Medewerker")


def test_the_head_of_a_compound_in_running_text_is_no_mention(index):
    # "domeinkok" in running text is not the occupation "kok"; in a title it may be
    assert COOK_OCC not in index.occupations.mentions("Je rapporteert aan de domeinkok.")
    assert COOK_OCC in index.occupations.mentions("Als kok sta je in de keuken.")


def test_limits(analyser):
    with pytest.raises(TextTooLongError):
        analyser.analyse("a" * (MAX_TEXT_CHARS + 1))
    with pytest.raises(TextTooLongError):
        analyser.analyse("tekst", title="t" * 301)
    with pytest.raises(TypeError):
        analyser.analyse(b"bytes")
    empty = analyser.analyse("", title="")
    assert empty.proposals == () and empty.occupations == ()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600),
    title=st.text(max_size=40),
)
def test_never_raises_and_spans_index_the_text(analyser, text, title):
    result = analyser.analyse(text, title=title)
    for p in result.proposals:
        for span in p.evidence:
            assert text[span.start : span.end] == span.text
    for span in result.unmatched:
        assert text[span.start : span.end] == span.text
    assert [p.rank for p in result.proposals] == list(range(1, len(result.proposals) + 1))


PATHOLOGICAL = [
    "kok " * 5,  # one word over and over, no punctuation
    "a" + " " * 60 + "b\n",  # long runs of blanks in a line
    "- gerechten bereiden\n",  # many bullets
    "x" * 97 + "\n",  # very long words
    "a-b-c-d-e-f-g-h ",  # hyphen chains
    "ervaring met kennis van ",  # requirement cues without end
    "Wat ga je doen?\n",  # headings only
    "stressbestendig, ",  # the same skill everywhere
]


@pytest.mark.parametrize("unit", PATHOLOGICAL)
def test_reading_time_is_linear_in_the_text(analyser, unit):
    def work(n):
        return calls_made(analyser.analyse, unit * (n // len(unit)), title="Kok")

    analyser.analyse(unit, title="Kok")  # warm-up: caches filled once are not the text's work
    small, large = work(2_000), work(MAX_TEXT_CHARS)
    ratio = MAX_TEXT_CHARS / 2_000
    # ten times the text: about ten times the work (quadratic would be a hundred)
    assert large <= 1.5 * ratio * small + 1_000, (small, large)


# ------------------------------------------------------------------ the index cache


def test_the_index_survives_its_cache_file(tmp_path, index, analyser):
    path = index.save(tmp_path / "x.pickle")
    loaded = ExtractionIndex.load(path, fingerprint=index.fingerprint)
    assert loaded is not None
    a = analyser.analyse(KOK, title="Kok")
    b = VacancyAnalyser(loaded).analyse(KOK, title="Kok")
    assert [(p.skill, p.rank, p.source) for p in a.proposals] == [
        (p.skill, p.rank, p.source) for p in b.proposals
    ]
    assert ExtractionIndex.load(path, fingerprint="another") is None
    (tmp_path / "bad.pickle").write_bytes(b"not a pickle")
    assert ExtractionIndex.load(tmp_path / "bad.pickle") is None
    (tmp_path / "other.pickle").write_bytes(pickle.dumps({"format": 0}))
    assert ExtractionIndex.load(tmp_path / "other.pickle") is None
    assert ExtractionIndex.load(tmp_path / "missing.pickle") is None


def test_load_or_build_writes_the_cache_once(tmp_path, monkeypatch):
    from economie071.skills.extraction import index as index_module

    calls = []

    def build():
        calls.append(1)
        return taxonomy()

    monkeypatch.setattr(index_module, "read_lexicon", lambda directory=None: lexicon())
    first = load_or_build(tmp_path, "synthetic-1", build)
    path = cache_path(tmp_path, index_fingerprint("synthetic-1"))
    assert path.exists() and calls == [1]
    second = load_or_build(tmp_path, "synthetic-1", build)
    assert calls == [1]  # read from the cache file, not built again
    assert second.fingerprint == first.fingerprint
    load_or_build(tmp_path, "synthetic-2", build)  # another taxonomy version: built
    assert calls == [1, 1]


def test_work_done_is_no_job_title_in_running_text():
    """Plurals name the job ("koks"); a verb or a nominalisation names the work: "coachen" and
    "coaching" are coaching someone, not the job title "coach"."""
    from economie071.skills.extraction.occupations import _running_text_lemmas

    assert "kok" in _running_text_lemmas("koks")
    assert "verpleegkundige" in _running_text_lemmas("verpleegkundigen")
    assert "coach" not in _running_text_lemmas("coachen")
    assert "coach" not in _running_text_lemmas("coaching")


@pytest.mark.parametrize(
    ("title", "job"),
    [
        ("Kok (m/v) - Brasserie De Haven", "Kok"),
        ("Dossierbeheerder (m/v/x) Rijksdienst voor Pensioenen", "Dossierbeheerder"),
        ("Landschapsarchitect Stad Gent (Groendienst)", "Landschapsarchitect"),
        ("Verzorgende thuisdiensten (OCMW Tervuren)", "Verzorgende thuisdiensten"),
        ("Begeleid(st)er buitenschoolse opvang", "Begeleid(st)er buitenschoolse opvang"),
        ("(m/v) Kok", "(m/v) Kok"),  # nothing before the marker: the title stays whole
    ],
)
def test_the_employer_part_of_a_title_is_left_out(title, job):
    from economie071.skills.extraction.occupations import job_title_part

    cleaned = job_title_part(title)
    assert len(cleaned) == len(title)  # offsets into the title stay valid
    assert cleaned.rstrip() == job


def test_an_employer_name_in_the_title_names_no_occupation(index):
    """A cook's job at "Restaurant De Ober": the waiter in the employer's name does not count."""
    scores = index.occupations.title_scores("Kok (m/v) - Restaurant De Ober")
    assert COOK_OCC in scores
    assert WAITER_OCC not in scores
