"""A small synthetic taxonomy for the analyser's tests (written for the tests; not ESCO data:
the URIs are made up in ESCO's form so our lexicon's loader accepts them)."""

import pytest

from economie071.skills.extraction import ExtractionIndex, LexiconEntry, TaxonomyData
from economie071.skills.extraction.lexicon import LexiconSkill

SKILL = "http://data.europa.eu/esco/skill/00000000-0000-4000-8000-"
OCC = "http://data.europa.eu/esco/occupation/00000000-0000-4000-8000-"


def uri(n: int, base: str = SKILL) -> str:
    return f"{base}{n:012d}"


COOK, CLEAN, STOCK, HACCP, CHEF_TOOL, ML, STRESS, SERVE, WINE, LEAD, BUDGET = (
    uri(i) for i in range(1, 12)
)
COOK_OCC, WAITER_OCC, DEV_OCC = (uri(i, OCC) for i in range(1, 4))

SKILL_LABELS = [
    (COOK, "use cooking techniques", "en", "preferred"),
    (CLEAN, "ensure cleanliness of food preparation area", "en", "preferred"),
    (STOCK, "monitor stock level", "en", "preferred"),
    (HACCP, "apply HACCP", "en", "preferred"),
    (HACCP, "HACCP", "en", "hidden"),
    (CHEF_TOOL, "Chef (tools for software configuration management)", "en", "preferred"),
    (CHEF_TOOL, "Chef", "en", "alt"),
    (ML, "machine learning", "en", "preferred"),
    (STRESS, "cope with stress", "en", "preferred"),
    (SERVE, "serve food", "en", "preferred"),
    (WINE, "serve wines", "en", "preferred"),
    (LEAD, "lead a team", "en", "preferred"),
    (BUDGET, "manage budgets", "en", "preferred"),
]
PHRASES = {
    COOK: ["gerechten bereiden", "koken"],
    CLEAN: ["keuken schoonmaken"],
    STOCK: ["voorraad bijhouden"],
    STRESS: ["stressbestendig"],
    SERVE: ["gasten bedienen"],
    WINE: ["wijn schenken"],
    LEAD: ["leidinggeven", "leiding geven aan een team"],
    BUDGET: ["budget beheren"],
}
OCCUPATION_LABELS = [
    (COOK_OCC, "kok", "nl", "preferred"),
    (COOK_OCC, "kokkin", "nl", "alt"),
    (COOK_OCC, "cook", "en", "preferred"),
    (WAITER_OCC, "ober", "nl", "preferred"),
    (WAITER_OCC, "serveerster", "nl", "alt"),
    (WAITER_OCC, "waiter", "en", "preferred"),
    (WAITER_OCC, "medewerker", "nl", "hidden"),
    (DEV_OCC, "software ontwikkelaar", "nl", "preferred"),
]
PROFILES = {
    COOK_OCC: ((COOK, CLEAN, STOCK, HACCP), (WINE,)),
    WAITER_OCC: ((SERVE, WINE), (STRESS,)),
    DEV_OCC: ((CHEF_TOOL, ML), ()),
}
RELATIONS = {STOCK: (CLEAN,), CLEAN: (STOCK,)}


def taxonomy() -> TaxonomyData:
    labels = [LexiconEntry(s, label, lang, kind) for s, label, lang, kind in SKILL_LABELS]
    return TaxonomyData(
        skill_labels=labels,
        occupation_labels=[
            LexiconEntry(o, label, lang, kind) for o, label, lang, kind in OCCUPATION_LABELS
        ],
        profiles=PROFILES,
        relations=RELATIONS,
        skill_ids={e.skill: e.skill for e in labels},
        occupation_ids={o: o for o in PROFILES},
        fingerprint="synthetic-1",
    )


def lexicon() -> list[LexiconSkill]:
    return [
        LexiconSkill(uri=u, phrases={"nl": tuple(p), "en": ()}, file="test.yaml", position=i)
        for i, (u, p) in enumerate(PHRASES.items(), 1)
    ]


@pytest.fixture(scope="session")
def index() -> ExtractionIndex:
    return ExtractionIndex.build(taxonomy(), lexicon=lexicon())
