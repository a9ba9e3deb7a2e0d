"""Benchmark: skills extraction from vacancy texts against hand-labelled sets.

Builds the lexicon from the ESCO development copy in ../shared/data/esco (English labels of
all skills from en/skills_en.csv, alt labels from the collection files or split out of the
`labelsAndDescription` column; Dutch labels from nl/*Collection_nl.csv), adds the curated
phrase lexicon shipped with the package (extraction/phrases_nl_en.yaml), runs the extractor
on every vacancy of two sets and prints micro and macro precision/recall/F1 overall, per
language and per sector, the lexicon build time and the time per vacancy:

- tuning:   bench/data/vacancies_labelled.yaml (42 vacancies; looked at while tuning);
- held-out: bench/data/vacancies_heldout.yaml (15 vacancies written and labelled before the
            phrase lexicon was tuned, and not looked at while tuning).

Three systems per set, measured in the same run: the extractor with ESCO labels and the
phrase lexicon, the extractor with ESCO labels only (`esco_only`, the lexicon of the first
version), and a naive baseline: exact lower-case substring matching of the English and Dutch
preferred labels (whole words) only.

    .venv/bin/python bench/skills_extraction.py [--esco DIR] [--min-confidence 0.55]
        [--set all|tuning|heldout] [-v] [--no-write]

Every gold URI must exist in the lexicon (the run fails loudly otherwise). Writes
bench/results/skills_extraction.json (only for a full run: --set all). Skips cleanly when the
ESCO folder is missing.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from economie071.skills.extraction import (  # noqa: E402
    DEFAULT_MIN_CONFIDENCE,
    Extractor,
    load_default_phrases,
    load_esco_lexicon,
)

DEFAULT_ESCO = ROOT.parent / "shared" / "data" / "esco"
DATA = HERE / "data" / "vacancies_labelled.yaml"
HELDOUT = HERE / "data" / "vacancies_heldout.yaml"
SETS = {"tuning": DATA, "heldout": HELDOUT}
RESULTS = HERE / "results" / "skills_extraction.json"


class GoldError(Exception):
    pass


def load_gold(path: Path, known: set[str], preferred: dict[str, str]) -> list[dict]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    vacancies = doc["vacancies"]
    problems = []
    ids = set()
    for n, v in enumerate(vacancies, 1):
        where = f"{path.name}: vacancy {n} ({v.get('id', '?')})"
        for field in ("id", "lang", "sector", "text", "gold"):
            if not v.get(field):
                problems.append(f"{where}: missing field '{field}'")
        if v.get("id") in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(v.get("id"))
        if v.get("lang") not in ("nl", "en"):
            problems.append(f"{where}: lang must be nl or en")
        for g in v.get("gold") or ():
            uri = g.get("uri") if isinstance(g, dict) else g
            if uri not in known:
                problems.append(f"{where}: gold URI not in the ESCO lexicon: {uri}")
            elif isinstance(g, dict) and g.get("label") and g["label"] != preferred.get(uri):
                problems.append(
                    f"{where}: gold label '{g['label']}' is not the preferred label "
                    f"'{preferred.get(uri)}' of {uri}"
                )
    if problems:
        raise GoldError("\n".join(problems))
    return vacancies


class Baseline:
    """Exact lower-case whole-word substring matching of preferred labels only."""

    def __init__(self, entries):
        self.labels = [
            (re.compile(r"(?<!\w)" + re.escape(e.label.lower()) + r"(?!\w)"), e.skill)
            for e in entries
            if e.kind == "preferred" and len(e.label) >= 2
        ]

    def extract(self, text: str) -> set:
        low = text.lower()
        return {skill for rx, skill in self.labels if rx.search(low)}


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def scores(rows: list[dict]) -> dict:
    tp = sum(r["tp"] for r in rows)
    fp = sum(r["fp"] for r in rows)
    fn = sum(r["fn"] for r in rows)
    micro = prf(tp, fp, fn)
    per = [prf(r["tp"], r["fp"], r["fn"]) for r in rows]
    macro = {
        k: round(statistics.fmean(x[k] for x in per), 4) for k in ("precision", "recall", "f1")
    }
    return {"n": len(rows), "tp": tp, "fp": fp, "fn": fn, "micro": micro, "macro": macro}


def evaluate(predicted: dict[str, set], vacancies: list[dict]) -> dict:
    rows = []
    for v in vacancies:
        gold = {g["uri"] if isinstance(g, dict) else g for g in v["gold"]}
        pred = predicted[v["id"]]
        rows.append({
            "id": v["id"], "lang": v["lang"], "sector": v["sector"],
            "tp": len(pred & gold), "fp": len(pred - gold), "fn": len(gold - pred),
        })
    out = {"overall": scores(rows), "by_lang": {}, "by_sector": {}}
    for key, target in (("lang", "by_lang"), ("sector", "by_sector")):
        groups = defaultdict(list)
        for r in rows:
            groups[r[key]].append(r)
        out[target] = {k: scores(v) for k, v in sorted(groups.items())}
    out["per_vacancy"] = rows
    return out


def line(name: str, s: dict) -> str:
    mi, ma = s["micro"], s["macro"]
    return (f"  {name:<14} n={s['n']:>2}  micro P {mi['precision']:.3f} R {mi['recall']:.3f} "
            f"F1 {mi['f1']:.3f}   macro P {ma['precision']:.3f} R {ma['recall']:.3f} "
            f"F1 {ma['f1']:.3f}")


def report(title: str, res: dict) -> None:
    print(title)
    print(line("overall", res["overall"]))
    for k, s in res["by_lang"].items():
        print(line(f"lang {k}", s))
    for k, s in res["by_sector"].items():
        print(line(k, s))


def run_set(name, vacancies, systems, nl_skills, verbose, label) -> dict:
    """Run every system over one set; print and return its figures."""
    out: dict = {"vacancies": len(vacancies)}
    # diagnostic: how many gold skills have a label in the vacancy's own language at all
    own = {"nl": [0, 0], "en": [0, 0]}
    for v in vacancies:
        for g in v["gold"]:
            uri = g["uri"] if isinstance(g, dict) else g
            own[v["lang"]][1] += 1
            own[v["lang"]][0] += v["lang"] == "en" or uri in nl_skills
    out["gold_with_label_in_own_language"] = own
    print(f"\n==================== {name} set: {len(vacancies)} vacancies")
    for lang, (has, total) in own.items():
        print(f"  gold skills of {lang} vacancies with an ESCO label in {lang}: {has}/{total}")
    for sys_name, system in systems.items():
        predicted, times, details, lang_ok = {}, [], {}, 0
        for v in vacancies:
            s = time.perf_counter()
            result = system.extract(v["text"])
            times.append(time.perf_counter() - s)
            if isinstance(result, set):
                predicted[v["id"]] = result
                continue
            lang_ok += result.lang == v["lang"]
            predicted[v["id"]] = {f.skill for f in result.found}
            details[v["id"]] = result
        res = evaluate(predicted, vacancies)
        report(f"\n{sys_name} ({name}):", res)
        ms = [t * 1000 for t in times]
        entry = {k: res[k] for k in ("overall", "by_lang", "by_sector")}
        entry["time_per_vacancy_ms"] = {
            "mean": round(statistics.fmean(ms), 2), "max": round(max(ms), 2),
        }
        print(f"  time per vacancy: mean {statistics.fmean(ms):.1f} ms, max {max(ms):.1f} ms")
        if details:
            unmatched = sum(len(r.unmatched) for r in details.values())
            entry["language_detected_correctly"] = lang_ok
            entry["unmatched_phrases"] = unmatched
            print(f"  language detected correctly: {lang_ok}/{len(vacancies)}; unmatched "
                  f"phrases shown: {unmatched} ({unmatched / len(vacancies):.1f} per vacancy)")
        entry["per_vacancy"] = res["per_vacancy"]
        out[sys_name] = entry
        if verbose and sys_name == "extractor":
            print_details(vacancies, details, predicted, label)
    return out


def print_details(vacancies, details, predicted, label) -> None:
    for v in vacancies:
        gold = {g["uri"] if isinstance(g, dict) else g for g in v["gold"]}
        r = details[v["id"]]
        print(f"\n== {v['id']} ({r.lang})")
        for f in r.found:
            mark = "OK " if f.skill in gold else "FP "
            ev = "; ".join(s.text for s in f.evidence)
            print(f"  {mark}{f.confidence:.2f} {f.method:<5} {label.get(f.skill)}  <- {ev!r}"
                  f"  [{f.label}]")
        for uri in sorted(gold - predicted[v["id"]], key=lambda u: label.get(u, "")):
            print(f"  FN      {label.get(uri)}")
        print("  unmatched:", [s.text for s in r.unmatched])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--esco", type=Path, default=DEFAULT_ESCO)
    ap.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE)
    ap.add_argument("--set", choices=("all", *SETS), default="all",
                    help="which labelled set(s) to run (default: both)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print errors per vacancy")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)

    if not (args.esco / "en" / "skills_en.csv").exists():
        print(f"ESCO folder not found at {args.esco} (en/skills_en.csv); skipping the benchmark.")
        return 0

    t0 = time.perf_counter()
    entries = load_esco_lexicon(args.esco)
    t1 = time.perf_counter()
    known = {e.skill for e in entries}
    phrases = load_default_phrases(known)
    t2 = time.perf_counter()
    extractor = Extractor([*entries, *phrases], min_confidence=args.min_confidence)
    t3 = time.perf_counter()
    esco_only = Extractor(entries, min_confidence=args.min_confidence)
    baseline = Baseline(entries)
    preferred = {e.skill: e.label for e in entries if e.kind == "preferred" and e.lang == "en"}
    nl_skills = {e.skill for e in entries if e.lang == "nl"}
    chosen = SETS if args.set == "all" else {args.set: SETS[args.set]}
    sets = {}
    try:
        for name, path in chosen.items():
            sets[name] = load_gold(path, known, preferred)
    except GoldError as exc:
        print("GOLD DATA ERROR:\n" + str(exc), file=sys.stderr)
        return 2
    ids = [v["id"] for vs in sets.values() for v in vs]
    if len(ids) != len(set(ids)):
        print("GOLD DATA ERROR: the same vacancy id is in both sets", file=sys.stderr)
        return 2

    phrase_skills = {e.skill for e in phrases}
    print(f"lexicon: {len(entries)} ESCO labels of {len(known)} skills "
          f"({sum(e.lang == 'nl' for e in entries)} Dutch labels of {len(nl_skills)} skills); "
          f"curated phrases: {len(phrases)} of {len(phrase_skills)} skills "
          f"({len(phrase_skills - nl_skills)} of them without a Dutch ESCO label)")
    print(f"  read ESCO {t1 - t0:.2f} s, read phrases {t2 - t1:.2f} s, "
          f"build extractor {t3 - t2:.2f} s")

    # warm-up (simplemma loads its language data on first use; not part of the timing)
    for ex in (extractor, esco_only):
        ex.extract("warm-up tekst met een kok", "nl")
        ex.extract("warm-up text with a cook", "en")

    systems = {"extractor": extractor, "esco_only": esco_only, "baseline": baseline}
    results = {
        name: run_set(name, vacancies, systems, nl_skills, args.verbose, preferred)
        for name, vacancies in sets.items()
    }

    out = {
        "benchmark": "skills_extraction",
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "lexicon": {
            "labels": len(entries), "skills": len(known),
            "dutch_labels": sum(e.lang == "nl" for e in entries), "dutch_skills": len(nl_skills),
            "phrases": len(phrases), "phrase_skills": len(phrase_skills),
            "phrases_nl": sum(e.lang == "nl" for e in phrases),
            "phrases_en": sum(e.lang == "en" for e in phrases),
            "read_esco_s": round(t1 - t0, 3), "build_extractor_s": round(t3 - t2, 3),
        },
        "min_confidence": args.min_confidence,
        "systems": {
            "extractor": "ESCO labels + curated phrase lexicon",
            "esco_only": "ESCO labels only (the lexicon of the first version)",
            "baseline": "exact lower-case substring of ESCO preferred labels",
        },
        "sets": results,
    }
    if not args.no_write and args.set == "all":
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
