"""economie071 skills_lexicon [--file NAME] [--search WORD] [--missing N]

Our own Dutch vocabulary (skills/extraction/lexicon_nl/*.yaml) beside the labels of the
imported taxonomy: the files hold ESCO URIs and our phrases only, so this is where a reader
sees which skill a phrase belongs to.

- default: every skill of the lexicon (or of one file, --file), with its imported Dutch and
  English label and our phrases;
- --search WORD: the skills whose phrases or labels contain the word;
- --missing N: of the N skills most often essential in the imported occupation profiles,
  the ones our lexicon has no Dutch phrase for (what to write next).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from economie071.skills.constants import RelationType
from economie071.skills.extraction import LexiconError, read_lexicon
from economie071.skills.models import OccupationSkill, Skill


class Command(BaseCommand):
    help = "Our Dutch vocabulary for ESCO skills beside the imported labels."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="one lexicon file, e.g. assisting_caring.yaml")
        parser.add_argument("--search", help="only skills whose phrases or labels contain this")
        parser.add_argument(
            "--missing",
            type=int,
            metavar="N",
            help="the N most needed skills (essential in the most occupations) "
            "that have no Dutch phrase yet",
        )

    def handle(self, *args, file, search, missing, **options):
        try:
            items = read_lexicon()
        except LexiconError as exc:
            raise CommandError(str(exc)) from None
        if missing:
            self._missing(items, missing)
            return
        if file:
            items = [i for i in items if i.file == file]
            if not items:
                raise CommandError(f"--file: no lexicon file {file!r}")
        skills = {s.uri: s for s in Skill.objects.filter(uri__in=[i.uri for i in items])}
        needle = (search or "").lower()
        shown = 0
        for item in items:
            skill = skills.get(item.uri)
            labels = (
                f"{skill.label_nl or '—'} / {skill.label_en or '—'}"
                if skill
                else "(not in the imported taxonomy)"
            )
            phrases = "; ".join(item.phrases["nl"])
            english = "; ".join(item.phrases["en"])
            if needle and needle not in f"{labels} {phrases} {english}".lower():
                continue
            shown += 1
            self.stdout.write(
                f"{item.uri}  [{item.file}]\n  ESCO: {labels}\n  nl: {phrases}"
                + (f"\n  en: {english}" if english else "")
            )
        self.stdout.write(f"{shown} skills")

    def _missing(self, items, n: int) -> None:
        ours = {i.uri for i in items if i.phrases["nl"]}
        top = (
            OccupationSkill.objects.filter(
                relation_type=RelationType.ESSENTIAL, skill__uri__isnull=False
            )
            .values("skill_id", "skill__uri", "skill__label_nl", "skill__label_en")
            .annotate(n=Count("occupation_id"))
            .order_by("-n", "skill__uri")[:n]
        )
        gaps = [row for row in top if row["skill__uri"] not in ours]
        for row in gaps:
            self.stdout.write(
                f"{row['n']:>4}  {row['skill__uri']}  "
                f"{row['skill__label_nl'] or '—'} / {row['skill__label_en']}"
            )
        self.stdout.write(
            f"{len(gaps)} of the {len(top)} most needed skills have no Dutch phrase in our lexicon"
        )
