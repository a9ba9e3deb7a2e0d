"""Skills extraction from vacancy texts (pure Python, no Django).

See briefs/skills_contract.md for the contract; extractor.py for how a text is read.
"""

from .encoding import TextEncodingError, decode_text
from .esco import load_esco_lexicon, split_labels_and_description
from .extractor import DEFAULT_MIN_CONFIDENCE, Extractor
from .generic import DEFAULT_GENERIC_TERMS
from .types import ExtractionResult, Found, LexiconEntry, Span

__all__ = [
    "DEFAULT_GENERIC_TERMS",
    "DEFAULT_MIN_CONFIDENCE",
    "ExtractionResult",
    "Extractor",
    "Found",
    "LexiconEntry",
    "Span",
    "TextEncodingError",
    "decode_text",
    "load_esco_lexicon",
    "split_labels_and_description",
]
