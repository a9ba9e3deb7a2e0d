"""Backing up and restoring an installation: the database and the uploaded files in one
archive, with a manifest that says what is in it and lets a restore check it first.

The archive is a gzipped tar file with three kinds of member:

- ``database.sqlite3`` (SQLite, made with SQLite's online backup API, so the site may keep
  running) or ``database.sql`` (PostgreSQL, made with ``pg_dump`` as plain SQL without
  owners or privileges, one consistent snapshot);
- ``media/...``: every file under MEDIA_ROOT (attachments, documents, issued editions);
- ``manifest.json``, written last: the archive format, when it was made, the platform,
  Django and Python versions, the database engine, the applied migrations, and the size
  and SHA-256 of every other member.

A restore reads the manifest, checks every member against it (nothing missing, nothing
added, every checksum right, no path outside the archive's folders) and the engine against
the installation's, before it changes anything. It refuses a database that holds data
(rows in any table other than Django's bookkeeping) or a MEDIA_ROOT with files unless
forced. Then it replaces the database (SQLite: the online backup API into the database
file; PostgreSQL: one ``psql`` transaction that drops the schema and loads the dump, so a
failure leaves the database as it was) and the files, and the caller migrates.

Plain Python and Django; no app is imported, so this stays in core.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import connection

FORMAT = "economie071-backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.sql"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
# Tables a freshly migrated database already fills: they do not count as data.
BOOKKEEPING_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "django_session",
    "sqlite_sequence",
}
ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why, in Dutch. Nothing has
    been changed by the step that raised it."""


@dataclass
class BackupResult:
    path: Path
    size: int
    members: int
    media_files: int


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ENGINES:
        raise BackupError(f"Databases van het type {vendor} kunnen niet worden geback-upt.")
    return vendor


def platform_version() -> str:
    try:
        return metadata.version("economie071")
    except metadata.PackageNotFoundError:
        return "onbekend"


def applied_migrations() -> list[list[str]]:
    """[app, name] of every migration applied to the database, sorted."""
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _pg_environment(settings_dict: dict) -> tuple[list[str], dict]:
    """The connection options of libpq tools for the Django database, and their environment
    (the password goes in PGPASSWORD, never on the command line)."""
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict, what: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - our own argument list
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is niet gevonden; installeer de PostgreSQL-clientprogramma's "
            "(Debian: postgresql-client) in dezelfde hoofdversie als de server."
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{what} is mislukt: {result.stderr.strip()[-2000:]}")


def _dump_database(engine: str, directory: Path) -> Path:
    settings_dict = connection.settings_dict
    if engine == "sqlite":
        target = directory / SQLITE_MEMBER
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # The online backup API: a consistent copy while others keep reading and writing.
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target
    target = directory / POSTGRES_MEMBER
    args, env = _pg_environment(settings_dict)
    _run(
        [
            "pg_dump",
            *args,
            "--format=plain",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
            str(settings_dict["NAME"]),
        ],
        env,
        "pg_dump",
    )
    return target


def _media_files() -> list[tuple[Path, str]]:
    """(file, name in the archive) of every file under MEDIA_ROOT, sorted."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found.append((path, MEDIA_PREFIX + path.relative_to(root).as_posix()))
    return found


def backup_create(*, output: Path, progress: Callable[[str], object] | None = None) -> BackupResult:
    """Write the archive to `output` (through a temporary file beside it, renamed at the
    end, so a failed backup never leaves a half archive under that name)."""
    engine = _engine()
    output = Path(output)
    if output.exists() and output.is_dir():
        raise BackupError(f"{output} is een map; geef een bestandsnaam.")
    if not output.parent.is_dir():
        raise BackupError(f"De map {output.parent} bestaat niet.")
    members: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="e071-backup-", dir=output.parent) as work:
        work = Path(work)
        if progress:
            progress("database")
        dump = _dump_database(engine, work)
        media = _media_files()
        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            for path, name in [(dump, dump.name), *media]:
                if progress and name.startswith(MEDIA_PREFIX):
                    progress(name)
                members[name] = {"sha256": _sha256_file(path), "size": path.stat().st_size}
                archive.add(path, arcname=name, recursive=False)
            manifest = {
                "format": FORMAT,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "platform_version": platform_version(),
                "django_version": django.get_version(),
                "python_version": platform.python_version(),
                "database": {"engine": engine, "member": dump.name},
                "migrations": applied_migrations(),
                "media_files": len(media),
                "members": members,
            }
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(datetime.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
        os.replace(partial, output)
    return BackupResult(
        path=output,
        size=output.stat().st_size,
        members=len(members) + 1,
        media_files=len(media),
    )


# --- Restoring ---------------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and (name in (MANIFEST, SQLITE_MEMBER, POSTGRES_MEMBER) or name.startswith(MEDIA_PREFIX))
    )


def archive_read_manifest(path: Path) -> dict:
    """The manifest of an archive, checked for its form (not yet the members)."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            try:
                member = archive.getmember(MANIFEST)
            except KeyError:
                raise BackupError(
                    f"{path.name} heeft geen {MANIFEST}: dit is geen back-up van het platform."
                ) from None
            handle = archive.extractfile(member)
            manifest = json.loads(handle.read(10 * 1024 * 1024))
    except FileNotFoundError:
        raise BackupError(f"{path} bestaat niet.") from None
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path.name} is geen leesbaar tar.gz-archief ({error}).") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BackupError(f"{MANIFEST} in {path.name} is geen geldige JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path.name}: onbekend archiefformaat {manifest.get('format')!r} (verwacht {FORMAT})."
            if isinstance(manifest, dict)
            else f"{path.name}: {MANIFEST} heeft niet de verwachte vorm."
        )
    database = manifest.get("database") or {}
    if database.get("engine") not in ENGINES or not isinstance(manifest.get("members"), dict):
        raise BackupError(f"{path.name}: het manifest noemt geen database of geen bestanden.")
    return manifest


