"""Accessibility over the whole site: crawl it as every demo account (and anonymously) and
run axe (WCAG 2.1 A and AA) on every page reached, at desktop and at phone width.

The test suite checks a fixed set of main pages with axe at both widths
(tests/e2e/test_accessibility.py); this crawl covers what the suite cannot afford on every
run: every page a role can reach by following links from its start page.

Against a running server with the demo loaded (scripts/run.sh, or any server of yours):

    .venv/bin/python bench/axe_crawl.py [--base http://127.0.0.1:8000] [--max-pages 120]

For each account it follows the links inside the site (GET only; no sign-out, no file
downloads, no admin), breadth first, at most --max-pages pages per account, one page per
kind of page: one query-string variant per path, and paths that differ only in their
numbers (/kaarten/1/ and /kaarten/8/) count as one. Prints per account the pages checked
and the violations, and writes bench/results/axe_crawl.json (the pages with a violation,
with the rule and the first element). Needs Debian's chromium.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
PASSWORD = "economie071-demo"  # noqa: S105 - the demo accounts' published password
ACCOUNTS = [
    None,  # anonymous
    "programmabureau",
    "yvonne.vandelft",
    "ton.orleans",
    "redacteur.rijnland",
    "organisator",
    "forummoderator",
    "voorbeeld.ondernemer",
    "werkzoekende",
    "werkgever",
    "werkgever-horeca",
    "opleider",
    "loopbaanadviseur",
    "voorbeeld-zorg",
]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SKIP_SUFFIXES = (".csv", ".xlsx", ".pdf", ".docx", ".ics", ".json", ".yaml", ".zip", ".png")
SKIP_PARTS = ("/uitloggen/", "/admin/", "/api/", "/static/", "/media/", "/download")


def kind_of_page(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawlable(url: str, host: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != host:
        return False
    path = parts.path
    return not path.endswith(SKIP_SUFFIXES) and not any(p in path for p in SKIP_PARTS)


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/inloggen/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def crawl(browser, base: str, username: str | None, max_pages: int) -> dict:
    host = urlsplit(base).netloc
    context = browser.new_context(viewport=WIDTHS["desktop"])
    page = context.new_page()
    start = base + "/"
    if username:
        sign_in(page, base, username)
        start = page.url
    axe = Axe()
    queue, seen = deque([start]), {kind_of_page(urlsplit(start).path)}
    checked, failing, errors = 0, [], 0
    while queue and checked < max_pages:
        url = queue.popleft()
        try:
            response = page.goto(url)
        except Exception:  # noqa: BLE001 - a page that does not load is counted, not fatal
            errors += 1
            continue
        if (
            response is None
            or response.status >= 400
            or "html" not in (response.headers.get("content-type", ""))
        ):
            errors += response is not None and response.status >= 500
            continue
        checked += 1
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for width, size in WIDTHS.items():
            page.set_viewport_size(size)
            result = axe.run(page, options=WCAG_21_AA)
            for violation in result.response["violations"]:
                failing.append(
                    {
                        "url": url[len(base) :],
                        "width": width,
                        "rule": violation["id"],
                        "nodes": len(violation["nodes"]),
                        "first": violation["nodes"][0]["target"] if violation["nodes"] else None,
                    }
                )
        page.set_viewport_size(WIDTHS["desktop"])
        for href in links:
            href = urldefrag(urljoin(url, href))[0]
            kind = kind_of_page(urlsplit(href).path)
            if crawlable(href, host) and kind not in seen:
                seen.add(kind)
                queue.append(href)
    context.close()
    return {"pages": checked, "violations": failing, "server_errors": errors}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", default="http://127.0.0.1:8000")
    ap.add_argument("--max-pages", type=int, default=120)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("axe crawl skipped: Debian's chromium is not installed")
        return 0
    results, started = {}, time.perf_counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for username in ACCOUNTS:
            name = username or "anonymous"
            results[name] = crawl(browser, args.base.rstrip("/"), username, args.max_pages)
            r = results[name]
            print(
                f"{name:22} {r['pages']:4} pages, {len(r['violations']):3} violations"
                f" (both widths), {r['server_errors']} server errors",
                flush=True,
            )
        browser.close()
    pages = sum(r["pages"] for r in results.values())
    violations = sum(len(r["violations"]) for r in results.values())
    print(
        f"total: {pages} pages x {len(WIDTHS)} widths, {violations} violations,"
        f" {time.perf_counter() - started:.0f} s"
    )
    for name, r in results.items():
        for v in r["violations"][:20]:
            print(f"  {name}: {v['url']} [{v['width']}] {v['rule']} x{v['nodes']} {v['first']}")
    if not args.no_write:
        out = HERE / "results" / "axe_crawl.json"
        summary = {
            "benchmark": "axe_crawl",
            "date": time.strftime("%Y-%m-%d %H:%M:%S"),
            "widths": WIDTHS,
            "max_pages_per_account": args.max_pages,
            "pages_checked": pages,
            "violations": violations,
            "accounts": results,
        }
        out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        print(f"written {out.relative_to(HERE.parent)}")
    return 0 if violations == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
