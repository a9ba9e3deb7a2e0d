"""The parts of a vacancy text: what the job is, what it asks, what it offers, who we are.

A vacancy mixes the employer's story, the tasks, the requirements and the offer. Only the
tasks and the requirements say which skills the job asks for; a skill named in "Over ons"
("wij zijn marktleider in digitalisering") or in the offer ("je krijgt een opleiding
leidinggeven") is not asked for. This module cuts a text into blocks (lines; long lines into
sentences) and gives each block a kind:

- a heading sets the kind of the blocks after it, until the next heading. Headings are short
  lines (at most `HEADING_WORDS` words, no full stop at the end) with a cue: "Wat ga je
  doen?", "Taken", "Jobinhoud" (tasks); "Wat vragen wij?", "Functie-eisen", "Jouw profiel"
  (requirements); "Wat bieden wij?", "Arbeidsvoorwaarden" (offer); "Over ons" (company);
  "Solliciteren", "Contact" (apply). A line that starts with a cue and a colon ("Taken: ...")
  is a heading and a block of that kind at once;
- text before the first heading is the introduction;
- outside tasks and requirements, a sentence about the company, the sector or trends
  ("Wij zijn een groeiende organisatie", "De zorg digitaliseert snel") that does not speak
  to the candidate (no "je", "jij", "jouw", "u", "you") is marked `about_company`.

Every block has a weight for skill evidence (`WEIGHTS`): tasks and requirements 1.0, the
introduction and unknown parts less, company and offer sentences almost nothing. The
extractor's matches are weighed with the weight of the block they are in.

Linear in the text: each line is looked at once, and the cue patterns are matched only
against short heading candidates and single sentences (no pattern with nested repetition).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

TITLE = "title"
INTRO = "intro"
TASKS = "tasks"
REQUIREMENTS = "requirements"
OFFER = "offer"
COMPANY = "company"
APPLY = "apply"
KINDS = (TITLE, INTRO, TASKS, REQUIREMENTS, OFFER, COMPANY, APPLY)

WEIGHTS = {
    TASKS: 1.0,
    REQUIREMENTS: 1.0,
    INTRO: 0.8,
    COMPANY: 0.25,
    OFFER: 0.1,
    APPLY: 0.0,
    TITLE: 0.0,
}
ABOUT_COMPANY_WEIGHT = 0.25  # a company/sector/trend sentence, times its block's weight
HEADING_WORDS = 8
HEADING_CHARS = 70
SENTENCE_CHARS = 600  # a longer stretch without a full stop is cut here

# Cues, checked in this order on a heading candidate (folded: lower case, no accents).
_CUES = (
    (
        OFFER,
        r"wat (?:bieden|bied) (?:wij|we)|wat wij bieden|wat we bieden|(?:wij|we) bieden|"
        r"ons aanbod|het aanbod|aanbod|arbeidsvoorwaarden|wat krijg je|wat mag je "
        r"verwachten|wat staat (?:er )?tegenover|salaris|verloning|(?:extralegale )?"
        r"voordelen|what we offer|we offer|benefits|our offer|perks",
    ),
    (
        APPLY,
        r"solliciteren|sollicitatie|hoe (?:kan ik )?solliciteren|interesse|geinteresseerd|"
        r"contact(?!en\b)|meer informatie|informatie over de functie|selectieprocedure|"
        r"procedure|reageren|how to apply|apply|interested",
    ),
    (
        REQUIREMENTS,
        r"wat vragen (?:wij|we)|wat (?:wij|we) vragen|functie-?eisen|"
        r"(?:jouw|je|het|uw|ons|gevraagd) profiel|^profiel|wie ben (?:jij|je)|"
        r"wie zoeken (?:wij|we)|wie (?:wij|we) zoeken|wat breng (?:je|jij) mee|"
        r"wat neem (?:je|jij) mee|wat heb (?:je|jij) nodig|wat verwachten (?:wij|we)|"
        r"wat (?:wij|we) verwachten|vereisten|eisen|competenties|vaardigheden|"
        r"kennis en (?:ervaring|vaardigheden)|je herkent je|herken jij je|"
        r"ben jij|jij bent|jij hebt|wat moet je kunnen|toelatingsvoorwaarden|"
        r"deelnemingsvoorwaarden|aanwervingsvoorwaarden|diplomavereisten|"
        r"requirements|your profile|who you are|what you bring|what we(?:'re| are) "
        r"looking for|qualifications|must haves?|nice to have",
    ),
    (
        TASKS,
        r"wat (?:ga|doe) (?:je|jij)(?: doen)?|wat je gaat doen|(?:je|jouw|de|uw) taken|"
        r"takenpakket|^taken|taakomschrijving|functie-?omschrijving|omschrijving van de "
        r"functie|functie-?inhoud|inhoud van de functie|jobinhoud|job-?omschrijving|"
        r"jobbeschrijving|wat houdt de (?:functie|job|baan) in|(?:de|jouw|je|over de) "
        r"(?:functie|job|baan|rol)$|hoe ziet (?:je|jouw) (?:functie|job|dag|werkdag|week) "
        r"eruit|verantwoordelijkheden|werkzaamheden|doel van de functie|resultaatgebieden|"
        r"kerntaken|wat doe je|in deze (?:functie|rol)|^(?:de )?opdracht$|"
        # a job description's "Contacten": with whom the job deals, and about what
        r"^(?:interne en externe |externe en interne |interne |externe )?contacten$|"
        r"^opdracht ?omschrijving|omschrijving (?:van )?de opdracht|doel van de opdracht|"
        r"(?:je|jouw) (?:taak|opdracht) is|your (?:tasks|role|"
        r"responsibilities)|responsibilities|what you(?:'ll| will) do|job description|"
        r"the role|about the (?:job|role)",
    ),
    (
        COMPANY,
        r"over ons|wie zijn (?:wij|we)|over (?:de|het|onze) (?:organisatie|bedrijf|"
        r"werkgever|school|gemeente|dienst)|onze organisatie|ons bedrijf|de organisatie|"
        r"het bedrijf|de werkgever|^werkgever|^organisatie$|^bedrijfsprofiel|werken bij|"
        r"about us|who we are|the company|"
        r"our company",
    ),
)
_CUE_RES = tuple((kind, re.compile(pattern)) for kind, pattern in _CUES)

# a sentence about the company, the sector or trends (not about the job's own work)
_ABOUT = re.compile(
    r"\b(?:wij zijn|we zijn|ons bedrijf|onze organisatie|onze school|onze klanten|onze "
    r"medewerkers|de organisatie is|is een (?:\w+ ){0,3}(?:organisatie|bedrijf|onderneming|"
    r"werkgever|speler|dienstverlener)|opgericht|marktleider|vestigingen|in dienst|"
    r"de sector|sector|branche|trends?|ontwikkelingen in|in de toekomst|de markt|"
    r"groeit|groeien|groei|missie|visie|ambitie|wij geloven|we geloven|"
    r"we are|our company|our mission|our clients|the sector|industry|trends?|market)\b"
)
# the formal conditions of public employment, listed with the requirements but no skill:
# "je geniet de burgerlijke en politieke rechten", "uittreksel uit het strafregister"
_FORMAL = re.compile(
    r"\b(?:burgerlijke en politieke rechten|strafregister|medisch geschikt|onberispelijk gedrag|"
    r"verklaring omtrent het gedrag|vog|nationaliteit|verblijfsvergunning|arbeidskaart|"
    r"werkvergunning|europese economische ruimte)\b"
)
_SECOND_PERSON = re.compile(r"\b(?:je|jij|jou|jouw|u|uw|you|your)\b")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z0-9\u00C0-\u024F\"'(])")
_BULLET = re.compile(r"^\s*(?:[-*•·▪–►✓]|\d{1,2}[.)])\s+")
_HEADING_MARK = re.compile(r"^[\s#*_>=-]+|[\s#*_:?!.-]+$")


@dataclass(frozen=True, slots=True)
class Block:
    """Characters `start:end` of the text: one line, or one sentence of a long line."""

    start: int
    end: int
    kind: str
    heading: bool = False
    about_company: bool = False
    bullet: bool = False
    formal: bool = False  # a formal condition of employment (nationality, criminal record)

    @property
    def weight(self) -> float:
        if self.heading or self.formal:
            return 0.0
        w = WEIGHTS[self.kind]
        if self.about_company and self.kind not in (TASKS, REQUIREMENTS):
            w *= ABOUT_COMPANY_WEIGHT
        return w


def _fold(s: str) -> str:
    from .text import fold

    return fold(s)


def heading_kind(line: str) -> str | None:
    """The kind a heading line starts, or None when the line is no heading."""
    core = _HEADING_MARK.sub("", line.strip())
    if not core or len(core) > HEADING_CHARS or len(core.split()) > HEADING_WORDS:
        return None
    if line.rstrip().endswith(".") and not line.rstrip().endswith(".."):
        return None
    folded = _fold(core)
    for kind, cue in _CUE_RES:
        if cue.search(folded):
            return kind
    return None


def _inline_heading(line: str) -> str | None:
    """'Taken: ...': a cue before a colon at the start of a line, with words after it."""
    head, sep, rest = line.partition(":")
    if not sep or len(head) > 40 or not rest.strip():
        return None
    return heading_kind(head)


def read_sections(text: str, *, start_kind: str = INTRO) -> list[Block]:
    """The blocks of a text, in order, covering every non-blank line."""
    blocks: list[Block] = []
    kind = start_kind
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start = pos
        pos += len(line)
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        start = line_start + lead
        end = line_start + len(line.rstrip())
        bullet = bool(_BULLET.match(line))
        if not bullet:
            inline = _inline_heading(stripped)
            if inline:
                kind = inline  # "Taken: ..." starts a part and is part of it
            else:
                heading = heading_kind(stripped)
                if heading:
                    kind = heading
                    blocks.append(Block(start, end, kind, heading=True))
                    continue
        for s, e in _sentences(text, start, end):
            sentence = _fold(text[s:e])
            about = (
                kind not in (TASKS, REQUIREMENTS)
                and _ABOUT.search(sentence) is not None
                and _SECOND_PERSON.search(sentence) is None
            )
            formal = _FORMAL.search(sentence) is not None
            blocks.append(Block(s, e, kind, about_company=about, bullet=bullet, formal=formal))
    return blocks


def _sentences(text: str, start: int, end: int):
    """Sentences of a line (at most SENTENCE_CHARS each)."""
    at = start
    for m in _SENTENCE_END.finditer(text, start, end):
        stop = m.end()
        while stop - at > SENTENCE_CHARS:
            yield at, at + SENTENCE_CHARS
            at += SENTENCE_CHARS
        if stop > at:
            yield at, stop
        at = stop
        while at < end and text[at].isspace():
            at += 1
    while end - at > SENTENCE_CHARS:
        yield at, at + SENTENCE_CHARS
        at += SENTENCE_CHARS
    if end > at:
        yield at, end


class SectionMap:
    """Which block a character offset is in (binary search over the blocks' starts)."""

    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self._starts = [b.start for b in blocks]

    def block_at(self, offset: int) -> Block | None:
        k = bisect_right(self._starts, offset) - 1
        if k >= 0 and offset < self.blocks[k].end:
            return self.blocks[k]
        return None

    def weight_at(self, offset: int, default: float = WEIGHTS[INTRO]) -> float:
        block = self.block_at(offset)
        return default if block is None else block.weight

    def has_structure(self) -> bool:
        """Whether the text has at least one task or requirements heading."""
        return any(b.heading and b.kind in (TASKS, REQUIREMENTS) for b in self.blocks)
