"""Benchmark: Markdown that tries to take the site down.

A corpus of pathological inputs (nested brackets, links and images, emphasis runs, `<`,
blockquote and list nesting, long unbroken words, tables), each as long as the forum
allows (20,000 characters) and as long as any text is rendered (50,000). For each it
prints the render time of the platform's renderer (cmark-gfm + nh3) beside the renderer
it replaced (Python-Markdown + nh3), measured in the same run; the old one runs in a
child process that is stopped after --old-timeout seconds.

Then it posts every input as a forum question in a fresh demo database and asks for each
question's page over HTTP on loopback, from a WSGI server in a process of its own with
debugging off, and prints the median, p95 and worst page time beside an ordinary question's.
Targets: every render at most 0.5 s; the worst page at most 50 ms.

    .venv/bin/python bench/markdown_bombs.py [--old-timeout 10] [--views 20]

Writes bench/results/markdown_bombs.json.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_RENDER_SECONDS = 0.5
TARGET_PAGE_MS = 50.0
FORUM_LIMIT = 20_000  # forum.constants.BODY_MAX_LENGTH
TEXT_LIMIT = 50_000  # core.markdown.MAX_SOURCE_LENGTH


def corpus(n: int) -> dict[str, str]:
    """Inputs of about n characters each that are known to be slow for some renderers or
    for the HTML cleaner."""

    def fill(unit: str, tail: str = "") -> str:
        return (unit * (n // len(unit) + 1))[: n - len(tail)] + tail

    return {
        "open brackets": fill("["),
        "open/close brackets": "[" * (n // 2) + "]" * (n // 2),
        "unclosed links": fill("[a]("),
        "unclosed images": fill("!["),
        "nested links": "[" * (n // 4) + "a" + "](b)" * (n // 8),
        "emphasis mix": fill("*a_"),
        "emphasis runs": "*" * (n // 2) + "a" + "*" * (n // 2 - 1),
        "underscores": fill("_a"),
        "less-than": fill("<"),
        "open tags": fill("<a "),
        "autolinks": fill("<http://"),
        "blockquote nesting": fill(">", " x"),
        "list nesting": "".join("  " * i + "- x\n" for i in range(n // 400)),
        "list markers": fill("- ", "x"),
        "long word": fill("a"),
        "backticks": fill("`"),
        "code spans": fill("`a"),
        "entities": fill("&#"),
        "table": "\n".join(
            [("|a" * (n // 6))[: n // 3], ("|-" * (n // 6))[: n // 3], ("|b" * (n // 6))[: n // 3]]
        ),
        "link reference defs": fill("[a]: <"),
        "html comment": fill("<!--"),
        "raw nested divs": fill("<div>"),
        "raw nested lists": fill("<ul><li>"),
        "raw misnested tags": fill("<b><i></b></i>"),
        # Just under the start-tag bound, where the HTML cleaner's work is largest.
        "raw nesting at bound": "<dl><dd>" * 999 + fill("x")[: n - 8 * 999],
    }


OLD_CHILD = r"""
import sys, time
import markdown as md
import nh3
text = sys.stdin.read()
start = time.perf_counter()
html = md.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
nh3.clean(html)
print(time.perf_counter() - start)
"""


def time_old(text: str, timeout: float) -> tuple[float | None, str]:
    """Seconds Python-Markdown (with nh3) takes and "ok"; or None with "timeout" when it
    was stopped, "crashed" when it failed (a RecursionError on deep nesting)."""
    try:
        result = subprocess.run(  # noqa: S603 - our own interpreter and our own code
            [sys.executable, "-c", OLD_CHILD],
            input=text,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None, "timeout"
    except subprocess.CalledProcessError:
        return None, "crashed"
    return float(result.stdout.strip()), "ok"


def best_time(render, text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        render(text)
        best = min(best, time.perf_counter() - start)
    return best


SERVER_CHILD = r"""
import django, sys
django.setup()
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.core.wsgi import get_wsgi_application

class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass

