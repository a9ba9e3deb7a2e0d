#!/usr/bin/env python3
"""Merge new phrases (a file in the lexicon format) into our Dutch lexicon's group files.

    .venv/bin/python scripts/lexicon_merge.py NEW.yaml [NEW2.yaml ...] [--esco DIR] [--dry-run]
    .venv/bin/python scripts/lexicon_merge.py --titles TITLES.yaml [...]

A contributor writes phrases for a set of skills in one file (the format of
src/economie071/skills/extraction/lexicon_nl/*.yaml: a `skills:` list of `uri` with `nl` and
optional `en` phrase lists). This puts every phrase where it belongs: appended to the skill's
item when our lexicon has the skill, otherwise a new item at the end of the file of the skill's
ESCO skill group (found in the ESCO folder's hierarchy, as `lexicon_worklist.py` does). A
phrase the skill already has is skipped; a phrase that names another skill already is skipped
and reported (a phrase names one skill). The files are written back in their own layout (the
header comment kept) and read again with the loader's checks before anything is kept.

`--titles`: the files hold job titles (`occupations:` list of `uri` with `nl` titles, the
format of `occupations_nl.yaml`); each title joins its occupation's item there, or a new item
at the end; a title listed for another occupation already is skipped and reported.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from lexicon_worklist import DEFAULT_ESCO, skill_groups  # noqa: E402

from economie071.skills.extraction.lexicon import (  # noqa: E402
    LANGS,
    LEXICON_DIR,
    OCCUPATION_TITLES_FILE,
    SHARED_PHRASES,
    read_lexicon,
    read_lexicon_file,
    read_occupation_titles,
)

# ESCO skill-group code -> our file; knowledge fields (numeric codes) go to knowledge.yaml
GROUP_FILES = {
    "S1": "communication.yaml",
    "S2": "information.yaml",
    "S3": "assisting_caring.yaml",
    "S4": "management.yaml",
    "S5": "computers.yaml",
    "S6": "handling_moving.yaml",
    "S7": "constructing.yaml",
    "S8": "machinery.yaml",
    "T": "transversal.yaml",
    "L": "languages.yaml",
}


def group_file(code: str) -> str:
    for prefix, name in GROUP_FILES.items():
        if code == prefix or code.startswith(prefix):
            return name
    return "knowledge.yaml"


def normal(phrase: str) -> str:
    return " ".join(phrase.split()).lower()


def scalar(text: str) -> str:
    out = yaml.safe_dump(text, allow_unicode=True, width=1000).rstrip("\n")
    return out.removesuffix("\n...")


def render(header: str, items: list[dict]) -> str:
    lines = [header, "skills:\n"]
    for item in items:
        lines.append(f"- uri: {item['uri']}\n")
        for lang in LANGS:
            if item.get(lang):
                lines.append(f"  {lang}:\n")
                lines.extend(f"  - {scalar(p)}\n" for p in item[lang])
    return "".join(lines)


def write_checked(texts: dict[Path, str], check) -> None:
    """Write the files, then read them with the loader's checks; on an error put the old
    contents back (nothing half merged stays) and raise it."""
    old = {path: path.read_text(encoding="utf-8") for path in texts}
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
    try:
        check()
    except Exception:
        for path, text in old.items():
            path.write_text(text, encoding="utf-8")
        raise


def merge_titles(files: list[Path], target: Path, dry_run: bool) -> int:
    text = target.read_text(encoding="utf-8")
    header = text[: text.index("occupations:\n")]
    items = yaml.safe_load(text)["occupations"]
    by_uri = {item["uri"]: item for item in items}
    owner = {normal(t): item["uri"] for item in items for t in item["nl"]}
    added, skipped = 0, []
    for path in files:
        for uri, titles in read_occupation_titles(path).items():
            for title in titles:
                other = owner.get(normal(title))
                if other == uri:
                    continue
                if other is not None:
                    skipped.append(f"{title!r}: already names {other}")
                    continue
                if uri not in by_uri:
                    by_uri[uri] = {"uri": uri, "nl": []}
                    items.append(by_uri[uri])
                by_uri[uri]["nl"].append(title)
                owner[normal(title)] = uri
                added += 1
    print(f"{added} titles added; {len(skipped)} skipped")
    for line in skipped:
        print("  skipped", line)
    if dry_run:
        return 0
    lines = [header, "occupations:\n"]
    for item in items:
        lines.append(f"- uri: {item['uri']}\n  nl:\n")
        lines.extend(f"  - {scalar(t)}\n" for t in item["nl"])
    write_checked({target: "".join(lines)}, lambda: read_occupation_titles(target))
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--esco", type=Path, default=DEFAULT_ESCO)
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--lexicon-dir", type=Path, default=LEXICON_DIR)
    ap.add_argument("--titles", action="store_true", help="the files hold job titles")
    ap.add_argument("--titles-file", type=Path, default=OCCUPATION_TITLES_FILE)
    args = ap.parse_args(argv)
    if args.titles:
        return merge_titles(args.files, args.titles_file, args.dry_run)
    directory = args.lexicon_dir

    docs: dict[str, tuple[str, list[dict]]] = {}
    for path in sorted(directory.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        docs[path.name] = (text[: text.index("skills:\n")], yaml.safe_load(text)["skills"])
    where = {item["uri"]: (name, item) for name, (_h, items) in docs.items() for item in items}
    owner = {
        (lang, normal(p)): skill.uri
        for skill in read_lexicon(directory)
        for lang in LANGS
        for p in skill.phrases.get(lang, ())
    }
    groups = None
    added = new_items = 0
    skipped: list[str] = []
    for path in args.files:
        for skill in read_lexicon_file(path):
            if skill.uri not in where:
                if groups is None:
                    groups = skill_groups(args.esco)
                name = group_file(groups.get(skill.uri, "?"))
                item = {"uri": skill.uri}
                docs[name][1].append(item)
                where[skill.uri] = (name, item)
                new_items += 1
            _name, item = where[skill.uri]
            for lang in LANGS:
                for phrase in skill.phrases.get(lang, ()):
                    key = (lang, normal(phrase))
                    other = owner.get(key)
                    if other == skill.uri:
                        continue
                    if other is not None and key not in SHARED_PHRASES:
                        skipped.append(f"{lang} {phrase!r}: already names {other}")
                        continue
                    item.setdefault(lang, []).append(phrase)
                    owner[key] = skill.uri
                    added += 1
    # an item that got no phrase (all were known) is not written
    for _header, items in docs.values():
        items[:] = [i for i in items if any(i.get(lang) for lang in LANGS)]
    print(f"{added} phrases added ({new_items} new skills); {len(skipped)} skipped")
    for line in skipped:
        print("  skipped", line)
    if args.dry_run:
        return 0
    write_checked(
        {directory / name: render(header, items) for name, (header, items) in docs.items()},
        lambda: read_lexicon(directory),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
