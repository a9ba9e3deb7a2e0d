"""Benchmark: render the 2019 project overview (ten cards) to PDF, before and after.

Prints the time, peak memory and page count of rendering the demo's 2019 edition with this
checkout ("after": tagged PDF/UA) next to the same render by another revision
("before", by default `main`), both measured in the same run. The before revision is checked
out into a temporary git worktree and run from there with its own demo data and database;
the two are measured alternately, so both see the same load on the machine.

Target for "after": at most 2 s (best run) and 400 MB (peak) per render.

    .venv/bin/python bench/render_edition.py [--repeat 3] [--before main]

Each measurement runs in a fresh process, so peak memory (max RSS) is that of one render
(Django and the demo loaded, WeasyPrint imported before the clock starts).
Writes bench/results/render_edition.json.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TARGET_SECONDS = 2.0
TARGET_MB = 400
GIT = shutil.which("git") or "git"

SETUP = r"""
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "economie071.config.settings.dev")
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_demo", verbosity=0)
"""

CHILD = r"""
import json, os, resource, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "economie071.config.settings.dev")
import django
django.setup()
from io import BytesIO
import weasyprint  # imported before timing: the import is not part of a render
from pypdf import PdfReader
from economie071.publications.models import Edition
from economie071.publications.rendering import render_edition_pdf
content = Edition.objects.get(period__year=2019, period__half=2, version=1).snapshot
start = time.perf_counter()
pdf = render_edition_pdf(content)
seconds = time.perf_counter() - start
reader = PdfReader(BytesIO(pdf))
tagged = "/StructTreeRoot" in reader.trailer["/Root"]
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "pages": len(reader.pages),
                  "kb": len(pdf) // 1024, "tagged": tagged}))
"""


def run(code: str, env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and our own code
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(result.stderr[-2000:])
    return result.stdout


def environment(source: Path, folder: Path) -> dict:
    """A process environment that imports the platform from `source`, with its own database."""
    folder.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "PYTHONPATH": str(source),
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "VAR_DIR": str(folder),
    }


def summarise(values: list[dict]) -> dict:
    seconds = [v["seconds"] for v in values]
    return {
        "seconds_best": round(min(seconds), 3),
        "seconds_median": round(statistics.median(seconds), 3),
        "seconds_all": [round(s, 3) for s in seconds],
        "peak_mb_max": round(max(v["peak_mb"] for v in values), 1),
        "pages": values[0]["pages"],
        "kb": values[0]["kb"],
        "tagged": values[0]["tagged"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", default="main", help="the revision to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="render-edition-") as tmp:
        tmp = Path(tmp)
        checkout = tmp / "before-checkout"
        subprocess.run(  # noqa: S603 - git on our own repository
            [
                GIT,
                "-C",
                str(REPO),
                "worktree",
                "add",
                "--detach",
                "-q",
                str(checkout),
                args.before,
            ],
            check=True,
        )
        try:
            envs = {
                "before": environment(checkout / "src", tmp / "before"),
                "after": environment(REPO / "src", tmp / "after"),
            }
            for env in envs.values():
                run(SETUP, env)
            runs: dict[str, list[dict]] = {"before": [], "after": []}
            for _ in range(args.repeat):  # alternately, so both see the same machine load
                for kind, env in envs.items():
                    runs[kind].append(json.loads(run(CHILD, env).strip().splitlines()[-1]))
        finally:
            subprocess.run(  # noqa: S603
                [GIT, "-C", str(REPO), "worktree", "remove", "--force", str(checkout)],
                check=False,
            )
    summary = {kind: summarise(values) for kind, values in runs.items()}
    after = summary["after"]
    summary["before_revision"] = args.before
    summary["target"] = {"seconds": TARGET_SECONDS, "peak_mb": TARGET_MB, "pages": 30}
    summary["meets_target"] = (
        after["seconds_best"] <= TARGET_SECONDS
        and after["peak_mb_max"] <= TARGET_MB
        and after["pages"] <= 30
    )
    summary["after_over_before"] = round(
        after["seconds_best"] / summary["before"]["seconds_best"], 2
    )
    summary["machine"] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(
        f"{'':34}{'time best / median (all runs)':40}{'peak memory':>12}{'pages':>7}{'tagged':>8}"
    )
    for kind, label in (
        ("before", f"before ({args.before[:12]})"),
        ("after", "after (this checkout, PDF/UA)"),
    ):
        row = summary[kind]
        runs_text = ", ".join(f"{s:.2f}" for s in row["seconds_all"])
        tagged = "yes" if row["tagged"] else "no"
        print(
            f"{label:34}{row['seconds_best']:.2f} s / {row['seconds_median']:.2f} s ({runs_text})"
            f"{'':4}{row['peak_mb_max']:>8.0f} MB{row['pages']:>7}{tagged:>8}"
        )
    print(f"after / before (best runs, same machine load): {summary['after_over_before']:.2f}")
    print(
        f"target for after: at most {TARGET_SECONDS:.0f} s (best), {TARGET_MB} MB and 30 pages: "
        f"{'met' if summary['meets_target'] else 'NOT met'} "
        f"(load average {summary['machine']['load_average'][0]} on {os.cpu_count()} CPUs)"
    )
    out = HERE / "results" / "render_edition.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"written to {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
