#!/usr/bin/env python3
"""The skills our Dutch lexicon should cover, from an ESCO CSV folder (no database needed).

    .venv/bin/python scripts/lexicon_worklist.py [--esco DIR] [--top 1500] [--missing]

Counts, in `en/occupationSkillRelations_en.csv`, in how many occupation profiles each skill
is *essential*, and prints the `--top` most needed skills (ties by URI) with that count, the
ESCO skill group our lexicon files follow, the English label from the ESCO folder (for the
writer to read; labels never go into the lexicon files) and whether our lexicon
(src/economie071/skills/extraction/lexicon_nl/) has Dutch phrases for it. `--missing`: only
the ones without. The phrasings themselves are written by hand, skill by skill.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from economie071.skills.extraction import read_lexicon  # noqa: E402

DEFAULT_ESCO = ROOT.parent / "shared" / "data" / "esco"


def rows(path: Path):
    csv.field_size_limit(2**31 - 1)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


def skill_groups(folder: Path) -> dict[str, str]:
    """{skill URI: top skill-group code (S1..S8, T, L, or a knowledge field)}."""
    code = {}
    for row in rows(folder / "en" / "skillsHierarchy_en.csv"):
        for level in range(4):
            uri, value = row.get(f"Level {level} URI"), row.get(f"Level {level} code")
            if uri and value:
                code[uri] = value
    broader: dict[str, list[str]] = {}
    for row in rows(folder / "en" / "broaderRelationsSkillPillar_en.csv"):
        broader.setdefault(row["conceptUri"], []).append(row["broaderUri"])

    def group(uri: str) -> str:
        seen, todo = set(), list(broader.get(uri, ()))
        while todo:
            up = todo.pop(0)
            if up in code:
                return code[up]
            if up not in seen:
                seen.add(up)
                todo.extend(broader.get(up, ()))
        return "?"

    return {uri: group(uri) for uri in broader}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--esco", type=Path, default=DEFAULT_ESCO)
    ap.add_argument("--top", type=int, default=1500)
    ap.add_argument("--missing", action="store_true")
    args = ap.parse_args(argv)
    relations = args.esco / "en" / "occupationSkillRelations_en.csv"
    if not relations.exists():
        print(f"no ESCO folder at {args.esco}", file=sys.stderr)
        return 1
    essential: Counter = Counter()
    for row in rows(relations):
        if row["relationType"] == "essential":
            essential[row["skillUri"]] += 1
    top = sorted(essential, key=lambda u: (-essential[u], u))[: args.top]
    skills = args.esco / "en" / "skills_en.csv"
    labels = {r["conceptUri"]: r["preferredLabel"] for r in rows(skills)}
    groups = skill_groups(args.esco)
    ours = {item.uri for item in read_lexicon() if item.phrases["nl"]}
    gaps = 0
    for rank, uri in enumerate(top, 1):
        have = uri in ours
        gaps += not have
        if args.missing and have:
            continue
        print(f"{rank:>5} {essential[uri]:>4} {groups.get(uri, '?'):<6} {'ok ' if have else '-- '}"
              f"{uri}  {labels.get(uri, '')}")
    print(f"{len(top) - gaps} of the {len(top)} most needed skills have Dutch phrases; "
          f"{gaps} have none", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
