"""The evaluation set of real vacancies (bench/data/real_vacancies/*.yaml) stays well formed:
every evidence is words of its text, no skill twice in a text, ids unique across the files,
and every URI names an ESCO concept (checked against the ESCO folder when it is present)."""

import csv
import re
from pathlib import Path

import pytest
import yaml

from economie071.core.csvlimits import field_size_limit
from economie071.skills.extraction.lexicon import ESCO_SKILL_URI

ROOT = Path(__file__).resolve().parents[3]
FOLDER = ROOT / "bench" / "data" / "real_vacancies"
ESCO = ROOT.parent / "shared" / "data" / "esco"
OCCUPATION_URI = re.compile(
    r"^http://data\.europa\.eu/esco/occupation/"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
FILES = sorted(FOLDER.glob("*.yaml"))
REQUIRED = ("id", "sector", "lang", "title", "source_url", "retrieved", "text", "gold")


def squeeze(text: str) -> str:
    return " ".join(text.split()).lower()


def vacancies(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["vacancies"]


def test_the_files_are_there():
    assert {p.name for p in FILES} >= {
        "tuning.yaml",
        "heldout.yaml",
        "heldout_round3.yaml",
        "heldout_round4.yaml",
        "heldout_round5.yaml",
    }


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_text_is_well_formed(path):
    for v in vacancies(path):
        where = f"{path.name}: {v.get('id')}"
        for key in REQUIRED:
            assert v.get(key), f"{where}: no {key}"
        assert v["source_url"].startswith("https://") or v["source_url"].startswith("http://")
        text = squeeze(v["text"])
        uris = [g["uri"] for g in v["gold"]]
        assert len(uris) == len(set(uris)), f"{where}: a skill twice"
        for g in v["gold"]:
            assert ESCO_SKILL_URI.match(g["uri"]), f"{where}: {g['uri']}"
            assert squeeze(g["evidence"]) in text, f"{where}: evidence {g['evidence']!r}"
        for occupation in v.get("gold_occupation") or []:
            assert OCCUPATION_URI.match(occupation), f"{where}: {occupation}"


def test_ids_and_sources_are_unique_across_the_files():
    ids, urls = [], []
    for path in FILES:
        for v in vacancies(path):
            ids.append(v["id"])
            urls.append(v["source_url"].rstrip("/"))
    assert len(ids) == len(set(ids))
    assert len(urls) == len(set(urls))


@pytest.mark.skipif(not (ESCO / "en" / "skills_en.csv").exists(), reason="no ESCO folder")
def test_every_uri_is_an_esco_concept():
    known = set()
    for name in ("skills_en.csv", "occupations_en.csv"):
        path = ESCO / "en" / name
        with path.open(encoding="utf-8-sig", newline="") as fh, field_size_limit(2**31 - 1):
            known.update(row["conceptUri"] for row in csv.DictReader(fh))
    for path in FILES:
        for v in vacancies(path):
            for uri in [g["uri"] for g in v["gold"]] + list(v.get("gold_occupation") or []):
                assert uri in known, f"{path.name}: {v['id']}: {uri}"


AGREEMENT = FOLDER / "agreement"
HELDOUT = [p for p in FILES if p.name.startswith("heldout")]


@pytest.mark.parametrize(
    ("name", "sources"),
    [("second_labeller.yaml", ["tuning.yaml"]), ("second_labeller_heldout.yaml", "heldout")],
)
def test_the_second_labellings_are_well_formed(name, sources):
    """A blind second labelling covers texts of its own part only (tuning or held-out) and
    follows the gold's format: URIs, evidence from the text, no repeats, no ESCO labels."""
    paths = HELDOUT if sources == "heldout" else [FOLDER / s for s in sources]
    texts = {v["id"]: v for path in paths for v in vacancies(path)}
    second = vacancies(AGREEMENT / name)
    assert len(second) >= 20
    assert len({v["id"] for v in second}) == len(second)
    if sources == "heldout":
        assert {v["id"] for v in second} == set(texts)  # every held-out text, twice labelled
    for v in second:
        assert v["id"] in texts, f"{v['id']}: not a text of {sources}"
        assert set(v) == {"id", "gold"}, f"{v['id']}: only the id and the labels"
        text = squeeze(texts[v["id"]]["text"])
        uris = [g["uri"] for g in v["gold"]]
        assert len(uris) == len(set(uris)), f"{v['id']}: a skill twice"
        for g in v["gold"]:
            assert set(g) == {"uri", "evidence"}, f"{v['id']}: {g}"
            assert ESCO_SKILL_URI.match(g["uri"]), f"{v['id']}: {g['uri']}"
            assert squeeze(g["evidence"]) in text, f"{v['id']}: evidence {g['evidence']!r}"
