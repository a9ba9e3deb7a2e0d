"""scripts/lexicon_merge.py: a contributor's phrase file goes into the lexicon's group files
(run as a command on a copy of the lexicon, as a maintainer runs it)."""

import shutil
import subprocess
import sys
from pathlib import Path

from economie071.skills.extraction import LEXICON_DIR, read_lexicon

ROOT = Path(__file__).resolve().parents[3]
SKILL = "http://data.europa.eu/esco/skill/"
STRESS = SKILL + "7a147904-22b3-498a-b4d9-7bceeb86b45d"  # cope with stress
HACCP = SKILL + "5ba1d5b9-3f8d-46ca-bf9f-2e9ca65d1350"  # apply HACCP


def run_merge(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, str(ROOT / "scripts" / "lexicon_merge.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def merge(tmp_path: Path, new: str) -> tuple[subprocess.CompletedProcess, Path]:
    lexicon = tmp_path / "lexicon"
    shutil.copytree(LEXICON_DIR, lexicon)
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    return run_merge(str(tmp_path / "new.yaml"), "--lexicon-dir", str(lexicon)), lexicon


def phrases(directory: Path, uri: str) -> tuple[str, ...]:
    return next(i.phrases["nl"] for i in read_lexicon(directory) if i.uri == uri)


def test_new_phrases_join_the_skill_and_a_phrase_of_another_skill_is_refused(tmp_path):
    new = (
        "skills:\n"
        f"- uri: {STRESS}\n"
        "  nl:\n"
        "  - stressbestendig\n"  # the skill has it already
        "  - kan goed tegen een hoge werkdruk\n"
        "  - HACCP\n"  # names another skill already
    )
    done, lexicon = merge(tmp_path, new)
    assert done.returncode == 0, done.stderr
    assert "1 phrases added (0 new skills); 1 skipped" in done.stdout
    assert "'HACCP': already names " + HACCP in done.stdout
    before, after = phrases(LEXICON_DIR, STRESS), phrases(lexicon, STRESS)
    assert after == (*before, "kan goed tegen een hoge werkdruk")
    # every other file is written back byte for byte
    changed = [
        p.name
        for p in sorted(LEXICON_DIR.glob("*.yaml"))
        if p.read_bytes() != (lexicon / p.name).read_bytes()
    ]
    assert len(changed) == 1


def test_a_malformed_file_is_refused_and_nothing_is_written(tmp_path):
    done, lexicon = merge(tmp_path, "skills:\n- uri: not-a-uri\n  nl: [iets]\n")
    assert done.returncode != 0
    assert "not-a-uri" in done.stderr
    for p in LEXICON_DIR.glob("*.yaml"):
        assert p.read_bytes() == (lexicon / p.name).read_bytes()


def test_job_titles_join_their_occupation_and_a_title_of_another_is_refused(tmp_path):
    from economie071.skills.extraction import read_occupation_titles
    from economie071.skills.extraction.lexicon import OCCUPATION_TITLES_FILE

    target = tmp_path / "occupations_nl.yaml"
    shutil.copy(OCCUPATION_TITLES_FILE, target)
    before = read_occupation_titles(target)
    uri, titles = next(iter(before.items()))
    other = next(u for u in before if u != uri)
    (tmp_path / "titles.yaml").write_text(
        # one title it has, one new, one that names the other occupation already
        f"occupations:\n- uri: {uri}\n  nl:\n  - {titles[0]}\n  - proefmedewerker nieuw\n"
        f"  - {before[other][0]}\n",
        encoding="utf-8",
    )
    done = run_merge("--titles", str(tmp_path / "titles.yaml"), "--titles-file", str(target))
    assert done.returncode == 0, done.stderr
    assert "1 titles added; 1 skipped" in done.stdout
    after = read_occupation_titles(target)
    assert after[uri] == (*titles, "proefmedewerker nieuw")
    assert after[other] == before[other]
