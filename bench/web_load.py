"""Benchmark: the site under load through the production topology on this machine.

Starts the topology of the topology test (tests/ops/topology.py: nginx with TLS, two
gunicorn servers with the production settings, PostgreSQL, Redis, a Celery worker; the
demo data) and lets simulated visitors read it: each waits 0.5-1.5 s between pages (think
time) and asks, in turn, the public home, a card page, the edition index, the events, the
forum and four API lists, over keep-alive HTTPS connections from threads on loopback.

It runs twice in the same run: with the page cache (PAGE_CACHE_SECONDS=300) and, as the
baseline, with caching off (PAGE_CACHE_SECONDS=0), each after one warm-up pass. Prints
requests per second and p50/p95/p99 per page and in all, and the errors. Target: p95 at
most 100 ms with caching, no errors.

    .venv/bin/python bench/web_load.py [--users 50] [--seconds 60]

Needs nginx, PostgreSQL (TOPOLOGY_DATABASE_URL, default a database of its own on
127.0.0.1) and Redis (TOPOLOGY_REDIS_URL). Writes bench/results/web_load.json and .txt.
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.ops.topology import (  # noqa: E402
    DEFAULT_DATABASE,
    DEFAULT_REDIS,
    Topology,
    check_prerequisites,
)

TARGET_P95_MS = 100.0


def pages(topology: Topology) -> dict[str, str]:
    session = topology.session()
    projects = session.get(f"{topology.base_url}/api/v1/projects").json()["results"]
    slug = next(p["slug"] for p in projects if p.get("slug"))
    return {
        "home": "/",
        "card page": f"/projecten/{slug}/",
        "edition index": "/overzichten/2019-H2/versie-1/",
        "events": "/evenementen/",
        "forum": "/forum/",
        "api projects": "/api/v1/projects",
        "api cards": "/api/v1/cards",
        "api events": "/api/v1/events",
        "api indicators": "/api/v1/monitor/indicators",
    }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def run_load(topology: Topology, urls: dict[str, str], *, users: int, seconds: float) -> dict:
    # Warm-up: every page once (first requests build indexes and fill caches).
    warm = topology.session()
    for path in urls.values():
        response = warm.get(topology.base_url + path)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code} in the warm-up")
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    names = list(urls)
    stop_at = time.monotonic() + seconds
    start = threading.Barrier(users + 1)

    def visitor(number: int) -> None:
        session = topology.session()
        rng = random.Random(number)
        position = number % len(names)
        start.wait()
        while time.monotonic() < stop_at:
            name = names[position]
            position = (position + 1) % len(names)
            began = time.perf_counter()
            try:
                response = session.get(topology.base_url + urls[name], timeout=30)
                ok = response.status_code == 200
            except Exception:
                ok = False
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                timings[name].append(elapsed)
                if not ok:
                    errors[name] += 1
            time.sleep(rng.uniform(0.5, 1.5))

    threads = [threading.Thread(target=visitor, args=(n,), daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    result = {"seconds": round(elapsed, 1), "pages": {}}
    everything: list[float] = []
    for name in names:
        values = timings[name]
        everything += values
        result["pages"][name] = _figures(values, errors[name], elapsed)
    result["all"] = _figures(everything, sum(errors.values()), elapsed)
    return result


def _figures(values: list[float], errors: int, elapsed: float) -> dict:
    return {
        "requests": len(values),
        "rps": round(len(values) / elapsed, 1),
        "p50_ms": round(statistics.median(values), 1) if values else None,
        "p95_ms": round(percentile(values, 95), 1),
        "p99_ms": round(percentile(values, 99), 1),
        "errors": errors,
    }


def table(title: str, result: dict) -> str:
    lines = [
        title,
        f"{'page':<16}{'requests':>9}{'rps':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}",
    ]
    for name, f in [*result["pages"].items(), ("all", result["all"])]:
        lines.append(
            f"{name:<16}{f['requests']:>9}{f['rps']:>7}{f['p50_ms']:>9}{f['p95_ms']:>9}"
            f"{f['p99_ms']:>9}{f['errors']:>8}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    database = os.environ.get("TOPOLOGY_DATABASE_URL", DEFAULT_DATABASE)
    redis_url = os.environ.get("TOPOLOGY_REDIS_URL", DEFAULT_REDIS)
    check_prerequisites(database, redis_url)
    topology = Topology(database_url=database, redis_url=redis_url)
    runs = {}
    load_at_start = os.getloadavg()
    try:
        print("Preparing the database (migrate, demo, static files)…", flush=True)
        topology.prepare()
        for label, seconds in (("with caching", "300"), ("baseline: caching off", "0")):
            topology.start(PAGE_CACHE_SECONDS=seconds)
            urls = pages(topology)
            print(f"Load {label}: {args.users} users for {args.seconds:.0f} s…", flush=True)
            runs[label] = run_load(topology, urls, users=args.users, seconds=args.seconds)
            topology.stop_servers()
    finally:
        topology.stop()
    cached = runs["with caching"]["all"]
    report = "\n\n".join(table(label, result) for label, result in runs.items())
    verdict = (
        f"Target p95 <= {TARGET_P95_MS:.0f} ms with caching and no errors: "
        + ("met" if cached["p95_ms"] <= TARGET_P95_MS and cached["errors"] == 0 else "NOT met")
        + f" (p95 {cached['p95_ms']} ms, {cached['errors']} errors)."
    )
    setup = (
        f"{args.users} users, think time 0.5-1.5 s, {args.seconds:.0f} s per run; nginx (TLS) -> "
        f"2 gunicorn servers x {topology.workers_per_server} processes x {topology.threads} "
        f"threads, PostgreSQL, Redis, 1 Celery worker; {os.cpu_count()} CPU cores "
        f"({platform.processor() or platform.machine()}), load generator on the same machine; "
        f"load average {load_at_start[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the "
        "end (the machine is shared)."
    )
    text = f"{setup}\n\n{report}\n\n{verdict}\n"
    print("\n" + text)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "web_load.txt").write_text(text)
    (results / "web_load.json").write_text(
        json.dumps(
            {"setup": setup, "runs": runs, "target_p95_ms": TARGET_P95_MS, "verdict": verdict},
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
