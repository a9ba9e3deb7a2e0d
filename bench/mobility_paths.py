"""Mobility paths for career changers, before and after, on the ESCO taxonomy.

For three career changes into care (a waiter, a bus driver and a flight attendant), prints
the ten best care paths twice:

- before: the mobility scoring of another git revision (default `main`), read from that
  revision's `skills/engine/mobility.py`; it has no target-sector filter, so its paths are
  filtered to care targets afterwards;
- after: this tree's scoring with `target_sectors` = care (`?sector=zorg`), related-skill
  credit from ESCO's relations (as the app builds them), transversal skills, and
  near-identical targets folded into variants.

Each path shows its score, how many of the target's skills are shared or credited through
a related skill, a few of them, and for "after" the variants and the first skills to learn
with the points they add. Sectors come from the shipped table (skills/sectors.yaml) for both,
so the same targets count as care. It checks the acceptance rule: with sector=zorg every one
of the ten best paths is a care occupation with at least two shared or related skills.

    .venv/bin/python bench/mobility_paths.py [--before-ref main] [--esco ../shared/data/esco]

Needs the ESCO CSV download (English, plus the Dutch occupation names when there); skips
with a message when it is missing. Writes bench/results/mobility_paths.json.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import itertools
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from economie071.skills.engine import OccupationProfile, Relation, Taxonomy  # noqa: E402
from economie071.skills.engine.mobility import mobility_paths  # noqa: E402

# Partial credit and the group-size limit as the app sets them (skills/constants.py).
RELATION_CREDIT = {"broader": 0.5, "related": 0.4, "same_group": 0.25}
SAME_GROUP_MAX_SKILLS = 30
CHANGES = ["waiter/waitress", "bus driver", "flight attendant"]  # ESCO preferred labels
TARGET_SECTOR = "zorg"


def rows(path: Path):
    with open(path, newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


class World:
    def __init__(self, esco: Path):
        en, nl = esco / "en", esco / "nl"
        essential, optional = defaultdict(set), defaultdict(set)
        uris: dict[str, int] = {}

        def sid(uri: str) -> int:
            return uris.setdefault(uri, len(uris) + 1)

        occ_ids: dict[str, int] = {}
        self.label: dict[int, str] = {}
        self.isco: dict[int, str] = {}
        for r in rows(en / "occupations_en.csv"):
            oid = occ_ids.setdefault(r["conceptUri"], len(occ_ids) + 1)
            self.label[oid] = r["preferredLabel"]
            self.isco[oid] = r["iscoGroup"]
        self.label_nl: dict[int, str] = {}
        if (nl / "occupations_nl.csv").exists():
            for r in rows(nl / "occupations_nl.csv"):
                if r["conceptUri"] in occ_ids:
                    self.label_nl[occ_ids[r["conceptUri"]]] = r["preferredLabel"]
        for r in rows(en / "occupationSkillRelations_en.csv"):
            oid = occ_ids.get(r["occupationUri"])
            if oid is not None:
                kind = essential if r["relationType"] == "essential" else optional
                kind[oid].add(sid(r["skillUri"]))
        self.occupations = {
            o: OccupationProfile(frozenset(essential[o]), frozenset(optional[o] - essential[o]))
            for o in set(essential) | set(optional)
        }
        self.occ_ids = occ_ids
        self.skill_label: dict[int, str] = {}
        for r in rows(en / "skills_en.csv"):
            label = r["preferredLabel"] or " ".join(r["labelsAndDescription"].split()[:5])
            self.skill_label[sid(r["conceptUri"])] = label
        self.transversal = frozenset(
            sid(r["conceptUri"]) for r in rows(en / "transversalSkillsCollection_en.csv")
        )
        best: dict[tuple[int, int], tuple[float, str, int, int]] = {}

        def add(a: int, b: int, kind: str) -> None:
            key = (min(a, b), max(a, b))
            if a != b and (key not in best or RELATION_CREDIT[kind] > best[key][0]):
                best[key] = (RELATION_CREDIT[kind], kind, a, b)

        members = defaultdict(list)
        for r in rows(en / "broaderRelationsSkillPillar_en.csv"):
            if r["conceptType"] != "KnowledgeSkillCompetence":
                continue
            if r["broaderType"] == "KnowledgeSkillCompetence":
                add(sid(r["conceptUri"]), sid(r["broaderUri"]), "broader")
            elif r["broaderType"] == "SkillGroup":
                members[r["broaderUri"]].append(sid(r["conceptUri"]))
        for r in rows(en / "skillSkillRelations_en.csv"):
            add(sid(r["originalSkillUri"]), sid(r["relatedSkillUri"]), "related")
        for group in members.values():
            if len(group) <= SAME_GROUP_MAX_SKILLS:
                for a, b in itertools.combinations(sorted(set(group)), 2):
                    add(a, b, "same_group")
        self.taxonomy = Taxonomy(
            range(1, len(uris) + 1),
            [Relation(a, b, kind, credit) for credit, kind, a, b in best.values()],
        )
        table = yaml.safe_load(
            (ROOT / "src/economie071/skills/sectors.yaml").read_text(encoding="utf-8")
        )
        prefixes = sorted(
            ((p, s["slug"]) for s in table["sectors"] for p in s["isco"]), key=lambda t: -len(t[0])
        )
        self.sector_slug: dict[int, str] = {}
        for oid, code in self.isco.items():
            self.sector_slug[oid] = next((slug for p, slug in prefixes if code.startswith(p)), "")
        slugs = sorted({s["slug"] for s in table["sectors"]})
        self.sector_id = {slug: i + 1 for i, slug in enumerate(slugs)}
        self.sector_of = {o: self.sector_id[s] for o, s in self.sector_slug.items() if s}

    def name(self, oid: int) -> str:
        nl = self.label_nl.get(oid)
        return f"{self.label[oid]}" + (f" ({nl})" if nl and nl != self.label[oid] else "")


def old_module(ref: str):
    """The mobility module of git revision `ref`, loaded beside this tree's engine."""
    text = subprocess.run(  # noqa: S603 - git with a revision the user names
        ["git", "-C", str(ROOT), "show", f"{ref}:src/economie071/skills/engine/mobility.py"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    folder = Path(tempfile.mkdtemp())
    path = folder / "mobility_before.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("mobility_before", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def describe(world: World, path, *, after: bool) -> dict:
    evidence = [world.skill_label.get(s, str(s)) for s in path.shared]
    related = [
        f"{world.skill_label.get(p.via, p.via)} -> {world.skill_label.get(p.skill, p.skill)}"
        f" ({p.kind})"
        for p in getattr(path, "related", ())
    ]
    gains = sorted(getattr(path, "gains", {}).items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "occupation": world.name(path.occupation),
        "isco": world.isco[path.occupation],
        "sector": world.sector_slug.get(path.occupation, ""),
        "score": round(path.score, 1),
        "shared": evidence,
        "related": related,
        "transferable": [
            world.skill_label.get(s, str(s)) for s in getattr(path, "transferable", ())
        ],
        "to_learn_first": [f"{world.skill_label.get(s, s)} (+{g:.1f})" for s, g in gains[:3]]
        if after
        else [world.skill_label.get(s, str(s)) for s in path.to_learn[:3]],
        "variants": [world.name(v) for v in getattr(path, "variants", ())],
    }


def show(title: str, items: list[dict]) -> None:
    print(f"  {title}")
    for i, item in enumerate(items, start=1):
        n = len(item["shared"]) + len(item["related"])
        print(
            f"   {i:2}. {item['score']:5.1f}  {item['occupation']} [{item['isco']}"
            f" {item['sector']}]  shared/related: {n}"
        )
        named = item["shared"][:4] + item["related"][:3]
        print(f"       {'; '.join(named)}")
        if item["transferable"]:
            print(f"       transferable: {', '.join(item['transferable'][:4])}")
        if item["to_learn_first"]:
            print(f"       to learn: {', '.join(item['to_learn_first'])}")
        if item["variants"]:
            print(f"       variants: {', '.join(item['variants'][:3])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before-ref", default="main")
    parser.add_argument("--esco", type=Path, default=ROOT.parent / "shared" / "data" / "esco")
    args = parser.parse_args()
    if not (args.esco / "en" / "occupationSkillRelations_en.csv").exists():
        print(f"ESCO not found in {args.esco}: nothing measured.")
        return 0
    started = time.perf_counter()
    world = World(args.esco)
    load_s = time.perf_counter() - started
    before = old_module(args.before_ref)
    care = world.sector_id[TARGET_SECTOR]
    mapped = sum(1 for o in world.isco if o in world.sector_of)
    print(
        f"ESCO occupations: {len(world.isco)}, with a sector: {mapped}; care: "
        f"{sum(1 for s in world.sector_of.values() if s == care)} (loaded in {load_s:.1f} s)"
    )
    by_label = {label: oid for oid, label in world.label.items()}
    report = {"benchmark": "mobility_paths", "before_ref": args.before_ref, "changes": []}
    ok = True
    for label in CHANGES:
        source = by_label[label]
        old = before.mobility_paths(
            world.occupations, source, k=len(world.occupations), sector_of=world.sector_of
        )
        old = [p for p in old if world.sector_of.get(p.occupation) == care][:10]
        t0 = time.perf_counter()
        new = mobility_paths(
            world.occupations,
            source,
            k=10,
            sector_of=world.sector_of,
            taxonomy=world.taxonomy,
            transversal=world.transversal,
            isco_of=world.isco,
            target_sectors={care},
        )
        ms = 1000 * (time.perf_counter() - t0)
        old_items = [describe(world, p, after=False) for p in old]
        new_items = [describe(world, p, after=True) for p in new]
        where = f"{world.isco[source]} {world.sector_slug[source]}"
        print(f"\nFrom {world.name(source)} [{where}] to care")
        show(f"before ({args.before_ref}, care targets of all paths):", old_items)
        show(f"after (sector={TARGET_SECTOR}, {ms:.0f} ms):", new_items)
        thin_before = sum(1 for i in old_items if len(i["shared"]) + len(i["related"]) < 2)
        good = len(new_items) == 10 and all(
            i["sector"] == TARGET_SECTOR and len(i["shared"]) + len(i["related"]) >= 2
            for i in new_items
        )
        ok &= good
        print(
            f"  before: {thin_before} of {len(old_items)} paths with fewer than two skills;"
            f" after: {'all ten care, each with two or more' if good else 'RULE NOT MET'}"
        )
        report["changes"].append(
            {
                "from": world.name(source),
                "before": old_items,
                "after": new_items,
                "after_ms": round(ms, 1),
                "rule_met": good,
            }
        )
    report["rule_met"] = ok
    out = HERE / "results" / "mobility_paths.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nWritten {out.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