server = WSGIServer(("127.0.0.1", 0), QuietHandler)
server.set_app(get_wsgi_application())
print(server.server_port, flush=True)
server.serve_forever()
"""


def page_views(bombs: dict[str, str], views: int) -> dict[str, dict]:
    """Post each input as a forum question and time its page over HTTP on loopback."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from economie071.forum import services
    from economie071.forum.models import Topic

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    topic = Topic.objects.filter(locked=False).order_by("pk").first()
    author = get_user_model().objects.filter(is_active=True).order_by("pk").first()
    questions = {
        name: services.question_ask(
            topic=topic, actor=author, title=name, body=text, rate_limited=False
        )
        for name, text in bombs.items()
    }

    # The site runs in a process of its own, with debugging off, as it would in production:
    # what the client does (and its garbage collection) is not part of the page's time.
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and our own code
        [sys.executable, "-c", SERVER_CHILD],
        env={**os.environ, "DEBUG": "false"},
        stdout=subprocess.PIPE,
        text=True,
    )
    port = int(server.stdout.readline())
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        for name, question in questions.items():
            url = f"{base}/forum/vragen/{question.pk}/"
            times = []
            for _ in range(views + 1):
                start = time.perf_counter()
                with urllib.request.urlopen(url) as response:  # noqa: S310 - loopback
                    response.read()
                    assert response.status == 200
                times.append((time.perf_counter() - start) * 1000)
            times = times[1:]  # the first request warms caches that are not ours (templates)
            times.sort()
            results[name] = {
                "median_ms": statistics.median(times),
                "p95_ms": times[int(0.95 * (len(times) - 1))],
                "worst_ms": times[-1],
            }
    finally:
        server.terminate()
        server.wait()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-timeout", type=float, default=10.0)
    parser.add_argument("--views", type=int, default=20, help="page views per question")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as var_dir:
        os.environ["VAR_DIR"] = var_dir
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "economie071.config.settings.dev")
        import django

        django.setup()

        from economie071.core.markdown import render_markdown
        from economie071.portfolio.documents import markdown_to_plain

        renders = []
        print(
            f"{'input':24} {'chars':>7} {'cmark-gfm':>10} {'Python-Markdown':>16} "
            f"{'Word/Excel text':>16}"
        )
        for limit in (FORUM_LIMIT, TEXT_LIMIT):
            for name, text in corpus(limit).items():
                new = best_time(render_markdown, text)
                plain = best_time(markdown_to_plain, text)
                old, status = time_old(text, args.old_timeout)
                old_text = {
                    "ok": f"{(old or 0) * 1000:.1f} ms",
                    "timeout": f">{args.old_timeout:.0f} s",
                    "crashed": "crashed",
                }[status]
                print(
                    f"{name:24} {len(text):7d} {new * 1000:7.1f} ms {old_text:>16} "
                    f"{plain * 1000:13.1f} ms"
                )
                renders.append(
                    {
                        "input": name,
                        "chars": len(text),
                        "new_s": new,
                        "old_s": old,
                        "old": status,
                        "plain_s": plain,
                    }
                )
        worst_new = max(renders, key=lambda r: r["new_s"])
        timed_out = [r for r in renders if r["old"] == "timeout"]
        crashed = [r for r in renders if r["old"] == "crashed"]
        worst_old = max((r for r in renders if r["old_s"] is not None), key=lambda r: r["old_s"])
        print(
            f"\nworst render: cmark-gfm {worst_new['new_s'] * 1000:.1f} ms ({worst_new['input']}, "
            f"{worst_new['chars']} chars; target {TARGET_RENDER_SECONDS * 1000:.0f} ms); "
            f"Python-Markdown stopped after {args.old_timeout:.0f} s on {len(timed_out)} "
            f"of {len(renders)} inputs and crashed on {len(crashed)}, "
            f"worst finished {worst_old['old_s'] * 1000:.0f} ms"
        )

        worst_plain = max(renders, key=lambda r: r["plain_s"])
        print(
            f"worst Word/Excel text: {worst_plain['plain_s'] * 1000:.1f} ms "
            f"({worst_plain['input']}, {worst_plain['chars']} chars)"
        )

        # The first row is an ordinary question, the baseline for the page itself.
        ordinary = {"ordinary question": "Wie heeft ervaring met **circulair slopen**?"}
        pages = page_views(ordinary | corpus(FORUM_LIMIT), args.views)
        worst_page = max(pages.items(), key=lambda item: item[1]["worst_ms"])
        print(f"\n{'forum question page':24} {'median':>9} {'p95':>9} {'worst':>9}")
        for name, figures in pages.items():
            print(
                f"{name:24} {figures['median_ms']:6.1f} ms {figures['p95_ms']:6.1f} ms "
                f"{figures['worst_ms']:6.1f} ms"
            )
        print(
            f"\nworst page view: {worst_page[1]['worst_ms']:.1f} ms ({worst_page[0]}; "
            f"target {TARGET_PAGE_MS:.0f} ms), {args.views} views each over HTTP on loopback"
        )

    results = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "old_timeout_s": args.old_timeout,
        "renders": renders,
        "worst_render_s": worst_new["new_s"],
        "worst_plain_text_s": worst_plain["plain_s"],
        "old_inputs_over_timeout": len(timed_out),
        "old_inputs_crashed": len(crashed),
        "pages": pages,
        "worst_page_ms": worst_page[1]["worst_ms"],
        "targets_met": worst_new["new_s"] <= TARGET_RENDER_SECONDS
        and worst_plain["plain_s"] <= TARGET_RENDER_SECONDS
        and worst_page[1]["worst_ms"] <= TARGET_PAGE_MS,
    }
    out = HERE / "results" / "markdown_bombs.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