def archive_verify(path: Path, *, extract_to: Path | None = None) -> dict:
    """Check every member of the archive against the manifest (and extract them to
    `extract_to` while reading, if given). Returns the manifest; BackupError names the
    first problem."""
    manifest = archive_read_manifest(path)
    expected: dict[str, dict] = manifest["members"]
    seen: set[str] = set()
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            name = member.name
            if name == MANIFEST:
                continue
            if not _safe_name(name) or not member.isfile():
                raise BackupError(f"{path.name}: onverwacht onderdeel {name!r} in het archief.")
            if name not in expected:
                raise BackupError(f"{path.name}: {name} staat niet in het manifest.")
            if name in seen:
                raise BackupError(f"{path.name}: {name} staat twee keer in het archief.")
            seen.add(name)
            digest = hashlib.sha256()
            size = 0
            source = archive.extractfile(member)
            target = None
            if extract_to is not None:
                destination = extract_to / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                target = destination.open("wb")
            limit = expected[name].get("size")
            try:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    if not isinstance(limit, int) or size > limit:
                        break  # larger than the manifest says: stop reading, refuse below
                    if target is not None:
                        target.write(chunk)
            finally:
                if target is not None:
                    target.close()
            if digest.hexdigest() != expected[name].get("sha256") or size != expected[name].get(
                "size"
            ):
                raise BackupError(
                    f"{path.name}: de controlesom van {name} klopt niet; het archief is "
                    "beschadigd of veranderd."
                )
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"{path.name}: ontbreekt in het archief: {', '.join(missing[:5])}.")
    if manifest["database"].get("member") not in seen:
        raise BackupError(f"{path.name}: de database ontbreekt in het archief.")
    return manifest


def database_holds_data() -> list[str]:
    """The tables that hold rows, Django's bookkeeping left out (empty: the database is new
    or freshly migrated)."""
    tables = set(connection.introspection.table_names()) - BOOKKEEPING_TABLES
    holding = []
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 - a table name from the database itself, quoted
            if cursor.fetchone():
                holding.append(table)
    return holding


def media_holds_files() -> bool:
    root = Path(settings.MEDIA_ROOT)
    return root.is_dir() and any(p.is_file() for p in root.rglob("*"))


def _load_database(engine: str, dump: Path) -> None:
    settings_dict = connection.settings_dict
    connection.close()
    if engine == "sqlite":
        name = str(settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise BackupError("Een database in het geheugen kan niet worden teruggezet.")
        try:
            source = sqlite3.connect(dump)
            destination = sqlite3.connect(name, timeout=5)
            try:
                # Replaces the whole content of the database file, in one step.
                source.backup(destination)
            finally:
                source.close()
                destination.close()
        except sqlite3.Error as error:
            raise BackupError(
                f"De SQLite-database {name} kan niet worden overschreven ({error}). Stop eerst "
                "de webprocessen en workers."
            ) from None
        return
    args, env = _pg_environment(settings_dict)
    _run(
        [
            "psql",
            *args,
            "--no-psqlrc",
            "--quiet",
            "--set",
            "ON_ERROR_STOP=1",
            "--single-transaction",
            "--command",
            "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
            "--file",
            str(dump),
            "--dbname",
            str(settings_dict["NAME"]),
        ],
        env,
        "Het terugzetten van de PostgreSQL-database",
    )


def _replace_media(extracted: Path) -> int:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    count = 0
    if extracted.is_dir():
        for path in sorted(extracted.rglob("*")):
            if path.is_file():
                destination = root / path.relative_to(extracted)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, destination)
                count += 1
    return count


@dataclass
class RestoreResult:
    manifest: dict
    media_files: int


def backup_restore(
    *, path: Path, force: bool = False, progress: Callable[[str], object] | None = None
) -> RestoreResult:
    """Check the archive whole, then replace the database and the uploaded files with its
    content. The caller migrates afterwards (an archive from an older version is upgraded
    that way)."""
    path = Path(path)
    engine = _engine()
    manifest = archive_read_manifest(path)
    archived_engine = manifest["database"]["engine"]
    if archived_engine != engine:
        raise BackupError(
            f"Dit archief bevat een {ENGINES[archived_engine]}-database; deze installatie "
            f"gebruikt {ENGINES[engine]}. Zet DATABASE_URL op een {ENGINES[archived_engine]}-"
            "database om het terug te zetten."
        )
    if not force:
        tables = database_holds_data()
        if tables:
            raise BackupError(
                "De database bevat al gegevens (onder meer in "
                f"{', '.join(tables[:3])}); er is niets veranderd. Gebruik --force om ze te "
                "overschrijven."
            )
        if media_holds_files():
            raise BackupError(
                f"MEDIA_ROOT ({settings.MEDIA_ROOT}) bevat al bestanden; er is niets veranderd. "
                "Gebruik --force om ze te vervangen."
            )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="e071-restore-", dir=media_root.parent) as work:
        work = Path(work)
        if progress:
            progress("controleren")
        archive_verify(path, extract_to=work)
        if progress:
            progress("database")
        _load_database(engine, work / manifest["database"]["member"])
        if progress:
            progress("bestanden")
        count = _replace_media(work / MEDIA_PREFIX.rstrip("/"))
    return RestoreResult(manifest=manifest, media_files=count)
