"""Benchmark: render the 2019 project overview (ten cards) to PDF.

Prints the time and peak memory of rendering the demo's 2019 edition, next to a baseline
measured in the same run: WeasyPrint rendering ten plain-text cards of the same length
(no layout, no charts) with the same fonts. Target: at most 3 s and 400 MB.

    .venv/bin/python bench/render_edition.py [--repeat 3]

Each measurement runs in a fresh process, so peak memory (max RSS) is that of one render.
Writes bench/results/render_edition.json.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_SECONDS = 3.0
TARGET_MB = 400

CHILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "economie071.config.settings.dev")
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from economie071.publications.models import Edition

call_command("migrate", verbosity=0)
if not Edition.objects.exists():
    call_command("load_demo", verbosity=0)
content = Edition.objects.get(period__year=2019, period__half=2, version=1).snapshot
kind = sys.argv[1]
import weasyprint  # imported before timing: the import is not part of a render
if kind == "edition":
    from economie071.publications.rendering import render_edition_pdf
    render = lambda: render_edition_pdf(content)
else:
    from django.contrib.staticfiles import finders
    from pathlib import Path
    fonts = Path(finders.find("web/fonts/NotoSans-Regular.ttf")).parent.as_uri()
    cards = [p["card"] for p in content["projects"] if p["card"]]
    keys = ["last_half_year", "next_steps", "impact", "partner_contribution",
            "cost_structure", "risks", "urgency", "assignment"]
    body = "".join(
        "<section style='break-before: page'><h1>{}</h1>{}</section>".format(
            card["project"]["name"],
            "".join("<p>{}</p>".format(card[k]) for k in keys if card.get(k))
            + "".join("<p>{}</p>".format(s["body"]) for s in card["extra_sections"]),
        )
        for card in cards
    )
    style = ("@font-face {{ font-family: N; src: url({}/NotoSans-Regular.ttf) }}"
             "@page {{ size: A4 }} body {{ font-family: N; font-size: 9.5pt }}").format(fonts)
    html = f"<html lang='nl'><head><style>{style}</style></head><body>{body}</body></html>"
    render = lambda: weasyprint.HTML(string=html).write_pdf()
start = time.perf_counter()
pdf = render()
seconds = time.perf_counter() - start
from pypdf import PdfReader
from io import BytesIO
pages = len(PdfReader(BytesIO(pdf)).pages)
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "pages": pages, "kb": len(pdf) // 1024}))
"""


def measure(kind: str, env: dict) -> dict:
    result = subprocess.run(  # noqa: S603 - our own interpreter and our own code
        [sys.executable, "-c", CHILD, kind], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "VAR_DIR": tmp}
        runs = {
            kind: [measure(kind, env) for _ in range(args.repeat)]
            for kind in ("baseline", "edition")
        }
    summary = {}
    for kind, values in runs.items():
        best = min(values, key=lambda v: v["seconds"])
        summary[kind] = {
            "seconds_best": round(best["seconds"], 3),
            "seconds_all": [round(v["seconds"], 3) for v in values],
            "peak_mb_max": round(max(v["peak_mb"] for v in values), 1),
            "pages": best["pages"],
            "kb": best["kb"],
        }
    edition = summary["edition"]
    summary["target"] = {"seconds": TARGET_SECONDS, "peak_mb": TARGET_MB}
    summary["meets_target"] = (
        max(edition["seconds_all"]) <= TARGET_SECONDS and edition["peak_mb_max"] <= TARGET_MB
    )
    summary["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count()}
    print(f"{'':28}{'time (best; all runs)':34}{'peak memory':>14}{'pages':>8}")
    for kind, label in (
        ("baseline", "baseline: 10 plain cards"),
        ("edition", "2019 edition (10 cards)"),
    ):
        row = summary[kind]
        runs_text = ", ".join(f"{s:.2f}" for s in row["seconds_all"])
        print(
            f"{label:28}{row['seconds_best']:.2f} s ({runs_text}){'':6}"
            f"{row['peak_mb_max']:>10.0f} MB{row['pages']:>8}"
        )
    print(
        f"target: at most {TARGET_SECONDS:.0f} s and {TARGET_MB} MB per render: "
        f"{'met' if summary['meets_target'] else 'NOT met'}"
    )
    out = HERE / "results" / "render_edition.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"written to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
