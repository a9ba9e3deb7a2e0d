"""Backup and restore as an operator runs them: `economie071 backup` on the installation
under test (the demo plus uploaded proposal attachments), `economie071 restore` in a process
of its own against a scratch database and an empty MEDIA_ROOT, then every table's rows and
every file's hash compared. On PostgreSQL the scratch database is created and dropped by the
test. Also: a damaged archive, an archive of the other engine and a database that holds data
are refused with a clear message, and an archive taken before the latest migration is
upgraded by the restore."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from economie071.core.backup import MANIFEST, BackupError, archive_verify
from economie071.demo.loader import load_demo
from economie071.governance import services as governance
from economie071.governance.models import Proposal, ProposalAttachment

pytestmark = pytest.mark.django_db(transaction=True)

COMMAND = [sys.executable, "-m", "economie071.manage"]
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def run(*args: str, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    """The economie071 command in a process of its own, as an operator runs it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "economie071.config.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DEBUG": "false",
    }
    return subprocess.run(  # noqa: S603 - our own command
        [*COMMAND, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


class Scratch:
    """A database of the engine under test that the test creates and drops."""

    def __init__(self, tmp_path: Path, suffix: str):
        self.vendor = connection.vendor
        settings_dict = connection.settings_dict
        if self.vendor == "sqlite":
            self.path = tmp_path / f"{suffix}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"{settings_dict['NAME']}_{suffix}"[:63]
            user = settings_dict.get("USER") or "postgres"
            password = settings_dict.get("PASSWORD") or ""
            auth = f"{user}:{password}@" if password else f"{user}@"
            host = settings_dict.get("HOST") or "127.0.0.1"
            port = settings_dict.get("PORT") or 5432
            self.url = f"postgres://{auth}{host}:{port}/{self.name}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}"')

    def _admin(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)

    def connect(self):
        if self.vendor == "sqlite":
            # Read as Django's own connection reads (its converters, the declared types).
            return sqlite3.connect(
                self.path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
            )
        return psycopg.connect(self.url.replace("postgres://", "postgresql://"))

    def drop(self) -> None:
        if self.vendor != "sqlite":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def scratch(tmp_path):
    made = []

    def make(suffix: str) -> Scratch:
        database = Scratch(tmp_path, suffix)
        made.append(database)
        return database

    yield make
    for database in made:
        database.drop()


def all_rows(cursor, tables: list[str]) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, as the database's own text of it on PostgreSQL (in
    UTC), as the driver's values on SQLite: the values count, not row order or driver."""
    rows = {}
    postgres = connection.vendor == "postgresql"
    if postgres:
        cursor.execute("SET TIME ZONE 'UTC'")
    for table in tables:
        if postgres:
            cursor.execute(f'SELECT t::text FROM "{table}" t')  # noqa: S608 - names from the database
        else:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the database
        rows[table] = sorted(tuple(repr(value) for value in row) for row in cursor.fetchall())
    return rows


def file_hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def installation(settings, tmp_path):
    """The demo with two uploaded attachments, in a MEDIA_ROOT of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_demo()
    proposal = Proposal.objects.filter(status="submitted").first() or Proposal.objects.first()
    for name, content in (("voorstel.pdf", PDF_BYTES), ("kaart.png", PNG_BYTES)):
        governance.proposal_attachment_add(
            proposal=proposal, actor=None, file=SimpleUploadedFile(name, content), title=name
        )
    assert ProposalAttachment.objects.count() >= 2
    return Path(settings.MEDIA_ROOT)


def test_backup_and_restore_give_the_same_rows_and_files(installation, scratch, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive)
    manifest = archive_verify(archive)
    assert manifest["database"]["engine"] == connection.vendor
    assert ["programme", "0001_initial"] in manifest["migrations"]
    assert manifest["media_files"] == len(file_hashes(installation)) >= 2
    assert manifest["django_version"] and manifest["platform_version"]

    target = scratch("restore")
    restored_media = tmp_path / "restored-media"
    result = run("restore", str(archive), database_url=target.url, media_root=restored_media)
    assert result.returncode == 0, result.stderr

    tables = sorted(connection.introspection.table_names())
    with connection.cursor() as cursor:
        before = all_rows(cursor, tables)
    assert sum(len(rows) for rows in before.values()) > 1000  # the demo, not an empty shell
    restored = target.connect()
    try:
        cursor = restored.cursor()
        after = all_rows(cursor, tables)
    finally:
        restored.close()
    differing = [table for table in tables if before[table] != after[table]]
    assert differing == []
    assert file_hashes(restored_media) == file_hashes(installation)

    # Restoring again onto what now holds data is refused and changes nothing …
    again = run("restore", str(archive), database_url=target.url, media_root=restored_media)
    assert again.returncode != 0
    assert "De database bevat al gegevens" in again.stderr and "--force" in again.stderr
    # … unless forced.
    forced = run(
        "restore", "--force", str(archive), database_url=target.url, media_root=restored_media
    )
    assert forced.returncode == 0, forced.stderr
    assert file_hashes(restored_media) == file_hashes(installation)


def test_a_damaged_archive_is_refused_before_anything_changes(installation, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive)
    # The same members, one attachment's bytes changed, the manifest kept.
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.endswith(".png"):
                data = data[:-1] + b"\x00"
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="controlesom van media/.*png klopt niet"):
        archive_verify(damaged)
    with pytest.raises(CommandError, match="controlesom"):
        call_command("restore", str(damaged), force=True)
    # Not an archive at all.
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"geen archief")
    with pytest.raises(CommandError, match="geen leesbaar tar.gz-archief"):
        call_command("restore", str(junk))


def test_an_archive_of_the_other_engine_is_refused(installation, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    changed = tmp_path / "other.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(changed, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == MANIFEST:
                manifest = json.loads(data)
                manifest["database"]["engine"] = other
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="Dit archief bevat een .*-database; deze installatie"):
        call_command("restore", str(changed), force=True)


def latest_and_previous(app: str) -> tuple[str, str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    (leaf,) = [name for label, name in loader.graph.leaf_nodes() if label == app]
    (parent,) = [name for label, name in loader.graph.node_map[(app, leaf)].parents if label == app]
    return leaf, parent


def test_an_archive_from_before_the_latest_migration_is_upgraded_by_the_restore(scratch, tmp_path):
    """An installation one migration behind (the programme app's latest unapplied), with a
    region set up, is backed up; the restore into a fresh database migrates it, and the
    data is there with the new schema working."""
    latest, previous = latest_and_previous("programme")
    old = scratch("old")
    media = tmp_path / "old-media"
    for args in (
        ["migrate", "--noinput"],
        ["migrate", "programme", previous, "--noinput"],
        ["setup_region", "--file", str(REGION_FILE)],
    ):
        step = run(*args, database_url=old.url, media_root=media)
        assert step.returncode == 0, step.stderr
    archive = tmp_path / "old.tar.gz"
    step = run("backup", "--output", str(archive), database_url=old.url, media_root=media)
    assert step.returncode == 0, step.stderr
    manifest = archive_verify(archive)
    assert ["programme", previous] in manifest["migrations"]
    assert ["programme", latest] not in manifest["migrations"]

    new = scratch("upgraded")
    new_media = tmp_path / "new-media"
    step = run("restore", str(archive), database_url=new.url, media_root=new_media)
    assert step.returncode == 0, step.stderr
    check = run("showmigrations", "programme", "--plan", database_url=new.url, media_root=new_media)
    assert f"[X]  programme.{latest}" in check.stdout
    # The data of before, and the new schema in use: the office can be invited now.
    invite = run(
        "setup_region",
        "--file",
        str(REGION_FILE),
        "--office-email",
        "bureau@example.org",
        "--office-name",
        "Anna de Vries",
        database_url=new.url,
        media_root=new_media,
    )
    assert invite.returncode == 0, invite.stderr
    assert "niets veranderd" in invite.stdout and "Uitnodiging" in invite.stdout


REGION_FILE = (
    Path(__file__).resolve().parents[2] / "src/economie071/programme/data/region_economie071.yaml"
)
