"""Skills extraction from vacancy texts (pure Python, no Django).

See briefs/skills_contract.md for the contract; extractor.py for how a text is read.

The lexicon is a list of `LexiconEntry` (skill id, label, language, kind). ESCO labels give
kinds "preferred", "alt" and "hidden"; the curated phrase lexicon shipped with the package
(`phrases_nl_en.yaml`: job-ad phrasings such as "stressbestendig", "teamspeler", "calm under
pressure", "rijbewijs B", mapped to ESCO skill URIs) gives kind "phrase". Phrases are
matched like labels; they own their words before alt/hidden labels of other skills, not
before another skill's preferred label.

Adding the phrases to a lexicon built from the database (the Django app), by skill URI:

    from economie071.skills.extraction import Extractor, LexiconEntry, load_default_phrases

    entries = [LexiconEntry(pk, label, lang, kind) for pk, label, lang, kind in db_labels]
    uri_to_pk = dict(Skill.objects.values_list("uri", "pk"))   # {ESCO URI: primary key}
    extractor = Extractor([*entries, *load_default_phrases(uri_to_pk)])

`load_default_phrases(mapping)` returns entries whose skill is the mapped id and drops the
phrases of skills that are not in the mapping (not imported); `load_default_phrases()` keeps
ESCO URIs as ids (the benchmark). `read_phrase_file` checks the file and raises
`PhraseFileError` naming the bad item.
"""

from .encoding import TextEncodingError, decode_text
from .esco import load_esco_lexicon, split_labels_and_description
from .extractor import DEFAULT_MIN_CONFIDENCE, Extractor
from .generic import DEFAULT_GENERIC_TERMS
from .phrase_lexicon import (
    PHRASES_FILE,
    PhraseFileError,
    load_default_phrases,
    load_phrases,
    read_phrase_file,
)
from .types import ExtractionResult, Found, LexiconEntry, Span

__all__ = [
    "DEFAULT_GENERIC_TERMS",
    "DEFAULT_MIN_CONFIDENCE",
    "ExtractionResult",
    "Extractor",
    "Found",
    "LexiconEntry",
    "PHRASES_FILE",
    "PhraseFileError",
    "Span",
    "TextEncodingError",
    "decode_text",
    "load_default_phrases",
    "load_esco_lexicon",
    "load_phrases",
    "read_phrase_file",
    "split_labels_and_description",
]
