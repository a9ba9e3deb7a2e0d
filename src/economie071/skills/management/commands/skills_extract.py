"""economie071 skills_extract FILE [FILE ...] [--lang nl|en] [--format json|text] [--title T]
[--occupation URI] [--limit N] [--build-index]

Reads vacancy texts the way the employer's pages do and prints, per file, the proposed
occupations (best 3, with their evidence) and the proposed skills in the order the employer
sees them: ESCO URI, Dutch and English label (our own Dutch name where the taxonomy has none,
marked "eigen vertaling"), confidence, source (text, occupation, both) and the evidence spans
(character offsets into the file's text). Nothing is stored. For checks of many vacancies at
once and for tests. `-` reads standard input.

The title is --title, or else the file's first line when it is short (at most 12 words, no
full stop): as on the vacancy form, the title names the occupation and is no skill evidence.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from economie071.skills import matching
from economie071.skills.extraction import (
    MAX_TEXT_CHARS,
    TextEncodingError,
    TextTooLongError,
    decode_text,
)
from economie071.skills.models import Occupation, Skill

MAX_FILE_BYTES = 4 * MAX_TEXT_CHARS + 4  # UTF-8 needs at most 4 bytes a character (+ a BOM)
TITLE_WORDS = 12


def split_title(text: str) -> tuple[str, str, int]:
    """(title, body, offset of the body in the text): the first line as title when short."""
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    first, newline, rest = stripped.partition("\n")
    line = first.strip()
    if newline and line and len(line.split()) <= TITLE_WORDS and not line.endswith("."):
        offset = lead + len(first) + 1
        return line, text[offset:], offset
    return "", text, 0


def _span(span, offset: int) -> dict:
    return {"start": span.start + offset, "end": span.end + offset, "text": span.text}


class Command(BaseCommand):
    help = (
        "Read vacancy texts: print the proposed occupations and skills (ranked by evidence) "
        "with ESCO URI, Dutch and English label, confidence, source and evidence."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", metavar="FILE", help="vacancy text file(s), - for standard input"
        )
        parser.add_argument(
            "--lang", choices=["nl", "en"], help="language of the text (default: detected)"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--title", help="the vacancy's title (default: a short first line)")
        parser.add_argument("--occupation", help="confirmed occupation: ESCO URI or id")
        parser.add_argument(
            "--limit", type=int, default=30, help="skills to print per text (0: all; default 30)"
        )
        parser.add_argument(
            "--build-index",
            action="store_true",
            help="build the extraction index (cache file) now and stop",
        )

    def handle(self, *args, files, lang, format, title, occupation, limit, build_index, **options):
        if build_index:
            matching.build_extraction_index()
            self.stdout.write(f"extraction index ready in {matching.extraction_cache_dir()}")
            return
        if not files:
            raise CommandError("give one or more files (or - for standard input)")
        occupation_id = self._occupation(occupation) if occupation else None
        analyser = matching.get_analyser()
        results = []
        for name in files:
            text = self._read(name)
            head, body, offset = (title, text, 0) if title is not None else split_title(text)
            try:
                analysis = analyser.analyse(body, title=head, lang=lang, occupation=occupation_id)
            except TextTooLongError as exc:
                raise CommandError(f"{name}: {exc}") from None
            results.append(self._result(name, head, analysis, offset, analyser, limit))
        if format == "json":
            doc = results[0] if len(results) == 1 else results
            self.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2))
        else:
            for result in results:
                self._print(result)

    # -- input

    def _read(self, name: str) -> str:
        try:
            if name == "-":
                data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
            else:
                with Path(name).open("rb") as fh:
                    data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"{name}: cannot read the file: {exc.strerror or exc}") from None
        if len(data) > MAX_FILE_BYTES:
            raise CommandError(
                f"{name}: the file is too large: at most {MAX_TEXT_CHARS} "
                "characters of vacancy text are read"
            )
        try:
            text = decode_text(data)
        except TextEncodingError as exc:
            raise CommandError(f"{name}: {exc}") from None
        if len(text) > MAX_TEXT_CHARS:
            raise CommandError(
                f"{name}: {len(text)} characters; at most {MAX_TEXT_CHARS} are "
                "read. Shorten the text to the tasks and requirements."
            )
        return text

    def _occupation(self, value: str) -> int:
        qs = (
            Occupation.objects.filter(pk=int(value))
            if value.isdigit()
            else Occupation.objects.filter(uri=value)
        )
        pk = qs.values_list("pk", flat=True).first()
        if pk is None:
            raise CommandError(f"--occupation: no occupation {value!r} in the taxonomy")
        return pk

    # -- output

    def _result(self, name, title, analysis, offset, analyser, limit) -> dict:
        proposals = analysis.proposals[:limit] if limit else analysis.proposals
        skills = Skill.objects.in_bulk([p.skill for p in proposals])
        occupations = Occupation.objects.in_bulk(
            [m.occupation for m in analysis.occupations]
            + ([analysis.occupation] if analysis.occupation else [])
        )
        names = analyser.index.names
        out_occ = []
        for m in analysis.occupations:
            occ = occupations.get(m.occupation)
            out_occ.append(
                {
                    "uri": occ.uri if occ else None,
                    "id": m.occupation,
                    "label_nl": occ.label_nl if occ else "",
                    "label_en": occ.label_en if occ else "",
                    "score": m.score,
                    "title": m.title,
                    "mentions": m.mentions,
                    "skills": m.skills,
                    "matched_name": m.label,
                    "in_title": [
                        {"start": s.start, "end": s.end, "text": s.text} for s in m.in_title
                    ],
                    "evidence": [_span(s, offset) for s in m.evidence],
                }
            )
        out_skills = []
        for p in proposals:
            skill = skills.get(p.skill)
            if skill is None:
                continue
            own = "" if skill.label_nl else names.get(p.skill, "")
            out_skills.append(
                {
                    "rank": p.rank,
                    "uri": skill.uri,
                    "id": skill.pk,
                    "label_nl": skill.label_nl or own,
                    "own_translation": bool(own),
                    "label_en": skill.label_en,
                    "confidence": p.confidence,
                    "source": p.source,
                    "relation": p.relation,
                    "tier": p.tier,
                    "method": p.method,
                    "evidence": [_span(s, offset) for s in p.evidence],
                }
            )
        used = occupations.get(analysis.occupation)
        return {
            "file": name,
            "title": title,
            "lang": analysis.lang,
            "occupation": {
                "uri": used.uri,
                "id": used.pk,
                "label_nl": used.label_nl,
                "confirmed": analysis.confirmed,
            }
            if used
            else None,
            "occupations": out_occ,
            "proposals": out_skills,
            "total_proposals": len(analysis.proposals),
            "unmatched": [_span(s, offset) for s in analysis.unmatched],
        }

    def _print(self, r: dict) -> None:
        w = self.stdout.write
        w(f"== {r['file']}" + (f" — {r['title']}" if r["title"] else "") + f" ({r['lang']})")
        w("Occupations:")
        for i, o in enumerate(r["occupations"], 1):
            why = ", ".join(
                filter(
                    None,
                    [
                        f"title {' '.join(s['text'] for s in o['in_title'])!r}"
                        if o["in_title"]
                        else "",
                        f"named {len(o['evidence'])}x" if o["evidence"] else "",
                        f"skills {o['skills']:.2f}" if o["skills"] else "",
                    ],
                )
            )
            w(
                f"  {i}. {o['label_nl'] or o['label_en']} / {o['label_en']}  {o['score']:.2f}  "
                f"[{why}]  {o['uri'] or o['id']}"
            )
        w(f"Skills ({len(r['proposals'])} of {r['total_proposals']}):")
        for p in r["proposals"]:
            own = " (eigen vertaling)" if p["own_translation"] else ""
            # found in the text but not asked for there (the vacancy page's "in passing")
            passing = (
                " [in passing]" if p["source"] != "occupation" and p["tier"] != "asked" else ""
            )
            ev = "; ".join(f"{s['start']}-{s['end']} {s['text']!r}" for s in p["evidence"])
            w(
                f"  {p['rank']:>3}. {p['confidence']:.2f} {p['source']:<10} "
                f"{p['label_nl']}{own}{passing} / {p['label_en']}  {p['uri'] or p['id']}"
                + (f"\n        {ev}" if ev else "")
            )
        if r["unmatched"]:
            w("Requirement phrases that match no skill:")
            for s in r["unmatched"]:
                w(f"  {s['start']}-{s['end']} {s['text']!r}")
