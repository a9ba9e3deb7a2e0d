"""economie071 backup --output FILE: the database and the uploaded files in one archive with
a manifest (see economie071.core.backup). The site may keep running meanwhile."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from economie071.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: online backup API; PostgreSQL: pg_dump) and the uploaded "
        "files (MEDIA_ROOT) into one .tar.gz archive with a manifest of versions, applied "
        "migrations and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, required=True, help="The archive to write.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            result = backup_create(output=options["output"])
        except BackupError as error:
            raise CommandError(f"{error} Er is geen back-up gemaakt.") from None
        self.stdout.write(
            f"Back-up geschreven naar {result.path}: {result.size / 1_000_000:.1f} MB, "
            f"{result.media_files} bestand(en) uit MEDIA_ROOT, "
            f"{time.perf_counter() - started:.1f} s."
        )
