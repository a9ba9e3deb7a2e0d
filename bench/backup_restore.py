"""Benchmark: how big and how slow are `economie071 backup` and `economie071 restore`?

For each engine (SQLite always; PostgreSQL when --postgres names a server), in scratch
databases this script creates and removes:

1. the baseline: a freshly migrated database with the demo loaded (`load_demo`);
2. the same with 100,000 skills passports added (`--passports`), each with its own login
   and five skills at random levels, written with bulk_create (example data, never shown).

For each it runs `economie071 backup --output FILE` and `economie071 restore FILE` into a
second, empty database, as an operator would (separate processes: the seconds include the
command's start, some 1.5 s, and the restore's `migrate`), and prints the archive's size,
the database's size and the seconds of each, the baseline's on the line above.

    .venv/bin/python bench/backup_restore.py [--passports 100000]
        [--postgres postgres://postgres@127.0.0.1:5432] [--engines sqlite,postgresql]

Writes bench/results/backup_restore.json.
"""

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMMAND = [sys.executable, "-m", "economie071.manage"]

ADD_PASSPORTS = r"""
import os, random, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from economie071.skills.models import Passport, PassportSkill, Skill

count = int(sys.argv[1])
random.seed(71)
User = get_user_model()
skills = list(Skill.objects.order_by("pk").values_list("pk", flat=True)[:500])
if len(skills) < 5:
    sys.exit("the demo has fewer than five skills")
now = timezone.now()
started = time.perf_counter()
batch = 5000
with transaction.atomic():
    for start in range(0, count, batch):
        users = User.objects.bulk_create(
            [
                User(username=f"bench-{i}", email=f"bench-{i}@example.invalid", password="!")
                for i in range(start, min(start + batch, count))
            ],
            batch_size=batch,
        )
        if users[0].pk is None:  # a backend that does not return keys
            users = list(User.objects.filter(username__in=[u.username for u in users]))
        passports = Passport.objects.bulk_create(
            [
                Passport(user=u, consent_at=now, consent_version="bench", is_example=True)
                for u in users
            ],
            batch_size=batch,
        )
        if passports[0].pk is None:
            passports = list(Passport.objects.filter(user__in=users))
        PassportSkill.objects.bulk_create(
            [
                PassportSkill(passport=p, skill_id=s, level=random.randint(1, 4))
                for p in passports
                for s in random.sample(skills, 5)
            ],
            batch_size=batch * 5,
        )
print(f"{count} passports in {time.perf_counter() - started:.1f} s", file=sys.stderr)
"""


class Database:
    """A scratch database of one engine: made here, removed at the end."""

    def __init__(self, engine: str, name: str, work: Path, server: str):
        self.engine = engine
        self.name = name
        if engine == "sqlite":
            self.path = work / f"{name}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.url = f"{server.rstrip('/')}/{name}"
            self._psql(f'DROP DATABASE IF EXISTS "{name}"')
            self._psql(f'CREATE DATABASE "{name}"')
        self.media = work / f"{name}-media"

    def _psql(self, sql: str) -> str:
        """Run `sql` on the server's maintenance database; its output."""
        server = self.url.rsplit("/", 1)[0] + "/postgres"
        result = subprocess.run(  # noqa: S603 - our own arguments
            ["psql", server, "-qAtc", sql],  # noqa: S607 - psql from the PATH, as an operator's
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def size(self) -> int:
        if self.engine == "sqlite":
            return self.path.stat().st_size
        return int(self._psql(f"SELECT pg_database_size('{self.name}')").strip())

    def drop(self) -> None:
        if self.engine == "postgresql":
            self._psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def run(self, *args: str, script: str | None = None) -> float:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "economie071.config.settings.dev",
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "DEBUG": "false",
        }
        command = [sys.executable, "-c", script, *args] if script else [*COMMAND, *args]
        started = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            sys.exit(f"{' '.join(args)} failed on {self.engine}:\n{result.stderr[-3000:]}")
        return seconds


def measure(engine: str, passports: int, work: Path, server: str) -> dict:
    tag = f"e071_bench_{engine[:2]}_{passports}"
    source = Database(engine, f"{tag}_src", work, server)
    target = Database(engine, f"{tag}_dst", work, server)
    try:
        source.run("migrate", "--noinput")
        source.run("load_demo")
        if passports:
            source.run(str(passports), script=ADD_PASSPORTS)
        archive = work / f"{tag}.tar.gz"
        backup_s = source.run("backup", "--output", str(archive))
        restore_s = target.run("restore", str(archive))
        return {
            "engine": engine,
            "passports": passports,
            "database_mb": round(source.size() / 1e6, 1),
            "archive_mb": round(archive.stat().st_size / 1e6, 1),
            "backup_s": round(backup_s, 1),
            "restore_s": round(restore_s, 1),
        }
    finally:
        source.drop()
        target.drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passports", type=int, default=100_000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="A PostgreSQL server (without a database name) to make scratch databases on.",
    )
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    random.seed(71)
    results = []
    header = ("engine", "passports", "db MB", "archive MB", "backup s", "restore s")
    print(f"{header[0]:<11} " + " ".join(f"{h:>10}" for h in header[1:]))
    with tempfile.TemporaryDirectory(prefix="e071-bench-") as work:
        for engine in args.engines.split(","):
            for passports in (0, args.passports):  # the demo alone is the baseline
                row = measure(engine, passports, Path(work), args.postgres)
                results.append(row)
                keys = ("passports", "database_mb", "archive_mb", "backup_s", "restore_s")
                print(f"{engine:<11} " + " ".join(f"{row[k]:>10}" for k in keys), flush=True)
    out = HERE / "results" / "backup_restore.json"
    out.write_text(
        json.dumps(
            {
                "what": "economie071 backup / restore of the demo (baseline) and the demo "
                "with example skills passports; seconds are wall clock of the commands",
                "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Written to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
