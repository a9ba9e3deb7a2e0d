"""Vacancy text -> the occupation it is for and the skills it asks for (pure Python).

    from economie071.skills.extraction import ExtractionIndex, TaxonomyData, VacancyAnalyser

    index = ExtractionIndex.build(TaxonomyData(...))    # or load_or_build(cache_dir, ...)
    result = VacancyAnalyser(index).analyse(text, title="Kok")
    result.occupations    # the best 3 occupations, with their evidence
    result.proposals      # skills in the order the employer sees them
    result.unmatched      # requirement phrases that matched no skill

The parts:

- `text.py`: tokens, folding, lemmas (simplemma, read through our word variants in
  variants.yaml), light stems, compound splitting, language detection;
- `extractor.py`: the lexicon matcher (labels and phrases, any word order, compounds,
  spelling variants, hyphenated compounds);
- `lexicon.py` + `lexicon_nl/*.yaml`: our own Dutch job-ad vocabulary for ESCO skills, and
  `occupations_nl.yaml`: our own Dutch job titles for ESCO occupations ("eigen vertaling");
- `sections.py`: tasks, requirements, offer and company parts of a vacancy text;
- `occupations.py`: the occupation index (title, names in the text, skills);
- `analysis.py`: the analyser (occupation first, candidates, ranking by evidence);
- `index.py`: everything the analyser reads, built once and kept in a cache file;
- `esco.py`: reading an ESCO CSV folder (the benchmark and tests; the app reads its database);
- `phrases.py`: requirement-like phrases ("kennis van X"); `encoding.py`: decoding uploads.

The lexicon entries of a taxonomy are `LexiconEntry(skill, label, lang, kind)`; ESCO labels
have kinds "preferred", "alt", "hidden", our phrases kind "phrase".
"""

from .analysis import (
    ASKED_CONFIDENCE,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    Analysis,
    Params,
    Proposal,
    TextTooLongError,
    VacancyAnalyser,
)
from .encoding import TextEncodingError, decode_text
from .esco import load_esco_lexicon, load_esco_taxonomy, split_labels_and_description
from .extractor import DEFAULT_MIN_CONFIDENCE, Extractor
from .generic import DEFAULT_GENERIC_TERMS
from .index import ExtractionIndex, TaxonomyData, load_or_build
from .lexicon import (
    LEXICON_DIR,
    LexiconError,
    LexiconSkill,
    dutch_names,
    lexicon_entries,
    read_lexicon,
    read_occupation_titles,
)
from .occupations import OccupationIndex, OccupationMatch
from .types import ExtractionResult, Found, LexiconEntry, Span

__all__ = [
    "ASKED_CONFIDENCE",
    "DEFAULT_GENERIC_TERMS",
    "DEFAULT_MIN_CONFIDENCE",
    "LEXICON_DIR",
    "MAX_TEXT_CHARS",
    "MAX_TITLE_CHARS",
    "Analysis",
    "ExtractionIndex",
    "ExtractionResult",
    "Extractor",
    "Found",
    "LexiconEntry",
    "LexiconError",
    "LexiconSkill",
    "OccupationIndex",
    "OccupationMatch",
    "Params",
    "Proposal",
    "Span",
    "TaxonomyData",
    "TextEncodingError",
    "TextTooLongError",
    "VacancyAnalyser",
    "decode_text",
    "dutch_names",
    "lexicon_entries",
    "load_esco_lexicon",
    "load_esco_taxonomy",
    "load_or_build",
    "read_lexicon",
    "read_occupation_titles",
    "split_labels_and_description",
]
